"""English texts of the cash box, deposits, withdrawals, undo and reversals (Telegram)."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    # --- help ---
    "help.deposit.summary": "record cash you put into the cash box",
    "help.deposit.usage": "/deposit amount [@user] [reason]",
    "help.deposit.example": "/deposit 20 paid off my tab",
    "help.withdraw.summary": "record cash you took out of the cash box",
    "help.withdraw.usage": "/withdraw amount [@user] [reason]",
    "help.withdraw.example": "/withdraw 5 bought tape",
    "help.cashbox.summary": "what the cash box should hold; treasurers: count, confirm, reject",
    "help.cashbox.usage": "/cashbox [count amount [reason] | confirm id | reject id]",
    "help.cashbox.example": "/cashbox count 123.40 after the party",
    "help.undo.summary": "undo your last transfer or purchase, soon after you made it",
    "help.undo.usage": "/undo",
    "help.undo.example": "/undo",
    "help.reverse.summary": "reverse any transaction (treasurers)",
    "help.reverse.usage": "/reverse transaction-id",
    "help.reverse.example": "/reverse 1234",
    # --- deposits and withdrawals ---
    "cash.deposit.waiting": (
        "Deposit #{id} of <b>{amount}</b> recorded. It waits for a treasurer to confirm that "
        "the cash is in the box; your balance changes then."
    ),
    "cash.deposit.done": "Deposit of <b>{amount}</b> booked. Your balance: <b>{balance}</b>.",
    "cash.deposit.done_for": "Deposit of <b>{amount}</b> for {name} booked.",
    "cash.withdraw.done": "Withdrawal of <b>{amount}</b> booked. Your balance: <b>{balance}</b>.",
    "cash.withdraw.done_for": "Withdrawal of <b>{amount}</b> for {name} booked.",
    "cash.box_now": "The cash box should now hold <b>{cash}</b>.",
    "cash.confirmed": "Deposit #{id} of <b>{amount}</b> for {name} confirmed.",
    "cash.rejected": "Deposit #{id} of <b>{amount}</b> for {name} rejected.",
    "cash.no_amount": "How much? For example <code>/{command} 20</code>.",
    # --- the cash box ---
    "cashbox.holds": "The cash box should hold <b>{cash}</b>.",
    "cashbox.pending.title": "Deposits waiting for a treasurer:",
    "cashbox.pending.line": "#{id} {name}: {amount}{reason}",
    "cashbox.pending.none": "No deposit waits for a treasurer.",
    "cashbox.pending.hint": (
        "<code>/cashbox confirm id</code> books one, <code>/cashbox reject id</code> turns it down."
    ),
    "cashbox.count.same": "Counted <b>{counted}</b>: exactly what the cash box should hold.",
    "cashbox.count.more": (
        "Counted <b>{counted}</b>, expected {expected}: <b>{difference}</b> more, booked as "
        "transaction #{tx}."
    ),
    "cashbox.count.less": (
        "Counted <b>{counted}</b>, expected {expected}: <b>{difference}</b> missing, booked as "
        "transaction #{tx}."
    ),
    "cashbox.bad_id": "Name the deposit by its number, e.g. <code>/cashbox confirm 12</code>.",
    # --- undo and reversal ---
    "undo.done": (
        "Undone: transaction #{original}. {amount} went back from {sender} to {receiver} "
        "(transaction #{reversal}). Your balance: <b>{balance}</b>."
    ),
    "reverse.done": (
        "Reversed transaction #{original}: {amount} went back from {sender} to {receiver} "
        "(transaction #{reversal})."
    ),
    "reverse.bad_id": "Name the transaction by its number, e.g. <code>/reverse 1234</code>.",
    # --- articles ---
    "help.article.summary": "manage the articles the community sells (treasurers)",
    "help.article.usage": (
        "/article [add name price [emoji] [description] | price name price | off name | "
        "stock name count [low] | stock name off | barcode name code | barcode name off]"
    ),
    "help.article.example": "/article add mate 1.50 🧉 a bottle of club mate",
    "article.title": "<b>Articles on sale</b> (id, price, sold):",
    "article.line": "#{id} {emoji} {name}: {price}, {uses} sold",
    "article.line.barcode": "barcode {barcode}",
    "article.line.stock": "{stock} in stock",
    "article.add.done": "Added: {line}",
    "article.price.done": "New price: {line}",
    "article.off.done": "No longer on sale: {line}",
    "article.stock.done": "Stock set: {line}",
    "article.barcode.done": "Barcode set: {line}",
    "article.bad_count": "Counts are whole numbers, e.g. <code>/article stock mate 24 5</code>.",
    "error.out_of_stock": "Only {stock} of {name} left: {count} cannot be sold.",
    "error.action.manage_articles": "manage articles",
    "kind.article": "article",
    "error.name_kind.article": "article name",
    "error.name_kind.barcode": "barcode",
    # --- membership fees ---
    "help.fee.summary": "membership fees (treasurers)",
    "help.fee.usage": "/fee [add amount [@user | role:name] description | stop id]",
    "help.fee.example": "/fee add 15 membership",
    "fee.title": "<b>Membership fees</b>:",
    "fee.none": "No fee is set up.",
    "fee.line": "#{id} {amount} every {days} days from {who}: {description} (next {due})",
    "fee.who.member": "member #{id}",
    "fee.who.role": "the role {role}",
    "fee.who.everyone": "every member",
    "fee.added": "Fee set up: {line}",
    "fee.stopped": "Fee stopped: {line}",
    "fee.bad_id": "Name the fee by its number, e.g. <code>/fee stop 3</code>.",
    "error.action.manage_fees": "manage membership fees",
    "kind.fee": "fee",
    # --- refusals ---
    "error.nothing_to_undo": "You have sent nothing I could undo.",
    "error.not_undoable.not_own": "Transaction #{id} is not yours to undo.",
    "error.not_undoable.kind": (
        "Your last transaction, #{id}, is not a transfer or purchase of yours, so you cannot "
        "undo it; a treasurer can reverse it."
    ),
    "error.not_undoable.reversal": "Transaction #{id} is a reversal itself; it stays as it is.",
    "error.undo_window_closed": (
        "Transaction #{id} is older than {minutes} minutes, so you can no longer undo it; a "
        "treasurer can reverse it."
    ),
    "error.already_reversed": "Transaction #{id} was reversed already (transaction #{reversal}).",
    "error.cash_box_short": (
        "The cash box should hold only {cash}, so {amount} cannot be taken out of it."
    ),
    "error.deposit_not_pending.confirmed": "Deposit #{id} was confirmed already.",
    "error.deposit_not_pending.rejected": "Deposit #{id} was rejected already.",
    "error.action.deposit": "record deposits",
    "error.action.withdraw": "record withdrawals",
    "error.action.undo": "undo transactions",
    "error.action.manage_cash": "manage the cash box",
    "error.action.reverse": "reverse transactions",
    "kind.deposit": "deposit",
}

__all__ = ["MESSAGES"]
