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
}
