"""Deutsche Texte aus der Durchsicht des Kassenwart-Werkzeugs (Issue 12): die Linie der Kasse
in ``/chart community``."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    "fee.who.named": "{name} (Mitglied #{id})",
    "kind.command": "Befehl",
    "help.treasurer_title": "<b>Für Kassenwarte</b>",
    "chart.series.cashbox": "Kasse (Soll-Bestand)",
    "chart.caption.cashbox": "{caption} In der Kasse sollten {cash} sein.",
}
