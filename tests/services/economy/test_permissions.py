"""Permissions stored on MariaDB: scopes with AND, precedence, defaults, reset, delegation."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from communitybot.core.economy import (
    ADMIN_PERMISSIONS,
    AccountType,
    Actor,
    Permission,
    Subject,
)
from communitybot.core.errors import (
    AdministratorExists,
    CannotDelegate,
    InvalidScope,
    LacksPermission,
    NotFound,
)
from communitybot.core.ids import AccountId, EconomyId, MemberId, RoleId
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy import accounts, economies, keys, permissions
from tests.services.economy.conftest import ADMIN, Bank

ALICE, BOB = Actor(MemberId(10)), Actor(MemberId(11))
MOD = RoleId(77)
P = Permission.VIEW_BALANCE


def grant(
    uow: UnitOfWork,
    subject: Subject,
    *,
    economy_id: EconomyId | None = None,
    account_id: AccountId | None = None,
    allowed: bool = True,
    permission: Permission = P,
) -> None:
    permissions.set_permissions(
        uow,
        ADMIN,
        subject=subject,
        permissions=[permission],
        economy_id=economy_id,
        account_id=account_id,
        allowed=allowed,
    )


def may(uow: UnitOfWork, actor: Actor, **where: object) -> bool:
    return permissions.has_permission(uow, actor, P, **where)  # type: ignore[arg-type]


def test_first_administrator_only_once(uow: UnitOfWork, snapshot: Callable[[], object]) -> None:
    granted = permissions.grant_first_administrator(uow, user_id=MemberId(5))
    assert set(granted) == ADMIN_PERMISSIONS
    for permission in ADMIN_PERMISSIONS:
        assert permissions.has_permission(uow, Actor(MemberId(5)), permission)
    before = snapshot()
    with pytest.raises(AdministratorExists) as caught:
        permissions.grant_first_administrator(uow, user_id=MemberId(6))
    assert caught.value.user_ids == (5,)
    assert snapshot() == before


def test_no_user_bypasses_checks(uow: UnitOfWork) -> None:
    """Without the CLI grant nobody at all may create an economy."""
    for user in (0, 1, -1):
        with pytest.raises(LacksPermission):
            economies.create_economy(
                uow, Actor(MemberId(user)), currency_name=f"c{user}", currency_unit=f"u{user}"
            )


def test_account_rule_applies_to_that_account_only(bank: Bank, uow: UnitOfWork) -> None:
    bob1 = bank.account(11)
    bob2 = bank.account(11, kind=AccountType.CORPORATION)
    gold = economies.create_economy(uow, ADMIN, currency_name="gold", currency_unit="g")
    grant(uow, Subject.user(ALICE.user_id), account_id=bob1.id)
    assert may(uow, ALICE, account_id=bob1.id)
    assert not may(uow, ALICE, account_id=bob2.id)
    assert not may(uow, ALICE, economy_id=bank.economy.id)
    assert not may(uow, ALICE, economy_id=gold.id)
    assert not may(uow, ALICE)


def test_economy_rule_stays_in_its_economy(bank: Bank, uow: UnitOfWork) -> None:
    bob = bank.account(11)
    gold = economies.create_economy(uow, ADMIN, currency_name="gold", currency_unit="g")
    bob_gold = accounts.open_account(uow, BOB, economy_id=gold.id, name="bob")
    grant(uow, Subject.user(ALICE.user_id), economy_id=bank.economy.id)
    assert may(uow, ALICE, account_id=bob.id)
    assert not may(uow, ALICE, account_id=bob_gold.id)
    assert not may(uow, ALICE, economy_id=gold.id)


def test_precedence_on_stored_rules(bank: Bank, uow: UnitOfWork) -> None:
    bob = bank.account(11)
    modder = Actor(ALICE.user_id, frozenset({MOD}))
    economy = bank.economy.id
    grant(uow, Subject.role(MOD), economy_id=economy)
    assert may(uow, modder, account_id=bob.id)
    assert not may(uow, ALICE, account_id=bob.id)  # without the role
    grant(uow, Subject.user(ALICE.user_id), economy_id=economy, allowed=False)
    assert not may(uow, modder, account_id=bob.id)  # the user's own rule beats the role's
    grant(uow, Subject.role(MOD), account_id=bob.id)
    assert may(uow, modder, account_id=bob.id)  # the account rule is more specific
    grant(uow, Subject.user(ALICE.user_id), account_id=bob.id, allowed=False)
    assert not may(uow, modder, account_id=bob.id)
    permissions.reset_permissions(
        uow, ADMIN, subject=Subject.user(ALICE.user_id), permissions=[P], account_id=bob.id
    )
    assert may(uow, modder, account_id=bob.id)


def test_denial_beats_grant_at_equal_specificity(bank: Bank, uow: UnitOfWork) -> None:
    bob = bank.account(11)
    helper = Actor(ALICE.user_id, frozenset({MOD, RoleId(78)}))
    grant(uow, Subject.role(MOD), economy_id=bank.economy.id)
    grant(uow, Subject.role(78), economy_id=bank.economy.id, allowed=False)
    assert not may(uow, helper, account_id=bob.id)


def test_reset_returns_to_the_owner_default(bank: Bank, uow: UnitOfWork) -> None:
    alice = bank.account(10)
    assert may(uow, ALICE, account_id=alice.id)
    grant(uow, Subject.user(ALICE.user_id), account_id=alice.id, allowed=False)
    assert not may(uow, ALICE, account_id=alice.id)
    removed = permissions.reset_permissions(
        uow, ADMIN, subject=Subject.user(ALICE.user_id), permissions=[P], account_id=alice.id
    )
    assert removed == 1
    assert may(uow, ALICE, account_id=alice.id)


def test_setting_twice_changes_the_rule_in_place(bank: Bank, uow: UnitOfWork) -> None:
    grant(uow, Subject.user(ALICE.user_id), economy_id=bank.economy.id)
    grant(uow, Subject.user(ALICE.user_id), economy_id=bank.economy.id, allowed=False)
    rules = permissions.list_permissions(uow, ALICE, subject=Subject.user(ALICE.user_id))
    assert [(r.permission, r.allowed) for r in rules] == [(P, False)]


def test_owner_may_delegate_on_an_organisation_account(bank: Bank, uow: UnitOfWork) -> None:
    corp = bank.account(10, kind=AccountType.CORPORATION)
    permissions.set_permissions(
        uow,
        ALICE,
        subject=Subject.user(BOB.user_id),
        permissions=[Permission.TRANSFER_FUNDS, P],
        account_id=corp.id,
    )
    assert permissions.has_permission(uow, BOB, Permission.TRANSFER_FUNDS, account_id=corp.id)


def test_a_refused_delegation_names_the_power_the_actor_lacks(
    bank: Bank, uow: UnitOfWork, snapshot: Callable[[], object]
) -> None:
    corp = bank.account(10, kind=AccountType.CORPORATION)
    before = snapshot()
    with pytest.raises(CannotDelegate) as caught:
        permissions.set_permissions(
            uow,
            ALICE,
            subject=Subject.user(BOB.user_id),
            permissions=[Permission.VIEW_BALANCE, Permission.MANAGE_FUNDS],
            account_id=corp.id,
        )
    assert caught.value.data == {
        "actor": ALICE.label,
        "permission": "MANAGE_FUNDS",
        "economy_id": bank.economy.id,
        "account_id": corp.id,
    }
    assert snapshot() == before


def test_private_answers_are_set_by_their_holder_or_any_permission_manager(
    bank: Bank, uow: UnitOfWork, snapshot: Callable[[], object]
) -> None:
    ephemeral = [Permission.USES_EPHEMERAL]
    here = bank.economy.id
    alice, bob = Subject.user(ALICE.user_id), Subject.user(BOB.user_id)
    permissions.set_permissions(uow, ADMIN, subject=bob, permissions=ephemeral, economy_id=here)
    assert permissions.has_permission(uow, BOB, ephemeral[0], economy_id=here)
    permissions.set_permissions(uow, ALICE, subject=alice, permissions=ephemeral, economy_id=here)
    assert permissions.has_permission(uow, ALICE, ephemeral[0], economy_id=here)
    before = snapshot()
    with pytest.raises(LacksPermission) as caught:
        permissions.reset_permissions(
            uow, ALICE, subject=bob, permissions=ephemeral, economy_id=here
        )
    assert type(caught.value) is LacksPermission
    assert caught.value.permission == "MANAGE_PERMISSIONS"
    assert snapshot() == before
    removed = permissions.reset_permissions(
        uow, ALICE, subject=alice, permissions=ephemeral, economy_id=here
    )
    assert removed == 1


@pytest.mark.parametrize(
    "case",
    [
        "escalate to minting",
        "owner of a user account",
        "economy wide",
        "global",
        "member lists others",
        "account outside economy",
        "unknown account",
        "unknown economy",
        "key rule outside its economy",
        "key sets rules",
    ],
)
def test_permission_refusals_change_nothing(
    bank: Bank, uow: UnitOfWork, snapshot: Callable[[], object], case: str
) -> None:
    corp = bank.account(10, kind=AccountType.CORPORATION)
    alice = bank.account(10)
    gold = economies.create_economy(uow, ADMIN, currency_name="gold", currency_unit="g")
    application = keys.create_application(uow, ALICE, economy_id=bank.economy.id, name="a")
    issued = keys.create_key(
        uow,
        ALICE,
        application_id=application.id,
        issuer_id=ALICE.user_id,
        account_id=alice.id,
        spending_limit=10,
        enable=True,
    )
    keys.activate_key(uow, ALICE, key_id=issued.key.id)
    key_actor = keys.authenticate(uow, issued.token)

    def by_alice(permission: Permission = P, **where: object) -> None:
        permissions.set_permissions(
            uow,
            ALICE,
            subject=Subject.user(BOB.user_id),
            permissions=[permission],
            **where,  # type: ignore[arg-type]
        )

    actions: dict[str, tuple[Callable[[], object], type[Exception]]] = {
        "escalate to minting": (
            lambda: by_alice(Permission.MANAGE_FUNDS, account_id=corp.id),
            LacksPermission,
        ),
        "owner of a user account": (lambda: by_alice(account_id=alice.id), LacksPermission),
        "economy wide": (lambda: by_alice(economy_id=bank.economy.id), LacksPermission),
        "global": (lambda: by_alice(), LacksPermission),
        "member lists others": (
            lambda: permissions.list_permissions(uow, ALICE, subject=Subject.user(BOB.user_id)),
            LacksPermission,
        ),
        "account outside economy": (
            lambda: grant(uow, Subject.user(BOB.user_id), economy_id=gold.id, account_id=alice.id),
            InvalidScope,
        ),
        "unknown account": (
            lambda: grant(uow, Subject.user(BOB.user_id), account_id=AccountId(999_999)),
            NotFound,
        ),
        "unknown economy": (
            lambda: grant(uow, Subject.user(BOB.user_id), economy_id=EconomyId(999_999)),
            NotFound,
        ),
        "key rule outside its economy": (
            lambda: permissions.set_permissions(
                uow, ALICE, subject=Subject.key(issued.key.id), permissions=[P], economy_id=gold.id
            ),
            InvalidScope,
        ),
        "key sets rules": (
            lambda: permissions.set_permissions(
                uow,
                key_actor,
                subject=Subject.user(BOB.user_id),
                permissions=[P],
                account_id=alice.id,
            ),
            LacksPermission,
        ),
    }
    action, error = actions[case]
    before = snapshot()
    with pytest.raises(error):
        action()
    assert snapshot() == before
