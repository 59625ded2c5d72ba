"""/pay: Approve, Disapprove and Cancel, live vote counts in every copy, and the refusals."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import Engine, text

from communitybot.devtools import StoredMessage
from communitybot.services import community as services
from tests.conftest import Snapshot
from tests.telegram.conftest import RULES, World


def _recorded(engine: Engine) -> list[tuple[int, int, int]]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT collectives_id, chat_id, msg_id FROM collective_messages ORDER BY id")
        )
        return [(int(r[0]), int(r[1]), int(r[2])) for r in rows]


def _current(world: World, message: StoredMessage) -> StoredMessage:
    return world.session.api.message(message.chat.id, message.message_id)


@pytest.fixture
def voters(world: World) -> World:
    """Alice, Bob and Carol are members; Bob and Carol may vote."""
    world.register(world.alice, world.bob, world.carol)
    world.grant_vote(world.bob, world.carol)
    return world


def test_a_payment_request_is_approved_and_paid(voters: World, engine: Engine) -> None:
    world = voters
    session = world.session
    request = session.say(world.alice, world.group, "/pay 12 cleaning <supplies> & soap")
    message = request.last
    collective_id = _recorded(engine)[0][0]
    assert message.body.splitlines() == [
        f"💸 Payment request #{collective_id} by Alice Liddell",
        "Amount: 12.00 €",
        "For: cleaning <supplies> & soap",
        "👍 Approved (0): –",
        "👎 Disapproved (0): –",
        "Paid when approvals lead by 2; denied when disapprovals lead by 2.",
        "Expires 168 h after it was opened if undecided (nothing is paid then).",
        "Status: open",
    ]
    assert [b.text for b in message.buttons] == [
        "👍 Approve",
        "👎 Disapprove",
        "↩️ Withdraw my vote",
        "🗑 Cancel",
    ]
    assert _recorded(engine) == [(collective_id, world.group.id, message.message_id)]

    first = session.press(world.bob, message, "👍 Approve")
    assert first.answer is not None
    assert first.answer.answer_text == "You approved."
    assert "👍 Approved (1): Bob" in _current(world, message).body
    assert world.balance(world.alice) == 0

    second = session.press(world.carol, message, "👍 Approve")
    assert second.answer is not None
    assert second.answer.answer_text == (  # Carol speaks German
        "Angenommen: die Gemeinschaft hat 12,00 € an Alice Liddell gezahlt."
    )
    final = _current(world, message)
    assert "👍 Approved (2): Bob, Carol" in final.body
    assert final.body.endswith("Status: approved and paid")
    assert final.buttons == ()
    assert world.balance(world.alice) == 1200
    community = session.say(world.bob, world.group, "/zwegat")
    assert community.texts == ["The community Hackspace holds -12.00 €."]


def test_every_copy_is_edited_when_votes_come(voters: World, engine: Engine) -> None:
    world = voters
    session = world.session
    in_group = session.say(world.alice, world.group, "/pay 5 tape").last
    session.say(world.alice, world.private(world.alice), "/start")
    again = session.say(world.alice, world.private(world.alice), "/pay")
    in_private = again.last
    assert in_private.body == in_group.body
    assert len(_recorded(engine)) == 2

    vote = session.press(world.bob, in_group, "👎 Disapprove")
    assert len(vote.edits) == 2
    for copy in (in_group, in_private):
        assert "👎 Disapproved (1): Bob" in _current(world, copy).body
    session.press(world.carol, in_group, 1)
    for copy in (in_group, in_private):
        assert _current(world, copy).body.endswith("Status: denied")
        assert _current(world, copy).buttons == ()
    assert world.balance(world.alice) == 0


def test_pay_alone_without_an_open_request_shows_the_usage(voters: World) -> None:
    exchange = voters.session.say(voters.alice, voters.group, "/pay")
    assert exchange.texts == [
        "You have no open payment request. Usage: /pay amount description\n"
        "Example: /pay 12 cleaning supplies"
    ]


def test_a_deleted_copy_is_forgotten_quietly(voters: World, engine: Engine) -> None:
    world = voters
    session = world.session
    in_group = session.say(world.alice, world.group, "/pay 5 tape").last
    session.say(world.alice, world.private(world.alice), "/start")
    in_private = session.say(world.alice, world.private(world.alice), "/pay").last
    session.api.delete(in_private)
    vote = session.press(world.bob, in_group, "👍 Approve")
    assert vote.answer is not None
    assert vote.answer.answer_text == "You approved."
    assert [c.description for c in vote.failures] == ["Bad Request: message to edit not found"]
    assert vote.sent == ()
    assert [r[2] for r in _recorded(engine)] == [in_group.message_id]


def test_the_creator_cancels(
    voters: World, snapshot: Callable[[], Snapshot], engine: Engine
) -> None:
    world = voters
    message = world.session.say(world.alice, world.group, "/pay 5 tape").last
    cid = _recorded(engine)[0][0]
    before = snapshot()
    refused = world.session.press(world.bob, message, "🗑 Cancel")
    assert refused.answer is not None
    assert refused.answer.answer_text == f"Only the creator of #{cid} can do this."
    assert snapshot() == before
    cancelled = world.session.press(world.alice, message, "🗑 Cancel")
    assert cancelled.answer is not None
    assert cancelled.answer.answer_text == "Cancelled: no money moved."
    assert _current(world, message).body.endswith("Status: cancelled")
    before = snapshot()
    late = world.session.press_data(world.bob, message, f"pa:{cid}")
    assert late.answer is not None
    assert late.answer.answer_text == f"#{cid} is already closed."
    assert snapshot() == before


def test_refused_votes_change_nothing(
    voters: World, snapshot: Callable[[], Snapshot], engine: Engine
) -> None:
    world = voters
    world.grant_vote(world.alice)
    session = world.session
    world.register(world.dave, chat=world.private(world.dave))
    session.say(world.alice, world.group, "/vouch add @dave")
    world.register(world.eve)
    message = session.say(world.alice, world.group, "/pay 5 tape").last
    cid = _recorded(engine)[0][0]
    session.press(world.bob, message, "👍 Approve")
    before = snapshot()
    cases = [
        (world.alice, "👍 Approve", "You cannot vote on your own payment request."),
        (world.bob, "👍 Approve", f"You already approved #{cid}."),
        (world.bob, "👎 Disapprove", f"You already approved #{cid}."),
        (world.eve, "👍 Approve", "You don't have the permission to vote on payment requests."),
        (world.dave, "👍 Approve", "External guests cannot vote."),
    ]
    for who, button, expected in cases:
        pressed = session.press(who, message, button)
        assert pressed.answer is not None
        assert pressed.answer.answer_text == expected, who.first_name
        assert pressed.answer.show_alert is True
    assert snapshot() == before


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("pa:999999", "This button is not valid."),  # not the collective this message shows
        ("cj:{cid}", "#{cid} is not a communism."),
        ("ca:{cid}", "#{cid} is not a communism."),
        ("pa:0", "This button is not valid."),
        ("pa:1:2", "This button is not valid."),
        ("xx:1", "This button is not valid."),
        ("pa:-1", "This button is not valid."),
        ("", "This button is not valid."),
        ("sy:AAAAAAAA", "This has expired. Please send the command again."),
        ("hp:0:10", "Only Alice Liddell can press this."),
    ],
)
def test_forged_callback_data_changes_nothing(
    voters: World, snapshot: Callable[[], Snapshot], engine: Engine, data: str, expected: str
) -> None:
    world = voters
    message = world.session.say(world.alice, world.group, "/pay 5 tape").last
    cid = _recorded(engine)[0][0]
    before = snapshot()
    pressed = world.session.press_data(world.bob, message, data.format(cid=cid))
    assert pressed.answer is not None
    assert pressed.answer.answer_text == expected.format(cid=cid)
    assert pressed.sent == ()
    assert snapshot() == before


def test_payment_request_refusals(voters: World, snapshot: Callable[[], Snapshot]) -> None:
    world = voters
    session = world.session
    world.register(world.dave, chat=world.private(world.dave))
    before = snapshot()
    cases = [
        (world.alice, "/pay 5", "Please add a description."),
        (world.alice, "/pay x tape", "“x” is not an amount: it is not a number."),
        (world.alice, "/pay 500 tape", "500.00 € is more than the maximum of 100.00 €"),
        (world.dave, "/pay 5 tape", "As an external guest without a voucher you may only read."),
    ]
    for who, command, expected in cases:
        exchange = session.say(who, world.group, command)
        assert exchange.texts[0].startswith(expected), command
    assert snapshot() == before
    session.say(world.alice, world.group, "/pay 5 tape")
    before = snapshot()
    second = session.say(world.alice, world.group, "/pay 6 glue")
    assert second.texts == [
        "You already have 1 open payment request or communism; at most 1 at a time."
    ]
    assert snapshot() == before


def test_a_vouched_external_may_not_request_payments(
    voters: World, snapshot: Callable[[], Snapshot]
) -> None:
    world = voters
    world.register(world.dave, chat=world.private(world.dave))
    world.session.say(world.alice, world.group, "/vouch add @dave")
    before = snapshot()
    exchange = world.session.say(world.dave, world.group, "/pay 5 tape")
    assert exchange.texts == ["External guests cannot request payments."]
    assert snapshot() == before


def test_two_deciding_votes_at_once_pay_once(voters: World, engine: Engine) -> None:
    world = voters
    world.register(world.dave)
    world.grant_vote(world.dave)
    session = world.session
    message = session.say(world.alice, world.group, "/pay 10 tape").last
    session.press(world.bob, message, "👍 Approve")
    api = session.api
    data = message.buttons[0].callback_data or ""
    carol = api.press_data(world.carol, message, data)
    dave = api.press_data(world.dave, message, data)
    session.tracker.wait_processed(carol.update_id)
    session.tracker.wait_processed(dave.update_id)
    assert world.balance(world.alice) == 1000
    with engine.connect() as connection:
        paid = connection.execute(text("SELECT COUNT(*) FROM transactions")).scalar_one()
    assert paid == 1
    answers = {api.callback(str(p.callback_query_id)).answer_text for p in (carol, dave)}
    assert len(answers) == 2
    assert _current(world, message).body.endswith("Status: approved and paid")


def test_a_replayed_vote_after_a_restart_counts_once(
    voters: World, snapshot: Callable[[], Snapshot]
) -> None:
    world = voters
    session = world.session
    message = session.say(world.alice, world.group, "/pay 10 tape").last
    vote = session.press(world.bob, message, "👍 Approve")
    before = snapshot()
    assert session.replay(vote.update_id).edits == []
    session.restart()
    again = session.replay(vote.update_id)
    assert again.sent == ()
    assert snapshot() == before
    assert "👍 Approved (1): Bob" in _current(world, message).body


def test_an_inactive_voter_is_refused(
    voters: World, snapshot: Callable[[], Snapshot], engine: Engine
) -> None:
    world = voters
    message = world.session.say(world.alice, world.group, "/pay 10 tape").last
    services.set_active(world.uow, user=world.db_user(world.bob).id, active=False, key="t:bob")
    before = snapshot()
    pressed = world.session.press(world.bob, message, "👍 Approve")
    assert pressed.answer is not None
    assert pressed.answer.answer_text == (
        "Your account is deactivated: you can read, but not change anything."
    )
    assert snapshot() == before


@pytest.mark.parametrize(
    "container",
    [RULES, replace(RULES, max_open_collectives=3)],
    ids=["one_open", "three_open"],
    indirect=True,
)
def test_a_redelivered_pay_after_a_restart_opens_no_second_request(
    voters: World, snapshot: Callable[[], Snapshot], engine: Engine
) -> None:
    world = voters
    session = world.session
    command = session.say(world.alice, world.group, "/pay 10 tape")
    first = command.last
    [(cid, _, _)] = _recorded(engine)
    before = snapshot()
    assert session.replay(command.update_id).calls == ()  # the same process answers once
    session.restart()
    again = session.replay(command.update_id)
    # the request is shown again, as a second recorded copy; nothing else changed
    assert again.texts == [first.body]
    assert again.last.message_id != first.message_id
    after = snapshot()
    assert {t: rows for t, rows in after.items() if t != "collective_messages"} == {
        t: rows for t, rows in before.items() if t != "collective_messages"
    }
    assert _recorded(engine) == [
        (cid, world.group.id, first.message_id),
        (cid, world.group.id, again.last.message_id),
    ]
    vote = session.press(world.bob, again.last, "👍 Approve")
    assert len(vote.edits) == 2
    assert "👍 Approved (1): Bob" in _current(world, first).body


def test_a_press_is_answered_before_the_copies_are_edited(voters: World) -> None:
    world = voters
    session = world.session
    message = session.say(world.alice, world.group, "/pay 5 tape").last
    session.say(world.alice, world.private(world.alice), "/start")
    session.say(world.alice, world.private(world.alice), "/pay")
    vote = session.press(world.bob, message, "👍 Approve")
    methods = [c.method for c in vote.calls]
    assert methods[0] == "answerCallbackQuery"
    assert methods.count("editMessageText") == 2


def test_flood_control_on_one_copy_spoils_neither_the_vote_nor_its_answer(
    voters: World, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    world = voters
    session = world.session
    in_group = session.say(world.alice, world.group, "/pay 5 tape").last
    session.say(world.alice, world.private(world.alice), "/start")
    in_private = session.say(world.alice, world.private(world.alice), "/pay").last
    session.api.fail_next("editMessageText")
    with caplog.at_level(logging.WARNING, logger="communitybot"):
        vote = session.press(world.bob, in_group, "👍 Approve")
    assert [r.levelno for r in caplog.records if r.name.startswith("communitybot")] == [
        logging.WARNING
    ]
    assert "could not edit collective message" in caplog.text
    assert vote.answer is not None
    assert (vote.answer.answer_text, vote.answer.show_alert) == ("You approved.", False)
    assert [c.error_code for c in vote.failures] == [429]
    assert len(vote.edits) == 1
    edited = [
        "👍 Approved (1): Bob" in _current(world, copy).body for copy in (in_group, in_private)
    ]
    assert sorted(edited) == [False, True]
    assert len(_recorded(engine)) == 2  # the copy that could not be edited is kept
    later = session.press(world.carol, in_group, "👍 Approve")
    assert len(later.edits) == 2
    for copy in (in_group, in_private):
        assert _current(world, copy).body.endswith("Status: approved and paid")
