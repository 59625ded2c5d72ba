"""The community's cash and corrections: the cash box, deposits, withdrawals, counts, reversals.

The cash box is one ``users`` row (``tid`` :data:`~communitybot.core.community.CASH_BOX_TID`):
cash a member puts in moves money *from* the cash box to the member (``deposit:``), cash taken
out moves it back (``withdraw:``). So the box's balance is the cash it should hold, negated:
:func:`cash_held`. A count that differs from that is its own journal row between the cash box and
the community user (``cashbox:``). A reversal is a new journal row in the other direction that
names the original (``reversal: #<id> <original reason>``); nothing is ever edited.

Pure values and rules; the services in :mod:`communitybot.services.community.cash` and
:mod:`communitybot.services.community.reversals` store them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from communitybot.core.community import (
    REASON_MAX,
    JournalEntry,
    TransactionKind,
    UserSummary,
    make_reason,
    reason_kind,
)
from communitybot.core.errors import NotUndoable, UndoWindowClosed
from communitybot.core.ids import TransactionId, UserId

UNDOABLE_KINDS = frozenset({TransactionKind.SEND, TransactionKind.CONSUME})
"""What a member may undo on their own: what they did by themselves (a transfer, a purchase).
A share of a communism, a payment, a deposit or a fee is a treasurer's to reverse."""

CASH_BOX_NAME = "Cash box"
"""The ``users.name`` of the cash box row."""

CASHBOX_SERIES = "cashbox"
"""The label of the cash box's line in ``/chart community``. The line plots the cash the box
should hold (:func:`cash_held`: the box's balance negated), as ``/cashbox`` says it."""


def cash_held(cash_box_balance: int) -> int:
    """The cash the box should hold, in cents: its balance negated (see the module)."""
    return -cash_box_balance


def reversal_reason(original: JournalEntry) -> str:
    """The reason of the row that reverses ``original``: ``reversal: #<id> <its reason>``."""
    return make_reason(TransactionKind.REVERSAL, f"#{original.id} {original.reason or ''}")


def count_reason(*, counted: int, expected: int, note: str | None) -> str:
    """The reason of a count's difference: ``cashbox: counted 123.40, expected 130.00 <note>``."""
    text = f"counted {_plain(counted)}, expected {_plain(expected)}"
    if note and note.strip():
        text = f"{text}: {note.strip()}"
    return make_reason(TransactionKind.CASHBOX, text)[:REASON_MAX]


def _plain(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def check_undo(
    original: JournalEntry, *, actor_id: UserId, now: datetime, window: timedelta
) -> None:
    """Refuse a member's own undo of ``original`` unless they sent it, by themselves, within
    ``window`` before ``now`` (database time, like the journal's ``registered``).

    Raises :class:`NotUndoable` (``reason`` ``"not_own"`` or ``"kind"``) and
    :class:`UndoWindowClosed`.
    """
    if original.sender != actor_id:
        raise NotUndoable(transaction_id=original.id, reason="not_own")
    if reason_kind(original.reason) not in UNDOABLE_KINDS:
        raise NotUndoable(transaction_id=original.id, reason="kind")
    if now - original.registered > window:
        raise UndoWindowClosed(
            transaction_id=original.id, window_seconds=int(window.total_seconds())
        )


class NoticeKind(enum.Enum):
    """The kinds of notice these movements send a member (each can be opted out of by kind)."""

    DEPOSIT = "deposit"
    """A deposit or withdrawal recorded for the member, a waiting deposit confirmed or rejected."""
    REVERSAL = "reversal"
    """A transaction of the member was reversed."""
    FEE = "fee"
    """A membership fee was charged, or could not be."""
    LOW_STOCK = "low_stock"
    """To the treasurers: a sale took an article's stock to its warning level."""


class DepositStatus(enum.Enum):
    """Where a recorded deposit stands: waiting for a treasurer, booked, or turned down."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Deposit:
    """Cash a member says they put into the box (``cash_deposits``).

    ``transaction_id`` is the journal row that booked it (once confirmed); ``decided_by`` the
    treasurer who confirmed or rejected it (``None`` while pending, or booked directly).
    """

    id: int
    user: UserSummary
    amount: int
    reason: str | None
    status: DepositStatus
    created: datetime
    decided_by: UserId | None
    transaction_id: TransactionId | None


@dataclass(frozen=True, slots=True)
class CashReceipt:
    """The outcome of ``/deposit`` or ``/withdraw``.

    ``deposit`` is set when the deposit waits for a treasurer (then ``transaction_id`` is
    ``None`` and no money moved). ``balance`` is the member's balance afterwards, ``cash`` what
    the box should hold afterwards. ``notify`` asks the adapter to tell the member (a treasurer
    recorded it for them), or for a waiting deposit the treasurers (``treasurer_tids``); it stays
    true on replays until the notice is recorded as delivered.
    """

    user: UserSummary
    user_tid: int | None
    amount: int
    kind: TransactionKind
    transaction_id: TransactionId | None
    deposit: Deposit | None
    balance: int
    cash: int
    replayed: bool
    notify: bool = False
    treasurer_tids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class DepositDecision:
    """A treasurer's confirm or reject of a waiting deposit; ``notify`` as in
    :class:`CashReceipt`."""

    deposit: Deposit
    user_tid: int | None
    balance: int
    cash: int
    replayed: bool
    notify: bool = False


@dataclass(frozen=True, slots=True)
class CashBoxView:
    """``/cashbox``: what the box should hold and, shown to treasurers only (``treasurer``),
    the deposits waiting for one."""

    cash: int
    pending: tuple[Deposit, ...]
    treasurer: bool = False


@dataclass(frozen=True, slots=True)
class CountReceipt:
    """A count of the cash box: ``difference`` is counted minus expected (0: no row written)."""

    counted: int
    expected: int
    difference: int
    transaction_id: TransactionId | None
    replayed: bool


@dataclass(frozen=True, slots=True)
class ReversalReceipt:
    """A reversal: ``reversal_id`` is the new row, moving ``amount`` from ``sender`` (the
    original's receiver) back to ``receiver``; ``actor_balance`` is the acting member's balance
    afterwards (``None`` when not a party). ``notify`` asks the adapter to tell the parties in
    ``notify_tids`` (the people involved other than the actor), owed until recorded as
    delivered."""

    original_id: TransactionId
    reversal_id: TransactionId
    amount: int
    reason: str
    sender: UserSummary
    receiver: UserSummary
    actor_balance: int | None
    notify_tids: tuple[int, ...]
    replayed: bool
    notify: bool = False


__all__ = [
    "CASHBOX_SERIES",
    "CASH_BOX_NAME",
    "UNDOABLE_KINDS",
    "CashBoxView",
    "CashReceipt",
    "CountReceipt",
    "Deposit",
    "DepositDecision",
    "DepositStatus",
    "NoticeKind",
    "ReversalReceipt",
    "cash_held",
    "check_undo",
    "count_reason",
    "reversal_reason",
]
