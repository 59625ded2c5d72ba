"""Roles and rules of the community on the core's permission model, checked by the services."""

from __future__ import annotations

import functools
from collections.abc import Callable

import pytest
from sqlalchemy import Engine, event, func, insert, select

from communitybot.core.community import UserInfo
from communitybot.core.community_standing import (
    TREASURER_ACTIONS,
    Action,
    Standing,
)
from communitybot.core.economy import Source, Subject
from communitybot.core.errors import (
    CommunityActionDenied,
    CommunityUserNotAllowed,
    ExternalNotAllowed,
    InactiveUser,
    InvalidName,
    NotCollectiveCreator,
    NotFound,
    SettlementRefused,
)
from communitybot.core.ids import TelegramId
from communitybot.db.models import CommunityEconomyRow, CommunityRoleRow
from communitybot.db.models.economy import EconomyRow
from communitybot.services import community as svc
from communitybot.services.community.standing import RoleRef
from tests.conftest import Snapshot
from tests.support.community import RULES, World, assert_refused, new_key, run_threads


def tid(user: UserInfo) -> TelegramId:
    assert user.tid is not None
    return user.tid


def count(engine: Engine, table: type) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_treasurer_role_grants_the_treasurers_powers(world: World, engine: Engine) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    assert count(engine, CommunityEconomyRow) == 0  # nothing stored before the first role
    assert svc.grant_role(world.uow, user=alice.id, role="treasurer") is True
    assert count(engine, CommunityEconomyRow) == 1
    [view] = svc.list_roles(world.uow)
    assert view.role.name == "treasurer"
    assert [h.id for h in view.holders] == [alice.id]
    assert {r.permission for r in view.rules} == TREASURER_ACTIONS
    assert all(r.allowed and r.subject == Subject.role(view.role.id) for r in view.rules)
    for action in TREASURER_ACTIONS:
        assert svc.member_may(world.uow, user=alice.id, action=action)
        assert not svc.member_may(world.uow, user=bob.id, action=action)
    rights = svc.rights(world.uow, user="alice")
    assert rights.standing is Standing.MEMBER
    assert [r.name for r in rights.roles] == ["treasurer"]
    decided = dict(rights.decisions)
    assert decided[Action.GRANT_VOTE].source is Source.RULE
    assert decided[Action.SEND].source is Source.STANDING
    assert not decided[Action.VOTE].allowed


def test_granting_a_held_role_again_changes_nothing(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    alice = world.user("Alice")
    svc.grant_role(world.uow, user=alice.id, role="treasurer")
    before = snapshot()
    assert svc.grant_role(world.uow, user=alice.id, role="Treasurer") is False
    assert snapshot() == before


def test_a_treasurer_grants_the_vote_and_a_plain_member_may_not(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    alice, bob, carol = world.user("Alice"), world.user("Bob"), world.user("Carol")
    svc.grant_role(world.uow, user=alice.id, role="treasurer")
    refused = assert_refused(
        snapshot,
        lambda: svc.set_vote_permission(world.uow, user=carol.id, allowed=True, actor_tid=tid(bob)),
        CommunityActionDenied,
    )
    assert (refused.user_id, refused.action) == (bob.id, "grant_vote")
    changed = svc.set_vote_permission(world.uow, user=carol.id, allowed=True, actor_tid=tid(alice))
    assert changed.permission is True
    [entry, *_] = svc.standing_log(world.uow)
    assert (entry.actor_id, entry.change, entry.subject) == (
        alice.id,
        "grant_vote",
        f"user:{carol.id}",
    )
    svc.revoke_role(world.uow, user=alice.id, role="treasurer")
    assert_refused(
        snapshot,
        lambda: svc.set_vote_permission(
            world.uow, user=carol.id, allowed=False, actor_tid=tid(alice)
        ),
        CommunityActionDenied,
    )
    assert world.get(carol).permission is True


def test_the_actor_is_checked_before_the_target(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    bob, guest = world.user("Bob"), world.user("Guest", internal=False)
    assert_refused(
        snapshot,
        lambda: svc.set_vote_permission(world.uow, user=guest.id, allowed=True, actor_tid=tid(bob)),
        CommunityActionDenied,
    )


def test_a_treasurer_keeps_the_standings_bounds(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    alice, guest = world.user("Alice"), world.user("Guest", internal=False)
    svc.grant_role(world.uow, user=alice.id, role="treasurer")
    svc.grant_role(world.uow, user=guest.id, role="treasurer")
    assert_refused(
        snapshot,
        lambda: svc.set_vote_permission(
            world.uow, user=guest.id, allowed=True, actor_tid=tid(alice)
        ),
        ExternalNotAllowed,
    )
    assert_refused(
        snapshot,
        lambda: svc.set_vote_permission(
            world.uow, user=alice.id, allowed=True, actor_tid=tid(guest)
        ),
        ExternalNotAllowed,
    )
    svc.set_active(world.uow, user=alice.id, active=False, key=new_key())
    assert_refused(
        snapshot,
        lambda: svc.set_active(
            world.uow, user=guest.id, active=False, key=new_key(), actor_tid=tid(alice)
        ),
        InactiveUser,
    )


def test_a_treasurer_activates_and_changes_membership(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    alice, bob, guest = world.user("Alice"), world.user("Bob"), world.user("Guest", internal=False)
    carol = world.user("Carol")
    svc.grant_role(world.uow, user=alice.id, role="treasurer")
    for act in (
        lambda who: svc.make_internal(world.uow, user=guest.id, actor_tid=who),
        lambda who: svc.make_external(world.uow, user=bob.id, actor_tid=who),
        lambda who: svc.set_active(
            world.uow, user=guest.id, active=False, key=new_key(), actor_tid=who
        ),
    ):
        assert_refused(snapshot, lambda act=act: act(tid(carol)), CommunityActionDenied)  # type: ignore[misc]
        act(tid(alice))
    assert world.get(guest).external is False
    assert world.get(guest).active is False
    assert world.get(bob).external is True
    changes = [e.change for e in reversed(svc.standing_log(world.uow))]
    assert changes[-3:] == ["make_internal", "make_external", "deactivate"]


def test_a_treasurer_closes_a_stuck_collective(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    alice, bob, carol = world.user("Alice"), world.user("Bob"), world.user("Carol")
    svc.grant_role(world.uow, user=alice.id, role="treasurer")
    stuck = svc.request_payment(
        world.uow, RULES, creator_tid=tid(carol), amount=500, description="lamp", key=new_key()
    ).collective
    svc.set_active(world.uow, user=carol.id, active=False, key=new_key())
    assert_refused(
        snapshot,
        lambda: svc.cancel_collective(world.uow, collective_id=stuck.id, actor_tid=tid(bob)),
        NotCollectiveCreator,
    )
    closed = svc.cancel_collective(world.uow, collective_id=stuck.id, actor_tid=tid(alice))
    assert closed.status.value == "cancelled"
    assert svc.standing_log(world.uow)[0].subject == f"collective:{stuck.id}"


def test_a_denial_takes_an_everyday_action_away_until_reset(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    svc.set_rule(world.uow, subject=alice.id, action=Action.SEND, allowed=False)
    refused = assert_refused(
        snapshot,
        functools.partial(_send, world, alice, bob),
        CommunityActionDenied,
    )
    assert refused.action == "send"
    with pytest.raises(CommunityActionDenied):
        svc.preview_send(world.uow, RULES, sender=alice.id, receiver=bob.id, amount=100)
    # the receiving side is asked too
    svc.set_rule(world.uow, subject=RoleRef("frozen"), action=Action.RECEIVE, allowed=False)
    svc.grant_role(world.uow, user=bob.id, role="frozen")
    assert svc.reset_rule(world.uow, subject=alice.id, action=Action.SEND) is True
    assert_refused(
        snapshot,
        functools.partial(_send, world, alice, bob),
        CommunityActionDenied,
    )
    svc.revoke_role(world.uow, user=bob.id, role="frozen")
    _send(world, alice, bob)
    assert world.balance(bob) == 100
    assert svc.reset_rule(world.uow, subject=alice.id, action=Action.SEND) is False


def test_a_denied_consumer_and_a_denied_communist(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    svc.set_rule(world.uow, subject="alice", action=Action.CONSUME, allowed=False)
    assert_refused(
        snapshot,
        lambda: svc.consume(world.uow, RULES, tid=tid(alice), name="drink", key=new_key()),
        CommunityActionDenied,
    )
    bill = svc.start_communism(
        world.uow, RULES, creator_tid=tid(alice), amount=1000, description="pizza", key=new_key()
    ).collective
    svc.join_communism(world.uow, RULES, collective_id=bill.id, user_tid=tid(bob))
    svc.set_rule(world.uow, subject=bob.id, action=Action.JOIN_COMMUNISM, allowed=False)
    refused = assert_refused(
        snapshot,
        lambda: svc.accept_communism(
            world.uow, RULES, collective_id=bill.id, actor_tid=tid(alice), key=new_key()
        ),
        SettlementRefused,
    )
    assert [type(p) for p in refused.problems] == [CommunityActionDenied]


def test_a_rule_gives_the_vote_but_never_to_a_guest(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    guest = world.user("Guest", internal=False, voucher=alice)
    request = svc.request_payment(
        world.uow, RULES, creator_tid=tid(alice), amount=500, description="lamp", key=new_key()
    ).collective
    refused = assert_refused(
        snapshot,
        lambda: svc.vote(
            world.uow,
            RULES,
            collective_id=request.id,
            voter_tid=tid(bob),
            approve=True,
            key=new_key(),
        ),
        CommunityActionDenied,
    )
    assert refused.action == "vote"
    svc.set_rule(world.uow, subject=bob.id, action=Action.VOTE, allowed=True)
    svc.set_rule(world.uow, subject=guest.id, action=Action.VOTE, allowed=True)
    svc.vote(
        world.uow, RULES, collective_id=request.id, voter_tid=tid(bob), approve=True, key=new_key()
    )
    assert world.get(bob).permission is False  # the documented flag is not touched
    assert_refused(
        snapshot,
        lambda: svc.vote(
            world.uow,
            RULES,
            collective_id=request.id,
            voter_tid=tid(guest),
            approve=True,
            key=new_key(),
        ),
        ExternalNotAllowed,
    )


def test_a_user_rule_beats_its_roles_and_a_role_is_made_by_its_first_rule(
    world: World, engine: Engine
) -> None:
    alice = world.user("Alice")
    svc.set_rule(
        world.uow, subject=RoleRef("Auditor"), action=Action.CLOSE_COLLECTIVE, allowed=True
    )
    assert count(engine, CommunityRoleRow) == 1
    svc.grant_role(world.uow, user=alice.id, role="auditor")
    assert svc.member_may(world.uow, user=alice.id, action=Action.CLOSE_COLLECTIVE)
    svc.set_rule(world.uow, subject=alice.id, action=Action.CLOSE_COLLECTIVE, allowed=False)
    decision = svc.member_decision(world.uow, user=alice.id, action=Action.CLOSE_COLLECTIVE)
    assert not decision.allowed
    assert decision.rule is not None
    assert decision.rule.subject == Subject.user(alice.id)


@pytest.mark.parametrize(
    ("role", "error"),
    [("auditor", NotFound), ("no such role", InvalidName), ("", InvalidName)],
)
def test_granting_an_unknown_or_malformed_role_changes_nothing(
    world: World, snapshot: Callable[[], Snapshot], role: str, error: type[Exception]
) -> None:
    alice = world.user("Alice")
    assert_refused(snapshot, lambda: svc.grant_role(world.uow, user=alice.id, role=role), error)
    assert_refused(snapshot, lambda: svc.revoke_role(world.uow, user=alice.id, role=role), error)


def test_the_community_user_holds_no_role(world: World, snapshot: Callable[[], Snapshot]) -> None:
    community = world.community()
    assert_refused(
        snapshot,
        lambda: svc.grant_role(world.uow, user=community.id, role="treasurer"),
        CommunityUserNotAllowed,
    )


def test_the_community_economy_takes_a_free_name(world: World, engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(
            insert(EconomyRow).values(
                currency_name="community", currency_unit="cc", created_at=func.now()
            )
        )
    alice = world.user("Alice")
    svc.grant_role(world.uow, user=alice.id, role="treasurer")
    with engine.connect() as connection:
        names = connection.execute(
            select(EconomyRow.currency_name, EconomyRow.currency_unit).order_by(EconomyRow.id)
        ).all()
    assert [tuple(n) for n in names] == [("community", "cc"), ("community 2", "community 2")]


def test_two_first_grants_at_once_make_one_economy_and_one_role(
    world: World, engine: Engine
) -> None:
    users = [world.user(f"U{i}") for i in range(4)]

    def grant(index: int) -> None:
        svc.grant_role(world.uow, user=users[index].id, role="treasurer")

    failures = run_threads(4, grant)
    assert failures == []
    assert count(engine, CommunityEconomyRow) == 1
    assert count(engine, CommunityRoleRow) == 1
    [view] = svc.list_roles(world.uow)
    assert sorted(h.id for h in view.holders) == sorted(u.id for u in users)


def _send(world: World, sender: UserInfo, receiver: UserInfo) -> object:
    """Send 1.00 from ``sender`` to ``receiver`` under a new key."""
    return svc.send(
        world.uow,
        RULES,
        sender=sender.id,
        receiver=receiver.id,
        amount=100,
        reason=None,
        key=new_key(),
    )


def _statements(engine: Engine, fn: Callable[[], object]) -> list[str]:
    """The SQL statements ``fn`` sends through ``engine``."""
    seen: list[str] = []

    def record(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", record)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def test_a_transfer_reads_rules_only_for_whom_they_apply(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    send = functools.partial(_send, world, alice, bob)

    def preview() -> object:
        return svc.preview_send(world.uow, RULES, sender=alice.id, receiver="bob", amount=100)

    def reads_rules(statements: list[str]) -> bool:  # the rules themselves, not the EXISTS
        return any(s.split()[1].startswith("economy_permissions.") for s in statements)

    engine = world.uow.engine
    # Nobody has a rule: the lock (or the preview's read) is the only statement about them.
    assert not reads_rules(_statements(engine, send))
    assert not reads_rules(_statements(engine, preview))
    svc.set_rule(world.uow, subject=RoleRef("frozen"), action=Action.RECEIVE, allowed=True)
    assert not reads_rules(_statements(engine, send))  # a rule about a role nobody holds
    svc.grant_role(world.uow, user=bob.id, role="frozen")
    assert reads_rules(_statements(engine, send))  # now it applies to Bob, and is read
    svc.set_rule(world.uow, subject=RoleRef("frozen"), action=Action.RECEIVE, allowed=False)
    assert_refused(snapshot, send, CommunityActionDenied)
    with pytest.raises(CommunityActionDenied):
        preview()
    assert world.balance(bob) == 300  # the three sends before the denial
