"""Balance-update subscriptions and the notification outbox.

Services write notifications in the same transaction as the change (so one exists exactly when
the change committed); nothing here talks to a chat platform. An adapter calls
:func:`deliver_pending` with its own send function: notifications are read, sent outside any
transaction, then marked delivered (at least once: a crash between sending and marking sends
again).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from sqlalchemy.orm import Session

from communitybot.core.clock import Clock
from communitybot.core.economy import Notification, Permission, Principal
from communitybot.core.ids import AccountId, MemberId, NotificationId
from communitybot.db.brokers.economy import accounts as account_broker
from communitybot.db.brokers.economy import notifications as outbox
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy._common import (
    SYSTEM_CLOCK,
    authorize,
    open_account,
    read_viewable,
)

DELIVERY_BATCH = 100
"""Notifications handed to the adapter per round."""


def subscribe(
    uow: UnitOfWork, principal: Principal, *, account_id: AccountId, clock: Clock = SYSTEM_CLOCK
) -> bool:
    """Follow an account's balance updates; ``False`` if already following.

    Needs ``VIEW_BALANCE`` on the account.
    """

    def run(session: Session) -> bool:
        account = open_account(account_broker.get_account(session, account_id=account_id))
        authorize(session, principal, Permission.VIEW_BALANCE, account=account)
        if outbox.find_subscription(session, account_id=account.id, member_id=principal.user_id):
            return False
        outbox.insert_subscription(
            session, account_id=account.id, member_id=principal.user_id, now=clock.now()
        )
        return True

    return uow.run(run)


def unsubscribe(uow: UnitOfWork, principal: Principal, *, account_id: AccountId) -> bool:
    """Stop following an account; ``False`` if not following. Anyone may stop."""

    def run(session: Session) -> bool:
        account_broker.get_account(session, account_id=account_id)
        return outbox.delete_subscription(
            session, account_id=account_id, member_id=principal.user_id
        )

    return uow.run(run)


def subscribers(uow: UnitOfWork, principal: Principal, *, account_id: AccountId) -> list[MemberId]:
    """Who follows an account. Needs ``VIEW_BALANCE`` on it."""

    read = partial(outbox.list_subscribers, account_id=account_id)
    return read_viewable(uow, principal, account_id, read)


def pending_notifications(uow: UnitOfWork, *, limit: int = DELIVERY_BATCH) -> list[Notification]:
    """Undelivered notifications, oldest first (for adapters)."""
    return uow.read(lambda session: outbox.list_pending(session, limit=limit))


def mark_delivered(
    uow: UnitOfWork, *, ids: Iterable[NotificationId], clock: Clock = SYSTEM_CLOCK
) -> int:
    """Mark notifications delivered; return how many were still pending."""
    wanted = list(ids)
    return uow.run(lambda session: outbox.mark_delivered(session, ids=wanted, now=clock.now()))


def deliver_pending(
    uow: UnitOfWork,
    send: Callable[[Notification], None],
    *,
    clock: Clock = SYSTEM_CLOCK,
    limit: int = DELIVERY_BATCH,
) -> int:
    """Hand each pending notification to ``send`` (outside any transaction), then mark it.

    A notification whose ``send`` raises stays pending for the next round and stops this one.
    Returns how many were delivered.
    """
    delivered = 0
    while True:
        batch = pending_notifications(uow, limit=limit)
        if not batch:
            return delivered
        done: list[NotificationId] = []
        try:
            for notification in batch:
                send(notification)
                done.append(notification.id)
        finally:
            if done:
                delivered += mark_delivered(uow, ids=done, clock=clock)
        if len(batch) < limit:
            return delivered


__all__ = [
    "DELIVERY_BATCH",
    "deliver_pending",
    "mark_delivered",
    "pending_notifications",
    "subscribe",
    "subscribers",
    "unsubscribe",
]
