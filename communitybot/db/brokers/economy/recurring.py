"""All SQL of recurring transfers and their instalments."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from communitybot.core.economy import (
    RecurringPayment,
    RecurringStatus,
    RecurringTransfer,
    TransactionType,
)
from communitybot.core.errors import NotFound
from communitybot.core.ids import (
    AccountId,
    ApiKeyId,
    EconomyId,
    JournalEntryId,
    MemberId,
    RecurringTransferId,
)
from communitybot.db.brokers.economy._util import (
    insert_id,
    insert_row,
    one_row,
    record,
    update_where,
)
from communitybot.db.models.economy import RecurringPaymentRow, RecurringTransferRow

_R = RecurringTransferRow


def _recurring(row: Any) -> RecurringTransfer:
    return record(RecurringTransfer, row)


def insert_recurring(
    session: Session,
    *,
    economy_id: EconomyId,
    from_account_id: AccountId,
    to_account_id: AccountId,
    amount: int,
    interval_days: int,
    total: int | None,
    transaction_type: TransactionType,
    creator_id: MemberId,
    creator_roles: str,
    key_id: ApiKeyId | None,
    anchor_at: datetime,
    next_due_at: datetime,
) -> RecurringTransferId:
    """Insert an active recurring transfer; return its id."""
    return insert_id(
        session,
        RecurringTransferId,
        _R,
        economy_id=economy_id,
        from_account_id=from_account_id,
        to_account_id=to_account_id,
        amount=amount,
        interval_days=interval_days,
        total=total,
        processed=0,
        paid=0,
        failed=0,
        transaction_type=transaction_type,
        status=RecurringStatus.ACTIVE,
        creator_id=creator_id,
        creator_roles=creator_roles,
        key_id=key_id,
        anchor_at=anchor_at,
        next_due_at=next_due_at,
        created_at=anchor_at,
    )


def get_recurring(session: Session, *, recurring_id: RecurringTransferId) -> RecurringTransfer:
    """Recurring transfer ``recurring_id``; :class:`NotFound` when missing."""
    return _recurring(
        one_row(
            session,
            select(_R.__table__).where(_R.id == recurring_id),
            "recurring_transfer",
            recurring_id,
        )
    )


def lock_recurring(
    session: Session, *, recurring_id: RecurringTransferId
) -> tuple[RecurringTransfer, str]:
    """Take the row ``FOR UPDATE``; return it and the creator's recorded roles."""
    row = session.execute(
        select(_R.__table__).where(_R.id == recurring_id).with_for_update()
    ).one_or_none()
    if row is None:
        raise NotFound(kind="recurring_transfer", ref=str(recurring_id))
    return _recurring(row), row.creator_roles


def list_due_ids(
    session: Session, *, now: datetime, limit: int = 1000
) -> list[RecurringTransferId]:
    """Active recurring transfers with an instalment due by ``now``, earliest first."""
    rows = session.scalars(
        select(_R.id)
        .where(_R.status == RecurringStatus.ACTIVE, _R.next_due_at <= now)
        .order_by(_R.next_due_at, _R.id)
        .limit(limit)
    )
    return [RecurringTransferId(r) for r in rows]


def list_for_account(session: Session, *, account_id: AccountId) -> list[RecurringTransfer]:
    """Recurring transfers from or to ``account_id``, by id."""
    rows = session.execute(
        select(_R.__table__)
        .where(or_(_R.from_account_id == account_id, _R.to_account_id == account_id))
        .order_by(_R.id)
    ).all()
    return [_recurring(row) for row in rows]


def record_instalment(
    session: Session,
    *,
    recurring_id: RecurringTransferId,
    instalment: int,
    journal_id: JournalEntryId | None,
    failure: str | None,
    due_at: datetime,
    now: datetime,
) -> None:
    """Record instalment ``instalment`` as paid (``journal_id``) or failed (``failure``).

    The primary key (transfer, instalment) makes a second record impossible.
    """
    insert_row(
        session,
        RecurringPaymentRow,
        recurring_id=recurring_id,
        instalment=instalment,
        journal_id=journal_id,
        failure=failure,
        due_at=due_at,
        processed_at=now,
    )


def advance(
    session: Session,
    *,
    recurring_id: RecurringTransferId,
    processed: int,
    paid: bool,
    next_due_at: datetime,
    finished: bool,
) -> None:
    """Move the transfer past instalment ``processed``."""
    values: dict[str, Any] = {"processed": processed, "next_due_at": next_due_at}
    if paid:
        values["paid"] = _R.paid + 1
    else:
        values["failed"] = _R.failed + 1
    if finished:
        values["status"] = RecurringStatus.FINISHED
    update_where(session, _R, _R.id == recurring_id, **values)


def set_status(
    session: Session, *, recurring_id: RecurringTransferId, status: RecurringStatus
) -> None:
    """Set the status (cancel)."""
    update_where(session, _R, _R.id == recurring_id, status=status)


def cancel_for_account(session: Session, *, account_id: AccountId) -> None:
    """Cancel every active recurring transfer from or to ``account_id`` (it is closing)."""
    update_where(
        session,
        _R,
        _R.status == RecurringStatus.ACTIVE,
        or_(_R.from_account_id == account_id, _R.to_account_id == account_id),
        status=RecurringStatus.CANCELLED,
    )


def cancel_for_economy(session: Session, *, economy_id: EconomyId) -> None:
    """Cancel every active recurring transfer of ``economy_id``."""
    update_where(
        session,
        _R,
        _R.status == RecurringStatus.ACTIVE,
        _R.economy_id == economy_id,
        status=RecurringStatus.CANCELLED,
    )


def list_instalments(
    session: Session, *, recurring_id: RecurringTransferId
) -> list[RecurringPayment]:
    """Every processed instalment of ``recurring_id``, in order."""
    rows = session.execute(
        select(RecurringPaymentRow.__table__)
        .where(RecurringPaymentRow.recurring_id == recurring_id)
        .order_by(RecurringPaymentRow.instalment)
    ).all()
    return [record(RecurringPayment, r) for r in rows]


__all__ = [
    "advance",
    "cancel_for_account",
    "cancel_for_economy",
    "get_recurring",
    "insert_recurring",
    "list_due_ids",
    "list_for_account",
    "list_instalments",
    "lock_recurring",
    "record_instalment",
    "set_status",
]
