"""Deutsche Texte der Verwaltung: das Protokoll, Anwendungen und API-Schlüssel, signierte
Banknoten, die Chat-Verwaltung der Kassenwarte (Telegram, Discord und die Kommandozeile)."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
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
