"""All SQL of the community's cash box, its waiting deposits and the reversal links.

The cash box is the ``users`` row with ``tid`` :data:`~communitybot.core.community.CASH_BOX_TID`
(the unique ``tid`` index keeps it one row); deposits live in ``cash_deposits``, reversals link
to their originals in ``transaction_reversals``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from communitybot.core.cash import CASH_BOX_NAME, Deposit, DepositStatus
from communitybot.core.community import CASH_BOX_TID, JournalEntry, UserSummary
from communitybot.core.ids import TransactionId, UserId
from communitybot.db.brokers import transactions as journal
from communitybot.db.brokers import users as user_broker
from communitybot.db.brokers.economy._util import (
    insert_id,
    insert_row,
    one_row,
    record,
    update_where,
)
from communitybot.db.models.cash import CashDepositRow, TransactionReversalRow
from communitybot.db.models.community import Transaction, User

_D = CashDepositRow
_R = TransactionReversalRow


# --- the cash box ---------------------------------------------------------------------------


def find_cash_box_id(session: Session) -> UserId | None:
    """The cash box's user id, or ``None`` before the first cash command made it."""
    found = session.scalar(select(User.id).where(User.tid == CASH_BOX_TID))
    return None if found is None else UserId(found)


def ensure_cash_box(session: Session) -> UserId:
    """The cash box's user id; the row is made (inactive, no username) when missing.

    ``INSERT IGNORE`` on the unique ``tid``: a concurrent first cash command waits for the other
    and then finds its row.
    """
    found = find_cash_box_id(session)
    if found is not None:
        return found
    made = user_broker.insert_user(session, tid=CASH_BOX_TID, name=CASH_BOX_NAME, username=None)
    if made is None:
        return UserId(int(session.scalars(select(User.id).where(User.tid == CASH_BOX_TID)).one()))
    user_broker.set_active(session, user_id=made, active=False)
    return made


def cash_box_balance(session: Session) -> int:
    """The cash box's stored balance (0 before it exists)."""
    found = session.scalar(select(User.balance).where(User.tid == CASH_BOX_TID))
    return int(found or 0)


# --- deposits -------------------------------------------------------------------------------


def _deposit(row: Any, users: dict[UserId, UserSummary]) -> Deposit:
    return record(Deposit, row, user=users[UserId(row.user_id)], status=DepositStatus(row.status))


def _deposits(session: Session, rows: list[Any]) -> list[Deposit]:
    users = user_broker.summaries(session, user_ids=[int(r.user_id) for r in rows])
    return [_deposit(row, users) for row in rows]


def insert_deposit(
    session: Session,
    *,
    user_id: int,
    amount: int,
    reason: str | None,
    status: DepositStatus,
    now: datetime,
    decided_by: int | None = None,
    transaction_id: int | None = None,
) -> int:
    """Record a deposit; return its id."""
    decided = None if status is DepositStatus.PENDING else now
    return insert_id(
        session,
        int,
        _D,
        user_id=user_id,
        amount=amount,
        reason=reason,
        status=status.value,
        created=now,
        decided=decided,
        decided_by=decided_by,
        transaction_id=transaction_id,
    )


def get_deposit(session: Session, *, deposit_id: int) -> Deposit:
    """Deposit ``deposit_id``; :class:`NotFound` (kind ``deposit``) when missing."""
    statement = select(_D.__table__).where(_D.id == deposit_id)
    return _deposits(session, [one_row(session, statement, "deposit", deposit_id)])[0]


def lock_deposit(session: Session, *, deposit_id: int) -> Deposit:
    """Deposit ``deposit_id``, locked ``FOR UPDATE``; :class:`NotFound` when missing."""
    statement = select(_D.__table__).where(_D.id == deposit_id).with_for_update()
    return _deposits(session, [one_row(session, statement, "deposit", deposit_id)])[0]


def decide_deposit(
    session: Session,
    *,
    deposit_id: int,
    status: DepositStatus,
    decided_by: int | None,
    transaction_id: int | None,
    now: datetime,
) -> None:
    """Close a waiting deposit as confirmed (with its journal row) or rejected."""
    update_where(
        session,
        _D,
        _D.id == deposit_id,
        status=status.value,
        decided_by=decided_by,
        transaction_id=transaction_id,
        decided=now,
    )


def list_pending_deposits(session: Session, *, limit: int = 50) -> list[Deposit]:
    """Deposits waiting for a treasurer, oldest first."""
    rows = session.execute(
        select(_D.__table__)
        .where(_D.status == DepositStatus.PENDING.value)
        .order_by(_D.id)
        .limit(limit)
    ).all()
    return _deposits(session, list(rows))


# --- reversals ------------------------------------------------------------------------------


def insert_reversal(
    session: Session, *, reversal_id: int, original_id: int, actor_id: int | None, now: datetime
) -> None:
    """Link ``reversal_id`` to the row it reverses (unique: a second link fails)."""
    insert_row(
        session,
        _R,
        reversal_id=reversal_id,
        original_id=original_id,
        actor_id=actor_id,
        created=now,
    )


def find_reversal_of(session: Session, *, original_id: int) -> TransactionId | None:
    """The row that reversed ``original_id``, if any."""
    found = session.scalar(select(_R.reversal_id).where(_R.original_id == original_id))
    return None if found is None else TransactionId(found)


def is_reversal(session: Session, *, transaction_id: int) -> bool:
    """Whether row ``transaction_id`` is itself a reversal."""
    found = session.scalar(select(_R.original_id).where(_R.reversal_id == transaction_id))
    return found is not None


def find_last_sent(session: Session, *, user_id: int) -> JournalEntry | None:
    """The newest journal row ``user_id`` sent, or ``None``."""
    found = session.scalar(select(func.max(Transaction.id)).where(Transaction.sender == user_id))
    return None if found is None else journal.get_transaction(session, transaction_id=found)


__all__ = [
    "cash_box_balance",
    "decide_deposit",
    "ensure_cash_box",
    "find_cash_box_id",
    "find_last_sent",
    "find_reversal_of",
    "get_deposit",
    "insert_deposit",
    "insert_reversal",
    "is_reversal",
    "list_pending_deposits",
    "lock_deposit",
]
