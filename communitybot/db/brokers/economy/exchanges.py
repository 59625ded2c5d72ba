"""All SQL of exchanges: the source-side record (with its state) and the target-side credit.

The two sides are written by different transactions, each in its own economy (see
:mod:`communitybot.services.economy.exchange`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from communitybot.core.economy import CreditOutcome, Exchange, ExchangeState
from communitybot.core.ids import (
    AccountId,
    EconomyGroupId,
    EconomyId,
    ExchangeId,
    JournalEntryId,
    MemberId,
)
from communitybot.db.brokers.economy._util import (
    count_where,
    find_row,
    insert_id,
    insert_row,
    lock_row,
    record,
    required,
    scalars,
    update_where,
)
from communitybot.db.models.economy_ext import ExchangeCreditRow, ExchangeRow


def _opt(value: int | None) -> JournalEntryId | None:
    return None if value is None else JournalEntryId(value)


def _exchange(row: Any) -> Exchange:
    return record(Exchange, row)


def insert_exchange(
    session: Session,
    *,
    group_id: EconomyGroupId,
    from_economy_id: EconomyId,
    to_economy_id: EconomyId,
    from_account_id: AccountId,
    to_account_id: AccountId,
    owner_id: MemberId,
    amount_in: int,
    amount_out: int,
    numerator: int,
    denominator: int,
    actor_id: MemberId,
    burn_entry_id: JournalEntryId,
    now: datetime,
) -> ExchangeId:
    """Record a PENDING exchange (with its BURN leg); return its id."""
    return insert_id(
        session,
        ExchangeId,
        ExchangeRow,
        group_id=group_id,
        from_economy_id=from_economy_id,
        to_economy_id=to_economy_id,
        from_account_id=from_account_id,
        to_account_id=to_account_id,
        owner_id=owner_id,
        amount_in=amount_in,
        amount_out=amount_out,
        numerator=numerator,
        denominator=denominator,
        state=ExchangeState.PENDING,
        actor_id=actor_id,
        burn_entry_id=burn_entry_id,
        created_at=now,
    )


def find_exchange(session: Session, *, exchange_id: ExchangeId) -> Exchange | None:
    """Exchange ``exchange_id``, or ``None``."""
    return find_row(
        session, select(ExchangeRow.__table__).where(ExchangeRow.id == exchange_id), _exchange
    )


def get_exchange(session: Session, *, exchange_id: ExchangeId) -> Exchange:
    """Exchange ``exchange_id``; :class:`NotFound` when missing."""
    return required(find_exchange(session, exchange_id=exchange_id), "exchange", exchange_id)


def lock_exchange(session: Session, *, exchange_id: ExchangeId) -> Exchange:
    """Lock the exchange's row ``FOR UPDATE`` and return it as it is now."""
    statement = select(ExchangeRow.__table__).where(ExchangeRow.id == exchange_id)
    return lock_row(session, statement, _exchange, "exchange", exchange_id)


def finish_exchange(
    session: Session,
    *,
    exchange_id: ExchangeId,
    state: ExchangeState,
    now: datetime,
    credit_entry_id: JournalEntryId | None = None,
    refund_entry_id: JournalEntryId | None = None,
    failure: str | None = None,
) -> bool:
    """Move a PENDING exchange to its final ``state``; ``False`` if it was not pending."""
    return update_where(
        session,
        ExchangeRow,
        ExchangeRow.id == exchange_id,
        ExchangeRow.state == ExchangeState.PENDING,
        state=state,
        credit_entry_id=credit_entry_id,
        refund_entry_id=refund_entry_id,
        failure=failure,
        settled_at=now,
    )


def list_pending_ids(session: Session, *, before: datetime, limit: int) -> list[ExchangeId]:
    """PENDING exchanges created before ``before``, oldest first."""
    return scalars(
        session,
        ExchangeId,
        select(ExchangeRow.id)
        .where(ExchangeRow.state == ExchangeState.PENDING, ExchangeRow.created_at < before)
        .order_by(ExchangeRow.created_at, ExchangeRow.id)
        .limit(limit),
    )


def count_pending_from(session: Session, *, account_id: AccountId) -> int:
    """How many PENDING exchanges take money from ``account_id`` (it cannot close meanwhile)."""
    return count_where(
        session,
        ExchangeRow.from_account_id == account_id,
        ExchangeRow.state == ExchangeState.PENDING,
    )


def list_exchanges(session: Session, *, account_id: AccountId, limit: int = 50) -> list[Exchange]:
    """The exchanges from (or, by number, to) ``account_id``, newest first."""
    rows = session.execute(
        select(ExchangeRow.__table__)
        .where(
            or_(ExchangeRow.from_account_id == account_id, ExchangeRow.to_account_id == account_id)
        )
        .order_by(ExchangeRow.id.desc())
        .limit(limit)
    ).all()
    return [_exchange(row) for row in rows]


def find_credit(
    session: Session, *, exchange_id: ExchangeId
) -> tuple[CreditOutcome, JournalEntryId | None, str | None] | None:
    """The target side's decision about ``exchange_id`` (outcome, MINT leg, failure), or
    ``None`` when it was not decided yet."""
    row = session.execute(
        select(
            ExchangeCreditRow.outcome, ExchangeCreditRow.entry_id, ExchangeCreditRow.failure
        ).where(ExchangeCreditRow.exchange_id == exchange_id)
    ).one_or_none()
    if row is None:
        return None
    return row.outcome, _opt(row.entry_id), row.failure


def insert_credit(
    session: Session,
    *,
    exchange_id: ExchangeId,
    economy_id: EconomyId,
    outcome: CreditOutcome,
    now: datetime,
    entry_id: JournalEntryId | None = None,
    failure: str | None = None,
) -> None:
    """Record the target side's one decision about ``exchange_id`` (unique: primary key)."""
    insert_row(
        session,
        ExchangeCreditRow,
        exchange_id=exchange_id,
        economy_id=economy_id,
        outcome=outcome,
        entry_id=entry_id,
        failure=failure,
        created_at=now,
    )


__all__ = [
    "count_pending_from",
    "find_credit",
    "find_exchange",
    "finish_exchange",
    "get_exchange",
    "insert_credit",
    "insert_exchange",
    "list_exchanges",
    "list_pending_ids",
    "lock_exchange",
]
