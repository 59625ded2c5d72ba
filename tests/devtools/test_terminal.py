"""The sandbox's terminal chat on top of a running session."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from communitybot.devtools import FakeBotApi, SandboxState, Terminal, populate
from tests.conftest import Snapshot
from tests.telegram.conftest import World


def test_the_terminal_sends_replies_presses_and_shows(world: World) -> None:
    output: list[str] = []
    terminal = Terminal(world.session, group=world.group, user=world.alice, write=output.append)
    assert terminal.prompt == "alice@Hackspace> "
    for line in ("/start", "/as bob", "/start", "hello everyone"):
        assert terminal.handle(line)
    hello = world.session.api.messages(world.group)[-1]
    output.clear()
    terminal.handle("/as alice")
    terminal.handle(f"/reply {hello.message_id} /send 3 beer")
    assert any("Send 3.00 € from Alice Liddell to Bob for “beer”?" in o for o in output)
    terminal.handle("/press 1")
    assert any("✎ edited" in o and "sent 3.00 € to Bob" in o for o in output)
    assert any("toast for Alice: Your balance: -3.00 €" in o for o in output)

    output.clear()
    terminal.handle("/chat private")
    assert terminal.prompt == "alice@private> "
    terminal.handle("/start")
    terminal.handle("/history csv")
    assert any("📎 history-" in o and "| id,registered,amount" in o for o in output)
    terminal.handle("/show 2")
    terminal.handle("/adduser Frank @frank de")
    terminal.handle("/as frank")
    assert terminal.prompt == "frank@private> "
    terminal.handle("/users")
    assert any("Frank @frank lang=de <- you" in o for o in output)
    terminal.handle("/press 1")
    assert output[-1] == "  ! no message with buttons in this chat"
    assert not terminal.handle("/quit")


def test_counters_resume_a_world(world: World) -> None:
    api = world.session.api
    world.session.say(world.alice, world.group, "/start")
    saved = api.counters()
    with FakeBotApi() as fresh:
        fresh.resume(saved)
        group = fresh.add_group("Hackspace", chat_id=world.group.id)
        alice = fresh.add_user("Alice", user_id=world.alice.id)
        sent = fresh.send_text(alice, group, "hi")
        assert sent.message is not None
        assert sent.message.message_id == api.last_message_id(world.group) + 1
        assert sent.update_id >= saved["next_update_id"]


def test_press_and_reply_say_exactly_what_cannot_be_done(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    output: list[str] = []
    terminal = Terminal(world.session, group=world.group, user=world.alice, write=output.append)
    terminal.handle("/start")
    greeting = world.session.api.bot_messages(world.group)[-1]
    terminal.handle("/pay 12 cleaning")
    request = world.session.api.bot_messages(world.group)[-1]
    assert len(request.buttons) == 4
    mine = world.session.api.messages(world.group)[-2]
    assert not mine.from_bot
    gone = world.session.say(world.alice, world.group, "/balance").last
    world.session.api.delete(gone)
    before = snapshot()
    refusals = {
        f"/press 1 {greeting.message_id}": f"message {greeting.message_id} has no buttons",
        f"/press 1 #{mine.message_id}": f"message {mine.message_id} has no buttons",
        f"/press 5 {request.message_id}": (
            f"message {request.message_id} has no button 5; press 1 to 4"
        ),
        f"/press 0 {request.message_id}": (
            f"message {request.message_id} has no button 0; press 1 to 4"
        ),
        "/press 1 999": "there is no message 999 in Hackspace",
        f"/press 1 {gone.message_id}": f"message {gone.message_id} was deleted",
        "/press": "say which button (and message): /press 1, or /press 1 22",
        "/press ²": "say which button (and message): /press 1, or /press 1 22",
        "/press 1 ٥": "say which button (and message): /press 1, or /press 1 22",
        "/press 1 x": "say which button (and message): /press 1, or /press 1 22",
        f"/press 1 {request.message_id} 3": (
            "say which button (and message): /press 1, or /press 1 22"
        ),
        "/reply ² /balance": "use /reply MSG TEXT, e.g. /reply 7 /send 2 beer",
        "/reply 999 /balance": "there is no message 999 in Hackspace",
        "/show ²": "say how many messages: /show 5",
    }
    for line, expected in refusals.items():
        output.clear()
        assert terminal.handle(line)
        assert output == [f"  ! {expected}"], line
    assert snapshot() == before
    assert world.session.api.message(world.group.id, request.message_id) == request


def test_the_numbering_is_on_disk_before_an_id_is_used(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    warnings: list[str] = []
    api = FakeBotApi()
    group = populate(api)
    SandboxState(path, warn=warnings.append).attach(api)
    sent = api.send_text(api.user("alice"), group, "hi")
    assert sent.message is not None
    saved = json.loads(path.read_text())
    assert saved["next_message_id"][str(group.id)] == sent.message.message_id + 1
    assert saved["next_update_id"] == sent.update_id + 1
    eve = api.add_user("Eve", username="eve")
    saved = json.loads(path.read_text())
    assert saved["next_user_id"] == eve.id + 1
    assert saved["people"] == [
        {
            "id": eve.id,
            "first_name": "Eve",
            "last_name": None,
            "username": "eve",
            "language_code": "en",
        }
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state.json"]
    later = FakeBotApi()
    populate(later)
    state = SandboxState(path, warn=warnings.append)
    loaded = state.load()
    assert loaded is not None
    state.restore(later, loaded)
    assert later.user("eve") == eve
    assert later.add_user("Frank").id == eve.id + 1
    assert later.send_text(later.user("eve"), group, "hi").update_id == sent.update_id + 1
    assert warnings == []


def test_a_state_that_cannot_be_saved_warns_once_and_the_sandbox_goes_on(tmp_path: Path) -> None:
    warnings: list[str] = []
    api = FakeBotApi()
    group = populate(api)
    SandboxState(tmp_path / "missing" / "state.json", warn=warnings.append).attach(api)
    for text in ("one", "two"):
        assert api.send_text(api.user("alice"), group, text).message is not None
    assert len(warnings) == 1
    assert warnings[0].startswith(f"warning: cannot save the sandbox state {tmp_path}/missing/")
