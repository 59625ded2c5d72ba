"""Members' standing on the core's permission model: bounds, defaults, rules and roles."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from communitybot.core.community import UserInfo
from communitybot.core.community_standing import (
    GUEST_ACTIONS,
    MEMBER_ACTIONS,
    TREASURER_ACTIONS,
    Action,
    Grants,
    Standing,
    check_may,
    clean_role_name,
    decide_action,
    may,
    parse_action,
    standing_of,
)
from communitybot.core.economy import Permission, PermissionRule, Scope, Source, Subject
from communitybot.core.errors import (
    CommunityActionDenied,
    CommunityUserNotAllowed,
    ExternalNotAllowed,
    InactiveUser,
    InvalidName,
)
from communitybot.core.ids import EconomyId, PermissionRuleId, RoleId, TelegramId, UserId

NOW = datetime(2026, 1, 1, tzinfo=UTC)
ECONOMY = EconomyId(7)
TREASURER_ROLE = RoleId(1)
AUDITOR_ROLE = RoleId(2)


def user(user_id: int = 1, **changes: object) -> UserInfo:
    base = UserInfo(
        id=UserId(user_id),
        tid=TelegramId(1000 + user_id),
        name=f"user {user_id}",
        username=None,
        balance=0,
        permission=False,
        active=True,
        external=False,
        voucher=None,
        created=NOW,
        accessed=NOW,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


MEMBER = user(1)
VOTER = user(2, permission=True)
VOUCHED = user(3, external=True, voucher=UserId(1), permission=True)
GUEST = user(4, external=True)
INACTIVE = user(5, active=False, permission=True)
COMMUNITY = user(6, tid=None)

_ids = iter(range(1, 1000))


def ordered(actions: frozenset[Action]) -> list[Action]:
    return sorted(actions, key=lambda a: a.value)


def rule(
    subject: Subject, action: Action, *, allowed: bool = True, economy: EconomyId = ECONOMY
) -> PermissionRule:
    return PermissionRule(
        subject=subject,
        permission=action,
        scope=Scope(economy),
        allowed=allowed,
        id=PermissionRuleId(next(_ids)),
    )


def grants(*rules: PermissionRule, roles: tuple[RoleId, ...] = ()) -> Grants:
    return Grants(economy_id=ECONOMY, role_ids=frozenset(roles), rules=rules)


@pytest.mark.parametrize(
    ("who", "standing"),
    [
        (MEMBER, Standing.MEMBER),
        (VOTER, Standing.VOTER),
        (VOUCHED, Standing.VOUCHED_GUEST),
        (GUEST, Standing.GUEST),
        (INACTIVE, Standing.INACTIVE),
        (COMMUNITY, Standing.COMMUNITY),
        (replace(COMMUNITY, active=False), Standing.COMMUNITY),
        (replace(VOUCHED, active=False), Standing.INACTIVE),
    ],
)
def test_the_documented_flags_give_the_standing(who: UserInfo, standing: Standing) -> None:
    assert standing_of(who) is standing


@pytest.mark.parametrize("action", ordered(TREASURER_ACTIONS))
@pytest.mark.parametrize("who", [MEMBER, VOTER])
def test_the_treasurers_powers_are_nobodys_by_default(who: UserInfo, action: Action) -> None:
    decision = decide_action(who, action)
    assert (decision.allowed, decision.source) == (False, Source.STANDING)
    with pytest.raises(CommunityActionDenied) as caught:
        check_may(who, action)
    assert (caught.value.user_id, caught.value.action) == (who.id, action.value)


def test_a_role_grants_the_treasurers_powers_to_whoever_holds_it() -> None:
    role_rules = [rule(Subject.role(TREASURER_ROLE), a) for a in TREASURER_ACTIONS]
    holder = grants(*role_rules, roles=(TREASURER_ROLE,))
    for action in TREASURER_ACTIONS:
        decision = decide_action(MEMBER, action, holder)
        assert decision.allowed
        assert decision.source is Source.RULE
        assert decision.rule is not None
        assert decision.rule.subject == Subject.role(TREASURER_ROLE)
    # the same rules do nothing for someone who does not hold the role
    not_holder = grants(*role_rules)
    assert not may(MEMBER, Action.GRANT_VOTE, not_holder)


def test_a_rule_gives_the_vote_to_a_member_without_the_flag() -> None:
    with pytest.raises(CommunityActionDenied, match="action='vote'"):
        check_may(MEMBER, Action.VOTE)
    check_may(MEMBER, Action.VOTE, grants(rule(Subject.user(MEMBER.id), Action.VOTE)))


def test_a_rule_takes_the_vote_from_a_flagged_voter() -> None:
    denied = grants(rule(Subject.user(VOTER.id), Action.VOTE, allowed=False))
    with pytest.raises(CommunityActionDenied, match="action='vote'"):
        check_may(VOTER, Action.VOTE, denied)
    assert may(VOTER, Action.VOTE)


@pytest.mark.parametrize("action", ordered(GUEST_ACTIONS))
def test_a_denial_takes_any_default_away(action: Action) -> None:
    denied = grants(rule(Subject.user(MEMBER.id), action, allowed=False))
    with pytest.raises(CommunityActionDenied) as caught:
        check_may(MEMBER, action, denied)
    assert caught.value.action == action.value
    assert may(MEMBER, action)


@pytest.mark.parametrize(
    ("who", "action", "error"),
    [
        (VOUCHED, Action.VOTE, ExternalNotAllowed),
        (VOUCHED, Action.GRANT_VOTE, ExternalNotAllowed),
        (GUEST, Action.SEND, ExternalNotAllowed),
        (INACTIVE, Action.SEND, InactiveUser),
        (INACTIVE, Action.VOTE, InactiveUser),
        (COMMUNITY, Action.SEND, CommunityUserNotAllowed),
        (COMMUNITY, Action.CLOSE_COLLECTIVE, CommunityUserNotAllowed),
    ],
)
def test_no_rule_lifts_the_bounds_of_a_standing(
    who: UserInfo, action: Action, error: type[Exception]
) -> None:
    granted = grants(
        rule(Subject.user(who.id), action),
        rule(Subject.role(TREASURER_ROLE), action),
        roles=(TREASURER_ROLE,),
    )
    decision = decide_action(who, action, granted)
    assert (decision.allowed, decision.source) == (False, Source.STANDING)
    with pytest.raises(error):
        check_may(who, action, granted)


def test_a_rule_about_the_user_beats_one_about_its_role() -> None:
    role_grant = rule(Subject.role(TREASURER_ROLE), Action.GRANT_VOTE)
    user_denial = rule(Subject.user(MEMBER.id), Action.GRANT_VOTE, allowed=False)
    assert not may(
        MEMBER, Action.GRANT_VOTE, grants(role_grant, user_denial, roles=(TREASURER_ROLE,))
    )
    role_denial = rule(Subject.role(TREASURER_ROLE), Action.SEND, allowed=False)
    user_grant = rule(Subject.user(MEMBER.id), Action.SEND)
    assert may(MEMBER, Action.SEND, grants(role_denial, user_grant, roles=(TREASURER_ROLE,)))
    assert not may(MEMBER, Action.SEND, grants(role_denial, roles=(TREASURER_ROLE,)))


def test_between_two_roles_a_denial_wins() -> None:
    both = grants(
        rule(Subject.role(TREASURER_ROLE), Action.CLOSE_COLLECTIVE),
        rule(Subject.role(AUDITOR_ROLE), Action.CLOSE_COLLECTIVE, allowed=False),
        roles=(TREASURER_ROLE, AUDITOR_ROLE),
    )
    decision = decide_action(MEMBER, Action.CLOSE_COLLECTIVE, both)
    assert not decision.allowed
    assert decision.rule is not None
    assert decision.rule.subject == Subject.role(AUDITOR_ROLE)


def test_rules_of_another_economy_or_subject_do_not_apply() -> None:
    elsewhere = grants(rule(Subject.user(MEMBER.id), Action.GRANT_VOTE, economy=EconomyId(8)))
    assert not may(MEMBER, Action.GRANT_VOTE, elsewhere)
    someone_else = grants(rule(Subject.user(VOTER.id), Action.GRANT_VOTE))
    assert not may(MEMBER, Action.GRANT_VOTE, someone_else)


def test_the_member_actions_and_the_treasurers_powers_are_every_action() -> None:
    assert frozenset(Action) == MEMBER_ACTIONS | TREASURER_ACTIONS
    assert not MEMBER_ACTIONS & TREASURER_ACTIONS
    assert GUEST_ACTIONS < MEMBER_ACTIONS


def test_community_permission_names_never_meet_the_economies() -> None:
    assert not {a.name for a in Action} & {p.name for p in Permission}


def test_actions_and_role_names_are_read_from_text() -> None:
    assert parse_action("grant_vote") is Action.GRANT_VOTE
    assert parse_action(" Close-Collective ") is Action.CLOSE_COLLECTIVE
    assert parse_action("VOTE") is Action.VOTE
    assert parse_action("MANAGE_FUNDS") is None
    assert clean_role_name(" Treasurer ") == "treasurer"
    assert clean_role_name("key-holder_2") == "key-holder_2"
    for bad in ("", "a b", "x" * 33, "kassenwärt", "role:x", "١"):
        with pytest.raises(InvalidName):
            clean_role_name(bad)
