"""Deutsche Texte der Verwaltung: das Protokoll, Anwendungen und API-Schlüssel, signierte
Banknoten, die Chat-Verwaltung der Kassenwarte (Telegram, Discord und die Kommandozeile)."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    # Telegram: die Chat-Verwaltung der Kassenwarte
    "help.member.summary": (
        "jemanden aktivieren oder deaktivieren, zum Mitglied oder externen Gast machen "
        "(Kassenwarte)"
    ),
    "help.member.usage": "/member @user active|inactive|internal|external",
    "help.member.example": "/member @bob inactive",
    "help.close.summary": (
        "eine festhängende Zahlungsanfrage oder Kommune schließen, ohne Geld zu bewegen "
        "(Kassenwarte)"
    ),
    "help.close.usage": "/close Nummer",
    "help.close.example": "/close 12",
    "member.active": "{name} ist wieder aktiv.",
    "member.inactive": "{name} ist deaktiviert: kann lesen, aber nichts ändern.",
    "member.internal": "{name} ist jetzt Mitglied.",
    "member.external": "{name} ist jetzt externer Gast ohne Bürgen.",
    "member.settled": "{text} Die Bürgschaft für {count} Gäste endete und wurde abgerechnet.",
    "close.done": "#{id} geschlossen: kein Geld bewegt.",
    # Discord: Anwendungen und Schlüssel
    "discord.command.application": "Anwendungen, die die Wirtschaft mit API-Schlüsseln nutzen",
    "discord.command.application.create": "Eine Anwendung dieser Wirtschaft anlegen",
    "discord.command.application.list": "Deine Anwendungen in dieser Wirtschaft",
    "discord.command.application.delete": "Eine Anwendung und all ihre Schlüssel löschen",
    "discord.command.key": "API-Schlüssel deiner Anwendungen",
    "discord.command.key.issue": "Einen API-Schlüssel ausgeben; sein Token wird nur einmal gezeigt",
    "discord.command.key.activate": "Zustimmen, dass ein Schlüssel für dich handelt",
    "discord.command.key.enable": "Einen Schlüssel einschalten",
    "discord.command.key.disable": "Einen Schlüssel abschalten",
    "discord.command.key.delete": "Einen Schlüssel endgültig löschen",
    "discord.command.key.list": "Die Schlüssel einer Anwendung (nie ihre Tokens)",
    "discord.option.application_name": "der Name der Anwendung",
    "discord.option.application_number": "die Nummer der Anwendung",
    "discord.option.key_number": "die Nummer des Schlüssels",
    "discord.option.key_type": "GRANT: ein Konto bis zu einer Grenze; MASTER: keines",
    "discord.option.key_account": "das Konto eines GRANT-Schlüssels (Standard: dein eigenes)",
    "discord.option.key_limit": "wie viel der Schlüssel insgesamt ausgeben darf, z. B. 50",
    "economy.application.line": "<b>#{id}</b> {name}",
    "economy.application.created": (
        "Anwendung <b>#{id}</b> ({name}) angelegt. Gib mit /key issue einen Schlüssel dafür aus."
    ),
    "economy.application.deleted": "Die Anwendung #{id} und all ihre Schlüssel sind gelöscht.",
    "economy.applications.none": "Du hast keine Anwendungen in dieser Wirtschaft.",
    "economy.applications.title": "<b>Deine Anwendungen</b>",
    "economy.key.line": "<b>#{id}</b> {kind} auf {where}, {spending}: {state}",
    "economy.key.type.GRANT": "Grant-Schlüssel",
    "economy.key.type.MASTER": "Master-Schlüssel",
    "economy.key.everywhere": "keinem einzelnen Konto",
    "economy.key.limit": "{spent} von {limit} ausgegeben",
    "economy.key.unlimited": "{spent} ausgegeben, ohne Grenze",
    "economy.key.state.usable": "nutzbar",
    "economy.key.state.disabled": "abgeschaltet",
    "economy.key.state.inactive": "wartet auf /key activate seines Ausstellers",
    "economy.key.state.deleted": "gelöscht",
    "economy.key.issued": (
        "Schlüssel {line}. Sein Token, nur jetzt zu sehen (halte es geheim; gespeichert wird "
        "nur sein Hash):\n{token}"
    ),
    "economy.key.activate": "Aktiviert: {line}",
    "economy.key.enable": "Eingeschaltet: {line}",
    "economy.key.disable": "Abgeschaltet: {line}",
    "economy.key.delete": "Gelöscht: {line}",
    "economy.keys.none": "Die Anwendung #{id} hat keine Schlüssel.",
    "economy.keys.title": "<b>Schlüssel der Anwendung #{id}</b>",
    "discord.option.note_recipient": "das einzige Mitglied, das die Note einlösen kann",
    # Discord: das Protokoll
    "discord.command.audit": "Wer was in dieser Wirtschaft geändert hat (MANAGE_PERMISSIONS)",
    "discord.command.audit.list": "Eine Seite des Protokolls, neueste zuerst",
    "discord.command.audit.export": "Alle passenden Einträge des Protokolls als Datei",
    "discord.option.audit_actor": "nur Änderungen dieses Mitglieds",
    "discord.option.audit_kind": "nur diese Art Änderung (key.disable) oder Bereich (key)",
    "discord.option.audit_target": "nur Änderungen hieran (account:5, key:3, user:123)",
    "discord.option.audit_before": "die nächste Seite: Einträge unter dieser Nummer",
    "discord.option.audit_limit": "Einträge pro Seite (höchstens 500)",
    "discord.option.since": "ab dieser Zeit (2026-12-01T00:00+00:00)",
    "discord.option.until": "vor dieser Zeit (2026-12-31T00:00+00:00)",
    "discord.option.format": "CSV oder JSON",
    "economy.audit.none": "Es wurden keine passenden Änderungen aufgezeichnet.",
    "economy.audit.title": "<b>Protokoll dieser Wirtschaft</b> (neueste zuerst)",
    "economy.audit.line": "<b>#{id}</b> {at} {actor} {kind} {target}: {before} → {after}",
    "economy.audit.nothing": "nichts",
    "economy.audit.more": "Weiter mit before: {before}",
    "economy.audit.exported": "Das Protokoll, {rows} Einträge, im Anhang.",
    "economy.audit.exported_newest": (
        "Die neuesten {rows} Einträge des Protokolls im Anhang; für ältere die Filter enger fassen."
    ),
    # die Kommandozeile
    "cli.arg.not_positive": "{text} ist keine Zahl (schreib sie mit den Ziffern 0-9)",
    "cli.audit.more": "weiter: --before {before}",
    "cli.audit.exported": "{rows} Einträge des Protokolls nach {path} geschrieben",
    "cli.application.created": "Anwendung {id} ({name}) angelegt",
    "cli.application.deleted": "Anwendung {id} und ihre Schlüssel gelöscht",
    "cli.key.token": "Token (nur jetzt zu sehen, halte es geheim): {token}",
    # Ablehnungen
    "error.audit_query": "Dieser Filter des Protokolls geht nicht: „{field}“ {why}.",
    "error.audit_query.range": "liegt außerhalb des erlaubten Bereichs",
    "error.audit_query.length": "ist leer oder zu lang",
    "error.audit_query.zone": "braucht eine Zeitzone",
    "error.audit_query.order": "muss nach dem Anfang liegen",
    "error.audit_query.format": "ist keine Zeit (schreib sie als 2026-12-01T18:00+00:00)",
    "error.note_not_for_you": (
        "Die Banknote #{note_id} ist auf jemand anderen ausgestellt; nur der Empfänger kann sie "
        "einlösen."
    ),
}
