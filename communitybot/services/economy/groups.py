"""Economy groups (GLOBAL, LOCAL, SINGLE), their currencies and guilds, exchange rates (the group
leaderboard is :mod:`~communitybot.services.economy.leaderboards`).

Who manages what (``MANAGE_ECONOMIES`` is checked with the ordinary precedence and defaults):

- creating the GLOBAL group or a LOCAL group: ``MANAGE_ECONOMIES`` globally (the operator);
  creating a guild's SINGLE group: ``MANAGE_ECONOMIES`` in the economy the guild is registered
  to (the guild's administrators); that economy becomes its first, primary currency.
- managing a group (its currencies, primary currency, which guilds joined a LOCAL group): for
  the GLOBAL group, or a group without a primary currency, ``MANAGE_ECONOMIES`` globally; else
  ``MANAGE_ECONOMIES`` in the group's primary currency. Adding a currency or making it primary
  also needs ``MANAGE_ECONOMIES`` in that currency.
- a guild joins the GLOBAL group on its administrators' word alone; a LOCAL group needs its
  administrators **and** the group's; nobody joins a SINGLE group.
- an exchange rate from A to B mints B for A, so setting or removing it needs
  ``MANAGE_ECONOMIES`` in A **and** in B.

Groups span economies, so only people manage them: API keys (confined to one economy) are
refused.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from communitybot.core.clock import Clock
from communitybot.core.economy import (
    NAME_MAX,
    Actor,
    Economy,
    EconomyGroup,
    ExchangeRate,
    GroupKind,
    Permission,
    Principal,
    validate_rate,
)
from communitybot.core.errors import (
    AlreadyExists,
    EconomyInGroup,
    InvalidGroup,
    NotFound,
    NotInSameGroup,
)
from communitybot.core.ids import EconomyGroupId, EconomyId, GuildId
from communitybot.db.brokers.economy import economies as economy_broker
from communitybot.db.brokers.economy import groups as group_broker
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy._audited import group_changed, group_created, rate_changed
from communitybot.services.economy._common import (
    SYSTEM_CLOCK,
    authorize,
    clean_name,
    person,
    run_unique,
)
from communitybot.services.economy.leaderboards import (
    LEADERBOARD_MAX,
    economy_leaderboard,
    leaderboard,
    require_currency,
)

_MANAGE = "MANAGE_GROUPS"


def _manage_group(session: Session, actor: Actor, group: EconomyGroup) -> None:
    """Refuse unless ``actor`` manages ``group`` (see the module text)."""
    if group.kind is GroupKind.GLOBAL or group.primary_economy_id is None:
        authorize(session, actor, Permission.MANAGE_ECONOMIES)
    else:
        authorize(session, actor, Permission.MANAGE_ECONOMIES, economy_id=group.primary_economy_id)


def _guild_economy(session: Session, guild_id: GuildId, group_id: EconomyGroupId | None) -> Economy:
    guild = economy_broker.find_guild(session, guild_id=guild_id)
    economy = (
        None if guild is None else economy_broker.find_economy(session, economy_id=guild.economy_id)
    )
    if economy is None:
        raise InvalidGroup(group_id=group_id, reason="guild_not_registered")
    return economy


def create_group(
    uow: UnitOfWork,
    principal: Principal,
    *,
    kind: GroupKind,
    name: str,
    guild_id: GuildId | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> EconomyGroup:
    """Create a group. GLOBAL (at most one) and LOCAL groups take no guild; a SINGLE group is
    made for ``guild_id``, whose registered economy becomes its primary currency and which
    becomes its one guild.

    Refuses ``InvalidGroup`` (``single_needs_guild``, ``only_single_has_guild``,
    ``guild_not_registered``), ``AlreadyExists`` (name, the GLOBAL group, the guild's SINGLE
    group), ``EconomyInGroup``, ``NotPermitted``.
    """
    clean = clean_name("economy_group", name, NAME_MAX)
    if kind is GroupKind.SINGLE and guild_id is None:
        raise InvalidGroup(group_id=None, reason="single_needs_guild")
    if kind is not GroupKind.SINGLE and guild_id is not None:
        raise InvalidGroup(group_id=None, reason="only_single_has_guild")

    def run(session: Session) -> EconomyGroup:
        actor = person(principal, _MANAGE)
        economy: Economy | None = None
        if guild_id is None:
            authorize(session, actor, Permission.MANAGE_ECONOMIES)
        else:
            economy = _guild_economy(session, guild_id, None)
            authorize(session, actor, Permission.MANAGE_ECONOMIES, economy_id=economy.id)
        if group_broker.find_group_by(session, name=clean) is not None:
            raise AlreadyExists(kind="economy_group", field="name", value=clean)
        if kind is GroupKind.GLOBAL and group_broker.find_group_by(session, kind=kind):
            raise AlreadyExists(kind="economy_group", field="kind", value=kind.value)
        if guild_id is not None and group_broker.find_group_by(session, guild_id=guild_id):
            raise AlreadyExists(kind="economy_group", field="guild_id", value=str(guild_id))
        if economy is not None:
            taken = group_broker.group_id_of(session, economy_id=economy.id)
            if taken is not None:
                raise EconomyInGroup(economy_id=economy.id, group_id=taken)
        now = clock.now()
        group_id = group_broker.insert_group(
            session, kind=kind, name=clean, guild_id=guild_id, now=now
        )
        if economy is not None and guild_id is not None:
            group_broker.insert_currency(session, group_id=group_id, economy_id=economy.id, now=now)
            group_broker.set_primary(session, group_id=group_id, economy_id=economy.id)
            group_broker.insert_guild(session, group_id=group_id, guild_id=guild_id, now=now)
        return group_created(session, actor, group_broker.get_group(session, group_id=group_id))

    return run_unique(uow, run)


def add_currency(
    uow: UnitOfWork,
    principal: Principal,
    *,
    group_id: EconomyGroupId,
    economy_id: EconomyId,
    clock: Clock = SYSTEM_CLOCK,
) -> EconomyGroup:
    """Make an economy a currency of the group (the first one becomes primary).

    Needs to manage the group and ``MANAGE_ECONOMIES`` in the economy. Refuses
    ``EconomyInGroup`` when the economy belongs to a group already.
    """

    def run(session: Session) -> EconomyGroup:
        actor = person(principal, _MANAGE)
        group = group_broker.lock_group(session, group_id=group_id)
        economy = economy_broker.get_economy(session, economy_id=economy_id)
        _manage_group(session, actor, group)
        authorize(session, actor, Permission.MANAGE_ECONOMIES, economy_id=economy.id)
        taken = group_broker.group_id_of(session, economy_id=economy.id)
        if taken is not None:
            raise EconomyInGroup(economy_id=economy.id, group_id=taken)
        group_broker.insert_currency(
            session, group_id=group.id, economy_id=economy.id, now=clock.now()
        )
        if group.primary_economy_id is None:
            group_broker.set_primary(session, group_id=group.id, economy_id=economy.id)
        return group_changed(session, actor, "add_currency", group)

    return run_unique(uow, run)


def remove_currency(
    uow: UnitOfWork, principal: Principal, *, group_id: EconomyGroupId, economy_id: EconomyId
) -> EconomyGroup:
    """Take a currency out of the group, with every rate from or to it.

    Needs to manage the group. The primary currency goes only as the last one
    (``InvalidGroup`` reason ``primary_currency``). Exchanges already under way finish at the
    rate they were made at.
    """

    def run(session: Session) -> EconomyGroup:
        actor = person(principal, _MANAGE)
        group = group_broker.lock_group(session, group_id=group_id)
        _manage_group(session, actor, group)
        require_currency(group, economy_id)
        if group.primary_economy_id == economy_id and len(group.economy_ids) > 1:
            raise InvalidGroup(group_id=group.id, reason="primary_currency")
        group_broker.delete_rates_of(session, economy_id=economy_id)
        group_broker.delete_currency(session, economy_id=economy_id)
        if group.primary_economy_id == economy_id:
            group_broker.set_primary(session, group_id=group.id, economy_id=None)
        return group_changed(session, actor, "remove_currency", group)

    return uow.run(run)


def set_primary_currency(
    uow: UnitOfWork, principal: Principal, *, group_id: EconomyGroupId, economy_id: EconomyId
) -> EconomyGroup:
    """Make a currency of the group its primary one (the default, and the leaderboard's unit).

    Needs to manage the group and ``MANAGE_ECONOMIES`` in the new primary currency.
    """

    def run(session: Session) -> EconomyGroup:
        actor = person(principal, _MANAGE)
        group = group_broker.lock_group(session, group_id=group_id)
        _manage_group(session, actor, group)
        require_currency(group, economy_id)
        authorize(session, actor, Permission.MANAGE_ECONOMIES, economy_id=economy_id)
        group_broker.set_primary(session, group_id=group.id, economy_id=economy_id)
        return group_changed(session, actor, "set_primary", group)

    return uow.run(run)


def join_group(
    uow: UnitOfWork,
    principal: Principal,
    *,
    group_id: EconomyGroupId,
    guild_id: GuildId,
    clock: Clock = SYSTEM_CLOCK,
) -> EconomyGroup:
    """A guild joins the group, so its members may use the group's currencies.

    Needs ``MANAGE_ECONOMIES`` in the economy the guild is registered to; for a LOCAL group, to
    manage the group as well. Refuses a SINGLE group (``InvalidGroup`` reason
    ``single_has_one_guild``) and a second join (``AlreadyExists``).
    """

    def run(session: Session) -> EconomyGroup:
        actor = person(principal, _MANAGE)
        group = group_broker.lock_group(session, group_id=group_id)
        if group.kind is GroupKind.SINGLE:
            raise InvalidGroup(group_id=group.id, reason="single_has_one_guild")
        economy = _guild_economy(session, guild_id, group.id)
        authorize(session, actor, Permission.MANAGE_ECONOMIES, economy_id=economy.id)
        if group.kind is GroupKind.LOCAL:
            _manage_group(session, actor, group)
        if guild_id in group.guild_ids:
            raise AlreadyExists(kind="group_guild", field="guild_id", value=str(guild_id))
        group_broker.insert_guild(session, group_id=group.id, guild_id=guild_id, now=clock.now())
        return group_changed(session, actor, "join", group)

    return run_unique(uow, run)


def leave_group(
    uow: UnitOfWork, principal: Principal, *, group_id: EconomyGroupId, guild_id: GuildId
) -> EconomyGroup:
    """A guild leaves a GLOBAL or LOCAL group: its administrators decide (those of the group
    when the guild is no longer registered to an economy)."""

    def run(session: Session) -> EconomyGroup:
        actor = person(principal, _MANAGE)
        group = group_broker.lock_group(session, group_id=group_id)
        if group.kind is GroupKind.SINGLE:
            raise InvalidGroup(group_id=group.id, reason="single_has_one_guild")
        if guild_id not in group.guild_ids:
            raise NotFound(kind="group_guild", ref=f"{group.id}/{guild_id}")
        guild = economy_broker.find_guild(session, guild_id=guild_id)
        if guild is None:
            _manage_group(session, actor, group)
        else:
            authorize(session, actor, Permission.MANAGE_ECONOMIES, economy_id=guild.economy_id)
        group_broker.delete_guild(session, group_id=group.id, guild_id=guild_id)
        return group_changed(session, actor, "leave", group)

    return uow.run(run)


def get_group(uow: UnitOfWork, *, group_id: EconomyGroupId) -> EconomyGroup:
    """Group ``group_id``; ``NotFound`` when missing."""
    return uow.read(lambda session: group_broker.get_group(session, group_id=group_id))


def find_group_by_name(uow: UnitOfWork, *, name: str) -> EconomyGroup | None:
    """The group called ``name``, or ``None``."""
    return uow.read(lambda session: group_broker.find_group_by(session, name=name.strip()))


def group_of_economy(uow: UnitOfWork, *, economy_id: EconomyId) -> EconomyGroup | None:
    """The group ``economy_id`` is a currency of, or ``None``."""

    def run(session: Session) -> EconomyGroup | None:
        group_id = group_broker.group_id_of(session, economy_id=economy_id)
        return None if group_id is None else group_broker.get_group(session, group_id=group_id)

    return uow.read(run)


def list_groups(uow: UnitOfWork) -> list[EconomyGroup]:
    """Every group."""
    return uow.read(group_broker.list_groups)


def usable_economies(session: Session, guild_id: GuildId) -> list[Economy]:
    """The live currencies usable in a guild: the economy it is registered to and the currencies
    of every group it joined (its SINGLE group included), by id."""
    ids: set[EconomyId] = set()
    guild = economy_broker.find_guild(session, guild_id=guild_id)
    if guild is not None:
        ids.add(guild.economy_id)
    for group_id in group_broker.list_group_ids_of_guild(session, guild_id=guild_id):
        ids.update(group_broker.get_group(session, group_id=group_id).economy_ids)
    found = (economy_broker.find_economy(session, economy_id=e) for e in sorted(ids))
    return [economy for economy in found if economy is not None]


def guild_currencies(uow: UnitOfWork, *, guild_id: GuildId) -> list[Economy]:
    """The live currencies usable in a guild (:func:`usable_economies`)."""
    return uow.read(lambda session: usable_economies(session, guild_id))


# --- exchange rates --------------------------------------------------------------------------


def _rate_pair(
    session: Session, actor: Actor, from_economy_id: EconomyId, to_economy_id: EconomyId
) -> EconomyGroup:
    """The group of both currencies, locked, after the checks every rate change needs."""
    if from_economy_id == to_economy_id:
        raise InvalidGroup(group_id=None, reason="same_currency")
    for economy_id in (from_economy_id, to_economy_id):
        economy_broker.get_economy(session, economy_id=economy_id)
    group_id = group_broker.group_id_of(session, economy_id=from_economy_id)
    if group_id is None:
        raise NotInSameGroup(
            economy_id=from_economy_id, other_economy_id=to_economy_id, group_id=None
        )
    group = group_broker.lock_group(session, group_id=group_id)
    if not group.has(from_economy_id) or not group.has(to_economy_id):
        raise NotInSameGroup(
            economy_id=from_economy_id, other_economy_id=to_economy_id, group_id=group.id
        )
    for economy_id in (from_economy_id, to_economy_id):
        authorize(session, actor, Permission.MANAGE_ECONOMIES, economy_id=economy_id)
    return group


def set_exchange_rate(
    uow: UnitOfWork,
    principal: Principal,
    *,
    from_economy_id: EconomyId,
    to_economy_id: EconomyId,
    numerator: int,
    denominator: int,
    clock: Clock = SYSTEM_CLOCK,
) -> ExchangeRate:
    """Set the rate of one direction: ``numerator``/``denominator`` units of the target currency
    per unit of the source currency (whole numbers in 1..10,000; the other direction is a rate
    of its own).

    Needs ``MANAGE_ECONOMIES`` in both currencies, which must belong to one group. Refuses
    ``InvalidExchangeRate``, ``InvalidGroup`` (``same_currency``), ``NotInSameGroup``,
    ``NotFound``, ``NotPermitted``.
    """
    validate_rate(numerator, denominator)

    def run(session: Session) -> ExchangeRate:
        actor = person(principal, _MANAGE)
        group = _rate_pair(session, actor, from_economy_id, to_economy_id)
        pair = {"from_economy_id": from_economy_id, "to_economy_id": to_economy_id}
        before = group_broker.find_rate(session, **pair)
        rate = group_broker.upsert_rate(
            session,
            group_id=group.id,
            from_economy_id=from_economy_id,
            to_economy_id=to_economy_id,
            numerator=numerator,
            denominator=denominator,
            set_by=actor.user_id,
            now=clock.now(),
        )
        rate_changed(session, actor, **pair, before=before, after=rate)
        return rate

    return run_unique(uow, run)


def remove_exchange_rate(
    uow: UnitOfWork, principal: Principal, *, from_economy_id: EconomyId, to_economy_id: EconomyId
) -> None:
    """Remove the rate of one direction (as :func:`set_exchange_rate` needs); ``NotFound``
    when there is none."""

    def run(session: Session) -> None:
        actor = person(principal, _MANAGE)
        _rate_pair(session, actor, from_economy_id, to_economy_id)
        pair = {"from_economy_id": from_economy_id, "to_economy_id": to_economy_id}
        before = group_broker.find_rate(session, **pair)
        if before is None or not group_broker.delete_rate(session, **pair):
            raise NotFound(kind="exchange_rate", ref=f"{from_economy_id}>{to_economy_id}")
        rate_changed(session, actor, **pair, before=before, after=None)

    uow.run(run)


def get_exchange_rate(
    uow: UnitOfWork, *, from_economy_id: EconomyId, to_economy_id: EconomyId
) -> ExchangeRate | None:
    """The rate from one currency to another (that direction), or ``None``."""
    return uow.read(
        lambda session: group_broker.find_rate(
            session, from_economy_id=from_economy_id, to_economy_id=to_economy_id
        )
    )


def list_exchange_rates(uow: UnitOfWork, *, group_id: EconomyGroupId) -> list[ExchangeRate]:
    """Every rate of a group."""
    return uow.read(lambda session: group_broker.list_rates(session, group_id=group_id))


__all__ = [
    "LEADERBOARD_MAX",
    "add_currency",
    "create_group",
    "economy_leaderboard",
    "find_group_by_name",
    "get_exchange_rate",
    "get_group",
    "group_of_economy",
    "guild_currencies",
    "join_group",
    "leaderboard",
    "leave_group",
    "list_exchange_rates",
    "list_groups",
    "remove_currency",
    "remove_exchange_rate",
    "set_exchange_rate",
    "set_primary_currency",
    "usable_economies",
]
