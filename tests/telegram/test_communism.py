"""/communism: Join, Leave, Externals + and -, Accept (shares shown), Cancel, and refusals."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, text

from communitybot.devtools import StoredMessage
from communitybot.services import community as services
from tests.conftest import Snapshot
from tests.telegram.conftest import World


def _current(world: World, message: StoredMessage) -> StoredMessage:
    return world.session.api.message(message.chat.id, message.message_id)


def _collective_id(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT MAX(id) FROM collectives")).scalar_one())


@pytest.fixture
def members(world: World) -> World:
    """Alice, Bob and Carol are members; Dave is an external Alice vouches for."""
    world.register(world.alice, world.bob, world.carol)
    world.register(world.dave, chat=world.private(world.dave))
    world.session.say(world.alice, world.group, "/vouch add @dave")
    return world


def test_a_communism_is_joined_and_settled_with_shares(members: World, engine: Engine) -> None:
    world = members
    session = world.session
    message = session.say(world.alice, world.group, "/communism 30 pizza night").last
    assert message.body.splitlines() == [
        f"🤝 Communism #{_collective_id(engine)} by Alice Liddell",
        "Amount: 30.00 €",
        "For: pizza night",
        "Participants (1): Alice Liddell",
        "Externals: 0",
        "Each pays about 30.00 €.",
        "Status: open",
    ]
    assert [b.text for b in message.buttons] == [
        "🙋 Join", "🚪 Leave", "Externals +", "Externals −", "✅ Accept", "🗑 Cancel",
    ]  # fmt: skip

    for who in (world.bob, world.carol, world.dave):
        joined = session.press(who, message, "🙋 Join")
        assert joined.answer is not None
        assert joined.answer.answered
    plus = session.press(world.alice, message, "Externals +")
    assert plus.answer is not None
    assert plus.answer.answer_text == "Externals: 1"
    body = _current(world, message).body
    assert "Participants (4): Alice Liddell, Bob, Carol, Dave" in body
    assert "Externals: 1" in body
    assert "Each pays about 6.00 €." in body

    left = session.press(world.bob, message, "🚪 Leave")
    assert left.answer is not None
    assert left.answer.answer_text == "You left."
    session.press(world.alice, message, "Externals +")
    session.press(world.alice, message, "Externals −")
    assert "Participants (3): Alice Liddell, Carol, Dave" in _current(world, message).body

    accepted = session.press(world.alice, message, "✅ Accept")
    assert accepted.answer is not None
    assert accepted.answer.answer_text == "Accepted: shares were paid to Alice Liddell."
    final = _current(world, message)
    assert final.buttons == ()
    assert final.body.splitlines()[5:] == [
        "Shares:",
        "Alice Liddell: 7.50 €",
        "Carol: 7.50 €",
        "Dave: 7.50 €",
        "External #1: 7.50 € (collected by Alice Liddell)",
        "Status: accepted and settled",
    ]
    assert world.balance(world.alice) == 1500
    assert world.balance(world.carol) == -750
    assert world.balance(world.dave) == -750
    assert world.balance(world.bob) == 0


def test_leftover_cents_are_paid_by_the_first_heads(members: World) -> None:
    world = members
    session = world.session
    message = session.say(world.alice, world.group, "/communism 10 cake").last
    session.press(world.bob, message, "🙋 Join")
    session.press(world.carol, message, "🙋 Join")
    session.press(world.alice, message, "✅ Accept")
    lines = _current(world, message).body.splitlines()
    assert lines[6:9] == ["Alice Liddell: 3.34 €", "Bob: 3.33 €", "Carol: 3.33 €"]
    assert world.balance(world.alice) == 666


def test_the_creator_cancels_and_nothing_moves(
    members: World, snapshot: Callable[[], Snapshot]
) -> None:
    world = members
    message = world.session.say(world.alice, world.group, "/communism 9 kebab").last
    world.session.press(world.bob, message, "🙋 Join")
    before_cancel = snapshot()
    cancelled = world.session.press(world.alice, message, "🗑 Cancel")
    assert cancelled.answer is not None
    assert cancelled.answer.answer_text == "Cancelled: no money moved."
    assert _current(world, message).body.endswith("Status: cancelled")
    after = snapshot()
    assert after["transactions"] == before_cancel["transactions"]
    assert after["users"] == before_cancel["users"]


def test_refused_communism_presses_change_nothing(
    members: World, snapshot: Callable[[], Snapshot], engine: Engine
) -> None:
    world = members
    session = world.session
    world.register(world.eve, chat=world.private(world.eve))
    message = session.say(world.alice, world.group, "/communism 20 drinks").last
    cid = _collective_id(engine)
    session.press(world.bob, message, "🙋 Join")
    before = snapshot()
    cases = [
        (world.bob, "🙋 Join", f"You already take part in #{cid}."),
        (world.carol, "🚪 Leave", f"Du machst bei #{cid} nicht mit."),
        (world.alice, "🚪 Leave", f"As the creator you cannot leave #{cid}; cancel it instead."),
        # the creator hears about the community's count, not the column's range (0 to 32767)
        (world.alice, "Externals −", f"#{cid} counts no externals, so there is none to remove."),
        (world.bob, "Externals +", f"Only the creator of #{cid} can do this."),
        (world.bob, "✅ Accept", f"Only the creator of #{cid} can do this."),
        (world.bob, "🗑 Cancel", f"Only the creator of #{cid} can do this."),
        (
            world.eve,
            "🙋 Join",
            "As an external guest without a voucher you may only read. "
            "Ask a member to vouch for you.",
        ),
    ]
    for who, button, expected in cases:
        pressed = session.press(who, message, button)
        assert pressed.answer is not None
        assert pressed.answer.answer_text == expected, (who.first_name, button)
        assert pressed.answer.show_alert is True
    assert snapshot() == before


def test_a_settlement_over_someones_debt_limit_is_refused_whole(
    members: World, snapshot: Callable[[], Snapshot], engine: Engine
) -> None:
    world = members
    session = world.session
    session.say(world.bob, world.group, "/send 45 @alice")
    pending = session.api.bot_messages(world.group)[-1]
    session.press(world.bob, pending, "✅ Confirm")
    message = session.say(world.alice, world.group, "/communism 30 dinner").last
    cid = _collective_id(engine)
    session.press(world.bob, message, "🙋 Join")
    session.press(world.carol, message, "🙋 Join")
    before = snapshot()
    refused = session.press(world.alice, message, "✅ Accept")
    assert refused.answer is not None
    assert refused.answer.answer_text == (
        f"#{cid} cannot be settled yet: Bob cannot pay 10.00 €: their balance of -45.00 € "
        "may not go below -50.00 €."
    )
    assert snapshot() == before
    assert _current(world, message).buttons != ()


def test_communism_alone_shows_the_open_one_again(members: World, engine: Engine) -> None:
    world = members
    session = world.session
    assert (
        session.say(world.bob, world.group, "/communism")
        .texts[0]
        .startswith("You have no open communism.")
    )
    first = session.say(world.bob, world.group, "/communism 12 snacks").last
    shown = session.say(world.bob, world.group, "/communism").last
    assert shown.body == first.body
    session.press(world.carol, shown, "🙋 Join")
    assert "Carol" in _current(world, first).body
    with engine.connect() as connection:
        recorded = connection.execute(text("SELECT COUNT(*) FROM collective_messages"))
        assert recorded.scalar_one() == 2


def test_a_double_tapped_accept_settles_once(members: World, engine: Engine) -> None:
    world = members
    session = world.session
    message = session.say(world.alice, world.group, "/communism 8 bread").last
    session.press(world.bob, message, "🙋 Join")
    data = next(b.callback_data for b in message.buttons if b.text == "✅ Accept") or ""
    first = session.api.press_data(world.alice, message, data)
    second = session.api.press_data(world.alice, message, data)
    session.tracker.wait_processed(first.update_id)
    session.tracker.wait_processed(second.update_id)
    with engine.connect() as connection:
        count = connection.execute(text("SELECT COUNT(*) FROM transactions WHERE amount = 400"))
        assert count.scalar_one() == 1
    assert world.balance(world.bob) == -400


def test_an_inactive_user_cannot_join(members: World, snapshot: Callable[[], Snapshot]) -> None:
    world = members
    message = world.session.say(world.alice, world.group, "/communism 10 cake").last
    services.set_active(world.uow, user=world.db_user(world.bob).id, active=False, key="t:bob")
    before = snapshot()
    pressed = world.session.press(world.bob, message, "🙋 Join")
    assert pressed.answer is not None
    assert pressed.answer.answer_text == (
        "Your account is deactivated: you can read, but not change anything."
    )
    assert snapshot() == before


def test_a_redelivered_communism_after_a_restart_opens_no_second_one(
    members: World, snapshot: Callable[[], Snapshot], engine: Engine
) -> None:
    world = members
    session = world.session
    command = session.say(world.bob, world.group, "/communism 12 snacks")
    first = command.last
    cid = _collective_id(engine)
    session.restart()
    again = session.replay(command.update_id)
    assert again.texts == [first.body]
    assert _collective_id(engine) == cid
    with engine.connect() as connection:
        count = connection.execute(text("SELECT COUNT(*) FROM collectives")).scalar_one()
    assert count == 1
    session.press(world.carol, again.last, "🙋 Join")
    assert "Participants (2): Bob, Carol" in _current(world, first).body


def test_a_replayed_externals_press_counts_once(
    members: World, snapshot: Callable[[], Snapshot]
) -> None:
    world = members
    session = world.session
    message = session.say(world.alice, world.group, "/communism 10 cake").last
    plus = session.press(world.alice, message, "Externals +")
    before = snapshot()
    assert session.replay(plus.update_id).edits == []  # the same process drops the copy
    session.restart()
    again = session.replay(plus.update_id)
    assert snapshot() == before
    assert again.sent == ()
    assert "Externals: 1" in _current(world, message).body
    minus = session.press(world.alice, message, "Externals −")
    session.restart()
    replayed_minus = session.replay(minus.update_id)
    # answered with the first outcome, not "cannot have -1 externals" (Telegram refuses a second
    # answer to one press, which the bot only logs)
    answers = [
        c.params.get("text") for c in replayed_minus.calls if c.method == "answerCallbackQuery"
    ]
    assert answers == ["Externals: 0"]
    assert "Externals: 0" in _current(world, message).body
