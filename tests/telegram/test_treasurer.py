"""A treasurer, made through the permission model, and what the role may do that a plain member
may not: /vote_right, and closing someone else's stuck payment request."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from communitybot.core.community_standing import Action
from communitybot.services import community as services
from tests.conftest import Snapshot
from tests.telegram.conftest import World

DENIED_EN = (
    "You may not grant or revoke the vote; the treasurers or the administrator decide who may."
)
DENIED_DE = (
    "Du darfst nicht das Stimmrecht vergeben oder entziehen; wer das darf, entscheiden die "
    "Kassenwarte oder die Administration."
)


@pytest.fixture
def treasury(world: World) -> World:
    """Alice, Bob, Carol (German) and Dave are members; Alice holds the role treasurer."""
    world.register(world.alice, world.bob, world.carol, world.dave)
    alice = world.db_user(world.alice)
    assert services.grant_role(world.uow, user=alice.id, role="treasurer")
    assert services.member_may(world.uow, user=alice.id, action=Action.GRANT_VOTE)
    return world


def test_a_treasurer_gives_and_takes_the_vote_and_a_plain_member_may_not(
    treasury: World, snapshot: Callable[[], Snapshot]
) -> None:
    world, session = treasury, treasury.session
    before = snapshot()
    assert session.say(world.bob, world.group, "/vote_right @dave on").texts == [DENIED_EN]
    assert session.say(world.carol, world.group, "/vote_right @dave on").texts == [DENIED_DE]
    assert snapshot() == before
    assert world.db_user(world.dave).permission is False

    granted = session.say(world.alice, world.group, "/vote_right @dave on")
    assert granted.texts == ["Dave may now vote on payment requests."]
    assert world.db_user(world.dave).permission is True

    # what the vote means: Dave's approval now counts
    request = session.say(world.bob, world.group, "/pay 5 tape").last
    vote = session.press(world.dave, request, "👍 Approve")
    assert vote.answer is not None
    assert vote.answer.answer_text == "You approved."

    before = snapshot()
    assert session.say(world.bob, world.group, "/vote_right @dave off").texts == [DENIED_EN]
    assert snapshot() == before
    revoked = session.say(world.alice, world.group, "/vote_right @dave off")
    assert revoked.texts == ["Dave may no longer vote on payment requests."]
    assert world.db_user(world.dave).permission is False
    [latest, *_] = services.standing_log(world.uow)
    assert (latest.actor_id, latest.change) == (world.db_user(world.alice).id, "revoke_vote")


def test_without_the_role_the_treasurer_is_refused_too(
    treasury: World, snapshot: Callable[[], Snapshot]
) -> None:
    world = treasury
    services.revoke_role(world.uow, user=world.db_user(world.alice).id, role="treasurer")
    before = snapshot()
    assert world.session.say(world.alice, world.group, "/vote_right @dave on").texts == [DENIED_EN]
    assert snapshot() == before


def test_a_treasurer_closes_someone_elses_stuck_payment_request(
    treasury: World, snapshot: Callable[[], Snapshot]
) -> None:
    world, session = treasury, treasury.session
    request = session.say(world.bob, world.group, "/pay 7 lamp").last
    cid = services.list_open_collectives(world.uow)[0].id
    before = snapshot()
    refused = session.press(world.dave, request, "🗑 Cancel")
    assert refused.answer is not None
    assert refused.answer.answer_text == f"Only the creator of #{cid} can do this."
    assert snapshot() == before
    closed = session.press(world.alice, request, "🗑 Cancel")
    assert closed.answer is not None
    assert closed.answer.answer_text == "Cancelled: no money moved."
    assert services.list_open_collectives(world.uow) == ()


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/vote_right @dave", "Usage: /vote_right @user on|off\nExample: /vote_right @bob on"),
        ("/vote_right on", "Usage: /vote_right @user on|off\nExample: /vote_right @bob on"),
        (
            "/vote_right @dave maybe",
            "Usage: /vote_right @user on|off\nExample: /vote_right @bob on",
        ),
        (
            "/vote_right @dave on now",
            "Usage: /vote_right @user on|off\nExample: /vote_right @bob on",
        ),
        ("/vote_right @nobody on", "I don't know @nobody. They have to send /start to me first."),
        ("/vote_right @eve on", "I don't know @eve. They have to send /start to me first."),
    ],
)
def test_bad_vote_right_commands_change_nothing(
    treasury: World, snapshot: Callable[[], Snapshot], command: str, expected: str
) -> None:
    before = snapshot()
    assert treasury.session.say(treasury.alice, treasury.group, command).texts == [expected]
    assert snapshot() == before


def test_help_explains_the_treasurers_command_in_both_languages(world: World) -> None:
    english = world.session.say(world.eve, world.group, "/help vote_right")
    assert english.texts == [
        "/vote_right: give or take someone's vote on payment requests (treasurers)\n"
        "Usage: /vote_right @user on|off\n"
        "Example: /vote_right @bob on"
    ]
    german = world.session.say(world.carol, world.group, "/help vote_right")
    assert german.texts[0].startswith(
        "/vote_right: jemandem das Stimmrecht für Zahlungsanfragen geben oder nehmen"
    )
