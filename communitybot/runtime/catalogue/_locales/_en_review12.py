"""English texts added by the review of the treasurer's toolkit (issue 12): the cash box's line
of ``/chart community``."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    "fee.who.named": "{name} (member #{id})",
    "kind.command": "command",
    "help.treasurer_title": "<b>For treasurers</b>",
    "chart.series.cashbox": "Cash box (cash it should hold)",
    "chart.caption.cashbox": "{caption} The cash box should hold {cash}.",
}
