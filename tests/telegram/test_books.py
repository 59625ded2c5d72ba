"""/statement, /chart and /notify, and the notices that movements owe, end to end through the
fake Bot API on MariaDB."""

from __future__ import annotations

import csv
import io
import struct
import time
from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import Engine, text

from communitybot.core.ids import TelegramId
from communitybot.devtools import SimUser, StoredMessage
from communitybot.services import community as services
from tests.conftest import Snapshot
from tests.telegram.conftest import RULES, World

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def members(world: World) -> World:
    """Alice, Bob, Carol (German) and Dave are members, each with a private chat."""
    for user in (world.alice, world.bob, world.carol, world.dave):
        world.register(user)
        world.session.say(user, world.private(user), "/start")
    return world


def _send(world: World, sender_name: str, receiver: str, amount: str, why: str) -> None:
    sender = getattr(world, sender_name)
    summary = world.session.say(sender, world.group, f"/send {amount} @{receiver} {why}")
    world.session.press(sender, summary.last, "✅ Confirm")


def _png_size(content: bytes) -> tuple[int, int]:
    assert content.startswith(PNG_SIGNATURE)
    assert content[12:16] == b"IHDR"
    width, height = struct.unpack(">II", content[16:24])
    return int(width), int(height)


def _current(world: World, message: StoredMessage) -> StoredMessage:
    return world.session.api.message(message.chat.id, message.message_id)


# --- /statement --------------------------------------------------------------------------------


def test_a_statement_lists_the_month_privately(members: World) -> None:
    world = members
    _send(world, "alice", "bob", "4.50", "pizza")
    _send(world, "bob", "alice", "1", "change")
    in_group = world.session.say(world.alice, world.group, "/statement")
    assert in_group.texts == ["Please send /statement to me in a private chat."]
    private = world.session.say(world.alice, world.private(world.alice), "/statement")
    lines = private.last.body.splitlines()
    assert lines[0].startswith("Statement of Alice Liddell for 20")
    assert lines[0].endswith("(UTC)")
    assert lines[1] == "Opening balance: 0.00 €"
    assert lines[2].endswith("-4.50 € to Bob · send: pizza  → -4.50 €")
    assert lines[3].endswith("+1.00 € from Bob · send: change  → -3.50 €")
    assert lines[4] == "Closing balance: -3.50 € (in 1.00 €, out 4.50 €)"
    assert world.balance(world.alice) == -350


def test_a_statement_as_csv_has_euros_and_zoned_times(members: World) -> None:
    world = members
    _send(world, "alice", "bob", "2", "bus")
    private = world.private(world.bob)
    answer = world.session.say(world.bob, private, "/statement csv")
    document = answer.last.document
    assert document is not None
    assert document.file_name.startswith("statement-20")
    assert document.file_name.endswith(".csv")
    assert answer.last.caption is not None
    assert answer.last.caption.endswith(": 1 movements.")
    content = world.session.api.document(document.file_id).content.decode()
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [r["row"] for r in rows] == ["opening", "movement", "closing"]
    assert (rows[1]["counterpart"], rows[1]["amount"], rows[1]["balance"]) == (
        "Alice Liddell",
        "2.00",
        "2.00",
    )
    assert rows[1]["registered"].endswith("+00:00")


def test_a_month_in_other_digits_is_refused_and_changes_nothing(
    members: World, snapshot: Callable[[], Snapshot]
) -> None:
    world = members
    private = world.private(world.alice)
    before = snapshot()
    foreign = world.session.say(world.alice, private, "/statement ٢٠٢٦-١١")
    assert foreign.texts == [
        "“٢٠٢٦-١١” is not a month: please write it with the digits 0-9. Write it like 2026-11."
    ]
    german = world.session.say(world.carol, world.private(world.carol), "/statement 2026-13")
    assert german.texts == [
        "„2026-13“ ist kein Monat: diesen Monat gibt es hier nicht (1970-01 bis 2037-12). "
        "Schreib ihn wie 2026-11."
    ]
    usage = world.session.say(world.alice, private, "/statement 2026-11 2026-12")
    assert usage.texts[0].startswith("Usage: /statement [YYYY-MM] [csv]")
    assert snapshot() == before


def test_an_old_month_has_no_movements(members: World) -> None:
    world = members
    _send(world, "alice", "bob", "1", "now")
    answer = world.session.say(world.alice, world.private(world.alice), "/statement 2001-01")
    assert answer.last.body.splitlines()[1:] == [
        "Opening balance: 0.00 €",
        "No movements in this month.",
        "Closing balance: 0.00 € (in 0.00 €, out 0.00 €)",
    ]


# --- /chart ------------------------------------------------------------------------------------


def test_a_chart_is_a_png_of_the_journal(members: World) -> None:
    world = members
    empty = world.session.say(world.alice, world.group, "/chart")
    assert empty.texts == ["No movements yet: there is nothing to draw."]
    _send(world, "alice", "bob", "3", "one")
    _send(world, "bob", "alice", "1.25", "two")
    answer = world.session.say(world.alice, world.group, "/chart")
    document = answer.last.document
    assert document is not None
    assert document.file_name == "chart.png"
    png = world.session.api.document(document.file_id).content
    assert _png_size(png) == (800, 450)
    assert len(png) > 5_000
    assert answer.last.caption == "Balance of Alice Liddell: 2 movements, now -1.75 €."
    rules = world.session.container.rules
    series = services.balance_chart(world.uow, rules, tid=TelegramId(world.alice.id))
    assert [p.balance for p in series.points] == [-300, -175]  # what the picture plots
    assert series.final == world.balance(world.alice)
    assert world.session.say(world.alice, world.group, "/chart me").texts[0].startswith("Usage:")


def test_the_community_chart_is_for_treasurers(
    members: World, snapshot: Callable[[], Snapshot]
) -> None:
    world = members
    world.session.say(world.bob, world.group, "/drink 2")
    before = snapshot()
    refused = world.session.say(world.bob, world.group, "/chart community")
    assert refused.texts == [
        "You may not read the community's books; "
        "the treasurers or the administrator decide who may."
    ]
    assert snapshot() == before
    assert services.grant_role(world.uow, user=world.db_user(world.alice).id, role="treasurer")
    answer = world.session.say(world.alice, world.group, "/chart community")
    document = answer.last.document
    assert document is not None
    assert _png_size(world.session.api.document(document.file_id).content) == (800, 450)
    assert answer.last.caption == "The books of Hackspace: 1 movements, now 2.00 €."


def test_the_community_chart_draws_the_cash_box_too(members: World) -> None:
    world = members
    assert services.grant_role(world.uow, user=world.db_user(world.alice).id, role="treasurer")
    world.session.say(world.alice, world.group, "/deposit 20 @bob")
    world.session.say(world.bob, world.group, "/withdraw 5")
    answer = world.session.say(world.alice, world.group, "/chart community")
    document = answer.last.document
    assert document is not None
    assert _png_size(world.session.api.document(document.file_id).content) == (800, 450)
    assert answer.last.caption == (
        "The books of Hackspace: 2 movements, now 0.00 €. The cash box should hold 15.00 €."
    )
    rules = world.session.container.rules
    lines = services.community_chart(world.uow, rules, actor_tid=None)
    assert [(line.label, [p.balance for p in line.points]) for line in lines] == [
        ("community", []),
        ("cashbox", [2000, 1500]),
    ]
    assert services.grant_role(world.uow, user=world.db_user(world.carol).id, role="treasurer")
    german = world.session.say(world.carol, world.group, "/chart community")
    assert german.last.caption == (
        "Die Bücher von Hackspace: 2 Buchungen, jetzt 0,00 €. In der Kasse sollten 15,00 € sein."
    )


# --- /notify and the notices --------------------------------------------------------------------


def test_notify_lists_and_switches_each_kind(
    members: World, snapshot: Callable[[], Snapshot]
) -> None:
    world = members
    private = world.private(world.alice)
    listing = world.session.say(world.alice, private, "/notify")
    assert listing.last.body.splitlines() == [
        "Your notifications",
        "🔔 received: money someone sent you",
        "🔔 communism: your share of a communism was charged",
        "🔔 payment: your payment request was paid or denied",
        "🔔 vouch: vouching ended and your balance was settled",
        "🔔 reminder: a monthly reminder when your balance is low",
        "🔔 deposit: cash recorded for you; deposits confirmed, rejected or waiting",
        "🔔 reversal: a transaction of yours was reversed",
        "🔔 fee: a membership fee was charged, or could not be",
        "🔔 low_stock: an article is running out (treasurers)",
        "Turn one off with /notify off kind, on with /notify on kind.",
    ]
    off = world.session.say(world.alice, private, "/notify off received")
    assert off.texts == ["🔕 You will no longer be told: money someone sent you."]
    assert "🔕 received" in world.session.say(world.alice, private, "/notify").last.body
    before = snapshot()
    unknown = world.session.say(world.alice, private, "/notify off spam")
    assert unknown.texts == [
        "There is no kind of notification “spam”. "
        "Kinds: received, communism, payment, vouch, reminder, deposit, reversal, fee, low_stock."
    ]
    bad = world.session.say(world.alice, private, "/notify maybe received")
    assert bad.texts[0].startswith("Usage: /notify [on | off] [kind]")
    assert snapshot() == before

    sent = world.session.say(world.bob, world.group, "/send 1 @alice quiet")
    confirmed = world.session.press(world.bob, sent.last, "✅ Confirm")
    assert all(m.chat.id != world.alice.id for m in confirmed.sent)  # not told
    assert world.balance(world.alice) == 100
    on = world.session.say(world.alice, private, "/notify on received")
    assert on.texts == ["🔔 You will be told again: money someone sent you."]
    loud = world.session.say(world.bob, world.group, "/send 1 @alice loud")
    told = world.session.press(world.bob, loud.last, "✅ Confirm")
    assert [m.body for m in told.sent if m.chat.id == world.alice.id] == [
        "💶 You received 1.00 € from Bob for “loud”. Balance: 2.00 €"
    ]


def test_the_requester_is_told_when_a_request_is_paid_or_denied(members: World) -> None:
    world = members
    world.grant_vote(world.bob, world.carol)
    paid = world.session.say(world.alice, world.group, "/pay 12 soap").last
    world.session.press(world.bob, paid, "👍 Approve")
    decided = world.session.press(world.carol, paid, "👍 Approve")
    assert [(m.chat.id, m.body) for m in decided.sent] == [
        (
            world.alice.id,
            "✅ Your payment request “soap” was approved: the community paid you 12.00 €. "
            "Balance: 12.00 €",
        )
    ]
    denied = world.session.say(world.alice, world.group, "/pay 5 gold paint").last
    world.session.press(world.bob, denied, "👎 Disapprove")
    no = world.session.press(world.carol, denied, "👎 Disapprove")
    assert [(m.chat.id, m.body) for m in no.sent] == [
        (world.alice.id, "❌ Your payment request “gold paint” for 5.00 € was denied.")
    ]
    assert world.balance(world.alice) == 1200


def test_each_payer_of_a_communism_is_told_its_share_unless_it_opted_out(members: World) -> None:
    world = members
    world.session.say(world.dave, world.private(world.dave), "/notify off communism")
    message = world.session.say(world.alice, world.group, "/communism 9 pizza").last
    for who in (world.bob, world.carol, world.dave):
        world.session.press(who, message, "🙋 Join")
    accepted = world.session.press(world.alice, message, "✅ Accept")
    told = sorted((m.chat.id, m.body) for m in accepted.sent if m.chat.type == "private")
    assert told == sorted(
        [
            (world.bob.id, "🧾 Your share of “pizza” by Alice Liddell: 2.25 €. Balance: -2.25 €"),
            # the community's language for notices, whoever reads them
            (world.carol.id, "🧾 Your share of “pizza” by Alice Liddell: 2.25 €. Balance: -2.25 €"),
        ]
    )
    assert "Status: accepted and settled" in _current(world, message).body
    assert world.balance(world.dave) == -225


def test_a_notice_to_someone_without_a_private_chat_is_skipped(
    world: World, engine: Engine
) -> None:
    world.register(world.alice, world.bob, world.carol)  # nobody opened a private chat
    world.grant_vote(world.bob, world.carol)
    message = world.session.say(world.alice, world.group, "/pay 3 tape").last
    world.session.press(world.bob, message, "👍 Approve")
    decided = world.session.press(world.carol, message, "👍 Approve")
    assert all(m.chat.id == world.group.id for m in decided.sent)
    assert world.balance(world.alice) == 300
    with engine.connect() as connection:  # delivered as far as it can be: owed no more
        owed = connection.execute(
            text("SELECT COUNT(*) FROM operation_keys WHERE result LIKE :owed"),
            {"owed": '%"notify":1%'},
        ).scalar()
    assert owed == 0


def _private_texts(world: World, user: SimUser) -> list[str]:
    return [m.body for m in world.session.api.bot_messages(world.private(user))]


def _wait_for(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the reminders did not come"
        time.sleep(0.05)


@pytest.mark.parametrize(
    "container", [replace(RULES, reminder_below=-300)], ids=["reminders"], indirect=True
)
def test_the_bot_reminds_low_balances_once_a_month(members: World, engine: Engine) -> None:
    world = members
    world.session.say(world.carol, world.private(world.carol), "/notify off reminder")
    for who in ("alice", "bob", "carol"):
        world.session.say(getattr(world, who), world.group, "/pizza 2")  # -4.00 € each
    reminder = (
        "⚠️ Your balance is -4.00 €, below -3.00 €. Send /statement to see this month's "
        "movements, or /notify off reminder to stop these reminders."
    )
    world.session.restart()  # the bot looks at start, then every hour
    _wait_for(lambda: reminder in _private_texts(world, world.bob))
    _wait_for(lambda: reminder in _private_texts(world, world.alice))
    with engine.connect() as connection:
        reminded = connection.execute(
            text("SELECT user_id, balance FROM statement_reminders ORDER BY user_id")
        ).all()
    assert [tuple(row) for row in reminded] == [
        (world.db_user(world.alice).id, -400),
        (world.db_user(world.bob).id, -400),
    ]
    assert reminder not in _private_texts(world, world.carol)  # opted out
    assert reminder not in _private_texts(world, world.dave)  # not below
    world.session.restart()  # a second look in the same month reminds nobody again
    time.sleep(1.0)
    assert _private_texts(world, world.alice).count(reminder) == 1
    assert _private_texts(world, world.bob).count(reminder) == 1


def test_help_explains_the_books_commands_in_both_languages(members: World) -> None:
    world = members
    english = world.session.say(world.alice, world.group, "/help statement")
    assert "/statement [YYYY-MM] [csv]" in english.text
    german = world.session.say(world.carol, world.group, "/help notify")
    assert "/notify [on | off] [Art]" in german.text
    listing = world.session.say(world.alice, world.group, "/help").text
    for line in (
        "/statement: your statement for a month: opening, movements, closing",
        "/chart: your balance over time as a picture",
        "/notify: which notifications you get; turn kinds on or off",
    ):
        assert line in listing
