"""Recurring transfers on MariaDB with a fake clock: a simulated year, catch-up, failures."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from communitybot.core.clock import ManualClock
from communitybot.core.economy import (
    AccountType,
    Actor,
    NotificationKind,
    Permission,
    RecurringStatus,
    Subject,
    TransactionType,
)
from communitybot.core.errors import (
    AccountClosed,
    AmountOutOfRange,
    CrossEconomy,
    InvalidSchedule,
    IssuanceAccountForbidden,
    LacksPermission,
    SelfTransfer,
)
from communitybot.core.ids import AccountId, MemberId, RoleId
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy import (
    accounts,
    economies,
    notifications,
    permissions,
    recurring,
    transfers,
)
from tests.services.economy.conftest import Bank, new_key

ALICE, BOB = Actor(MemberId(10)), Actor(MemberId(11))


def standing_order(
    uow: UnitOfWork,
    clock: ManualClock,
    source: AccountId,
    target: AccountId,
    *,
    amount: int = 100,
    interval_days: int = 1,
    total: int | None = None,
    actor: Actor = ALICE,
    key: str | None = None,
) -> recurring.RecurringTransfer:
    return recurring.create_recurring_transfer(
        uow,
        actor,
        from_account_id=source,
        to_account_id=target,
        amount=amount,
        interval_days=interval_days,
        total=total,
        clock=clock,
        idempotency_key=key or new_key(),
    )


def test_a_replayed_key_creates_one_standing_order(
    bank: Bank, uow: UnitOfWork, clock: ManualClock
) -> None:
    alice, bob = bank.account(10, balance=10_000), bank.account(11)
    first = standing_order(uow, clock, alice.id, bob.id, key="dc:1")
    again = standing_order(uow, clock, alice.id, bob.id, key="dc:1")
    assert again == first
    listed = recurring.list_recurring_transfers(uow, ALICE, account_id=alice.id)
    assert [r.id for r in listed] == [first.id]


@pytest.mark.cluster
def test_concurrent_copies_of_one_create_make_one_standing_order(
    bank: Bank, uow: UnitOfWork, clock: ManualClock
) -> None:
    alice, bob = bank.account(10, balance=10_000), bank.account(11)
    barrier = threading.Barrier(8, timeout=30)

    def one_copy(_index: int) -> recurring.RecurringTransfer:
        barrier.wait()
        return standing_order(uow, clock, alice.id, bob.id, key="dc:2")

    with ThreadPoolExecutor(max_workers=8) as pool:
        created = list(pool.map(one_copy, range(8)))
    assert len({r.id for r in created}) == 1
    listed = recurring.list_recurring_transfers(uow, ALICE, account_id=alice.id)
    assert [r.id for r in listed] == [created[0].id]


def test_daily_transfer_over_a_simulated_year(
    bank: Bank, uow: UnitOfWork, clock: ManualClock
) -> None:
    alice = bank.account(10, balance=1_000_000)
    bob = bank.account(11)
    order = standing_order(uow, clock, alice.id, bob.id, amount=250, interval_days=1)
    start = clock.now()
    ticks = 0
    # ticks at irregular moments: hourly for a while, then daily-ish, then one long gap
    while clock.now() < start + timedelta(days=365, hours=12):
        step = timedelta(hours=1) if ticks < 100 else timedelta(hours=29 if ticks % 3 else 70)
        clock.advance(step)
        recurring.tick(uow, clock=clock)
        ticks += 1
    due = (clock.now() - start) // timedelta(days=1)
    assert bank.balance(bob.id) == due * 250
    assert bank.balance(alice.id) == 1_000_000 - due * 250
    payments = recurring.recurring_payments(uow, ALICE, recurring_id=order.id)
    assert [p.instalment for p in payments] == list(range(1, due + 1))
    # no drift: every instalment sits on the anchor's grid, whenever the tick ran
    assert [p.due_at for p in payments] == [start + timedelta(days=n) for n in range(1, due + 1)]
    assert all(p.failure is None and p.journal_id is not None for p in payments)
    entries = transfers.journal(uow, BOB, account_id=bob.id, limit=None)
    assert len(entries) == due
    assert {e.recurring_id for e in entries} == {order.id}
    assert {e.transaction_type for e in entries} == {TransactionType.PERSONAL}
    assert economies.check_economy(uow, economy_id=bank.economy.id).ok


def test_late_tick_catches_up_and_a_second_tick_pays_nothing(
    bank: Bank, uow: UnitOfWork, clock: ManualClock, snapshot: Callable[[], object]
) -> None:
    alice = bank.account(10, balance=10_000)
    bob = bank.account(11)
    standing_order(uow, clock, alice.id, bob.id, amount=100, interval_days=7)
    clock.advance(timedelta(days=30))
    report = recurring.tick(uow, clock=clock)
    assert (report.paid, report.failed) == (4, 0)
    assert bank.balance(bob.id) == 400
    before = snapshot()
    assert recurring.tick(uow, clock=clock) == recurring.TickReport()
    assert snapshot() == before
    clock.advance(timedelta(days=5))  # day 35: the fifth instalment
    assert recurring.tick(uow, clock=clock).paid == 1


@pytest.mark.cluster
def test_concurrent_ticks_pay_each_instalment_once(
    bank: Bank, uow: UnitOfWork, clock: ManualClock
) -> None:
    alice = bank.account(10, balance=1_000_000)
    bob = bank.account(11)
    orders = [standing_order(uow, clock, alice.id, bob.id, amount=1) for _ in range(5)]
    clock.advance(timedelta(days=20, hours=1))
    barrier = threading.Barrier(4)

    def run() -> recurring.TickReport:
        barrier.wait()
        return recurring.tick(uow, clock=clock)

    with ThreadPoolExecutor(max_workers=4) as pool:
        reports = [f.result() for f in [pool.submit(run) for _ in range(4)]]
    assert sum(r.paid for r in reports) == 5 * 20
    assert bank.balance(bob.id) == 100
    for order in orders:
        assert len(recurring.recurring_payments(uow, ALICE, recurring_id=order.id)) == 20


def test_failed_payment_is_recorded_notified_and_skipped(
    bank: Bank, uow: UnitOfWork, clock: ManualClock
) -> None:
    alice = bank.account(10, balance=250)
    bob = bank.account(11)
    order = standing_order(uow, clock, alice.id, bob.id, amount=100, interval_days=1)
    clock.advance(timedelta(days=3))
    report = recurring.tick(uow, clock=clock)
    assert (report.paid, report.failed) == (2, 1)
    payments = recurring.recurring_payments(uow, ALICE, recurring_id=order.id)
    assert [p.failure for p in payments] == [None, None, "InsufficientBalance"]
    assert payments[2].journal_id is None
    (failed,) = [
        n
        for n in notifications.pending_notifications(uow)
        if n.kind is NotificationKind.RECURRING_FAILED
    ]
    assert (failed.recipient_id, failed.recurring_id, failed.account_id, failed.amount) == (
        10,
        order.id,
        alice.id,
        100,
    )
    assert "instalment 3" in failed.detail
    bank.mint(alice.id, 1_000)
    clock.advance(timedelta(days=1))
    assert recurring.tick(uow, clock=clock).paid == 1  # the schedule goes on; no retry of #3
    stored = recurring.list_recurring_transfers(uow, ALICE, account_id=alice.id)[0]
    assert (stored.processed, stored.paid, stored.failed) == (4, 3, 1)
    assert bank.balance(bob.id) == 300


def test_permission_is_rechecked_at_each_payment(
    bank: Bank, uow: UnitOfWork, clock: ManualClock
) -> None:
    corp = bank.account(20, balance=10_000, kind=AccountType.CORPORATION)
    worker = bank.account(11)
    clerk = Actor(MemberId(30))
    permissions.set_permissions(
        uow,
        Actor(MemberId(20)),
        subject=Subject.user(clerk.user_id),
        permissions=[Permission.CREATE_RECURRING_TRANSFERS, Permission.TRANSFER_FUNDS],
        account_id=corp.id,
    )
    order = standing_order(
        uow, clock, corp.id, worker.id, amount=1_000, interval_days=7, actor=clerk
    )
    assert order.transaction_type is TransactionType.INCOME
    clock.advance(timedelta(days=7))
    assert recurring.tick(uow, clock=clock).paid == 1
    permissions.reset_permissions(
        uow,
        Actor(MemberId(20)),
        subject=Subject.user(clerk.user_id),
        permissions=[Permission.TRANSFER_FUNDS],
        account_id=corp.id,
    )
    clock.advance(timedelta(days=7))
    report = recurring.tick(uow, clock=clock)
    assert (report.paid, report.failed) == (0, 1)
    payments = recurring.recurring_payments(uow, Actor(MemberId(20)), recurring_id=order.id)
    assert payments[-1].failure == "LacksPermission"
    assert bank.balance(worker.id) == 1_000


def test_role_grants_are_recorded_with_the_order(
    bank: Bank, uow: UnitOfWork, clock: ManualClock
) -> None:
    government = bank.account(None, balance=10_000, kind=AccountType.GOVERNMENT, name="gov")
    citizen = bank.account(11)
    treasurer_role = 500
    permissions.set_permissions(
        uow,
        bank.admin,
        subject=Subject.role(treasurer_role),
        permissions=[Permission.CREATE_RECURRING_TRANSFERS, Permission.TRANSFER_FUNDS],
        account_id=government.id,
    )
    treasurer = Actor(MemberId(40), frozenset({RoleId(treasurer_role)}))
    standing_order(
        uow, clock, government.id, citizen.id, amount=500, interval_days=30, actor=treasurer
    )
    clock.advance(timedelta(days=60))
    assert recurring.tick(uow, clock=clock).paid == 2


def test_limited_order_finishes(bank: Bank, uow: UnitOfWork, clock: ManualClock) -> None:
    alice = bank.account(10, balance=10_000)
    bob = bank.account(11)
    order = standing_order(uow, clock, alice.id, bob.id, amount=100, interval_days=2, total=3)
    clock.advance(timedelta(days=100))
    report = recurring.tick(uow, clock=clock)
    assert (report.paid, report.finished) == (3, 1)
    (stored,) = recurring.list_recurring_transfers(uow, ALICE, account_id=alice.id)
    assert stored.status is RecurringStatus.FINISHED
    assert stored.id == order.id
    assert bank.balance(bob.id) == 300


def test_cancel_stops_payments(bank: Bank, uow: UnitOfWork, clock: ManualClock) -> None:
    alice = bank.account(10, balance=10_000)
    bob = bank.account(11)
    order = standing_order(uow, clock, alice.id, bob.id)
    with pytest.raises(LacksPermission):
        recurring.cancel_recurring_transfer(uow, BOB, recurring_id=order.id)
    cancelled = recurring.cancel_recurring_transfer(uow, ALICE, recurring_id=order.id)
    assert cancelled.status is RecurringStatus.CANCELLED
    clock.advance(timedelta(days=10))
    assert recurring.tick(uow, clock=clock) == recurring.TickReport()


def test_closing_an_account_cancels_its_orders(
    bank: Bank, uow: UnitOfWork, clock: ManualClock
) -> None:
    alice = bank.account(10, balance=10_000)
    bob = bank.account(11)
    standing_order(uow, clock, alice.id, bob.id)
    accounts.close_account(uow, BOB, account_id=bob.id)
    (stored,) = recurring.list_recurring_transfers(uow, ALICE, account_id=alice.id)
    assert stored.status is RecurringStatus.CANCELLED


@pytest.mark.parametrize(
    "case",
    [
        "zero",
        "interval",
        "total",
        "self",
        "issuance",
        "cross",
        "closed",
        "not owner",
        "view others",
    ],
)
def test_creation_refusals_change_nothing(
    bank: Bank, uow: UnitOfWork, clock: ManualClock, snapshot: Callable[[], object], case: str
) -> None:
    alice = bank.account(10, balance=10_000)
    bob = bank.account(11)
    closed = bank.account(12)
    accounts.close_account(uow, Actor(MemberId(12)), account_id=closed.id)
    gold = economies.create_economy(uow, bank.admin, currency_name="gold", currency_unit="g")
    foreign = accounts.open_account(
        uow, bank.admin, economy_id=gold.id, name="f", owner_id=MemberId(10)
    )
    actions: dict[str, tuple[Callable[[], object], type[Exception]]] = {
        "zero": (lambda: standing_order(uow, clock, alice.id, bob.id, amount=0), AmountOutOfRange),
        "interval": (
            lambda: standing_order(uow, clock, alice.id, bob.id, interval_days=0),
            InvalidSchedule,
        ),
        "total": (lambda: standing_order(uow, clock, alice.id, bob.id, total=0), InvalidSchedule),
        "self": (lambda: standing_order(uow, clock, alice.id, alice.id), SelfTransfer),
        "issuance": (
            lambda: standing_order(uow, clock, alice.id, bank.economy.issuance_account_id),
            IssuanceAccountForbidden,
        ),
        "cross": (lambda: standing_order(uow, clock, alice.id, foreign.id), CrossEconomy),
        "closed": (lambda: standing_order(uow, clock, alice.id, closed.id), AccountClosed),
        "not owner": (
            lambda: standing_order(uow, clock, alice.id, bob.id, actor=BOB),
            LacksPermission,
        ),
        "view others": (
            lambda: recurring.list_recurring_transfers(uow, BOB, account_id=alice.id),
            LacksPermission,
        ),
    }
    action, error = actions[case]
    before = snapshot()
    with pytest.raises(error):
        action()
    assert snapshot() == before
