"""Economies, guilds and accounts on MariaDB: every rule and every refusal."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from communitybot.core.clock import ManualClock
from communitybot.core.economy import AccountType, Actor, Economy, Permission, Subject
from communitybot.core.errors import (
    AccountNotEmpty,
    AccountTypeForbids,
    AlreadyExists,
    AmountOutOfRange,
    EconomyNotEmpty,
    GuildOwnsEconomy,
    InvalidName,
    IssuanceAccountForbidden,
    LacksPermission,
    NotFound,
)
from communitybot.core.ids import AccountId, EconomyId, GuildId, MemberId
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy import accounts, economies, permissions, transfers
from tests.services.economy.conftest import ADMIN, Bank, new_key

ALICE, BOB = Actor(MemberId(10)), Actor(MemberId(11))


# --- economies and guilds -------------------------------------------------------------------


def test_economy_comes_with_an_issuance_account_and_its_guild(
    uow: UnitOfWork, admin: Actor, clock: ManualClock
) -> None:
    economy = economies.create_economy(
        uow, admin, currency_name=" credits ", currency_unit="cr", guild_id=GuildId(7), clock=clock
    )
    assert (economy.currency_name, economy.currency_unit, economy.created_at) == (
        "credits",
        "cr",
        clock.now(),
    )
    issuance = accounts.get_account(uow, admin, account_id=economy.issuance_account_id)
    assert issuance.is_issuance
    assert issuance.balance == 0
    assert economies.guild_economy(uow, guild_id=GuildId(7)) == economy
    assert economies.find_economy_by_name(uow, currency_name="credits") == economy
    assert economies.list_economies(uow) == [economy]
    economies.register_guild(uow, admin, guild_id=GuildId(8), economy_id=economy.id)
    assert economies.guild_ids(uow, economy_id=economy.id) == [7, 8]
    economies.unregister_guild(uow, admin, guild_id=GuildId(8))
    assert economies.guild_economy(uow, guild_id=GuildId(8)) is None


def test_economy_is_deleted_only_when_empty(bank: Bank, uow: UnitOfWork) -> None:
    alice = bank.account(10, balance=500)
    economies.register_guild(uow, ADMIN, guild_id=GuildId(3), economy_id=bank.economy.id)
    with pytest.raises(EconomyNotEmpty) as caught:
        economies.delete_economy(uow, ADMIN, economy_id=bank.economy.id)
    assert caught.value.accounts == 1
    transfers.remove_funds(uow, ADMIN, account_id=alice.id, amount=500, idempotency_key=new_key())
    economies.delete_economy(uow, ADMIN, economy_id=bank.economy.id)
    with pytest.raises(NotFound):
        economies.get_economy(uow, economy_id=bank.economy.id)
    assert economies.guild_economy(uow, guild_id=GuildId(3)) is None
    assert not bank.get(alice.id).is_open
    assert transfers.journal(uow, ADMIN, account_id=alice.id, limit=None)  # the journal stays
    with pytest.raises(AlreadyExists):  # the name stays reserved
        economies.create_economy(uow, ADMIN, currency_name="credits", currency_unit="new")
    assert economies.list_economies(uow) == []


@pytest.mark.parametrize(
    "case",
    [
        "member creates",
        "same name",
        "same unit",
        "empty name",
        "long unit",
        "guild taken",
        "register taken guild",
        "member registers",
        "owner guild leaves",
        "unknown guild",
        "member deletes",
        "not empty",
    ],
)
def test_economy_refusals_change_nothing(
    uow: UnitOfWork, economy: Economy, snapshot: Callable[[], object], case: str
) -> None:
    economies.register_guild(uow, ADMIN, guild_id=GuildId(1), economy_id=economy.id)
    owned = economies.create_economy(
        uow, ADMIN, currency_name="gold", currency_unit="g", guild_id=GuildId(2)
    )
    holder = accounts.open_account(uow, ALICE, economy_id=owned.id, name="a")
    transfers.print_funds(uow, ADMIN, account_id=holder.id, amount=1, idempotency_key=new_key())

    def create(name: str = "new", unit: str = "n", actor: Actor = ADMIN, **more: object) -> object:
        return economies.create_economy(
            uow,
            actor,
            currency_name=name,
            currency_unit=unit,
            **more,  # type: ignore[arg-type]
        )

    actions: dict[str, tuple[Callable[[], object], type[Exception]]] = {
        "member creates": (lambda: create(actor=ALICE), LacksPermission),
        "same name": (lambda: create(name="credits"), AlreadyExists),
        "same unit": (lambda: create(unit="cr"), AlreadyExists),
        "empty name": (lambda: create(name=" "), InvalidName),
        "long unit": (lambda: create(unit="u" * 17), InvalidName),
        "guild taken": (lambda: create(guild_id=GuildId(1)), AlreadyExists),
        "register taken guild": (
            lambda: economies.register_guild(
                uow, ADMIN, guild_id=GuildId(2), economy_id=economy.id
            ),
            AlreadyExists,
        ),
        "member registers": (
            lambda: economies.register_guild(
                uow, ALICE, guild_id=GuildId(9), economy_id=economy.id
            ),
            LacksPermission,
        ),
        "owner guild leaves": (
            lambda: economies.unregister_guild(uow, ADMIN, guild_id=GuildId(2)),
            GuildOwnsEconomy,
        ),
        "unknown guild": (
            lambda: economies.unregister_guild(uow, ADMIN, guild_id=GuildId(99)),
            NotFound,
        ),
        "member deletes": (
            lambda: economies.delete_economy(uow, ALICE, economy_id=economy.id),
            LacksPermission,
        ),
        "not empty": (
            lambda: economies.delete_economy(uow, ADMIN, economy_id=owned.id),
            EconomyNotEmpty,
        ),
    }
    action, error = actions[case]
    before = snapshot()
    with pytest.raises(error):
        action()
    assert snapshot() == before


# --- accounts --------------------------------------------------------------------------------


def test_member_opens_own_user_account(bank: Bank, uow: UnitOfWork, clock: ManualClock) -> None:
    account = accounts.open_account(
        uow, ALICE, economy_id=bank.economy.id, name="alice", clock=clock
    )
    assert (account.owner_id, account.account_type, account.balance, account.min_balance) == (
        10,
        AccountType.USER,
        0,
        0,
    )
    assert (
        accounts.user_account_id(uow, economy_id=bank.economy.id, owner_id=ALICE.user_id)
        == account.id
    )
    assert accounts.resolve_account(uow, economy_id=bank.economy.id, name="alice") == account.id


def test_special_accounts_need_their_permissions(bank: Bank, uow: UnitOfWork) -> None:
    permissions.set_permissions(
        uow,
        ADMIN,
        subject=Subject.user(ALICE.user_id),
        permissions=[Permission.OPEN_SPECIAL_ACCOUNT],
        economy_id=bank.economy.id,
    )
    corp = accounts.open_account(
        uow,
        ALICE,
        economy_id=bank.economy.id,
        name="acme",
        account_type=AccountType.CORPORATION,
        owner_id=ALICE.user_id,
    )
    assert corp.owner_id == ALICE.user_id
    with pytest.raises(LacksPermission) as caught:
        accounts.open_account(
            uow, ALICE, economy_id=bank.economy.id, name="gov", account_type=AccountType.GOVERNMENT
        )
    assert caught.value.permission == "GOVERNMENT_OFFICIAL"


def test_closed_user_account_frees_the_slot_and_name(bank: Bank, uow: UnitOfWork) -> None:
    first = accounts.open_account(uow, ALICE, economy_id=bank.economy.id, name="alice")
    closed = accounts.close_account(uow, ALICE, account_id=first.id)
    assert closed.closed_at is not None
    again = accounts.open_account(uow, ALICE, economy_id=bank.economy.id, name="alice")
    assert again.id != first.id


def test_rename_and_hand_over_an_organisation_account(bank: Bank, uow: UnitOfWork) -> None:
    corp = bank.account(10, kind=AccountType.CORPORATION, name="acme")
    renamed = accounts.rename_account(uow, ALICE, account_id=corp.id, new_name="acme ltd")
    assert renamed.name == "acme ltd"
    handed = accounts.transfer_ownership(uow, ALICE, account_id=corp.id, new_owner_id=BOB.user_id)
    assert handed.owner_id == BOB.user_id
    with pytest.raises(LacksPermission):  # Alice no longer owns it
        accounts.rename_account(uow, ALICE, account_id=corp.id, new_name="mine")
    accounts.rename_account(uow, BOB, account_id=corp.id, new_name="bob corp")


def test_account_limit_is_a_line_of_credit(bank: Bank, uow: UnitOfWork) -> None:
    alice = bank.account(10)
    updated = accounts.set_account_limit(uow, ADMIN, account_id=alice.id, min_balance=-1_000)
    assert updated.min_balance == -1_000
    with pytest.raises(LacksPermission):
        accounts.set_account_limit(uow, ALICE, account_id=alice.id, min_balance=-5_000)


def test_authable_accounts(bank: Bank, uow: UnitOfWork) -> None:
    mine = bank.account(10)
    corp = bank.account(20, kind=AccountType.CORPORATION)
    bank.account(11)
    permissions.set_permissions(
        uow,
        Actor(MemberId(20)),
        subject=Subject.user(ALICE.user_id),
        permissions=[Permission.VIEW_BALANCE],
        account_id=corp.id,
    )
    assert [a.id for a in accounts.authable_accounts(uow, ALICE, economy_id=bank.economy.id)] == [
        mine.id,
        corp.id,
    ]
    everyone = accounts.authable_accounts(uow, ADMIN, economy_id=bank.economy.id)
    assert len(everyone) == 3  # never the issuance account


@pytest.mark.parametrize(
    "case",
    [
        "second user account",
        "name taken",
        "empty name",
        "special without permission",
        "for someone else",
        "unknown economy",
        "rename user account",
        "rename to a taken name",
        "rename by stranger",
        "hand over user account",
        "hand over by stranger",
        "close with money",
        "close by stranger",
        "close issuance",
        "close government by holder",
        "limit out of range",
        "view others",
        "unknown account",
    ],
)
def test_account_refusals_change_nothing(
    bank: Bank, uow: UnitOfWork, snapshot: Callable[[], object], case: str
) -> None:
    alice = bank.account(10, name="alice", balance=5)
    corp = bank.account(10, kind=AccountType.CORPORATION, name="acme")
    gov = bank.account(10, kind=AccountType.GOVERNMENT, name="ministry")
    economy_id = bank.economy.id

    def open_(actor: Actor = ALICE, **spec: object) -> object:
        values: dict[str, object] = {"economy_id": economy_id, "name": "new"}
        values.update(spec)
        return accounts.open_account(uow, actor, **values)  # type: ignore[arg-type]

    actions: dict[str, tuple[Callable[[], object], type[Exception]]] = {
        "second user account": (lambda: open_(), AlreadyExists),
        "name taken": (lambda: open_(BOB, name="alice"), AlreadyExists),
        "empty name": (lambda: open_(BOB, name=""), InvalidName),
        "special without permission": (
            lambda: open_(account_type=AccountType.CHARITY),
            LacksPermission,
        ),
        "for someone else": (lambda: open_(BOB, owner_id=MemberId(12)), LacksPermission),
        "unknown economy": (lambda: open_(BOB, economy_id=EconomyId(999_999)), NotFound),
        "rename user account": (
            lambda: accounts.rename_account(uow, ALICE, account_id=alice.id, new_name="z"),
            AccountTypeForbids,
        ),
        "rename to a taken name": (
            lambda: accounts.rename_account(uow, ALICE, account_id=corp.id, new_name="alice"),
            AlreadyExists,
        ),
        "rename by stranger": (
            lambda: accounts.rename_account(uow, BOB, account_id=corp.id, new_name="z"),
            LacksPermission,
        ),
        "hand over user account": (
            lambda: accounts.transfer_ownership(
                uow, ALICE, account_id=alice.id, new_owner_id=BOB.user_id
            ),
            AccountTypeForbids,
        ),
        "hand over by stranger": (
            lambda: accounts.transfer_ownership(
                uow, BOB, account_id=corp.id, new_owner_id=BOB.user_id
            ),
            LacksPermission,
        ),
        "close with money": (
            lambda: accounts.close_account(uow, ALICE, account_id=alice.id),
            AccountNotEmpty,
        ),
        "close by stranger": (
            lambda: accounts.close_account(uow, BOB, account_id=corp.id),
            LacksPermission,
        ),
        "close issuance": (
            lambda: accounts.close_account(uow, ADMIN, account_id=bank.economy.issuance_account_id),
            IssuanceAccountForbidden,
        ),
        "close government by holder": (
            lambda: accounts.close_account(uow, ALICE, account_id=gov.id),
            LacksPermission,
        ),
        "limit out of range": (
            lambda: accounts.set_account_limit(
                uow, ADMIN, account_id=alice.id, min_balance=-(10**15)
            ),
            AmountOutOfRange,
        ),
        "view others": (
            lambda: accounts.get_account(uow, BOB, account_id=alice.id),
            LacksPermission,
        ),
        "unknown account": (
            lambda: accounts.get_account(uow, ADMIN, account_id=AccountId(999_999)),
            NotFound,
        ),
    }
    action, error = actions[case]
    before = snapshot()
    with pytest.raises(error):
        action()
    assert snapshot() == before


def test_owner_defaults(bank: Bank, uow: UnitOfWork) -> None:
    """A USER account without a named owner belongs to whoever opens it; an organisation's
    account may have no owner at all."""
    mine = accounts.open_account(uow, ADMIN, economy_id=bank.economy.id, name="admin")
    assert mine.owner_id == ADMIN.user_id
    nobody = accounts.open_account(
        uow, ADMIN, economy_id=bank.economy.id, name="fund", account_type=AccountType.CHARITY
    )
    assert nobody.owner_id is None
