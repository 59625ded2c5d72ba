"""Privacy end to end: /data and /history from a group answer privately (or say how to open the
private chat), hidden balances, /data export as a JSON file, /forgetme with its confirm button."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import Engine, text

from communitybot.devtools import SimUser
from communitybot.services import community as services
from tests.conftest import Snapshot
from tests.telegram.conftest import RULES, World

SENT = "I sent it to you in our private chat."


def _open_private(world: World, user: SimUser) -> None:
    world.session.say(user, world.private(user), "/start")


def _send(world: World, sender: SimUser, receiver: SimUser, amount: str, reason: str) -> None:
    summary = world.session.say(
        sender, world.group, f"/send {amount} @{receiver.username} {reason}"
    )
    world.session.press(sender, summary.last, "✅ Confirm")


def test_data_and_history_from_a_group_answer_privately(world: World) -> None:
    world.register(world.alice, world.bob)
    _open_private(world, world.alice)
    _send(world, world.alice, world.bob, "1.50", "mate")
    _send(world, world.bob, world.alice, "0.25", "change")
    session = world.session
    private = world.private(world.alice)

    data = session.say(world.alice, world.group, "/data")
    assert [(m.chat.id, m.body) for m in data.sent][-1] == (world.group.id, SENT)
    [shown] = [m for m in data.sent if m.chat.id == private.id]
    assert shown.body.startswith("What I store about you")
    assert f"Telegram id: {world.alice.id}" in shown.body

    history = session.say(world.alice, world.group, "/history 1")
    [page] = [m for m in history.sent if m.chat.id == private.id]
    assert page.body.startswith("Your transactions (1–1 of 2):")
    assert history.sent[-1].body == SENT
    session.press(world.alice, page, "◀ Older")  # the page turns in the private chat
    turned = session.api.message(private.id, page.message_id).body
    assert turned.startswith("Your transactions (2–2 of 2):")
    assert all(world.alice.first_name not in m.body for m in history.sent if m.chat.id < 0)

    as_file = session.say(world.alice, world.group, "/history json")
    [document] = [m for m in as_file.sent if m.chat.id == private.id]
    assert document.document is not None
    entries = json.loads(session.api.document(document.document.file_id).content)
    assert [e["amount"] for e in entries] == [-150, 25]


def test_without_a_private_chat_the_group_is_told_how_to_open_one(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    world.register(world.bob)
    before = snapshot()
    bot = world.session.api.bot.username
    for command in ("/data", "/history", "/history csv", "/data export"):
        answer = world.session.say(world.bob, world.group, command)
        assert answer.texts == [
            "This is private, and I cannot write to you first: open a chat with "
            f"@{bot}, press Start, and send the command there."
        ], command
        assert all(m.chat.id == world.group.id for m in answer.sent)
    assert snapshot() == before


def test_data_export_is_a_json_file_of_everything_stored(world: World, engine: Engine) -> None:
    world.register(world.alice, world.bob, world.carol)
    world.grant_vote(world.bob)
    _open_private(world, world.bob)
    _send(world, world.alice, world.bob, "2", "tape")
    request = world.session.say(world.alice, world.group, "/pay 5 glue").last
    world.session.press(world.bob, request, "👍 Approve")
    exported = world.session.say(world.bob, world.private(world.bob), "/data export")
    message = exported.last
    assert message.caption == "Everything I store about you (1 transactions), as JSON."
    assert message.document is not None
    assert message.document.file_name.endswith(".json")
    document = json.loads(world.session.api.document(message.document.file_id).content)
    bob = world.db_user(world.bob)
    assert document["user"] | {"created": "", "accessed": ""} == {
        "id": bob.id,
        "telegram_id": world.bob.id,
        "name": "Bob",
        "username": "bob",
        "balance": 200,
        "vote_permission": True,
        "active": True,
        "external": False,
        "created": "",
        "accessed": "",
    }
    assert [(e["amount"], e["counterpart"], e["reason"]) for e in document["journal"]] == [
        (200, "Alice Liddell", "send: tape")
    ]
    [voted] = document["collectives"]
    assert (voted["kind"], voted["amount"], voted["your_vote"], voted["opened_by_you"]) == (
        "payment_request",
        500,
        "approve",
        False,
    )
    assert document["roles"] == []
    assert document["vouches_for"] == []


@pytest.mark.parametrize("container", [replace(RULES, hide_balances=True)], indirect=True)
def test_hidden_balances(world: World, snapshot: Callable[[], Snapshot]) -> None:
    world.register(world.alice, world.bob)
    _send(world, world.alice, world.bob, "1", "x")
    hidden = "Balances are private in this community: you see only your own (/balance)."
    before = snapshot()
    for command in ("/top", "/blame", "/top 3", "/balance @bob"):
        assert world.session.say(world.alice, world.group, command).texts == [hidden], command
    assert world.session.say(world.alice, world.group, "/balance").texts == [
        "Your balance: -1.00 €"
    ]
    assert world.session.say(world.alice, world.group, "/zwegat").texts == [
        "The community Hackspace holds 0.00 €."
    ]
    assert snapshot() == before


def test_forgetme_anonymises_a_settled_member_and_keeps_the_books(
    world: World, engine: Engine, snapshot: Callable[[], Snapshot]
) -> None:
    world.register(world.alice, world.bob)
    world.grant_vote(world.alice)
    _send(world, world.alice, world.bob, "2", "loan")
    _send(world, world.bob, world.alice, "2", "paid back")
    alice = world.db_user(world.alice)
    private = world.private(world.alice)
    session = world.session

    in_group = session.say(world.alice, world.group, "/forgetme")
    assert in_group.texts == ["Please send /forgetme to me in a private chat."]
    ask = session.say(world.alice, private, "/forgetme").last
    assert ask.body.startswith("Forget me\nI will erase your name, your username")
    assert [b.text for b in ask.buttons] == ["🗑 Yes, forget me", "Keep me"]

    before = snapshot()
    kept = session.press(world.alice, ask, "Keep me")
    assert kept.answer is not None
    assert kept.answer.answer_text == "Nothing was changed."
    assert snapshot() == before
    forged = session.press_data(world.alice, ask, f"fy:{alice.id + 1}")
    assert forged.answer is not None
    assert forged.answer.answer_text == "This button is not valid."
    assert snapshot() == before

    ask = session.say(world.alice, private, "/forgetme").last
    done = session.press(world.alice, ask, "🗑 Yes, forget me")
    assert done.answer is not None
    assert done.answer.answer_text == f"Done: you are now Forgotten member #{alice.id}. Goodbye!"
    with engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT tid, username, name, balance, permission, active FROM users WHERE id = :i"
            ),
            {"i": alice.id},
        ).one()
        journal = connection.execute(
            text("SELECT COUNT(*) FROM transactions WHERE :i IN (sender, receiver)"),
            {"i": alice.id},
        ).scalar_one()
    assert tuple(row) == (-alice.id - 1, None, f"Forgotten member #{alice.id}", 0, 0, 0)
    assert journal == 2  # kept for the books
    assert services.check_ledger(world.uow) == ()
    assert services.find_user(world.uow, tid=alice.tid) is None
    history = session.say(world.bob, world.private(world.bob), "/start")
    assert history.sent
    page = session.say(world.bob, world.private(world.bob), "/history").last.body
    assert f"Forgotten member #{alice.id}" in page
    assert "Alice" not in page

    again = session.say(world.alice, world.group, "/start")  # a new member from now on
    assert again.sent
    assert world.db_user(world.alice).id != alice.id


def test_forgetme_is_refused_until_settled(world: World, snapshot: Callable[[], Snapshot]) -> None:
    world.register(world.alice, world.bob)
    world.register(world.dave, chat=world.private(world.dave))
    private = world.private(world.alice)
    _open_private(world, world.alice)
    session = world.session
    _send(world, world.alice, world.bob, "2", "loan")
    before = snapshot()
    owing = session.say(world.alice, private, "/forgetme")
    assert owing.texts == [
        "Your balance is -2.00 €: settle it to 0.00 first, then I can forget you."
    ]
    assert owing.last.buttons == ()
    assert snapshot() == before

    _send(world, world.bob, world.alice, "2", "back")
    session.say(world.alice, world.group, "/vouch add @dave")
    before = snapshot()
    assert session.say(world.alice, private, "/forgetme").texts == [
        "You vouch for 1 guest(s): stop vouching first (/vouch remove @user)."
    ]
    assert snapshot() == before
    session.say(world.alice, world.group, "/vouch remove @dave")
    session.say(world.alice, world.group, "/communism 10 pizza")
    before = snapshot()
    assert session.say(world.alice, private, "/forgetme").texts == [
        "You take part in 1 open payment request(s) or communism(s): close or leave them first."
    ]
    assert snapshot() == before
