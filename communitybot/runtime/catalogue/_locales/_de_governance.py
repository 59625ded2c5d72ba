"""Deutsche Texte zu Mitbestimmung und Betrieb: eine MateBot-Datenbank übernehmen, Abstimmungen,
die ablaufen oder zurückgezogen werden, Datenschutz (private Antworten, verborgene Kontostände,
Vergessen, Datenexport)."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    "cli.adopt.found": (
        "die sechs dokumentierten Tabellen ohne Migrationsstand gefunden (eine MateBot-v0.2-"
        "Datenbank?); Zeilen: {rows}"
    ),
    "cli.adopt.would": "die Übernahme würde ausführen:",
    "cli.adopt.runs": (
        "Übernahme: keine Zeile ändert sich, diese Anweisungen benennen Schlüssel um und "
        "machen sie strenger:"
    ),
    "cli.adopt.stamp": "danach wird Revision {revision} vermerkt und weiter migriert",
    "cli.adopt.refused": (
        "diese Datenbank kann nicht übernommen werden; nichts wurde geändert. Zuerst beheben "
        "(siehe docs/admin.md):"
    ),
    "cli.dry_run.pending": "Migrationen, die laufen würden: {revisions}",
    "cli.dry_run.current": "das Schema ist auf der neuesten Revision; keine Migration würde laufen",
    "cli.dry_run.nothing_changed": "Probelauf: nichts wurde geändert",
    # Abstimmungen
    "pay.retract": "↩️ Stimme zurückziehen",
    "pay.retracted": "Deine Stimme wurde zurückgezogen.",
    "pay.expires": (
        "Läuft {hours} h nach dem Öffnen ab, wenn bis dahin nicht entschieden (dann wird nichts "
        "gezahlt)."
    ),
    "collective.status.expired": "abgelaufen, nichts gezahlt",
    "error.not_voted": "Du hast über #{id} nicht abgestimmt.",
    # Datenschutz
    "privacy.sent_privately": "Ich habe es dir in unseren privaten Chat geschickt.",
    "privacy.open_private_chat": (
        "Das ist privat, und ich kann dir nicht zuerst schreiben: öffne einen Chat mit {bot}, "
        "tippe auf Start und sende den Befehl dort."
    ),
    "privacy.balances_hidden": (
        "Kontostände sind in dieser Gemeinschaft privat: du siehst nur deinen eigenen (/balance)."
    ),
    "privacy.export_caption": "Alles, was ich über dich speichere ({count} Buchungen), als JSON.",
    "help.forgetme.summary": "Namen und Telegram-ID löschen (Kontostand muss 0,00 sein)",
    "help.forgetme.usage": "/forgetme",
    "help.forgetme.example": "/forgetme",
    "forget.ask": (
        "<b>Vergiss mich</b>\n"
        "Ich lösche deinen Namen, deinen Benutzernamen und deine Telegram-ID: dein Konto wird "
        "zu <b>Forgotten member #{id}</b>, inaktiv und ohne Stimmrecht. Deine Buchungen und "
        "Stimmen bleiben ohne deinen Namen in den Büchern, weil die Konten der Gemeinschaft sie "
        "brauchen. Das lässt sich nicht rückgängig machen; danach macht dich /start zu einem "
        "neuen Mitglied.\n"
        "Hol dir vorher mit /data export alles, was ich über dich speichere."
    ),
    "forget.confirm": "🗑 Ja, vergiss mich",
    "forget.keep": "Behalte mich",
    "forget.kept": "Nichts wurde geändert.",
    "forget.done": "Erledigt: du bist jetzt Forgotten member #{id}. Auf Wiedersehen!",
    "error.cannot_forget.balance": (
        "Dein Kontostand ist {balance}: gleiche ihn erst auf 0,00 aus, dann kann ich dich "
        "vergessen."
    ),
    "error.cannot_forget.open_collectives": (
        "Du bist an {count} offenen Zahlungsanfragen oder Kommunismen beteiligt: schließe oder "
        "verlasse sie zuerst."
    ),
    "error.cannot_forget.vouching": (
        "Du bürgst für {count} Gäste: beende das zuerst (/vouch remove @user)."
    ),
    "error.cannot_forget.community": "Das Konto der Gemeinschaft kann nicht vergessen werden.",
}
