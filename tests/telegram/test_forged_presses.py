"""A press changes only the message it belongs to, and only as its owner's press would."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine, text

from communitybot.devtools import StoredMessage
from tests.conftest import Snapshot
from tests.telegram.conftest import World

INVALID = "This button is not valid."


def _current(world: World, message: StoredMessage) -> StoredMessage:
    return world.session.api.message(message.chat.id, message.message_id)


def _last_collective(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT MAX(id) FROM collectives")).scalar_one())


@pytest.fixture
def members(world: World) -> World:
    world.register(world.alice, world.bob, world.dave)
    return world


def _assert_untouched(
    world: World, before: Snapshot, snapshot: Callable[[], Snapshot], *shown: StoredMessage
) -> None:
    assert snapshot() == before
    for message in shown:
        now = _current(world, message)
        assert (now.body, now.buttons) == (message.body, message.buttons)


def test_data_of_a_closed_collective_does_not_redraw_an_open_one(
    members: World, snapshot: Callable[[], Snapshot], engine: Engine
) -> None:
    world = members
    closed = world.session.say(world.alice, world.group, "/communism 9 kebab").last
    closed_id = _last_collective(engine)
    world.session.press(world.alice, closed, "🗑 Cancel")
    open_one = world.session.say(world.bob, world.group, "/communism 12 pizza").last
    before = snapshot()
    for who in (world.alice, world.bob, world.dave):
        for code in ("cj", "cl", "ca", "cx", "ce"):
            pressed = world.session.press_data(who, open_one, f"{code}:{closed_id}")
            assert pressed.answer is not None
            assert pressed.answer.answer_text == INVALID, (who.first_name, code)
            assert pressed.edits == []
    _assert_untouched(world, before, snapshot, open_one)


def test_data_of_an_open_collective_pressed_elsewhere_changes_nothing(
    members: World, snapshot: Callable[[], Snapshot], engine: Engine
) -> None:
    world = members
    alices = world.session.say(world.alice, world.group, "/communism 9 kebab").last
    alices_id = _last_collective(engine)
    bobs = world.session.say(world.bob, world.group, "/communism 12 pizza").last
    summary = world.session.say(world.dave, world.group, "/send 1 @bob").last
    before = snapshot()
    for who, message, data in [
        (world.dave, bobs, f"cj:{alices_id}"),  # would make Dave join Alice's communism
        (world.alice, bobs, f"ce:{alices_id}"),  # would count an external on Alice's
        (world.alice, bobs, f"cx:{alices_id}"),  # would cancel Alice's and redraw Bob's
        (world.dave, summary, f"cj:{alices_id}"),  # a send summary shows no collective
        (world.alice, summary, f"ca:{alices_id}"),
    ]:
        pressed = world.session.press_data(who, message, data)
        assert pressed.answer is not None
        assert pressed.answer.answer_text == INVALID, data
        assert pressed.edits == []
    _assert_untouched(world, before, snapshot, alices, bobs, summary)
    joined = world.session.press(world.dave, alices, "🙋 Join")
    assert joined.answer is not None
    assert joined.answer.answer_text == "You joined."


def test_history_data_does_not_turn_a_collective_into_a_history_page(
    members: World, snapshot: Callable[[], Snapshot]
) -> None:
    world = members
    mine = world.session.say(world.alice, world.group, "/communism 9 kebab").last
    before = snapshot()
    pressed = world.session.press_data(world.alice, mine, "hp:0:10")  # Alice's own message
    assert pressed.answer is not None
    assert pressed.answer.answer_text == INVALID
    assert pressed.edits == []
    _assert_untouched(world, before, snapshot, mine)


def test_history_pages_still_turn(members: World) -> None:
    world = members
    for amount in range(1, 4):
        summary = world.session.say(world.alice, world.group, f"/send {amount} @bob").last
        world.session.press(world.alice, summary, "✅ Confirm")
    private = world.private(world.alice)
    world.session.say(world.alice, private, "/start")
    page = world.session.say(world.alice, private, "/history 1").last
    older = world.session.press(world.alice, page, "◀ Older")
    assert older.answer is not None
    assert older.answer.answer_text is None
    assert "2.00 €" in _current(world, page).body
    forged = world.session.press_data(world.alice, page, "hp:0:5")  # not a button it shows now
    assert forged.answer is not None
    assert forged.answer.answer_text == INVALID
