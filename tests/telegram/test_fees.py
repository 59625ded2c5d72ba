"""Membership fees end to end (issue 12, point 4): a treasurer's /fee, the bot's fees job (on
PTB's job queue) charging the due instalments over a simulated year (the container's clock), the
members told in private of every charge, paid or failed; refusals change no row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from communitybot.core.clock import ManualClock
from communitybot.services import community as services
from communitybot.telegram import CHARGE_DUE_FEES
from tests.conftest import Snapshot
from tests.telegram.conftest import World


@pytest.fixture
def club(world: World) -> World:
    """Alice (treasurer), Bob (with a private chat) and Dave are members."""
    world.register(world.alice, world.bob, world.dave)
    world.session.say(world.bob, world.private(world.bob), "/start")
    alice = world.db_user(world.alice)
    assert services.grant_role(world.uow, user=alice.id, role="treasurer")
    return world


def _clock(world: World) -> ManualClock:
    clock = world.session.container.clock
    assert isinstance(clock, ManualClock)
    return clock


def test_a_monthly_fee_over_a_year_through_the_bots_job(
    club: World, snapshot: Callable[[], Snapshot]
) -> None:
    world, session = club, club.session
    [added] = session.say(world.alice, world.group, "/fee add 15 membership").texts
    assert added.startswith("Fee set up: #")
    assert added.endswith(
        "15.00 € every 30 days from every member: membership (next 2026-01-31 00:00)"
    )
    before = snapshot()
    assert session.run_jobs(CHARGE_DUE_FEES).texts == []  # nothing due yet
    assert snapshot() == before

    told: list[str] = []
    for _month in range(12):
        _clock(world).advance(timedelta(days=30))
        run = session.run_jobs(CHARGE_DUE_FEES)
        told.extend(m.body for m in run.sent if m.chat.id == world.bob.id)
    assert told[:3] == [
        "💳 The fee “membership” of 15.00 € was charged. Your balance: -15.00 €.",
        "💳 The fee “membership” of 15.00 € was charged. Your balance: -30.00 €.",
        "💳 The fee “membership” of 15.00 € was charged. Your balance: -45.00 €.",
    ]
    assert told[3] == (
        "💳 The fee “membership” of 15.00 € could not be charged: your balance of -45.00 € may "
        "not go lower. Please pay into the cash box or talk to a treasurer."
    )
    assert len(told) == 12
    assert world.balance(world.bob) == -4500
    assert world.balance(world.dave) == -4500  # charged, but told nothing: no private chat
    # every notice went out once
    before = snapshot()
    assert session.run_jobs(CHARGE_DUE_FEES).texts == []
    assert snapshot() == before


def test_fee_commands_and_refusals(club: World, snapshot: Callable[[], Snapshot]) -> None:
    world, session = club, club.session
    before = snapshot()
    assert session.say(world.dave, world.group, "/fee add 5 door").texts == [
        "You may not manage membership fees; the treasurers or the administrator decide who may."
    ]
    assert session.say(world.alice, world.group, "/fee add 5").texts == [
        "Usage: /fee [add amount [@user | role:name] description | stop id]\n"
        "Example: /fee add 15 membership"
    ]
    assert session.say(world.alice, world.group, "/fee add 5 role:nobody door").texts == [
        "There is no role “nobody”."
    ]
    assert session.say(world.alice, world.group, "/fee").texts == [
        "Membership fees:\nNo fee is set up."
    ]
    assert snapshot() == before
    [made] = session.say(world.alice, world.group, "/fee add 2,50 @bob locker").texts
    bob = world.db_user(world.bob)
    assert f"2.50 € every 30 days from Bob (member #{bob.id}): locker" in made
    [listed] = session.say(world.alice, world.group, "/fee").texts
    assert f"from Bob (member #{bob.id}): locker" in listed
    fee_id = services.list_fees(world.uow)[0].id
    [stopped] = session.say(world.alice, world.group, f"/fee stop {fee_id}").texts
    assert stopped.startswith(f"Fee stopped: #{fee_id}")
    assert services.list_fees(world.uow) == ()
