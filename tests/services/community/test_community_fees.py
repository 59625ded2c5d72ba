"""Membership fees (issue 12, point 4): recurring transfers of the community on the core's
schedule, run over a simulated year with the injected clock; a failed instalment is recorded and
the member is owed a notice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select

from communitybot.core.clock import ManualClock
from communitybot.core.community import UserInfo
from communitybot.core.errors import AmountOutOfRange, CommunityActionDenied, InvalidSchedule
from communitybot.core.fees import FeeStatus
from communitybot.db.models import Transaction
from communitybot.services import community as svc
from tests.conftest import Snapshot
from tests.support.community import World, assert_refused, make_treasurer, new_key, race, tid_of

pytestmark = pytest.mark.cluster


@pytest.fixture
def tess(world: World) -> UserInfo:
    return make_treasurer(world)


def _fee_rows(world: World) -> list[tuple[int, int, str | None]]:
    return world.uow.read(
        lambda s: [
            (r.sender, r.amount, r.reason)
            for r in s.scalars(select(Transaction).order_by(Transaction.id))
            if (r.reason or "").startswith("fee:")
        ]
    )


def test_a_monthly_fee_over_a_simulated_year(
    world: World, tess: UserInfo, clock: ManualClock
) -> None:
    ada, bob = world.user("Ada"), world.user("Bob", balance=1000)
    guest = world.user("Guest", internal=False)
    fee = svc.create_fee(
        world.uow, tid=tid_of(tess), amount=500, description="membership", key="f", clock=clock
    )
    assert (
        svc.create_fee(
            world.uow, tid=tid_of(tess), amount=500, description="membership", key="f", clock=clock
        ).id
        == fee.id
    )  # replayed: one fee
    assert svc.run_due_fees(world.uow, world.rules, clock=clock).instalments == 0
    for _day in range(365):
        clock.advance(timedelta(days=1))
        svc.run_due_fees(world.uow, world.rules, clock=clock)
    # 12 instalments in 365 days (every 30 days), each member charged once per instalment
    rows = _fee_rows(world)
    paid = {u.id: [r for r in rows if r[0] == u.id] for u in (ada, bob, tess, guest)}
    assert len(paid[tess.id]) == 10  # from 0 down to -50.00: ten fees; then refused
    assert len(paid[ada.id]) == 10
    assert len(paid[bob.id]) == 12  # started at 10.00: ends at -50.00 after twelve
    assert paid[guest.id] == []  # externals pay no membership fee
    assert paid[ada.id][0][2] == "fee: membership (1)"
    assert world.balance(ada) == -5000
    notices = svc.fee_notices(world.uow)
    failed = [n for n in notices if n.failure is not None]
    assert sorted((n.user_id, n.instalment, n.failure) for n in failed) == sorted(
        [
            (ada.id, 11, "InsufficientBalance"),
            (ada.id, 12, "InsufficientBalance"),
            (tess.id, 11, "InsufficientBalance"),
            (tess.id, 12, "InsufficientBalance"),
        ]
    )
    assert len(notices) == 36
    n = notices[0]
    assert svc.fee_notice_delivered(
        world.uow, fee_id=n.fee_id, instalment=n.instalment, user_id=n.user_id
    )
    assert not svc.fee_notice_delivered(
        world.uow, fee_id=n.fee_id, instalment=n.instalment, user_id=n.user_id
    )
    assert len(svc.fee_notices(world.uow)) == 35


def test_a_late_run_catches_up_and_concurrent_runs_charge_once(
    world: World, tess: UserInfo, clock: ManualClock
) -> None:
    ada = world.user("Ada", balance=5000)
    svc.create_fee(
        world.uow,
        tid=tid_of(tess),
        amount=300,
        description="rent",
        user=ada.id,
        total=3,
        key=new_key(),
        clock=clock,
    )
    clock.advance(timedelta(days=200))

    def body(index: int) -> str:
        return str(svc.run_due_fees(world.uow, world.rules, clock=clock).paid)

    assert sum(int(x) for x in race(3, body)) == 3
    assert [r[2] for r in _fee_rows(world)] == [
        "fee: rent (1/3)",
        "fee: rent (2/3)",
        "fee: rent (3/3)",
    ]
    assert world.balance(ada) == 4100
    assert svc.list_fees(world.uow) == ()  # finished


def test_a_role_fee_charges_its_holders_and_a_stopped_fee_charges_nobody(
    world: World, tess: UserInfo, clock: ManualClock
) -> None:
    ada, bob = world.user("Ada"), world.user("Bob")
    fee = svc.create_fee(
        world.uow,
        tid=tid_of(tess),
        amount=200,
        description="door",
        role="treasurer",
        key=new_key(),
        clock=clock,
    )
    clock.advance(timedelta(days=31))
    svc.run_due_fees(world.uow, world.rules, clock=clock)
    assert [r[0] for r in _fee_rows(world)] == [tess.id]
    stopped = svc.cancel_fee(world.uow, tid=tid_of(tess), fee_id=fee.id)
    assert stopped.status is FeeStatus.CANCELLED
    clock.advance(timedelta(days=31))
    assert svc.run_due_fees(world.uow, world.rules, clock=clock).instalments == 0
    assert (world.balance(ada), world.balance(bob)) == (0, 0)


def test_fee_refusals_change_nothing(
    world: World, tess: UserInfo, clock: ManualClock, snapshot: Callable[[], Snapshot]
) -> None:
    ada = world.user("Ada")
    assert_refused(
        snapshot,
        lambda: svc.create_fee(
            world.uow, tid=tid_of(ada), amount=100, description="x", key=new_key(), clock=clock
        ),
        CommunityActionDenied,
    )
    assert_refused(
        snapshot,
        lambda: svc.create_fee(
            world.uow, tid=tid_of(tess), amount=0, description="x", key=new_key(), clock=clock
        ),
        AmountOutOfRange,
    )
    assert_refused(
        snapshot,
        lambda: svc.create_fee(
            world.uow,
            tid=tid_of(tess),
            amount=100,
            description="x",
            interval_days=0,
            key=new_key(),
            clock=clock,
        ),
        InvalidSchedule,
    )
