"""All SQL of balance subscriptions and the notification outbox.

Notifications are inserted in the same transaction as the change they tell about, so they exist
exactly when it committed; adapters read and deliver them afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, insert, literal, select, update
from sqlalchemy.orm import Session

from communitybot.core.economy import Notification, NotificationKind
from communitybot.core.ids import (
    AccountId,
    EconomyId,
    JournalEntryId,
    MemberId,
    NotificationId,
    RecurringTransferId,
    TaxCycleId,
)
from communitybot.db.brokers.economy._util import (
    affected,
    column_where,
    count_where,
    delete_where,
    insert_row,
    record,
)
from communitybot.db.brokers.economy.taxes import chunk_legs
from communitybot.db.models.economy import (
    NOTIFICATION_KIND,
    JournalRow,
    NotificationRow,
    SubscriptionRow,
    UtcDateTime,
)

_OUTBOX_COLUMNS = [
    NotificationRow.economy_id,
    NotificationRow.recipient_id,
    NotificationRow.kind,
    NotificationRow.account_id,
    NotificationRow.journal_id,
    NotificationRow.amount,
    NotificationRow.detail,
    NotificationRow.created_at,
]


def _notification(row: Any) -> Notification:
    return record(Notification, row)


def find_subscription(session: Session, *, account_id: AccountId, member_id: MemberId) -> bool:
    """Whether ``member_id`` follows ``account_id``."""
    return (
        count_where(
            session,
            SubscriptionRow.account_id == account_id,
            SubscriptionRow.member_id == member_id,
        )
        > 0
    )


def insert_subscription(
    session: Session, *, account_id: AccountId, member_id: MemberId, now: datetime
) -> None:
    """Follow ``account_id`` (the caller checked it is not followed yet)."""
    insert_row(session, SubscriptionRow, account_id=account_id, member_id=member_id, created_at=now)


def delete_subscription(session: Session, *, account_id: AccountId, member_id: MemberId) -> bool:
    """Stop following; ``False`` if there was nothing to stop."""
    return delete_where(session, SubscriptionRow, account_id=account_id, member_id=member_id)


def list_subscribers(session: Session, *, account_id: AccountId) -> list[MemberId]:
    """Who follows ``account_id``, by id."""
    return column_where(session, MemberId, SubscriptionRow.member_id, account_id=account_id)


def enqueue_balance_updates(
    session: Session,
    *,
    economy_id: EconomyId,
    journal_id: JournalEntryId,
    deltas: Mapping[AccountId, int],
    detail: str,
    now: datetime,
) -> None:
    """Queue one BALANCE_UPDATE per subscriber of each changed account, in one statement."""
    changed = {a: d for a, d in deltas.items() if d != 0}
    if not changed:
        return
    amount = case(
        *((SubscriptionRow.account_id == a, literal(d)) for a, d in sorted(changed.items())),
        else_=literal(0),
    )
    source = select(
        literal(economy_id),
        SubscriptionRow.member_id,
        literal(NotificationKind.BALANCE_UPDATE, NOTIFICATION_KIND),
        SubscriptionRow.account_id,
        literal(journal_id),
        amount,
        literal(detail[:255]),
        literal(now, UtcDateTime()),
    ).where(SubscriptionRow.account_id.in_(sorted(changed)))
    session.execute(insert(NotificationRow).from_select(_OUTBOX_COLUMNS, source))


def enqueue_cycle_updates(
    session: Session,
    *,
    economy_id: EconomyId,
    cycle_id: TaxCycleId,
    after_id: int,
    now: datetime,
) -> None:
    """Queue a BALANCE_UPDATE to each subscriber of each account a chunk of a tax cycle changed
    (the cycle's journal legs above ``after_id``, see
    :func:`~communitybot.db.brokers.economy.taxes.chunk_legs`)."""
    for account_column, sign in ((JournalRow.from_account_id, -1), (JournalRow.to_account_id, 1)):
        source = chunk_legs(
            select(
                literal(economy_id),
                SubscriptionRow.member_id,
                literal(NotificationKind.BALANCE_UPDATE, NOTIFICATION_KIND),
                account_column,
                literal(None),
                func.sum(JournalRow.amount) * sign,
                literal(f"tax_cycle:{cycle_id}"),
                literal(now, UtcDateTime()),
            )
            .select_from(JournalRow)
            .join(SubscriptionRow, SubscriptionRow.account_id == account_column),
            cycle_id,
            after_id,
        ).group_by(SubscriptionRow.member_id, account_column)
        session.execute(insert(NotificationRow).from_select(_OUTBOX_COLUMNS, source))


def enqueue(
    session: Session,
    *,
    economy_id: EconomyId,
    recipient_id: MemberId,
    kind: NotificationKind,
    account_id: AccountId,
    amount: int,
    detail: str,
    now: datetime,
    journal_id: JournalEntryId | None = None,
    recurring_id: RecurringTransferId | None = None,
) -> None:
    """Queue one notification."""
    insert_row(
        session,
        NotificationRow,
        economy_id=economy_id,
        recipient_id=recipient_id,
        kind=kind,
        account_id=account_id,
        journal_id=journal_id,
        recurring_id=recurring_id,
        amount=amount,
        detail=detail[:255],
        created_at=now,
    )


def list_pending(session: Session, *, limit: int = 100) -> list[Notification]:
    """Undelivered notifications, oldest first."""
    statement = (
        select(NotificationRow.__table__)
        .where(NotificationRow.delivered_at.is_(None))
        .order_by(NotificationRow.id)
        .limit(limit)
    )
    return [_notification(r) for r in session.execute(statement).all()]


def mark_delivered(session: Session, *, ids: Iterable[NotificationId], now: datetime) -> int:
    """Mark notifications delivered; return how many were still pending."""
    wanted = sorted(set(ids))
    if not wanted:
        return 0
    result = session.execute(
        update(NotificationRow)
        .where(NotificationRow.id.in_(wanted), NotificationRow.delivered_at.is_(None))
        .values(delivered_at=now)
    )
    return affected(result)


__all__ = [
    "delete_subscription",
    "enqueue",
    "enqueue_balance_updates",
    "enqueue_cycle_updates",
    "find_subscription",
    "insert_subscription",
    "list_pending",
    "list_subscribers",
    "mark_delivered",
]
