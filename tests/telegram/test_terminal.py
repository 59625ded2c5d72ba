"""The sandbox's terminal chat on top of a running session."""

from __future__ import annotations

from communitybot.telegram.sandbox import FakeBotApi, Terminal
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


def test_terminal_numbers_are_read_in_the_digits_0_to_9(world: World) -> None:
    output: list[str] = []
    terminal = Terminal(world.session, group=world.group, user=world.alice, write=output.append)
    terminal.handle("/start")
    for line, usage in (
        ("/press ²", "say which button: /press 1"),
        ("/press 1 ٥", "say which message: /press 1 22"),
        ("/show ²", "use /show N, e.g. /show 5"),
        ("/reply ５ /balance", "use /reply MSG TEXT, e.g. /reply 7 /send 2 beer"),
        ("/reply x", "use /reply MSG TEXT, e.g. /reply 7 /send 2 beer"),
    ):
        output.clear()
        assert terminal.handle(line)
        assert output == [f"  ! {usage}"], line
