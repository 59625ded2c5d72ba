"""A treasurer's chat administration through the fake Bot API: /member (activate, deactivate,
member, external guest) and /close (a stuck collective), each refused to plain members with no
row changed, and every change in the audit of administration."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from communitybot.core.audit import AuditEntry, AuditQuery
from communitybot.services import audit
from communitybot.services import community as services
from tests.conftest import Snapshot
from tests.telegram.conftest import World

USAGE_MEMBER = (
    "Usage: /member @user active|inactive|internal|external\nExample: /member @bob inactive"
)
USAGE_CLOSE = "Usage: /close number\nExample: /close 12"


@pytest.fixture
def treasury(world: World) -> World:
    """Alice, Bob, Carol (German) and Dave are members; Alice holds the role treasurer."""
    world.register(world.alice, world.bob, world.carol, world.dave)
    assert services.grant_role(world.uow, user=world.db_user(world.alice).id, role="treasurer")
    return world


def community_log(world: World) -> list[AuditEntry]:
    """The audit's community entries, newest first."""
    return list(audit.list_audit(world.uow, AuditQuery(kind="community")).entries)


def test_a_treasurer_deactivates_and_activates_and_a_member_may_not(
    treasury: World, snapshot: Callable[[], Snapshot]
) -> None:
    world, session = treasury, treasury.session
    before = snapshot()
    assert session.say(world.bob, world.group, "/member @dave inactive").texts == [
        "You may not activate or deactivate members; the treasurers or the administrator "
        "decide who may."
    ]
    assert session.say(world.carol, world.group, "/member @dave inactive").texts == [
        "Du darfst nicht Mitglieder aktivieren oder deaktivieren; wer das darf, entscheiden die "
        "Kassenwarte oder die Administration."
    ]
    assert snapshot() == before

    done = session.say(world.alice, world.group, "/member @dave inactive")
    assert done.texts == ["Dave is deactivated: they can read, but not change anything."]
    assert world.db_user(world.dave).active is False
    [entry, *_] = community_log(world)
    alice, dave = world.db_user(world.alice).id, world.db_user(world.dave).id
    assert (entry.actor, entry.kind, entry.target) == (
        f"member:{alice}",
        "community.deactivate",
        f"member:{dave}",
    )
    assert (entry.before, entry.after) == ({"active": True}, {"active": False})

    again = session.say(world.alice, world.group, "/member @dave active")
    assert again.texts == ["Dave is active again."]
    assert world.db_user(world.dave).active is True
    assert community_log(world)[0].kind == "community.activate"


def test_a_treasurer_makes_someone_a_guest_and_a_member_again(
    treasury: World, snapshot: Callable[[], Snapshot]
) -> None:
    world, session = treasury, treasury.session
    before = snapshot()
    assert session.say(world.bob, world.group, "/member @dave external").texts == [
        "You may not make people members or external guests; the treasurers or the "
        "administrator decide who may."
    ]
    assert snapshot() == before
    guest = session.say(world.alice, world.group, "/member @dave external")
    assert guest.texts == ["Dave is now an external guest without a voucher."]
    assert world.db_user(world.dave).external is True
    assert session.say(world.alice, world.group, "/member @dave external").texts == [
        "Dave is already an external guest."
    ]
    member = session.say(world.alice, world.group, "/member @dave internal")
    assert member.texts == ["Dave is now a member."]
    assert world.db_user(world.dave).external is False
    kinds = [e.kind for e in community_log(world)]
    assert kinds[:2] == ["community.make_internal", "community.make_external"]
    assert community_log(world)[1].after == {"external": True}


def test_in_german_for_a_german_treasurer(treasury: World) -> None:
    world = treasury
    services.grant_role(world.uow, user=world.db_user(world.carol).id, role="treasurer")
    said = world.session.say(world.carol, world.group, "/member @dave inactive")
    assert said.texts == ["Dave ist deaktiviert: kann lesen, aber nichts ändern."]
    assert world.session.say(world.carol, world.group, "/member @dave internal").texts == [
        "Dave ist Mitglied; nur externe Gäste brauchen einen Bürgen."
    ]


def test_a_treasurer_closes_a_stuck_collective_by_its_number(
    treasury: World, snapshot: Callable[[], Snapshot]
) -> None:
    world, session = treasury, treasury.session
    request = session.say(world.bob, world.group, "/pay 7 lamp").last
    cid = services.list_open_collectives(world.uow)[0].id
    before = snapshot()
    assert session.say(world.dave, world.group, f"/close {cid}").texts == [
        f"Only the creator of #{cid} can do this."
    ]
    assert snapshot() == before
    closed = session.say(world.alice, world.group, f"/close #{cid}")
    assert closed.texts[0] == f"Closed #{cid}: no money moved."
    assert services.list_open_collectives(world.uow) == ()
    now = session.api.message(request.chat.id, request.message_id)
    assert (now.text, now.reply_markup) != (request.text, request.reply_markup)  # redrawn
    [entry, *_] = community_log(world)
    assert (entry.kind, entry.target, entry.after) == (
        "community.close_collective",
        f"collective:{cid}",
        {"active": False},
    )
    assert session.say(world.alice, world.group, f"/close {cid}").texts == [
        f"#{cid} is already closed."
    ]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/member @dave", USAGE_MEMBER),
        ("/member inactive", USAGE_MEMBER),
        ("/member @dave maybe", USAGE_MEMBER),
        ("/member @dave inactive now", USAGE_MEMBER),
        ("/member @nobody inactive", "I don't know @nobody. They have to send /start to me first."),
        ("/close", USAGE_CLOSE),
        ("/close x", USAGE_CLOSE),
        ("/close ١٢", USAGE_CLOSE),
        ("/close 1 2", USAGE_CLOSE),
        ("/close 999", "There is no payment request or communism #999."),
    ],
)
def test_bad_commands_change_nothing(
    treasury: World, snapshot: Callable[[], Snapshot], command: str, expected: str
) -> None:
    before = snapshot()
    assert treasury.session.say(treasury.alice, treasury.group, command).texts == [expected]
    assert snapshot() == before


def test_help_explains_the_treasurers_commands_in_both_languages(world: World) -> None:
    english = world.session.say(world.eve, world.group, "/help member")
    assert english.texts == [
        "/member: activate or deactivate someone, make them a member or an external guest "
        "(treasurers)\n" + USAGE_MEMBER
    ]
    german = world.session.say(world.carol, world.group, "/help close")
    assert german.texts[0].startswith("/close: eine festhängende Zahlungsanfrage")


def test_deactivating_a_voucher_settles_its_guests_first(treasury: World) -> None:
    world, session = treasury, treasury.session
    session.say(world.alice, world.group, "/member @dave external")
    assert (
        session.say(world.bob, world.group, "/vouch add @dave")
        .texts[0]
        .startswith("You now vouch for Dave.")
    )
    session.say(world.dave, world.group, "/drink 2")
    assert world.db_user(world.dave).balance == -200
    done = session.say(world.alice, world.group, "/member @bob inactive")
    assert done.texts == [
        "Bob is deactivated: they can read, but not change anything. Their vouching for 1 "
        "guests ended and was settled."
    ]
    assert (world.db_user(world.bob).balance, world.db_user(world.dave).balance) == (-200, 0)
    assert world.db_user(world.dave).voucher is None
