"""Who may give commands: Telegram's stand-in accounts and forwarded messages are not people."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from communitybot.devtools import SimUser
from tests.conftest import Snapshot
from tests.telegram.conftest import World

HINT = (
    "I only take commands from people: please send it again from your own account, "
    "not anonymously or as a channel."
)
FORWARDED = "A forwarded message is not a command; send it yourself to use it."

NEWS = {"id": -1_009_876_543_210, "type": "channel", "title": "News"}
"""A channel: its posts reach the group through the stand-in accounts below."""


def _anonymous_admin(world: World) -> tuple[SimUser, dict[str, Any]]:
    """An admin writing as the group: Telegram shows GroupAnonymousBot with the group as chat."""
    user = world.session.api.add_user(
        "Group", username="GroupAnonymousBot", user_id=1_087_968_824, is_bot=True
    )
    return user, {"sender_chat": world.group.to_api()}


def _as_channel(world: World) -> tuple[SimUser, dict[str, Any]]:
    """A member posting as a channel: Telegram shows Channel_Bot with the channel as chat."""
    user = world.session.api.add_user(
        "Channel", username="Channel_Bot", user_id=136_817_688, is_bot=True
    )
    return user, {"sender_chat": NEWS}


def _automatic_forward(world: World) -> tuple[SimUser, dict[str, Any]]:
    """A post of the linked channel copied into its discussion group by the service account."""
    user = world.session.api.add_user("Telegram", user_id=777_000, language_code=None)
    return user, {
        "sender_chat": NEWS,
        "is_automatic_forward": True,
        "forward_origin": {"type": "channel", "chat": NEWS, "message_id": 7, "date": 1},
    }


STAND_INS = {
    "anonymous admin": _anonymous_admin,
    "post as a channel": _as_channel,
    "automatic forward": _automatic_forward,
}


@pytest.fixture(params=sorted(STAND_INS))
def stand_in(request: pytest.FixtureRequest, world: World) -> tuple[SimUser, dict[str, Any]]:
    """One of Telegram's accounts that speak for someone else, and the fields its posts carry."""
    made: tuple[SimUser, dict[str, Any]] = STAND_INS[request.param](world)
    return made


@pytest.mark.parametrize(
    "command",
    ["/start", "/balance", "/drink", "/consume drink 2", "/communism 5 pizza", "/send 1 @alice"],
)
def test_a_stand_in_account_is_never_a_member(
    world: World,
    snapshot: Callable[[], Snapshot],
    stand_in: tuple[SimUser, dict[str, Any]],
    command: str,
) -> None:
    world.register(world.alice)
    account, fields = stand_in
    before = snapshot()
    exchange = world.session.say(account, world.group, command, extra=fields)
    assert exchange.texts == [HINT]
    assert snapshot() == before


def test_a_stand_in_account_gets_no_answer_to_plain_text_or_other_bots_commands(
    world: World, snapshot: Callable[[], Snapshot], stand_in: tuple[SimUser, dict[str, Any]]
) -> None:
    account, fields = stand_in
    before = snapshot()
    for text in ("hello everyone", "/start@some_other_bot", "/drink@another_bot 2"):
        assert world.session.say(account, world.group, text, extra=fields).calls == ()
    assert snapshot() == before


def test_a_bot_account_cannot_press_buttons(world: World, snapshot: Callable[[], Snapshot]) -> None:
    world.register(world.alice, world.bob)
    message = world.session.say(world.alice, world.group, "/communism 9 kebab").last
    robot = world.session.api.add_user("Robot", username="robot", user_id=5_550_001, is_bot=True)
    before = snapshot()
    pressed = world.session.press(robot, message, "🙋 Join")
    assert pressed.answer is not None
    assert pressed.answer.answer_text == HINT
    assert pressed.edits == []
    assert snapshot() == before


@pytest.mark.parametrize("kind", ["channel_post", "edited_channel_post"])
def test_updates_without_a_sender_are_ignored(
    world: World, snapshot: Callable[[], Snapshot], kind: str
) -> None:
    before = snapshot()
    post = {
        "message_id": 3,
        "chat": NEWS,
        "sender_chat": NEWS,
        "date": 1,
        "text": "/start",
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
    }
    if kind == "edited_channel_post":
        post["edit_date"] = 2
    exchange = world.session.inject({kind: post})
    assert exchange.calls == ()
    assert snapshot() == before


def _forwarded_from(user: SimUser) -> dict[str, Any]:
    return {"forward_origin": {"type": "user", "sender_user": user.to_api(), "date": 1}}


@pytest.mark.parametrize(
    "command", ["/send 5 @bob", "/drink", "/consume drink", "/pay 5 tape", "/start", "/help"]
)
def test_a_forwarded_command_is_not_carried_out(
    world: World, snapshot: Callable[[], Snapshot], command: str
) -> None:
    world.register(world.alice, world.bob)
    before = snapshot()
    exchange = world.session.say(
        world.alice, world.group, command, extra=_forwarded_from(world.bob)
    )
    assert exchange.texts == [FORWARDED]
    assert exchange.last.buttons == ()
    assert snapshot() == before


def test_a_forwarded_command_of_a_stranger_registers_nobody(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    before = snapshot()
    forwarded = {"forward_origin": {"type": "hidden_user", "sender_user_name": "X", "date": 1}}
    exchange = world.session.say(world.carol, world.group, "/start", extra=forwarded)
    assert exchange.texts == [
        "Eine weitergeleitete Nachricht ist kein Befehl; schick ihn selbst, um ihn zu nutzen."
    ]
    assert snapshot() == before


def test_forwarded_plain_text_and_other_bots_commands_get_no_answer(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    world.register(world.alice, world.bob)
    before = snapshot()
    for text in ("lunch at noon?", "/send@some_other_bot 5 @bob"):
        extra = _forwarded_from(world.bob)
        assert world.session.say(world.alice, world.group, text, extra=extra).calls == ()
    assert snapshot() == before


def test_the_same_command_unforwarded_still_works(world: World) -> None:
    world.register(world.alice, world.bob)
    summary = world.session.say(world.alice, world.group, "/send 5 @bob")
    assert summary.texts[0].startswith("Send 5.00 € from Alice Liddell to Bob?")
