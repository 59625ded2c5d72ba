"""English texts of governance and running the bot: adopting a MateBot database, votes that
expire or are withdrawn, privacy (private answers, hidden balances, forgetting, data export)."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    "cli.adopt.found": (
        "found the six documented tables without a migration version (a MateBot v0.2 "
        "database?); rows: {rows}"
    ),
    "cli.adopt.would": "adopting it would run:",
    "cli.adopt.runs": "adopting it: no row changes, these statements rename and tighten keys:",
    "cli.adopt.stamp": "then it is stamped at revision {revision} and migrated on",
    "cli.adopt.refused": (
        "this database cannot be adopted; nothing was changed. Fix these first (see docs/admin.md):"
    ),
    "cli.dry_run.pending": "migrations that would run: {revisions}",
    "cli.dry_run.current": "the schema is at the newest revision; no migration would run",
    "cli.dry_run.nothing_changed": "dry run: nothing was changed",
    # votes
    "pay.retract": "↩️ Withdraw my vote",
    "pay.retracted": "Your vote was withdrawn.",
    "pay.expires": "Expires {hours} h after it was opened if undecided (nothing is paid then).",
    "collective.status.expired": "expired, nothing paid",
    "error.not_voted": "You have not voted on #{id}.",
}
