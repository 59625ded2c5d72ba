"""The wallet across a guild's currencies, the guild's default currency, and the leaderboard
valued in a chosen currency and limited to given members — on MariaDB."""

from __future__ import annotations

import pytest

from communitybot.core.economy import Actor, GroupKind
from communitybot.core.errors import NotFound
from communitybot.core.ids import GuildId, MemberId
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy import economies, groups, wallets
from tests.services.economy.conftest import ADMIN, Bank
from tests.services.economy.realm import make_realm, other_economy

GUILD = GuildId(7)


def test_the_wallet_holds_every_currency_usable_in_the_guild(bank: Bank) -> None:
    realm = make_realm(bank)
    economies.register_guild(bank.uow, ADMIN, guild_id=GUILD, economy_id=bank.economy.id)
    groups.join_group(bank.uow, ADMIN, group_id=realm.group.id, guild_id=GUILD)
    other_economy(bank, "shells", "sh")  # usable nowhere here
    mine, _gems = realm.pair(10, balance_a=500)
    found = wallets.wallet(bank.uow, Actor(MemberId(10)), guild_id=GUILD)
    assert [(e.currency_name, a and a.balance) for e, a in found] == [
        ("credits", 500),
        ("gems", 0),
    ]
    assert found[0][1] == bank.get(mine.id)
    nobody = wallets.wallet(bank.uow, Actor(MemberId(99)), guild_id=GUILD)
    assert [(e.currency_name, a) for e, a in nobody] == [("credits", None), ("gems", None)]
    assert wallets.wallet(bank.uow, Actor(MemberId(10)), guild_id=GuildId(8)) == []


def test_the_default_currency_is_the_groups_primary_one(bank: Bank) -> None:
    assert wallets.default_currency(bank.uow, guild_id=GUILD) is None
    economies.register_guild(bank.uow, ADMIN, guild_id=GUILD, economy_id=bank.economy.id)
    assert wallets.default_currency(bank.uow, guild_id=GUILD) == bank.economy
    realm = make_realm(bank)
    assert wallets.default_currency(bank.uow, guild_id=GUILD) == bank.economy
    groups.set_primary_currency(
        bank.uow, ADMIN, group_id=realm.group.id, economy_id=realm.b.economy.id
    )
    assert wallets.default_currency(bank.uow, guild_id=GUILD) == realm.b.economy


def test_the_leaderboard_in_a_chosen_currency_and_for_some_members(bank: Bank) -> None:
    realm = make_realm(bank)
    realm.rate(realm.b.economy, bank.economy, 2, 1)
    realm.pair(10, balance_a=100, balance_b=100)  # 300 cr, or 100 gm (no rate cr → gm)
    realm.pair(11, balance_a=250)
    in_credits = groups.leaderboard(bank.uow, group_id=realm.group.id)
    assert [(e.owner_id, e.value) for e in in_credits] == [(10, 300), (11, 250)]
    in_gems = groups.leaderboard(bank.uow, group_id=realm.group.id, valued_in=realm.b.economy.id)
    assert [(e.owner_id, e.value) for e in in_gems] == [(10, 100), (11, 0)]
    only = groups.leaderboard(bank.uow, group_id=realm.group.id, owner_ids=[MemberId(11)])
    assert [(e.owner_id, e.value) for e in only] == [(11, 250)]
    assert groups.leaderboard(bank.uow, group_id=realm.group.id, owner_ids=[]) == []
    alone = groups.economy_leaderboard(
        bank.uow, economy_id=bank.economy.id, owner_ids=[MemberId(10)]
    )
    assert [(e.owner_id, e.value) for e in alone] == [(10, 100)]


def test_a_currency_outside_the_group_values_nothing(bank: Bank, uow: UnitOfWork) -> None:
    realm = make_realm(bank)
    shells = other_economy(bank, "shells", "sh")
    with pytest.raises(NotFound) as refused:
        groups.leaderboard(uow, group_id=realm.group.id, valued_in=shells.economy.id)
    assert refused.value.kind == "group_currency"


def test_a_single_group_made_for_a_guild_is_its_default(bank: Bank) -> None:
    economies.register_guild(bank.uow, ADMIN, guild_id=GUILD, economy_id=bank.economy.id)
    made = groups.create_group(bank.uow, ADMIN, kind=GroupKind.SINGLE, name="own", guild_id=GUILD)
    assert made.primary_economy_id == bank.economy.id
    assert wallets.default_currency(bank.uow, guild_id=GUILD) == bank.economy
