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
    # privacy
    "privacy.sent_privately": "I sent it to you in our private chat.",
    "privacy.open_private_chat": (
        "This is private, and I cannot write to you first: open a chat with {bot}, press "
        "Start, and send the command there."
    ),
    "privacy.balances_hidden": (
        "Balances are private in this community: you see only your own (/balance)."
    ),
    "privacy.export_caption": "Everything I store about you ({count} transactions), as JSON.",
    "help.forgetme.summary": "erase your name and Telegram id (balance must be 0.00)",
    "help.forgetme.usage": "/forgetme",
    "help.forgetme.example": "/forgetme",
    "forget.ask": (
        "<b>Forget me</b>\n"
        "I will erase your name, your username and your Telegram id: your account becomes "
        "<b>Forgotten member #{id}</b>, inactive and without a vote. Your transactions and "
        "votes stay in the books, without your name, as the community's accounts need them. "
        "This cannot be undone; afterwards /start makes you a new member.\n"
        "Get everything I store about you first with /data export."
    ),
    "forget.confirm": "🗑 Yes, forget me",
    "forget.keep": "Keep me",
    "forget.kept": "Nothing was changed.",
    "forget.done": "Done: you are now Forgotten member #{id}. Goodbye!",
    "error.cannot_forget.balance": (
        "Your balance is {balance}: settle it to 0.00 first, then I can forget you."
    ),
    "error.cannot_forget.open_collectives": (
        "You take part in {count} open payment request(s) or communism(s): close or leave "
        "them first."
    ),
    "error.cannot_forget.vouching": (
        "You vouch for {count} guest(s): stop vouching first (/vouch remove @user)."
    ),
    "error.cannot_forget.community": "The community's own account cannot be forgotten.",
}
