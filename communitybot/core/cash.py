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
from communitybot.core.notices import Notice

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
    the box should hold afterwards. ``for_member`` says a treasurer recorded it for another
    member. ``notices`` (kind ``deposit``) are owed to that member, or for a waiting deposit to
    the treasurers; a replay hands them out again until their delivery is recorded.
    """

    user: UserSummary
    amount: int
    kind: TransactionKind
    transaction_id: TransactionId | None
    deposit: Deposit | None
    balance: int
    cash: int
    replayed: bool
    for_member: bool = False
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True, slots=True)
class DepositDecision:
    """A treasurer's confirm or reject of a waiting deposit; ``notices`` (the member's) as in
    :class:`CashReceipt`."""

    deposit: Deposit
    balance: int
    cash: int
    replayed: bool
    notices: tuple[Notice, ...] = ()


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
    afterwards (``None`` when not a party). ``notices`` (kind ``reversal``) are owed to the
    parties other than the actor, until their delivery is recorded."""

    original_id: TransactionId
    reversal_id: TransactionId
    amount: int
    reason: str
    sender: UserSummary
    receiver: UserSummary
    actor_balance: int | None
    replayed: bool
    notices: tuple[Notice, ...] = ()


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
    "ReversalReceipt",
    "cash_held",
    "check_undo",
    "count_reason",
    "reversal_reason",
]
