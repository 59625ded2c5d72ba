"""Economy groups on MariaDB: kinds, who manages what, currencies and guilds, exchange rates,
and the leaderboard valued in the primary currency."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from communitybot.core.economy import (
    AccountType,
    Actor,
    GroupKind,
    KeyType,
    LeaderboardEntry,
    Permission,
    Subject,
)
from communitybot.core.errors import (
    AlreadyExists,
    EconomyInGroup,
    InvalidExchangeRate,
    InvalidGroup,
    LacksPermission,
    NotFound,
    NotInSameGroup,
)
from communitybot.core.ids import GuildId, MemberId
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy import economies, groups, keys, permissions, transfers
from tests.services.economy.conftest import ADMIN, Bank, new_key
from tests.services.economy.realm import Realm, make_realm, other_economy

GUILD_ADMIN, STRANGER = Actor(MemberId(60)), Actor(MemberId(61))


def guild_economy(bank: Bank, guild: int, name: str, unit: str) -> Bank:
    """An economy owned by ``guild`` whose administrator is :data:`GUILD_ADMIN`."""
    economy = economies.create_economy(
        bank.uow, ADMIN, currency_name=name, currency_unit=unit, guild_id=GuildId(guild)
    )
    permissions.set_permissions(
        bank.uow,
        ADMIN,
        subject=Subject.user(GUILD_ADMIN.user_id),
        permissions=[Permission.MANAGE_ECONOMIES],
        economy_id=economy.id,
    )
    return Bank(uow=bank.uow, clock=bank.clock, economy=economy)


def test_the_global_group_is_one_and_the_operators(
    bank: Bank, snapshot: Callable[[], object]
) -> None:
    world = groups.create_group(bank.uow, ADMIN, kind=GroupKind.GLOBAL, name="world")
    assert (world.kind, world.primary_economy_id, world.economy_ids) == (GroupKind.GLOBAL, None, ())
    guild_economy(bank, 900, "pebbles", "pb")
    before = snapshot()
    with pytest.raises(AlreadyExists) as twice:
        groups.create_group(bank.uow, ADMIN, kind=GroupKind.GLOBAL, name="world-2")
    assert twice.value.field == "kind"
    with pytest.raises(AlreadyExists):
        groups.create_group(bank.uow, ADMIN, kind=GroupKind.LOCAL, name="world")
    for kind in (GroupKind.GLOBAL, GroupKind.LOCAL):
        with pytest.raises(LacksPermission):
            groups.create_group(bank.uow, GUILD_ADMIN, kind=kind, name="mine")
    with pytest.raises(InvalidGroup) as guildless:
        groups.create_group(bank.uow, ADMIN, kind=GroupKind.SINGLE, name="x")
    assert guildless.value.reason == "single_needs_guild"
    with pytest.raises(InvalidGroup) as guilded:
        groups.create_group(bank.uow, ADMIN, kind=GroupKind.LOCAL, name="x", guild_id=GuildId(900))
    assert guilded.value.reason == "only_single_has_guild"
    with pytest.raises(LacksPermission):
        groups.add_currency(bank.uow, GUILD_ADMIN, group_id=world.id, economy_id=bank.economy.id)
    assert snapshot() == before
    world = groups.add_currency(bank.uow, ADMIN, group_id=world.id, economy_id=bank.economy.id)
    assert (world.primary_economy_id, world.economy_ids) == (bank.economy.id, (bank.economy.id,))


def test_a_guild_gets_its_single_group_from_its_own_administrators(
    bank: Bank, snapshot: Callable[[], object]
) -> None:
    pebbles = guild_economy(bank, 900, "pebbles", "pb")
    single = groups.create_group(
        bank.uow, GUILD_ADMIN, kind=GroupKind.SINGLE, name="guild-900", guild_id=GuildId(900)
    )
    assert (single.guild_id, single.primary_economy_id, single.guild_ids) == (
        900,
        pebbles.economy.id,
        (900,),
    )
    before = snapshot()
    with pytest.raises(AlreadyExists):
        groups.create_group(
            bank.uow, ADMIN, kind=GroupKind.SINGLE, name="again", guild_id=GuildId(900)
        )
    with pytest.raises(InvalidGroup) as unregistered:
        groups.create_group(
            bank.uow, ADMIN, kind=GroupKind.SINGLE, name="ghost", guild_id=GuildId(901)
        )
    assert unregistered.value.reason == "guild_not_registered"
    with pytest.raises(LacksPermission):  # not the administrator of another guild's economy
        groups.add_currency(bank.uow, GUILD_ADMIN, group_id=single.id, economy_id=bank.economy.id)
    with pytest.raises(InvalidGroup) as closed:
        groups.join_group(bank.uow, ADMIN, group_id=single.id, guild_id=GuildId(900))
    assert closed.value.reason == "single_has_one_guild"
    assert snapshot() == before
    assert groups.guild_currencies(bank.uow, guild_id=GuildId(900)) == [pebbles.economy]


def test_one_group_per_currency_and_the_primary_goes_last(
    realm: Realm, snapshot: Callable[[], object]
) -> None:
    other = groups.create_group(realm.uow, ADMIN, kind=GroupKind.LOCAL, name="other")
    before = snapshot()
    with pytest.raises(EconomyInGroup) as taken:
        groups.add_currency(realm.uow, ADMIN, group_id=other.id, economy_id=realm.b.economy.id)
    assert taken.value.group_id == realm.group.id
    with pytest.raises(InvalidGroup) as primary:
        groups.remove_currency(
            realm.uow, ADMIN, group_id=realm.group.id, economy_id=realm.a.economy.id
        )
    assert primary.value.reason == "primary_currency"
    with pytest.raises(NotFound):
        groups.remove_currency(realm.uow, ADMIN, group_id=other.id, economy_id=realm.a.economy.id)
    assert snapshot() == before
    realm.rate(realm.a.economy, realm.b.economy, 2, 1)
    realm.rate(realm.b.economy, realm.a.economy, 1, 2)
    group = groups.remove_currency(
        realm.uow, ADMIN, group_id=realm.group.id, economy_id=realm.b.economy.id
    )
    assert group.economy_ids == (realm.a.economy.id,)
    assert groups.list_exchange_rates(realm.uow, group_id=group.id) == []  # its rates went too
    assert groups.group_of_economy(realm.uow, economy_id=realm.b.economy.id) is None
    groups.add_currency(realm.uow, ADMIN, group_id=other.id, economy_id=realm.b.economy.id)
    group = groups.remove_currency(
        realm.uow, ADMIN, group_id=realm.group.id, economy_id=realm.a.economy.id
    )
    assert (group.economy_ids, group.primary_economy_id) == ((), None)


def test_the_primary_currency_can_change(realm: Realm) -> None:
    group = groups.set_primary_currency(
        realm.uow, ADMIN, group_id=realm.group.id, economy_id=realm.b.economy.id
    )
    assert group.primary_economy_id == realm.b.economy.id
    assert groups.get_group(realm.uow, group_id=group.id) == group
    assert groups.find_group_by_name(realm.uow, name=" realm ") == group
    assert groups.list_groups(realm.uow) == [group]


def test_guilds_join_the_global_group_alone_and_a_local_one_with_its_consent(
    realm: Realm, snapshot: Callable[[], object]
) -> None:
    pebbles = guild_economy(realm.a, 900, "pebbles", "pb")
    world = groups.create_group(realm.uow, ADMIN, kind=GroupKind.GLOBAL, name="world")
    world = groups.join_group(realm.uow, GUILD_ADMIN, group_id=world.id, guild_id=GuildId(900))
    assert world.guild_ids == (900,)
    before = snapshot()
    with pytest.raises(AlreadyExists):
        groups.join_group(realm.uow, GUILD_ADMIN, group_id=world.id, guild_id=GuildId(900))
    with pytest.raises(LacksPermission):  # the realm's administrators did not agree
        groups.join_group(realm.uow, GUILD_ADMIN, group_id=realm.group.id, guild_id=GuildId(900))
    with pytest.raises(LacksPermission):  # and a stranger cannot speak for the guild
        groups.join_group(realm.uow, STRANGER, group_id=world.id, guild_id=GuildId(900))
    assert snapshot() == before
    permissions.set_permissions(
        realm.uow,
        ADMIN,
        subject=Subject.user(GUILD_ADMIN.user_id),
        permissions=[Permission.MANAGE_ECONOMIES],
        economy_id=realm.a.economy.id,
    )
    groups.join_group(realm.uow, GUILD_ADMIN, group_id=realm.group.id, guild_id=GuildId(900))
    assert [e.id for e in groups.guild_currencies(realm.uow, guild_id=GuildId(900))] == sorted(
        [realm.a.economy.id, realm.b.economy.id, pebbles.economy.id]
    )
    left = groups.leave_group(realm.uow, GUILD_ADMIN, group_id=world.id, guild_id=GuildId(900))
    assert left.guild_ids == ()
    with pytest.raises(NotFound):
        groups.leave_group(realm.uow, GUILD_ADMIN, group_id=world.id, guild_id=GuildId(900))


def test_a_rate_needs_both_currencies_administrators(
    realm: Realm, snapshot: Callable[[], object]
) -> None:
    permissions.set_permissions(
        realm.uow,
        ADMIN,
        subject=Subject.user(GUILD_ADMIN.user_id),
        permissions=[Permission.MANAGE_ECONOMIES],
        economy_id=realm.a.economy.id,
    )
    outside = other_economy(realm.a, "shells", "sh")
    before = snapshot()
    with pytest.raises(LacksPermission) as refused:
        groups.set_exchange_rate(
            realm.uow,
            GUILD_ADMIN,
            from_economy_id=realm.a.economy.id,
            to_economy_id=realm.b.economy.id,
            numerator=1000,
            denominator=1,
        )
    assert refused.value.economy_id == realm.b.economy.id
    with pytest.raises(NotInSameGroup):
        realm.rate(realm.a.economy, outside.economy, 1, 1)
    with pytest.raises(NotInSameGroup):
        realm.rate(outside.economy, realm.a.economy, 1, 1)
    with pytest.raises(InvalidGroup):
        realm.rate(realm.a.economy, realm.a.economy, 1, 1)
    for numerator, denominator in ((0, 1), (1, 0), (10_001, 1), (1, -3), (True, 1)):
        with pytest.raises(InvalidExchangeRate):
            realm.rate(realm.a.economy, realm.b.economy, numerator, denominator)
    with pytest.raises(NotFound, match="kind='exchange_rate'"):
        groups.remove_exchange_rate(
            realm.uow, ADMIN, from_economy_id=realm.a.economy.id, to_economy_id=realm.b.economy.id
        )
    assert snapshot() == before


def test_rates_are_set_per_direction_and_changed_in_place(realm: Realm) -> None:
    realm.rate(realm.a.economy, realm.b.economy, 3, 2)
    forward = groups.get_exchange_rate(
        realm.uow, from_economy_id=realm.a.economy.id, to_economy_id=realm.b.economy.id
    )
    assert forward is not None
    assert (forward.numerator, forward.denominator, forward.set_by) == (3, 2, ADMIN.user_id)
    assert (
        groups.get_exchange_rate(
            realm.uow, from_economy_id=realm.b.economy.id, to_economy_id=realm.a.economy.id
        )
        is None
    )
    realm.rate(realm.a.economy, realm.b.economy, 5, 4)
    (changed,) = groups.list_exchange_rates(realm.uow, group_id=realm.group.id)
    assert (changed.id, changed.numerator, changed.denominator) == (forward.id, 5, 4)


def test_keys_do_not_manage_groups(realm: Realm, snapshot: Callable[[], object]) -> None:
    application = keys.create_application(
        realm.uow, ADMIN, economy_id=realm.a.economy.id, name="ops"
    )
    issued = keys.create_key(
        realm.uow,
        ADMIN,
        application_id=application.id,
        issuer_id=ADMIN.user_id,
        key_type=KeyType.MASTER,
        enable=True,
    )
    keys.activate_key(realm.uow, ADMIN, key_id=issued.key.id)
    key = keys.authenticate(realm.uow, issued.token)
    before = snapshot()
    with pytest.raises(LacksPermission):
        groups.set_exchange_rate(
            realm.uow,
            key,
            from_economy_id=realm.a.economy.id,
            to_economy_id=realm.b.economy.id,
            numerator=1,
            denominator=1,
        )
    assert snapshot() == before


def test_the_leaderboard_values_every_currency_in_the_primary_one(realm: Realm) -> None:
    third = other_economy(realm.a, "shells", "sh")
    groups.add_currency(realm.uow, ADMIN, group_id=realm.group.id, economy_id=third.economy.id)
    realm.rate(realm.b.economy, realm.a.economy, 3, 2)  # a gem is worth 1.5 credits
    realm.rate(realm.a.economy, realm.b.economy, 1, 1)  # the other direction does not count
    # shells have no rate into credits: they do not count
    realm.a.account(10, balance=1_000, name="a-10")
    realm.b.account(10, balance=101, name="b-10")  # 151.5 → 151
    third.account(10, balance=1_000_000, name="c-10")
    realm.a.account(11, balance=1_151, name="a-11")  # ties with 10, comes second by id
    realm.b.account(12, balance=2_000, name="b-12")  # 3,000
    debtor = realm.b.account(13, name="b-13", min_balance=-100)
    transfers.transfer(
        realm.uow,
        Actor(MemberId(13)),
        from_account_id=debtor.id,
        to_account_id=realm.b.account(14, name="b-14").id,
        amount=5,
        idempotency_key=new_key(),
    )  # 13 owes 5 gems: worth -7.5 → -8 (a debt rounds away from zero); 14 holds 5 → 7
    realm.a.account(15, balance=999, kind=AccountType.CORPORATION, name="firm")  # not a USER
    board = groups.leaderboard(realm.uow, group_id=realm.group.id, limit=10)
    assert board == [
        LeaderboardEntry(rank=1, owner_id=MemberId(12), value=3_000),
        LeaderboardEntry(rank=2, owner_id=MemberId(10), value=1_151),
        LeaderboardEntry(rank=3, owner_id=MemberId(11), value=1_151),
        LeaderboardEntry(rank=4, owner_id=MemberId(14), value=7),
        LeaderboardEntry(rank=5, owner_id=MemberId(13), value=-8),
    ]
    assert [e.owner_id for e in groups.leaderboard(realm.uow, group_id=realm.group.id)] == [
        12,
        10,
        11,
        14,
        13,
    ]
    assert len(groups.leaderboard(realm.uow, group_id=realm.group.id, limit=2)) == 2
    assert len(groups.leaderboard(realm.uow, group_id=realm.group.id, limit=0)) == 1
    groups.set_primary_currency(
        realm.uow, ADMIN, group_id=realm.group.id, economy_id=realm.b.economy.id
    )
    in_gems = groups.leaderboard(realm.uow, group_id=realm.group.id, limit=3)
    # now credits count through credits → gems (1/1) and gems as they are
    assert [(e.owner_id, e.value) for e in in_gems] == [(12, 2_000), (11, 1_151), (10, 1_101)]


def test_a_group_without_a_primary_currency_has_no_leaderboard(
    uow: UnitOfWork, admin: Actor
) -> None:
    empty = groups.create_group(uow, admin, kind=GroupKind.LOCAL, name="empty")
    with pytest.raises(InvalidGroup) as refused:
        groups.leaderboard(uow, group_id=empty.id)
    assert refused.value.reason == "no_primary_currency"


@pytest.fixture
def realm(bank: Bank) -> Realm:
    """credits (primary) and gems in one LOCAL group, no rates yet."""
    return make_realm(bank)
