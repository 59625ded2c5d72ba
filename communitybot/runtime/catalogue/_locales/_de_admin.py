"""Deutsche Texte der Verwaltung: das Protokoll, Anwendungen und API-Schlüssel, signierte
Banknoten, die Chat-Verwaltung der Kassenwarte (Telegram, Discord und die Kommandozeile)."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
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
