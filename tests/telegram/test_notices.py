"""Notices end to end (issue 12, point 7): every kind goes out privately through the one path,
and each kind a member turned off with /notify is not sent, while the kinds left on are; the
real bot against the fake Bot API, the data in MariaDB; refusals change no row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import Engine, text

from communitybot.core.clock import ManualClock
from communitybot.devtools import SimUser
from communitybot.services import community as services
from communitybot.telegram import CHARGE_DUE_FEES
from tests.conftest import Snapshot
from tests.telegram.conftest import World


@pytest.fixture
def club(world: World) -> World:
    """Alice (treasurer), Bob and Dave are members; Alice and Bob have a private chat."""
    world.register(world.alice, world.bob, world.dave)
    for who in (world.alice, world.bob):
        world.session.say(who, world.private(who), "/start")
    alice = world.db_user(world.alice)
    assert services.grant_role(world.uow, user=alice.id, role="treasurer")
    return world


def _told(world: World, sent: object, user: SimUser) -> list[str]:
    return [m.body for m in getattr(sent, "sent", ()) if m.chat.id == user.id]


def _mute(world: World, user: SimUser, kind: str, on: bool = False) -> None:
    switch = "on" if on else "off"
    [answer] = world.session.say(user, world.private(user), f"/notify {switch} {kind}").texts
    assert answer.startswith("🔔" if on else "🔕")


def _last_id(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(f"SELECT MAX(id) FROM {table}")).scalar_one())


def test_deposit_notices_follow_the_members_choice(club: World, engine: Engine) -> None:
    world, session = club, club.session
    _mute(world, world.bob, "deposit")
    quiet = session.say(world.alice, world.group, "/deposit 5 @bob")
    assert quiet.texts == [
        "Deposit of 5.00 € for Bob booked.\nThe cash box should now hold 5.00 €."
    ]
    assert _told(world, quiet, world.bob) == []
    assert world.balance(world.bob) == 500
    _mute(world, world.bob, "deposit", on=True)
    loud = session.say(world.alice, world.group, "/withdraw 2 @bob")
    assert _told(world, loud, world.bob) == [
        "Alice Liddell recorded that you took 2.00 € out of the cash box. Your balance: 3.00 €."
    ]
    # a deposit waiting for the treasurers: Alice turned the kind off, so only the answer
    _mute(world, world.alice, "deposit")
    waiting = session.say(world.bob, world.group, "/deposit 4")
    assert len(waiting.texts) == 1
    assert _told(world, waiting, world.alice) == []
    _mute(world, world.alice, "deposit", on=True)
    again = session.say(world.bob, world.group, "/deposit 6")
    d = _last_id(engine, "cash_deposits")
    assert _told(world, again, world.alice) == [
        f"Bob recorded deposit #{d} of 6.00 € into the cash box. Once the cash is there: "
        f"/cashbox confirm {d} (or /cashbox reject {d})."
    ]
    _mute(world, world.bob, "deposit")
    decided = session.say(world.alice, world.group, f"/cashbox confirm {d}")
    assert _told(world, decided, world.bob) == []
    assert world.balance(world.bob) == 900


def test_reversal_notices_follow_the_members_choice(club: World, engine: Engine) -> None:
    world, session = club, club.session
    session.say(world.bob, world.group, "/pizza")
    first = _last_id(engine, "transactions")
    _mute(world, world.bob, "reversal")
    quiet = session.say(world.alice, world.group, f"/reverse {first}")
    assert quiet.texts[0].startswith(f"Reversed transaction #{first}")
    assert _told(world, quiet, world.bob) == []
    assert world.balance(world.bob) == 0
    session.say(world.bob, world.group, "/pizza")
    second = _last_id(engine, "transactions")
    _mute(world, world.bob, "reversal", on=True)
    loud = session.say(world.alice, world.group, f"/reverse {second}")
    [told] = _told(world, loud, world.bob)
    assert told.startswith(f"Alice Liddell reversed transaction #{second}: 2.00 € went back")


def test_fee_notices_follow_the_members_choice(club: World) -> None:
    world, session = club, club.session
    clock = session.container.clock
    assert isinstance(clock, ManualClock)
    session.say(world.alice, world.group, "/fee add 15 membership")
    _mute(world, world.bob, "fee")
    clock.advance(timedelta(days=30))
    quiet = session.run_jobs(CHARGE_DUE_FEES)
    assert _told(world, quiet, world.bob) == []
    assert world.balance(world.bob) == -1500  # charged all the same
    _mute(world, world.bob, "fee", on=True)
    assert _told(world, session.run_jobs(CHARGE_DUE_FEES), world.bob) == []  # not owed later
    clock.advance(timedelta(days=30))
    loud = session.run_jobs(CHARGE_DUE_FEES)
    assert _told(world, loud, world.bob) == [
        "💳 The fee “membership” of 15.00 € was charged. Your balance: -30.00 €."
    ]


def test_low_stock_notices_follow_the_treasurers_choice(club: World) -> None:
    world, session = club, club.session
    session.say(world.alice, world.group, "/article stock water 3 1")
    _mute(world, world.alice, "low_stock")
    session.say(world.bob, world.group, "/water")
    quiet = session.say(world.bob, world.group, "/water")
    assert len(quiet.texts) == 1
    assert _told(world, quiet, world.alice) == []
    session.say(world.alice, world.group, "/article stock water 3 1")
    _mute(world, world.alice, "low_stock", on=True)
    session.say(world.bob, world.group, "/water")
    loud = session.say(world.bob, world.group, "/water")
    assert _told(world, loud, world.alice) == ["Only 1 left of water: time to restock."]


def test_deactivating_a_voucher_sends_the_vouch_notices(club: World) -> None:
    world, session = club, club.session
    session.say(world.dave, world.private(world.dave), "/start")
    session.say(world.alice, world.group, "/member @dave external")
    session.say(world.bob, world.group, "/vouch add @dave")
    session.say(world.dave, world.group, "/drink 2")
    _mute(world, world.dave, "vouch")
    done = session.say(world.alice, world.group, "/member @bob inactive")
    assert done.texts[0].startswith("Bob is deactivated")
    assert _told(world, done, world.dave) == []  # turned off
    assert _told(world, done, world.bob) == [
        "🤝 Vouching between you and Dave ended: 2.00 € went from you to settle. Balance: -2.00 €"
    ]
    assert (world.balance(world.bob), world.balance(world.dave)) == (-200, 0)
    # the other way round: the voucher muted, the guest told
    session.say(world.alice, world.group, "/member @bob active")
    session.say(world.bob, world.group, "/vouch add @dave")
    session.say(world.dave, world.group, "/drink")
    _mute(world, world.dave, "vouch", on=True)
    _mute(world, world.bob, "vouch")
    again = session.say(world.alice, world.group, "/member @bob inactive")
    assert _told(world, again, world.bob) == []
    assert _told(world, again, world.dave) == [
        "🤝 Vouching between you and Bob ended: 1.00 € came to you to settle. Balance: 0.00 €"
    ]


def test_notify_refusals_change_nothing(club: World, snapshot: Callable[[], Snapshot]) -> None:
    world, session = club, club.session
    private = world.private(world.bob)
    before = snapshot()
    assert session.say(world.bob, private, "/notify off deposits").texts == [
        "There is no kind of notification “deposits”. Kinds: received, communism, payment, "
        "vouch, reminder, deposit, reversal, fee, low_stock."
    ]
    assert session.say(world.bob, private, "/notify off").texts[0].startswith("Usage: /notify")
    assert session.say(world.bob, private, "/notify mute fee").texts[0].startswith("Usage:")
    assert snapshot() == before
    nobody = session.say(world.eve, world.private(world.eve), "/notify off fee")
    assert len(nobody.texts) == 1
    assert snapshot() == before  # an unregistered person turns nothing off
