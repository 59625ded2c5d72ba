"""/consume and the consumable shortcuts; /vouch, /vouch add and /vouch remove."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, text

from tests.conftest import Snapshot
from tests.telegram.conftest import World


def _journal_size(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT COUNT(*) FROM transactions")).scalar_one())


def test_consume_and_shortcuts(world: World, engine: Engine) -> None:
    world.register(world.alice)
    session = world.session
    listing = session.say(world.alice, world.group, "/consume")
    assert listing.last.body.splitlines()[:2] == [
        "What you can buy (/consume name [count]):",
        "🧉 /drink: a bottle of club mate or soda, 1.00 €",
    ]
    two = session.say(world.alice, world.group, "/consume drink 2")
    assert two.texts == ["🧉 2× drink for 2.00 €. Your balance: -2.00 €"]
    pizza = session.say(world.alice, world.group, "/pizza")
    assert pizza.texts == ["🍕 1× pizza for 2.00 €. Your balance: -4.00 €"]
    water = session.say(world.alice, world.group, "/water 3")
    assert water.texts == ["💧 3× water for 1.50 €. Your balance: -5.50 €"]
    assert session.say(world.alice, world.group, "/zwegat").texts == [
        "The community Hackspace holds 5.50 €."
    ]
    assert _journal_size(engine) == 3


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (
            "/consume caviar",
            "There is nothing called “caviar”. Available: drink, water, pizza, ice.",
        ),
        ("/consume drink 11", "You can take 1 to 10 at once, not 11."),
        ("/consume drink 0", "You can take 1 to 10 at once, not 0."),
        ("/drink many", "The count must be a whole number from 1 to 10."),
        ("/drink -1", "The count must be a whole number from 1 to 10."),
        ("/drink 50", "You can take 1 to 10 at once, not 50."),
    ],
)
def test_refused_consumption_changes_nothing(
    world: World, snapshot: Callable[[], Snapshot], command: str, expected: str
) -> None:
    world.register(world.alice)
    before = snapshot()
    assert world.session.say(world.alice, world.group, command).texts == [expected]
    assert snapshot() == before


def test_consuming_beyond_the_debt_limit_is_refused(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    world.register(world.alice)
    for _ in range(5):
        world.session.say(world.alice, world.group, "/consume drink 10")
    before = snapshot()
    refused = world.session.say(world.alice, world.group, "/ice")
    assert refused.texts == [
        "You cannot pay 0.50 €: your balance of -50.00 € may not go below -50.00 €."
    ]
    assert snapshot() == before


def test_a_repeated_consume_update_takes_effect_once(
    world: World, engine: Engine, snapshot: Callable[[], Snapshot]
) -> None:
    world.register(world.alice)
    first = world.session.say(world.alice, world.group, "/drink")
    assert _journal_size(engine) == 1
    before = snapshot()
    same_process = world.session.replay(first.update_id)
    assert same_process.calls == ()
    world.session.restart()
    after_restart = world.session.replay(first.update_id)
    assert after_restart.texts == [
        "🧉 1× drink for 1.00 €. Your balance: -1.00 €\n"
        "(already done before; nothing happened twice)"
    ]
    assert snapshot() == before


def test_vouching_lets_a_guest_act_and_stopping_settles(world: World, engine: Engine) -> None:
    world.register(world.alice, world.bob)
    session = world.session
    world.register(world.dave, chat=world.private(world.dave))
    guest = session.say(world.dave, world.private(world.dave), "/vouch")
    assert guest.texts == [
        "Nobody vouches for you yet, so you may only read. Ask a member to send /vouch add @dave."
    ]
    added = session.say(world.alice, world.group, "/vouch add @dave")
    assert added.texts == [
        "You now vouch for Dave. Their debts (down to -20.00 €) are yours if you stop."
    ]
    assert session.say(world.dave, world.private(world.dave), "/vouch").texts == [
        "Alice Liddell vouches for you."
    ]
    assert session.say(world.alice, world.group, "/vouch").last.body.splitlines() == [
        "You vouch for:",
        "Dave: 0.00 €",
    ]
    session.say(world.dave, world.group, "/consume pizza 3")
    assert world.balance(world.dave) == -600
    removed = session.say(world.alice, world.group, "/vouch remove @dave")
    assert removed.texts == [
        "You no longer vouch for Dave. You paid their debt of 6.00 €.",
        "🤝 Vouching between you and Alice Liddell ended: 6.00 € came to you to settle. "
        "Balance: 0.00 €",
    ]
    assert removed.last.chat.id == world.dave.id  # privately, to the external
    assert world.balance(world.dave) == 0
    assert world.balance(world.alice) == -600
    assert world.db_user(world.dave).voucher is None


def test_vouching_by_reply(world: World) -> None:
    world.register(world.alice)
    world.register(world.dave, chat=world.private(world.dave))
    hello = world.session.say(world.dave, world.group, "hi, I'm new")
    added = world.session.say(world.alice, world.group, "/vouch add", reply_to=hello.message)
    assert added.texts[0].startswith("You now vouch for Dave.")
    world.session.say(world.dave, world.group, "/water")
    removed = world.session.say(world.alice, world.group, "/vouch remove", reply_to=hello.message)
    assert removed.texts[0] == "You no longer vouch for Dave. You paid their debt of 0.50 €."


def test_refused_vouching_changes_nothing(world: World, snapshot: Callable[[], Snapshot]) -> None:
    world.register(world.alice, world.bob)
    world.register(world.dave, chat=world.private(world.dave))
    world.register(world.eve, chat=world.private(world.eve))
    session = world.session
    session.say(world.bob, world.group, "/vouch add @dave")
    before = snapshot()
    cases = [
        (world.alice, "/vouch add @bob", "Bob is a member; only external guests need a voucher."),
        (world.alice, "/vouch add @dave", "Bob already vouches for Dave."),
        (world.bob, "/vouch add @dave", "You already vouch for Dave."),
        (world.alice, "/vouch remove @dave", "You don't vouch for Dave."),
        (world.alice, "/vouch add @ghost", "I don't know @ghost."),
        (world.dave, "/vouch add @alice", "External guests cannot vouch for others."),
        (
            world.eve,
            "/vouch add @dave",
            "As an external guest without a voucher you may only read.",
        ),
        (world.alice, "/vouch adopt @dave", "Use /vouch, /vouch add @user or /vouch remove @user."),
        (world.alice, "/vouch add", "Name the guest by @username or reply to their message."),
    ]
    for who, command, expected in cases:
        exchange = session.say(who, world.group, command)
        assert exchange.texts[0].startswith(expected), (command, exchange.texts)
    assert snapshot() == before


def test_a_guest_losing_the_voucher_has_its_open_communism_cancelled(
    world: World, engine: Engine
) -> None:
    world.register(world.alice, world.bob)
    world.register(world.dave, chat=world.private(world.dave))
    session = world.session
    session.say(world.alice, world.group, "/vouch add @dave")
    shown = session.say(world.dave, world.group, "/communism 9 kebab").last
    session.press(world.bob, shown, "🙋 Join")
    with engine.connect() as connection:
        cid = int(connection.execute(text("SELECT MAX(id) FROM collectives")).scalar_one())
    removed = session.say(world.alice, world.group, "/vouch remove @dave")
    assert removed.texts == [
        "You no longer vouch for Dave. Nothing had to be settled.\n"
        f"Their open communisms and payment requests were cancelled with it (no money moved): "
        f"#{cid}."
    ]
    now = session.api.message(world.group.id, shown.message_id)
    assert now.body.endswith("Status: cancelled")
    assert now.buttons == ()
    late = session.press_data(world.bob, shown, f"cl:{cid}")
    assert late.answer is not None
    assert late.answer.answer_text == f"#{cid} is already closed."
    assert (world.balance(world.dave), world.balance(world.bob)) == (0, 0)
