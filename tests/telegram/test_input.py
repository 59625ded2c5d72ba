"""What people type, end to end: digits, invisible characters, amounts with a currency word,
arguments a command must not ignore, the bot named as a person, and messages no command takes."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from communitybot.core.money import ACCEPTED_FORMS
from communitybot.devtools import SimUser
from communitybot.runtime.catalogue import LOCALES
from tests.conftest import Snapshot
from tests.telegram.conftest import World

DIGITS = "“{}” is not a number I can read: please write it with the digits 0-9."
ROOT = Path(__file__).resolve().parents[2]


def _collectives(engine: Engine) -> list[tuple[int, str]]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT amount, description FROM collectives ORDER BY id"))
        return [(int(r[0]), str(r[1])) for r in rows]


def _journal_reasons(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT reason FROM transactions ORDER BY id"))
        return [str(r[0]) for r in rows]


# --- 1 and 2: numbers are read in the digits 0-9 only ---


@pytest.mark.parametrize(
    ("command", "digits"),
    [
        ("/history ²", "²"),  # str.isdigit() accepted it, int() raised ValueError
        ("/history ٥", "٥"),  # int() read it as 5
        ("/history ５", "５"),
        ("/top ²", "²"),
        ("/blame ٥", "٥"),
        ("/drink ٥", "٥"),  # bought five
        ("/water ５", "５"),
        ("/drink 𝟓", "𝟓"),
        ("/consume drink ٥", "٥"),
        ("/ice ³", "³"),
    ],
)
def test_counts_in_other_digits_are_refused_with_a_clear_answer(
    world: World,
    snapshot: Callable[[], Snapshot],
    caplog: pytest.LogCaptureFixture,
    command: str,
    digits: str,
) -> None:
    world.register(world.alice)
    before = snapshot()
    refused = world.session.say(world.alice, world.group, command)
    assert refused.texts == [DIGITS.format(digits)]
    assert snapshot() == before
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_amounts_in_other_digits_get_the_same_advice(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    world.register(world.alice, world.bob)
    before = snapshot()
    refused = world.session.say(world.alice, world.group, "/send ٥ @bob")
    assert refused.texts[0].startswith(
        "“٥” is not an amount: please write it with the digits 0-9. Accepted: 5, 5.5,"
    )
    assert snapshot() == before


def test_counts_in_german_are_refused_in_german(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    world.register(world.carol)
    before = snapshot()
    refused = world.session.say(world.carol, world.group, "/drink ５")
    assert refused.texts == [
        "„５“ ist keine Zahl, die ich lesen kann: Bitte schreib sie mit den Ziffern 0-9."
    ]
    assert snapshot() == before


def test_counts_in_ascii_digits_still_work(world: World) -> None:
    world.register(world.alice)
    assert world.session.say(world.alice, world.group, "/drink 05").texts == [
        "🧉 5× drink for 5.00 €. Your balance: -5.00 €"
    ]
    private = world.private(world.alice)
    world.session.say(world.alice, private, "/start")
    assert world.session.say(world.alice, private, "/history 1").last.body.startswith(
        "Your transactions (1–1 of 1):"
    )


# --- 3: free text is judged as a person sees it ---


@pytest.mark.parametrize(
    "command",
    [
        "/pay 5 \u200b",  # a zero-width space
        "/pay 5 \u200e\u200f",  # direction marks
        "/pay 5 \u200b \ufeff \u2060",
        "/communism 5 \u200b",
        "/communism 5 \u202e\u2066",
        "/communism 5 \u3164",  # a Hangul filler draws nothing
    ],
)
def test_a_description_of_invisible_characters_is_no_description(
    world: World, snapshot: Callable[[], Snapshot], command: str
) -> None:
    world.register(world.alice)
    before = snapshot()
    refused = world.session.say(world.alice, world.group, command)
    assert refused.texts == ["Please add a description."]
    assert snapshot() == before


def test_descriptions_and_reasons_are_stored_as_a_person_sees_them(
    world: World, engine: Engine
) -> None:
    world.register(world.alice, world.bob)
    session = world.session
    opened = session.say(world.alice, world.group, "/pay 5 \u200btape\u200e and cafe\u0301")
    assert "For: tape and café" in opened.last.body
    assert _collectives(engine) == [(500, "tape and café")]
    invisible = session.say(world.alice, world.group, "/send 1 @bob \u200b\u200f")
    assert invisible.texts[0].startswith("Send 1.00 € from Alice Liddell to Bob?")
    session.press(world.alice, invisible.last, 0)
    assert _journal_reasons(engine) == ["send:"]


def test_a_username_with_an_invisible_character_names_the_person(world: World) -> None:
    world.register(world.alice, world.bob)
    shown = world.session.say(world.alice, world.group, "/balance @bob\u200b")
    assert shown.texts == ["Balance of Bob: 0.00 €"]


def test_a_name_of_invisible_characters_falls_back_to_the_username(world: World) -> None:
    ghost = world.session.api.add_user("\u200b\u200e", last_name="\u2060", username="ghost")
    world.register(ghost)
    assert world.db_user(ghost).name == "ghost"
    marked = world.session.api.add_user("\u200fZoe\u200e", username="zoe")
    world.register(marked)
    assert world.db_user(marked).name == "Zoe"


# --- 8: "5.00 EUR" is one amount, as /help and the docs say ---


def _help_forms(world: World) -> list[str]:
    shown = world.session.say(world.alice, world.group, "/help").last.body
    accepted = re.search(r"Amounts: (.+?) \(", shown)
    assert accepted is not None, shown
    return accepted.group(1).replace(" or ", ", ").split(", ")


def test_every_amount_form_help_lists_is_read_by_send(world: World) -> None:
    world.register(world.alice, world.bob)
    forms = _help_forms(world)
    assert "5.00 EUR" in forms
    for form in forms:
        cents = 550 if "5,50" in form or "5.5" in form else 500
        euros = f"{cents // 100}.{cents % 100:02d} €"
        preview = world.session.say(world.alice, world.group, f"/send {form} @bob for tea")
        assert preview.texts[0].startswith(
            f"Send {euros} from Alice Liddell to Bob for “for tea”?"
        ), form


def test_a_currency_word_is_part_of_the_amount_of_every_amount_command(
    world: World, engine: Engine
) -> None:
    world.register(world.alice, world.bob)
    session = world.session
    sent = session.say(world.alice, world.group, "/send 5.50 EUR @bob")
    assert sent.texts[0].startswith("Send 5.50 € from Alice Liddell to Bob?")
    paid = session.say(world.alice, world.group, "/pay 5.00 EUR tape")
    assert "For: tape" in paid.last.body
    session.press(world.alice, paid.last, "🗑 Cancel")
    split = session.say(world.alice, world.group, "/communism € 12 pizza")
    assert "For: pizza" in split.last.body
    assert _collectives(engine) == [(500, "tape"), (1200, "pizza")]


def _forms(accepted: str) -> list[str]:
    return re.split(r", | or | oder ", accepted.split(" (")[0])


def test_help_and_docs_list_the_forms_the_parser_reads() -> None:
    forms = _forms(ACCEPTED_FORMS)
    assert forms == ["5", "5.5", "5,50", "5€", "€5", "5.00 EUR"]
    for locale in LOCALES.values():
        assert _forms(locale.messages["amount.accepted"]) == forms
    listed = "`5`, `5.5`, `5,50`, `5€`, `€5` or `5.00 EUR`"
    for doc in ("docs/users.md", "docs/telegram.md"):
        assert listed in (ROOT / doc).read_text(encoding="utf-8").replace("\n", " "), doc


# --- 9: arguments are honoured or refused, never ignored ---


def test_top_and_blame_show_as_many_as_asked(world: World) -> None:
    people = [world.alice, world.bob, world.carol, world.dave]
    world.register(*people)
    for person, count in zip(people, (1, 2, 3, 4), strict=True):
        world.session.say(person, world.group, f"/drink {count}")
    top = world.session.say(world.bob, world.group, "/top 3").last.body.splitlines()
    assert top[0] == "Highest balances"
    assert len(top) == 4
    blame = world.session.say(world.bob, world.group, "/blame 2").last.body.splitlines()
    assert blame == ["Most in debt", "1. Dave: -4.00 €", "2. Carol: -3.00 €"]
    everyone = world.session.say(world.bob, world.group, "/blame").last.body.splitlines()
    assert len(everyone) == 5


@pytest.mark.parametrize(
    ("command", "answer"),
    [
        ("/balance nobody", "Usage: /balance [@user]\nExample: /balance @alice"),
        ("/balance @bob please", "Usage: /balance [@user]\nExample: /balance @alice"),
        ("/top 0", "Say how many to show: a whole number from 1 to 100."),
        ("/top 101", "Say how many to show: a whole number from 1 to 100."),
        ("/top three", "Say how many to show: a whole number from 1 to 100."),
        ("/top 3 4", "Usage: /top [count]\nExample: /top 3"),
        ("/blame -2", "Say how many to show: a whole number from 1 to 100."),
        ("/history 5 6", "Usage: /history [count | csv | json]\nExample: /history 20"),
        ("/zwegat now", "Usage: /zwegat\nExample: /zwegat"),
        ("/data all", "Usage: /data [export]\nExample: /data export"),
        ("/drink 2 3", "Usage: /drink [count]\nExample: /drink 2"),
        ("/consume drink 2 3", "Usage: /consume name [count]\nExample: /consume drink 2"),
        (
            "/vouch add @dave now",
            "Use /vouch, /vouch add @user or /vouch remove @user.",
        ),
    ],
)
def test_arguments_a_command_cannot_use_are_refused_with_its_usage(
    world: World, snapshot: Callable[[], Snapshot], command: str, answer: str
) -> None:
    world.register(world.alice, world.bob)
    world.register(world.dave, chat=world.private(world.dave))
    before = snapshot()
    assert world.session.say(world.alice, world.group, command).texts == [answer]
    assert snapshot() == before


def test_balance_by_reply_with_words_is_refused(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    world.register(world.alice, world.bob)
    note = world.session.say(world.bob, world.group, "hello")
    before = snapshot()
    refused = world.session.say(world.alice, world.group, "/balance nobody", reply_to=note.message)
    assert refused.texts == ["Usage: /balance [@user]\nExample: /balance @alice"]
    assert snapshot() == before


def test_balance_by_text_mention(world: World) -> None:
    world.register(world.alice, world.eve)
    shown = world.session.say(world.alice, world.group, "/balance Eve", mention=world.eve)
    assert shown.texts == ["Balance of Eve: 0.00 €"]


# --- 10: the bot is not a member ---


BOT = (
    "I am the bot, not a member of Hackspace: I have no balance and take no part. "
    "Name a person by @username or reply to one of their messages."
)


@pytest.mark.parametrize("command", ["/send 1 x", "/balance", "/vouch add", "/vouch remove"])
def test_a_reply_to_the_bot_names_no_member(
    world: World, snapshot: Callable[[], Snapshot], command: str
) -> None:
    world.register(world.alice)
    bots_message = world.session.say(world.alice, world.group, "/zwegat").last
    before = snapshot()
    refused = world.session.say(world.alice, world.group, command, reply_to=bots_message)
    assert refused.texts == [BOT]
    assert refused.last.buttons == ()
    assert snapshot() == before


def test_the_bots_username_names_no_member(world: World, snapshot: Callable[[], Snapshot]) -> None:
    world.register(world.alice)
    username = world.session.api.bot.username
    before = snapshot()
    for command in (f"/send 1 @{username}", f"/balance @{username.upper()}"):
        assert world.session.say(world.alice, world.group, command).texts == [BOT]
    mentioned = world.session.say(
        world.alice, world.group, "/send 1 Community Bot", mention=world.session.api.bot
    )
    assert mentioned.texts == [BOT]
    assert snapshot() == before


def test_another_bot_named_by_a_mention_is_no_member(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    world.register(world.alice)
    helper = SimUser(id=555_000_111, first_name="Helper Bot", username="helper_bot", is_bot=True)
    before = snapshot()
    refused = world.session.say(world.alice, world.group, "/send 1 Helper Bot", mention=helper)
    assert refused.texts == [
        "Helper Bot is a bot, not a member of Hackspace. "
        "Name a person by @username or reply to one of their messages."
    ]
    assert snapshot() == before


def test_a_reply_to_the_bot_in_german(world: World) -> None:
    world.register(world.carol)
    bots_message = world.session.say(world.carol, world.group, "/zwegat").last
    refused = world.session.say(world.carol, world.group, "/send 1", reply_to=bots_message)
    assert refused.texts[0].startswith("Ich bin der Bot, kein Mitglied von Hackspace")


# --- 11: messages speak of the community, not of the schema ---


def test_externals_at_the_column_maximum_speak_of_the_community(
    world: World, engine: Engine, snapshot: Callable[[], Snapshot]
) -> None:
    world.register(world.alice)
    message = world.session.say(world.alice, world.group, "/communism 10 pizza").last
    with engine.begin() as connection:
        connection.execute(text("UPDATE collectives SET externals = 32767"))
    before = snapshot()
    pressed = world.session.press(world.alice, message, "Externals +")
    assert pressed.answer is not None
    assert pressed.answer.answer_text is not None
    assert pressed.answer.answer_text.endswith("cannot count any more externals.")
    assert "32767" not in pressed.answer.answer_text
    assert snapshot() == before


def test_no_catalogue_text_names_a_column_range_or_type() -> None:
    leaks = re.compile(
        r"32767|32 767|8388607|8 388 607|83886|65535|smallint|mediumint|varchar|column", re.I
    )
    for code, locale in LOCALES.items():
        for key, template in locale.messages.items():
            assert not leaks.search(template), (code, key)


# --- 13: in a private chat, everything gets an answer ---


def test_plain_text_and_unknown_commands_in_private_get_a_hint(world: World) -> None:
    world.register(world.alice, chat=world.private(world.alice))
    private = world.private(world.alice)
    session = world.session
    assert session.say(world.alice, private, "hello?").texts == [
        "I only understand commands. Send /help for the list."
    ]
    assert session.say(world.alice, private, "/frobnicate now").texts == [
        "There is no command /frobnicate. Send /help for the list."
    ]
    assert session.say(world.alice, private, "/balance").texts == ["Your balance: 0.00 €"]
    newcomer = session.say(world.eve, world.private(world.eve), "hi")
    assert newcomer.texts == ["I only understand commands. Send /help for the list."]
    german = session.say(world.carol, world.private(world.carol), "hallo")
    assert german.texts == ["Ich verstehe nur Befehle. /help zeigt die Liste."]


def test_in_a_group_the_bot_stays_silent_on_what_is_not_its_command(world: World) -> None:
    world.register(world.alice)
    for said in ("hello all", "/frobnicate", "/balance@some_other_bot"):
        assert world.session.say(world.alice, world.group, said).sent == ()
