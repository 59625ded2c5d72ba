"""/start, /help and the command menu, end to end over HTTP with the data in MariaDB."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from communitybot.core.community import UserInfo
from communitybot.services import community as services
from tests.conftest import Snapshot
from tests.telegram.conftest import World


def test_start_in_the_internal_group_registers_a_member(world: World) -> None:
    exchange = world.session.say(world.alice, world.group, "/start")
    assert "Welcome, Alice Liddell! You are registered as a member of Hackspace." in exchange.text
    assert "/help lists everything" in exchange.text
    stored = world.db_user(world.alice)
    assert stored.name == "Alice Liddell"
    assert stored.username == "alice"
    assert stored.balance == 0
    assert stored.external is False
    assert exchange.failures == []


def test_start_in_a_private_chat_registers_an_external_guest(world: World) -> None:
    exchange = world.session.say(world.dave, world.private(world.dave), "/start")
    assert "registered as an external guest of Hackspace" in exchange.text
    assert "/vouch add @dave" in exchange.text
    assert world.db_user(world.dave).external is True


def test_start_again_welcomes_back_and_refreshes_the_name(world: World) -> None:
    world.register(world.bob)
    renamed = world.session.api.rename_user(world.bob, first_name="Robert", username="rob")
    exchange = world.session.say(renamed, world.group, "/start")
    assert "Welcome back, Robert! Your balance is 0.00 €." in exchange.text
    stored = world.db_user(renamed)
    assert (stored.name, stored.username) == ("Robert", "rob")


@pytest.mark.parametrize(
    "command",
    ["/balance", "/help", "/help send", "/send", "/send x @alice", "/history csv", "/consume"],
)
def test_names_are_refreshed_on_every_interaction(world: World, command: str) -> None:
    world.register(world.bob)
    renamed = world.session.api.rename_user(world.bob, last_name="Builder", username="builder")
    assert world.session.say(renamed, world.group, command).sent
    stored = world.db_user(renamed)
    assert (stored.name, stored.username) == ("Bob Builder", "builder")


def test_a_refused_button_press_refreshes_the_name(world: World) -> None:
    world.register(world.alice, world.bob)
    summary = world.session.say(world.alice, world.group, "/send 1 @bob")
    renamed = world.session.api.rename_user(world.bob, first_name="Robert")
    for pressed in (
        world.session.press(renamed, summary.last, "❌ Abort"),
        world.session.press_data(renamed, summary.last, "xx:1"),
    ):
        assert pressed.answer is not None
        assert pressed.answer.show_alert is True
    assert world.db_user(renamed).name == "Robert"


def test_an_interaction_with_the_same_name_writes_nothing(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    world.register(world.alice)
    before = snapshot()
    assert world.session.say(world.alice, world.group, "/balance").texts == ["Your balance: 0.00 €"]
    assert snapshot() == before


def test_a_button_press_refreshes_the_name_too(world: World) -> None:
    world.register(world.alice, world.bob)
    message = world.session.say(world.alice, world.group, "/communism 10 cake").last
    renamed = world.session.api.rename_user(world.bob, first_name="Robert", username="rob")
    world.session.press(renamed, message, "🙋 Join")
    stored = world.db_user(renamed)
    assert (stored.name, stored.username) == ("Robert", "rob")
    assert (
        "Participants (2): Alice Liddell, Robert"
        in world.session.api.message(message.chat.id, message.message_id).body
    )


def test_a_name_with_html_is_shown_escaped(world: World) -> None:
    tricky = world.session.api.add_user("<b>Mal & Co</b>", username="mal")
    exchange = world.session.say(tricky, world.group, "/start")
    assert exchange.failures == []
    assert "Welcome, <b>Mal & Co</b>!" in exchange.text


def test_unknown_users_are_told_to_start(world: World, snapshot: Callable[[], Snapshot]) -> None:
    before = snapshot()
    for command in ("/balance", "/send 5 @bob", "/pay 5 x", "/drink", "/vouch", "/history"):
        exchange = world.session.say(world.eve, world.group, command)
        assert exchange.texts == ["I don't know you yet. Please send /start first."], command
    assert world.session.say(world.eve, world.group, "/help").sent
    assert snapshot() == before


def test_help_lists_every_command_and_the_consumables(world: World) -> None:
    exchange = world.session.say(world.eve, world.group, "/help")
    text = exchange.text
    for command in (
        "start", "help", "balance", "history", "data", "zwegat", "blame", "top",
        "send", "pay", "communism", "consume", "vouch", "deposit", "withdraw", "cashbox", "undo",
        "drink", "water", "pizza", "ice",
    ):  # fmt: skip
        assert f"/{command}: " in text, command
    assert "at most two decimals" in text


def test_help_for_one_command_gives_usage_and_example(world: World) -> None:
    exchange = world.session.say(world.eve, world.group, "/help send")
    assert exchange.texts == [
        "/send: send money to someone (you confirm first)\n"
        "Usage: /send amount @user [reason]\n"
        "Example: /send 4.50 @bob pizza"
    ]
    drink = world.session.say(world.eve, world.group, "/help /drink")
    assert "buy a bottle of club mate or soda for 1.00 €" in drink.text
    unknown = world.session.say(world.eve, world.group, "/help teleport")
    assert unknown.texts == ["There is no command /teleport. Send /help for the list."]


def test_german_speakers_get_german_answers(world: World) -> None:
    exchange = world.session.say(world.carol, world.group, "/start")
    assert "Willkommen, Carol! Du bist als Mitglied von Hackspace registriert." in exchange.text
    world.session.say(world.carol, world.group, "/drink")
    balance = world.session.say(world.carol, world.group, "/balance")
    assert balance.texts == ["Dein Kontostand: -1,00 €"]


def test_the_command_menu_is_registered_in_every_language(world: World) -> None:
    english = world.session.api.commands()
    assert [c["command"] for c in english][:4] == ["start", "help", "balance", "history"]
    assert {"command": "drink", "description": "buy a bottle of club mate or soda for 1.00 €"} in (
        english
    )
    german = world.session.api.commands(language_code="de")
    assert {"command": "zwegat", "description": "der Kontostand der Gemeinschaft"} in german
    assert len(german) == len(english) == 25


def test_commands_addressed_to_the_bot_by_name_work_in_groups(world: World) -> None:
    world.register(world.alice)
    username = world.session.api.bot.username
    exchange = world.session.say(world.alice, world.group, f"/balance@{username}")
    assert exchange.texts == ["Your balance: 0.00 €"]
    other = world.session.say(world.alice, world.group, "/balance@some_other_bot")
    assert other.sent == ()


def test_edited_messages_do_not_run_commands_again(world: World) -> None:
    world.register(world.alice)
    first = world.session.say(world.alice, world.group, "/drink")
    assert len(first.sent) == 1
    assert first.message is not None
    edited = world.session.edit(world.alice, first.message, "/drink 5")
    assert edited.calls == ()
    assert world.balance(world.alice) == -100


def test_at_most_one_refresh_per_update(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """One refresh for an update whose sender's profile this process has not stored recently,
    none for one it has (the /start of ``register`` stored Alice's and Bob's); the handlers
    that need the user read it then (counted too), and reuse what a refresh returned."""
    world.register(world.alice, world.bob)
    calls: list[int] = []
    session = world.session
    use_cases = session.container.use_cases.community
    real = use_cases.refresh_user

    def counting(**kwargs: Any) -> UserInfo | None:
        calls.append(kwargs["tid"])
        return real(**kwargs)

    monkeypatch.setattr(use_cases, "refresh_user", counting)
    summary = session.say(world.alice, world.group, "/send 1 @bob")
    session.press(world.alice, summary.last, "✅ Confirm")
    session.say(world.bob, world.group, "/balance")
    session.say(world.bob, world.group, "/help")
    session.say(world.carol, world.group, "/start")
    # /send needs only Alice's id (known), the press nothing, /balance Bob, /help nothing.
    assert calls == [world.bob.id, world.carol.id]
    calls.clear()
    renamed = session.api.rename_user(world.alice, first_name="Alicia")
    session.say(renamed, world.group, "/balance")
    session.say(renamed, world.group, "/help")
    assert calls == [world.alice.id]


def test_help_lists_the_treasurer_commands_to_a_treasurer_only(world: World) -> None:
    world.register(world.alice, world.bob, world.carol)
    plain = world.session.say(world.bob, world.group, "/help").text
    assert "For treasurers" not in plain
    for command in ("vote_right", "member", "close", "reverse", "article", "fee"):
        assert f"/{command}: " not in plain, command
    for user in (world.alice, world.carol):
        assert services.grant_role(world.uow, user=world.db_user(user).id, role="treasurer")
    text = world.session.say(world.alice, world.group, "/help").text
    assert "For treasurers\n" in text
    for line in (
        "/vote_right: give or take someone's vote on payment requests (treasurers)",
        "/reverse: reverse any transaction (treasurers)",
        "/article: manage the articles the community sells (treasurers)",
        "/fee: membership fees (treasurers)",
        "/member: ",
        "/close: close a stuck payment request or communism, no money moves (treasurers)",
    ):
        assert line in text, line
    german = world.session.say(world.carol, world.group, "/help").text
    assert "Für Kassenwarte\n" in german
    assert "/fee: Mitgliedsbeiträge (Kassenwarte)" in german


def test_help_shows_the_articles_as_on_sale_now(world: World) -> None:
    world.register(world.alice, world.bob)
    assert services.grant_role(world.uow, user=world.db_user(world.alice).id, role="treasurer")
    say = world.session.say
    say(world.alice, world.group, "/article price drink 1.50")
    say(world.alice, world.group, "/article off ice")
    say(world.alice, world.group, "/article add mate 2 🧉 a bottle of club mate")
    text = say(world.bob, world.group, "/help").text
    assert "/drink: buy a bottle of club mate or soda for 1.50 €" in text
    assert "/ice" not in text
    assert "/mate: buy a bottle of club mate for 2.00 €" in text
    assert say(world.bob, world.group, "/help drink").texts == [
        "/drink: buy a bottle of club mate or soda for 1.50 €\n"
        "Usage: /drink [count]\n"
        "Example: /drink 2"
    ]
    assert say(world.bob, world.group, "/help mate").texts == [
        "/mate: buy a bottle of club mate for 2.00 €\nUsage: /mate [count]\nExample: /mate 2"
    ]
    assert say(world.bob, world.group, "/help ice").texts == [
        "There is no command /ice. Send /help for the list."
    ]
    say(world.bob, world.group, "/mate")
    assert world.balance(world.bob) == -200
