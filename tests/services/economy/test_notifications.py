"""Balance subscriptions and the notification outbox on MariaDB."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from communitybot.core.clock import ManualClock
from communitybot.core.economy import Actor, Notification, NotificationKind
from communitybot.core.errors import InsufficientBalance, LacksPermission
from communitybot.core.ids import MemberId
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy import notifications, transfers
from tests.services.economy.conftest import ADMIN, Bank

ALICE, BOB, CAROL = Actor(MemberId(10)), Actor(MemberId(11)), Actor(MemberId(12))


def test_subscribers_get_one_update_per_change(
    bank: Bank, uow: UnitOfWork, clock: ManualClock
) -> None:
    alice = bank.account(10, balance=1_000)
    bob = bank.account(11)
    assert notifications.subscribe(uow, ALICE, account_id=alice.id, clock=clock)
    assert not notifications.subscribe(uow, ALICE, account_id=alice.id, clock=clock)
    notifications.subscribe(uow, BOB, account_id=bob.id)
    notifications.subscribe(uow, ADMIN, account_id=bob.id)
    assert notifications.subscribers(uow, BOB, account_id=bob.id) == [1, 11]
    result = transfers.transfer(
        uow,
        ALICE,
        from_account_id=alice.id,
        to_account_id=bob.id,
        amount=300,
        idempotency_key="t",
        clock=clock,
    )
    pending = notifications.pending_notifications(uow)
    assert sorted((n.recipient_id, n.account_id, n.amount) for n in pending) == [
        (1, bob.id, 300),
        (10, alice.id, -300),
        (11, bob.id, 300),
    ]
    assert {(n.kind, n.journal_id, n.created_at) for n in pending} == {
        (NotificationKind.BALANCE_UPDATE, result.entry.id, clock.now())
    }


def test_refused_or_replayed_operations_queue_nothing(
    bank: Bank, uow: UnitOfWork, snapshot: Callable[[], object]
) -> None:
    alice = bank.account(10, balance=100)
    bob = bank.account(11)
    notifications.subscribe(uow, BOB, account_id=bob.id)
    transfers.transfer(
        uow,
        ALICE,
        from_account_id=alice.id,
        to_account_id=bob.id,
        amount=50,
        idempotency_key="once",
    )
    before = snapshot()
    with pytest.raises(InsufficientBalance):
        bank.pay(ALICE, alice.id, bob.id, 500)
    transfers.transfer(
        uow,
        ALICE,
        from_account_id=alice.id,
        to_account_id=bob.id,
        amount=50,
        idempotency_key="once",
    )
    assert snapshot() == before
    assert len(notifications.pending_notifications(uow)) == 1


def test_deliver_pending_sends_outside_and_marks(
    bank: Bank, uow: UnitOfWork, clock: ManualClock
) -> None:
    alice = bank.account(10, balance=1_000)
    bob = bank.account(11)
    notifications.subscribe(uow, BOB, account_id=bob.id)
    for amount in (1, 2, 3):
        bank.pay(ALICE, alice.id, bob.id, amount)
    sent: list[Notification] = []

    def flaky(notification: Notification) -> None:
        if notification.amount == 3:
            raise ConnectionError("chat platform down")
        sent.append(notification)

    with pytest.raises(ConnectionError):
        notifications.deliver_pending(uow, flaky, clock=clock, limit=2)
    assert [n.amount for n in sent] == [1, 2]
    assert [n.amount for n in notifications.pending_notifications(uow)] == [3]
    assert notifications.deliver_pending(uow, sent.append, clock=clock) == 1
    assert notifications.pending_notifications(uow) == []
    assert notifications.mark_delivered(uow, ids=[n.id for n in sent]) == 0


def test_subscribing_needs_view_balance(
    bank: Bank, uow: UnitOfWork, snapshot: Callable[[], object]
) -> None:
    alice = bank.account(10)
    before = snapshot()
    with pytest.raises(LacksPermission):
        notifications.subscribe(uow, CAROL, account_id=alice.id)
    with pytest.raises(LacksPermission):
        notifications.subscribers(uow, CAROL, account_id=alice.id)
    assert not notifications.unsubscribe(uow, CAROL, account_id=alice.id)
    assert snapshot() == before
    notifications.subscribe(uow, ALICE, account_id=alice.id)
    assert notifications.unsubscribe(uow, ALICE, account_id=alice.id)
