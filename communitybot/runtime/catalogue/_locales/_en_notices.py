"""English texts of the notices about deposits, reversals, fees and low stock (``notice.<kind>.
<event>``, the values of :class:`~communitybot.core.notices.Notice`) and of their kinds in
``/notify``."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "notice.received.received": (
        "💶 You received <b>{amount}</b> from {counterpart}{reason}. Balance: {balance}"
    ),
    "cli.user.notices_not_sent": (
        "{count} notice(s) of the settlements not sent: no telegram_token is configured."
    ),
    "notify.kind.deposit": "cash recorded for you; deposits confirmed, rejected or waiting",
    "notify.kind.reversal": "a transaction of yours was reversed",
    "notify.kind.fee": "a membership fee was charged, or could not be",
    "notify.kind.low_stock": "an article is running out (treasurers)",
    "notice.deposit.deposit": (
        "{counterpart} recorded your deposit of <b>{amount}</b> into the cash box. "
        "Your balance: <b>{balance}</b>."
    ),
    "notice.deposit.withdraw": (
        "{counterpart} recorded that you took <b>{amount}</b> out of the cash box. "
        "Your balance: <b>{balance}</b>."
    ),
    "notice.deposit.confirmed": (
        "Your deposit #{id} of <b>{amount}</b> was confirmed. Your balance: <b>{balance}</b>."
    ),
    "notice.deposit.rejected": (
        "Your deposit #{id} of <b>{amount}</b> was rejected: no money was booked. Ask a "
        "treasurer why."
    ),
    "notice.deposit.waiting": (
        "{counterpart} recorded deposit #{id} of <b>{amount}</b> into the cash box. Once the "
        "cash is there: <code>/cashbox confirm {id}</code> (or <code>/cashbox reject {id}</code>)."
    ),
    "notice.reversal.reversed": (
        "{counterpart} reversed transaction #{original}: {amount} went back from {sender} to "
        "{receiver} (transaction #{reversal})."
    ),
    "notice.low_stock.low": "Only {stock} left of {subject}: time to restock.",
    "notice.fee.paid": (
        "💳 The fee “{subject}” of <b>{amount}</b> was charged. Your balance: <b>{balance}</b>."
    ),
    "notice.fee.failed": (
        "💳 The fee “{subject}” of <b>{amount}</b> could not be charged: your balance of "
        "<b>{balance}</b> may not go lower. Please pay into the cash box or talk to a treasurer."
    ),
}
