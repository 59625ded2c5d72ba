"""Permission resolution: AND scopes, precedence tables, defaults, keys."""

from __future__ import annotations

import pytest

from communitybot.core.economy import (
    ADMIN_PERMISSIONS,
    GLOBAL,
    OWNER_DEFAULTS,
    PREFERENCES,
    AccountFacts,
    AccountType,
    Actor,
    KeyActor,
    KeyType,
    Permission,
    PermissionRule,
    Scope,
    ScopeLevel,
    Source,
    Subject,
    decide,
    decide_member,
    delegation_gap,
    may_delegate,
    place_of,
    resolve,
)
from communitybot.core.errors import InvalidScope
from communitybot.core.ids import AccountId, ApiKeyId, EconomyId, MemberId, RoleId

E1, E2 = EconomyId(1), EconomyId(2)
ALICE, BOB = MemberId(100), MemberId(200)
ROLE = RoleId(7)
P = Permission.TRANSFER_FUNDS


def account(
    account_id: int = 10,
    economy: EconomyId = E1,
    owner: MemberId | None = BOB,
    kind: AccountType = AccountType.USER,
) -> AccountFacts:
    return AccountFacts(
        id=AccountId(account_id), economy_id=economy, account_type=kind, owner_id=owner
    )


A10 = account(10)
A11 = account(11)
A20 = account(20, economy=E2)


def rule(
    scope: Scope,
    *,
    allowed: bool = True,
    subject: Subject | None = None,
    permission: Permission = P,
) -> PermissionRule:
    return PermissionRule(
        subject=subject or Subject.user(ALICE), permission=permission, scope=scope, allowed=allowed
    )


def alice_may(
    rules: list[PermissionRule],
    *,
    economy: EconomyId | None = None,
    acc: AccountFacts | None = None,
    roles: frozenset[RoleId] = frozenset(),
) -> bool:
    actor = Actor(ALICE, roles)
    return decide_member(actor, P, rules=rules, economy_id=economy, account=acc).allowed


# --- scopes: AND, never OR -------------------------------------------------------------------


def test_scope_levels() -> None:
    assert GLOBAL.level is ScopeLevel.GLOBAL
    assert Scope(E1).level is ScopeLevel.ECONOMY
    assert Scope(E1, AccountId(10)).level is ScopeLevel.ACCOUNT


def test_account_scope_needs_its_economy() -> None:
    with pytest.raises(InvalidScope) as caught:
        Scope(None, AccountId(10))
    assert caught.value.reason == "account_without_economy"


def test_place_refuses_account_from_another_economy() -> None:
    with pytest.raises(InvalidScope):
        place_of(E2, A10)


@pytest.mark.parametrize(
    ("rule_scope", "place", "applies"),
    [
        (GLOBAL, GLOBAL, True),
        (GLOBAL, Scope(E1), True),
        (GLOBAL, Scope(E1, AccountId(10)), True),
        (Scope(E1), GLOBAL, False),
        (Scope(E1), Scope(E1), True),
        (Scope(E1), Scope(E2), False),
        (Scope(E1), Scope(E1, AccountId(10)), True),
        (Scope(E1), Scope(E2, AccountId(20)), False),
        (Scope(E1, AccountId(10)), GLOBAL, False),
        (Scope(E1, AccountId(10)), Scope(E1), False),
        (Scope(E1, AccountId(10)), Scope(E1, AccountId(10)), True),
        (Scope(E1, AccountId(10)), Scope(E1, AccountId(11)), False),
        # The OR bug: an account rule must not apply to another account of the same economy,
        # nor an economy rule to the same account id in another economy.
        (Scope(E1, AccountId(10)), Scope(E2, AccountId(10)), False),
    ],
)
def test_scope_covers_is_and(rule_scope: Scope, place: Scope, applies: bool) -> None:
    assert rule_scope.covers(place) is applies


def test_account_grant_does_not_reach_other_accounts_or_the_economy() -> None:
    rules = [rule(A10.scope)]
    assert alice_may(rules, acc=A10)
    assert not alice_may(rules, acc=A11)
    assert not alice_may(rules, economy=E1)
    assert not alice_may(rules)


def test_economy_grant_stays_in_its_economy() -> None:
    rules = [rule(Scope(E1))]
    assert alice_may(rules, economy=E1)
    assert alice_may(rules, acc=A10)
    assert not alice_may(rules, economy=E2)
    assert not alice_may(rules, acc=A20)
    assert not alice_may(rules)


# --- precedence --------------------------------------------------------------------------------

USER, ROLE_SUBJ = Subject.user(ALICE), Subject.role(ROLE)
ACC, ECO = A10.scope, Scope(E1)

# (rules as (scope, subject, allowed), expected decision on account 10 for Alice holding ROLE)
PRECEDENCE = [
    # more specific scope wins, whatever the allowance
    ([(ACC, USER, True), (ECO, USER, False)], True),
    ([(ACC, USER, False), (ECO, USER, True)], False),
    ([(ECO, USER, True), (GLOBAL, USER, False)], True),
    ([(ECO, USER, False), (GLOBAL, USER, True)], False),
    ([(ACC, USER, True), (GLOBAL, USER, False)], True),
    # scope dominates subject: an account rule for a role beats an economy rule for the user
    ([(ACC, ROLE_SUBJ, True), (ECO, USER, False)], True),
    ([(ACC, ROLE_SUBJ, False), (ECO, USER, True)], False),
    # same scope: the user's own rule beats a role's
    ([(ECO, USER, True), (ECO, ROLE_SUBJ, False)], True),
    ([(ECO, USER, False), (ECO, ROLE_SUBJ, True)], False),
    # equal specificity: denial beats grant
    ([(ECO, USER, True), (ECO, USER, False)], False),
    ([(ACC, ROLE_SUBJ, True), (ACC, ROLE_SUBJ, False)], False),
    ([(GLOBAL, USER, False), (GLOBAL, USER, True)], False),
    # a single rule decides alone
    ([(GLOBAL, ROLE_SUBJ, True)], True),
    ([(GLOBAL, ROLE_SUBJ, False)], False),
]


@pytest.mark.parametrize(("spec", "expected"), PRECEDENCE)
def test_precedence_table(spec: list[tuple[Scope, Subject, bool]], expected: bool) -> None:
    rules = [rule(scope, subject=subject, allowed=allowed) for scope, subject, allowed in spec]
    assert alice_may(rules, acc=A10, roles=frozenset({ROLE})) is expected
    assert alice_may(list(reversed(rules)), acc=A10, roles=frozenset({ROLE})) is expected


def test_role_rules_apply_only_to_holders() -> None:
    rules = [rule(ECO, subject=ROLE_SUBJ)]
    assert alice_may(rules, economy=E1, roles=frozenset({ROLE}))
    assert not alice_may(rules, economy=E1)


def test_rules_about_other_subjects_and_permissions_are_ignored() -> None:
    rules = [
        rule(ECO, subject=Subject.user(BOB)),
        rule(ECO, permission=Permission.VIEW_BALANCE),
        rule(ECO, subject=Subject.key(ALICE)),
    ]
    assert resolve(rules, permission=P, subjects=frozenset({USER}), place=ECO) is None


def test_decision_names_the_deciding_rule() -> None:
    deny = rule(ECO, allowed=False)
    decision = resolve(
        [rule(ECO), deny, rule(GLOBAL)], permission=P, subjects=frozenset({USER}), place=ECO
    )
    assert decision is not None
    assert decision.source is Source.RULE
    assert decision.rule == deny


# --- defaults ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(AccountType))
def test_owner_defaults_per_account_type(kind: AccountType) -> None:
    acc = account(owner=ALICE, kind=kind)
    for permission in Permission:
        decision = decide_member(Actor(ALICE), permission, rules=[], account=acc)
        expected = permission in OWNER_DEFAULTS[kind] or permission is Permission.OPEN_ACCOUNT
        assert decision.allowed is expected, permission


def test_owner_defaults_table() -> None:
    holder = {
        Permission.VIEW_BALANCE,
        Permission.TRANSFER_FUNDS,
        Permission.CREATE_RECURRING_TRANSFERS,
        Permission.LOGIN_AS_ACCOUNT,
    }
    assert OWNER_DEFAULTS[AccountType.USER] == holder | {Permission.CLOSE_ACCOUNT}
    for kind in (AccountType.CORPORATION, AccountType.CHARITY, AccountType.FINANCIAL):
        assert OWNER_DEFAULTS[kind] == holder | {
            Permission.CLOSE_ACCOUNT,
            Permission.MANAGE_PERMISSIONS,
        }
    assert OWNER_DEFAULTS[AccountType.GOVERNMENT] == holder | {Permission.MANAGE_PERMISSIONS}
    for defaults in OWNER_DEFAULTS.values():
        assert Permission.MANAGE_FUNDS not in defaults


def test_non_owner_gets_no_owner_default() -> None:
    assert not alice_may([], acc=A10)  # Bob's account
    assert not decide_member(Actor(ALICE), Permission.VIEW_BALANCE, rules=[], account=A10).allowed


def test_member_default_open_account_only_inside_an_economy() -> None:
    actor = Actor(ALICE)
    assert decide_member(actor, Permission.OPEN_ACCOUNT, rules=[], economy_id=E1).allowed
    decision = decide_member(actor, Permission.OPEN_ACCOUNT, rules=[])
    assert not decision.allowed
    assert decision.source is Source.NO_DEFAULT


def test_a_rule_overrides_the_owner_default_and_reset_restores_it() -> None:
    own = account(owner=ALICE)
    deny = rule(Scope(E1), allowed=False)
    assert not alice_may([deny], acc=own)
    assert alice_may([], acc=own)  # the rule deleted: the default again


def test_nothing_is_allowed_by_default_globally() -> None:
    for permission in Permission:
        assert not decide_member(Actor(ALICE), permission, rules=[]).allowed


# --- keys --------------------------------------------------------------------------------------


def key(
    kind: KeyType, account_id: int | None = 10, roles: frozenset[RoleId] = frozenset()
) -> KeyActor:
    return KeyActor(
        key_id=ApiKeyId(5),
        economy_id=E1,
        key_type=kind,
        account_id=AccountId(account_id) if account_id is not None else None,
        issuer=Actor(ALICE, roles),
    )


ALICE_ACC = account(10, owner=ALICE)
ALICE_OTHER = account(12, owner=ALICE)


def test_grant_key_acts_on_its_account_only() -> None:
    grant = key(KeyType.GRANT)
    assert decide(grant, P, rules=[], account=ALICE_ACC).allowed
    other = decide(grant, P, rules=[], account=ALICE_OTHER)
    assert not other.allowed
    assert other.source is Source.KEY_DEFAULT
    assert not decide(grant, Permission.CLOSE_ACCOUNT, rules=[], account=ALICE_ACC).allowed


def test_key_needs_its_issuer_too() -> None:
    grant = key(KeyType.GRANT, account_id=20)
    bobs = account(20, owner=BOB)  # the key names Bob's account but Alice issued it
    decision = decide(grant, P, rules=[], account=bobs)
    assert not decision.allowed
    assert decision.source is Source.ISSUER
    issuer_denied = [rule(ALICE_ACC.scope, allowed=False)]
    assert not decide(key(KeyType.GRANT), P, rules=issuer_denied, account=ALICE_ACC).allowed


def test_key_rules_restrict_and_cannot_exceed_the_issuer() -> None:
    deny_key = rule(ALICE_ACC.scope, subject=Subject.key(5), allowed=False)
    assert not decide(key(KeyType.GRANT), P, rules=[deny_key], account=ALICE_ACC).allowed
    grant_key = rule(Scope(E1), subject=Subject.key(5), permission=Permission.MANAGE_FUNDS)
    master = key(KeyType.MASTER, account_id=None)
    # the key may, but Alice may not print money: refused
    assert not decide(master, Permission.MANAGE_FUNDS, rules=[grant_key], account=ALICE_ACC).allowed
    alice_funds = rule(Scope(E1), permission=Permission.MANAGE_FUNDS)
    assert decide(
        master, Permission.MANAGE_FUNDS, rules=[grant_key, alice_funds], account=ALICE_ACC
    ).allowed


def test_master_key_uses_issuer_roles() -> None:
    role_grant = rule(Scope(E1), subject=Subject.role(ROLE), permission=Permission.MANAGE_FUNDS)
    with_role = key(KeyType.MASTER, account_id=None, roles=frozenset({ROLE}))
    without = key(KeyType.MASTER, account_id=None)
    assert decide(with_role, Permission.MANAGE_FUNDS, rules=[role_grant], economy_id=E1).allowed
    assert not decide(without, Permission.MANAGE_FUNDS, rules=[role_grant], economy_id=E1).allowed


def test_key_is_confined_to_its_economy() -> None:
    master = key(KeyType.MASTER, account_id=None)
    everything = [rule(GLOBAL, permission=p) for p in Permission] + [
        rule(GLOBAL, subject=Subject.key(5), permission=p) for p in Permission
    ]
    decisions = [
        decide(master, Permission.VIEW_BALANCE, rules=everything, economy_id=E2),
        decide(master, Permission.VIEW_BALANCE, rules=everything, account=A20),
        decide(master, Permission.VIEW_BALANCE, rules=everything),
    ]
    for decision in decisions:
        assert not decision.allowed
        assert decision.source is Source.OUTSIDE_KEY_ECONOMY


def test_master_key_never_manages_permissions_by_default() -> None:
    master = key(KeyType.MASTER, account_id=None)
    admin = [rule(GLOBAL, permission=p) for p in ADMIN_PERMISSIONS]
    assert not decide(master, Permission.MANAGE_PERMISSIONS, rules=admin, economy_id=E1).allowed
    assert decide(master, Permission.MANAGE_TAX_BRACKETS, rules=admin, economy_id=E1).allowed


# --- delegation --------------------------------------------------------------------------------


def test_owner_may_delegate_what_they_hold_on_their_account_only() -> None:
    corp = account(30, owner=ALICE, kind=AccountType.CORPORATION)
    alice = Actor(ALICE)
    assert may_delegate(alice, P, rules=[], scope=corp.scope, account=corp)
    assert not may_delegate(
        alice, Permission.MANAGE_FUNDS, rules=[], scope=corp.scope, account=corp
    )
    assert not may_delegate(alice, P, rules=[], scope=Scope(E1), account=None)
    user_account = account(31, owner=ALICE, kind=AccountType.USER)
    assert not may_delegate(alice, P, rules=[], scope=user_account.scope, account=user_account)


def test_admin_may_delegate_anything_anywhere() -> None:
    admin = [rule(GLOBAL, permission=p) for p in ADMIN_PERMISSIONS]
    for scope, acc in ((GLOBAL, None), (Scope(E2), None), (A20.scope, A20)):
        for permission in ADMIN_PERMISSIONS:
            assert may_delegate(Actor(ALICE), permission, rules=admin, scope=scope, account=acc)


def test_a_preference_is_no_power_to_hand_out() -> None:
    assert {Permission.USES_EPHEMERAL} == PREFERENCES
    assert frozenset(Permission) == ADMIN_PERMISSIONS | PREFERENCES
    assert not ADMIN_PERMISSIONS & PREFERENCES
    admin = [rule(GLOBAL, permission=p) for p in ADMIN_PERMISSIONS]
    ephemeral = Permission.USES_EPHEMERAL
    for scope, acc in ((GLOBAL, None), (Scope(E1), None), (A10.scope, A10)):
        for subject in (Subject.user(ALICE), Subject.user(BOB), Subject.role(ROLE)):
            gap = delegation_gap(
                Actor(ALICE), ephemeral, rules=admin, scope=scope, account=acc, subject=subject
            )
            assert gap is None
    bob = Actor(BOB)
    own = Subject.user(BOB)
    for scope in (GLOBAL, Scope(E1)):
        gap = delegation_gap(bob, ephemeral, rules=[], scope=scope, account=None, subject=own)
        assert gap is None
    for other in (Subject.user(ALICE), Subject.role(ROLE), None):
        gap = delegation_gap(bob, ephemeral, rules=[], scope=Scope(E1), account=None, subject=other)
        assert gap is Permission.MANAGE_PERMISSIONS


def test_a_power_still_needs_manage_permissions_and_the_power_itself() -> None:
    corp = account(30, owner=ALICE, kind=AccountType.CORPORATION)
    alice = Actor(ALICE)
    funds = Permission.MANAGE_FUNDS
    for subject in (Subject.user(BOB), Subject.user(ALICE)):
        gap = delegation_gap(
            alice, funds, rules=[], scope=corp.scope, account=corp, subject=subject
        )
        assert gap is funds
    gap = delegation_gap(alice, funds, rules=[], scope=Scope(E1), account=None)
    assert gap is Permission.MANAGE_PERMISSIONS
    assert delegation_gap(alice, P, rules=[], scope=corp.scope, account=corp) is None
