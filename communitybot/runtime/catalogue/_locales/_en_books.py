"""English texts of the books: statements, charts, notifications and their settings, the
statement reminders, and the ``statements`` command line."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    # --- help ---
    "help.statement.summary": "your statement for a month: opening, movements, closing",
    "help.statement.usage": "/statement [YYYY-MM] [csv]",
    "help.statement.example": "/statement 2026-11",
    "help.chart.summary": "your balance over time as a picture",
    "help.chart.usage": "/chart [community]",
    "help.chart.example": "/chart",
    "help.notify.summary": "which notifications you get; turn kinds on or off",
    "help.notify.usage": "/notify [on | off] [kind]",
    "help.notify.example": "/notify off communism",
    # --- statements ---
    "statement.title": "<b>Statement of {name}</b> for {month} ({zone})",
    "statement.opening": "Opening balance: <b>{balance}</b>",
    "statement.line": "{line}  → {balance}",
    "statement.none": "No movements in this month.",
    "statement.closing": "Closing balance: <b>{balance}</b> (in {received}, out {paid})",
    "statement.file_caption": "Your statement for {month}: {count} movements.",
    # --- charts ---
    "chart.title.member": "Balance of {name}",
    "chart.title.community": "The books of {community}",
    "chart.series.community": "Community",
    "chart.caption": "{title}: {count} movements, now {balance}.",
    "chart.empty": "No movements yet: there is nothing to draw.",
    # --- notifications and their settings ---
    "notify.title": "<b>Your notifications</b>",
    "notify.line": "{state} <code>{kind}</code>: {description}",
    "notify.state.on": "🔔",
    "notify.state.off": "🔕",
    "notify.footer": (
        "Turn one off with <code>/notify off kind</code>, on with <code>/notify on kind</code>."
    ),
    "notify.kind.received": "money someone sent you",
    "notify.kind.communism": "your share of a communism was charged",
    "notify.kind.payment": "your payment request was paid or denied",
    "notify.kind.vouch": "vouching ended and your balance was settled",
    "notify.kind.reminder": "a monthly reminder when your balance is low",
    "notify.now_on": "🔔 You will be told again: {description}.",
    "notify.now_off": "🔕 You will no longer be told: {description}.",
    "notify.unknown_kind": "There is no kind of notification “{kind}”. Kinds: {kinds}.",
    # --- the notices ---
    "notice.payment.paid": (
        "✅ Your payment request “{subject}” was approved: the community paid you "
        "<b>{amount}</b>. Balance: {balance}"
    ),
    "notice.payment.denied": "❌ Your payment request “{subject}” for {amount} was denied.",
    "notice.communism.charged": (
        "🧾 Your share of “{subject}” by {counterpart}: <b>{amount}</b>. Balance: {balance}"
    ),
    "notice.vouch.settled_in": (
        "🤝 Vouching between you and {counterpart} ended: <b>{amount}</b> came to you to "
        "settle. Balance: {balance}"
    ),
    "notice.vouch.settled_out": (
        "🤝 Vouching between you and {counterpart} ended: <b>{amount}</b> went from you to "
        "settle. Balance: {balance}"
    ),
    "notice.reminder.below": (
        "⚠️ Your balance is <b>{balance}</b>, below {amount}. Send /statement to see this "
        "month's movements, or /notify off reminder to stop these reminders."
    ),
    # --- errors ---
    "error.invalid_month": "“{text}” is not a month: {why}. Write it like 2026-11.",
    "error.invalid_month.format": "write the year, a dash and the month",
    "error.invalid_month.range": "there is no such month here (1970-01 to 2037-12)",
    "error.action.view_books": "read the community's books",
    # --- the command line ---
    "cli.statements.bad_month": "{text} is no month: write it like 2026-11",
    "cli.statements.written": "wrote {count} statements for {month} to {path}",
}
