"""/balance, /history (pages, buttons, files), /data, /zwegat, /blame, /top end to end."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

from communitybot.services import community as services
from communitybot.telegram._text import MAX_MESSAGE, utf16_len
from tests.conftest import Snapshot
from tests.telegram.conftest import RULES, World


def _send(world: World, sender_name: str, receiver_name: str, cents: int, reason: str) -> None:
    """Move money through the service directly (fast setup for the query tests)."""
    sender = world.db_user(world.session.user(sender_name))
    receiver = world.db_user(world.session.user(receiver_name))
    services.send(
        world.uow,
        RULES,
        sender=sender.id,
        receiver=receiver.id,
        amount=cents,
        reason=reason,
        key=f"test:{sender_name}:{receiver_name}:{cents}:{hash(reason)}",
    )


def test_balance_of_oneself_of_others_and_by_reply(world: World) -> None:
    world.register(world.alice, world.bob)
    _send(world, "alice", "bob", 250, "coffee")
    session = world.session
    assert session.say(world.alice, world.group, "/balance").texts == ["Your balance: -2.50 €"]
    assert session.say(world.alice, world.group, "/balance @bob").texts == [
        "Balance of Bob: 2.50 €"
    ]
    note = session.say(world.bob, world.group, "hello")
    by_reply = session.say(world.alice, world.group, "/balance", reply_to=note.message)
    assert by_reply.texts == ["Balance of Bob: 2.50 €"]
    unknown = session.say(world.alice, world.group, "/balance @nobody")
    assert unknown.texts == ["I don't know @nobody. They have to send /start to me first."]


def test_history_pages_with_buttons(world: World) -> None:
    world.register(world.alice, world.bob)
    for n in range(1, 13):
        _send(world, "alice", "bob", n, f"item {n}")
    session = world.session
    private = world.private(world.alice)
    session.say(world.alice, private, "/start")
    first = session.say(world.alice, private, "/history")
    text = first.last.body
    assert text.startswith("Your transactions (1–10 of 12):")
    assert "-0.12 € to Bob · send: item 12" in text.splitlines()[1]
    assert [b.text for b in first.last.buttons] == ["◀ Older"]

    older = session.press(world.alice, first.last, "◀ Older")
    page = session.api.message(private.id, first.last.message_id)
    assert page.body.startswith("Your transactions (11–12 of 12):")
    assert "item 1" in page.body.splitlines()[-1]
    assert [b.text for b in page.buttons] == ["Newer ▶"]
    assert older.answer is not None
    assert older.answer.answered

    session.press(world.alice, page, "Newer ▶")
    assert session.api.message(private.id, first.last.message_id).body.startswith(
        "Your transactions (1–10 of 12):"
    )


def test_history_count_and_long_history_split_below_4096(world: World) -> None:
    world.register(world.alice, world.bob)
    reason = "a long reason " * 15
    for n in range(1, 41):
        _send(world, "bob", "alice", n, f"{reason}{n}")
    session = world.session
    private = world.private(world.alice)
    session.say(world.alice, private, "/start")
    three = session.say(world.alice, private, "/history 3")
    assert three.last.body.startswith("Your transactions (1–3 of 40):")
    everything = session.say(world.alice, private, "/history 100")
    assert len(everything.sent) > 1
    assert all(utf16_len(m.body) <= MAX_MESSAGE for m in everything.sent)
    assert "(1–40 of 40)" in everything.sent[0].body
    assert everything.failures == []
    for bad in ("/history 0", "/history 101", "/history many"):
        refused = session.say(world.alice, world.group, bad)
        assert refused.texts == ["Say how many transactions to show, 1 to 100, or csv or json."], (
            bad
        )


def test_history_as_csv_and_json_files_in_private(world: World) -> None:
    world.register(world.alice, world.bob)
    _send(world, "alice", "bob", 150, 'snacks, "salty"')
    _send(world, "bob", "alice", 20, "refund")
    session = world.session
    private = world.private(world.alice)
    as_csv = session.say(world.alice, private, "/history csv")
    document = as_csv.last.document
    assert document is not None
    assert document.file_name.endswith(".csv")
    assert as_csv.last.caption == "Your 2 transactions as CSV."
    rows = list(
        csv.DictReader(io.StringIO(session.api.document(document.file_id).content.decode()))
    )
    assert [(r["amount"], r["counterpart"], r["reason"]) for r in rows] == [
        ("-150", "Bob", 'send: snacks, "salty"'),
        ("20", "Bob", "send: refund"),
    ]

    as_json = session.say(world.alice, private, "/history json")
    json_document = as_json.last.document
    assert json_document is not None
    entries = json.loads(session.api.document(json_document.file_id).content)
    assert [e["amount"] for e in entries] == [-150, 20]


def test_data_shows_what_is_stored(world: World) -> None:
    world.register(world.alice)
    private = world.private(world.alice)
    world.session.say(world.alice, private, "/start")
    text = world.session.say(world.alice, private, "/data").last.body
    stored = world.db_user(world.alice)
    assert text.startswith("What I store about you")
    assert f"User id: {stored.id}" in text
    assert f"Telegram id: {world.alice.id}" in text
    assert "Username: @alice" in text
    assert "Status: member" in text
    assert "May vote: no" in text
    assert "Transactions: 0" in text


def test_zwegat_blame_and_top(world: World) -> None:
    world.register(world.alice, world.bob, world.carol)
    session = world.session
    assert session.say(world.alice, world.group, "/blame").texts == ["Nobody is in debt. 🎉"]
    assert session.say(world.alice, world.group, "/top").last.body.count(": 0.00 €") == 3
    _send(world, "alice", "bob", 700, "dinner")
    session.say(world.carol, world.group, "/pizza")
    assert session.say(world.alice, world.group, "/zwegat").texts == [
        "The community Hackspace holds 2.00 €."
    ]
    blame = session.say(world.alice, world.group, "/blame").last.body
    assert blame.splitlines() == ["Most in debt", "1. Alice Liddell: -7.00 €", "2. Carol: -2.00 €"]
    top = session.say(world.alice, world.group, "/top").last.body
    assert top.splitlines()[1] == "1. Bob: 7.00 €"


def test_reading_changes_nothing(world: World, snapshot: Callable[[], Snapshot]) -> None:
    world.register(world.alice, world.bob)
    _send(world, "alice", "bob", 100, "x")
    before = snapshot()
    for command in ("/balance", "/balance @bob", "/history", "/data", "/zwegat", "/blame", "/top"):
        exchange = world.session.say(world.alice, world.group, command)
        assert exchange.sent, command
    assert snapshot() == before
