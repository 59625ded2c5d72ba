"""All SQL of economy groups: the groups, their currencies and guilds, exchange rates, and the
group leaderboard."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    case,
    delete,
    func,
    literal,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from communitybot.core.economy import (
    AccountType,
    EconomyGroup,
    ExchangeRate,
    GroupKind,
)
from communitybot.core.ids import (
    EconomyGroupId,
    EconomyId,
    GuildId,
    MemberId,
)
from communitybot.db.brokers.economy._util import (
    affected,
    column_where,
    delete_where,
    find_row,
    find_scalar,
    insert_id,
    insert_row,
    record,
    required,
    update_where,
    upsert,
)
from communitybot.db.models.economy import AccountRow
from communitybot.db.models.economy_ext import (
    EconomyGroupRow,
    ExchangeRateRow,
    GroupCurrencyRow,
    GroupGuildRow,
)


def _group(session: Session, row: Any) -> EconomyGroup:
    economies = session.scalars(
        select(GroupCurrencyRow.economy_id)
        .where(GroupCurrencyRow.group_id == row.id)
        .order_by(GroupCurrencyRow.economy_id)
    ).all()
    guilds = session.scalars(
        select(GroupGuildRow.guild_id)
        .where(GroupGuildRow.group_id == row.id)
        .order_by(GroupGuildRow.guild_id)
    ).all()
    return EconomyGroup(
        id=EconomyGroupId(row.id),
        kind=row.kind,
        name=row.name,
        guild_id=None if row.guild_id is None else GuildId(row.guild_id),
        primary_economy_id=(
            None if row.primary_economy_id is None else EconomyId(row.primary_economy_id)
        ),
        economy_ids=tuple(EconomyId(e) for e in economies),
        guild_ids=tuple(GuildId(g) for g in guilds),
        created_at=row.created_at,
    )


def _rate(row: Any) -> ExchangeRate:
    return record(ExchangeRate, row)


def insert_group(
    session: Session, *, kind: GroupKind, name: str, guild_id: GuildId | None, now: datetime
) -> EconomyGroupId:
    """Insert a group (the GLOBAL one takes the one global slot); return its id."""
    return insert_id(
        session,
        EconomyGroupId,
        EconomyGroupRow,
        kind=kind,
        name=name,
        global_slot=1 if kind is GroupKind.GLOBAL else None,
        guild_id=guild_id,
        created_at=now,
    )


def find_group(session: Session, *, group_id: EconomyGroupId) -> EconomyGroup | None:
    """Group ``group_id`` with its currencies and guilds, or ``None``."""
    row = session.execute(
        select(EconomyGroupRow.__table__).where(EconomyGroupRow.id == group_id)
    ).one_or_none()
    return None if row is None else _group(session, row)


def get_group(session: Session, *, group_id: EconomyGroupId) -> EconomyGroup:
    """Group ``group_id``; :class:`NotFound` when missing."""
    return required(find_group(session, group_id=group_id), "economy_group", group_id)


def lock_group(session: Session, *, group_id: EconomyGroupId) -> EconomyGroup:
    """Lock the group row ``FOR UPDATE`` (changes of its currencies, guilds and primary
    currency queue behind each other) and return the group as it is now."""
    session.execute(
        select(EconomyGroupRow.id).where(EconomyGroupRow.id == group_id).with_for_update()
    )
    return get_group(session, group_id=group_id)


def find_group_by(
    session: Session,
    *,
    name: str | None = None,
    guild_id: GuildId | None = None,
    kind: GroupKind | None = None,
) -> EconomyGroup | None:
    """The group with this name, SINGLE guild or kind (for GLOBAL), or ``None``."""
    statement = select(EconomyGroupRow.__table__)
    if name is not None:
        statement = statement.where(EconomyGroupRow.name == name)
    if guild_id is not None:
        statement = statement.where(EconomyGroupRow.guild_id == guild_id)
    if kind is not None:
        statement = statement.where(EconomyGroupRow.kind == kind)
    row = session.execute(statement.order_by(EconomyGroupRow.id).limit(1)).one_or_none()
    return None if row is None else _group(session, row)


def list_groups(session: Session) -> list[EconomyGroup]:
    """Every group, by id."""
    rows = session.execute(select(EconomyGroupRow.__table__).order_by(EconomyGroupRow.id)).all()
    return [_group(session, row) for row in rows]


def group_id_of(session: Session, *, economy_id: EconomyId) -> EconomyGroupId | None:
    """The group ``economy_id`` is a currency of, or ``None``."""
    return find_scalar(
        session,
        select(GroupCurrencyRow.group_id).where(GroupCurrencyRow.economy_id == economy_id),
        EconomyGroupId,
    )


def insert_currency(
    session: Session, *, group_id: EconomyGroupId, economy_id: EconomyId, now: datetime
) -> None:
    """Make ``economy_id`` a currency of ``group_id`` (one group per economy: primary key)."""
    insert_row(session, GroupCurrencyRow, economy_id=economy_id, group_id=group_id, added_at=now)


def delete_currency(session: Session, *, economy_id: EconomyId) -> None:
    """Take ``economy_id`` out of its group."""
    session.execute(delete(GroupCurrencyRow).where(GroupCurrencyRow.economy_id == economy_id))


def set_primary(
    session: Session, *, group_id: EconomyGroupId, economy_id: EconomyId | None
) -> None:
    """Make ``economy_id`` the primary currency of ``group_id`` (``None``: no primary)."""
    update_where(
        session, EconomyGroupRow, EconomyGroupRow.id == group_id, primary_economy_id=economy_id
    )


def insert_guild(
    session: Session, *, group_id: EconomyGroupId, guild_id: GuildId, now: datetime
) -> None:
    """Record that ``guild_id`` joined ``group_id``."""
    insert_row(session, GroupGuildRow, group_id=group_id, guild_id=guild_id, joined_at=now)


def delete_guild(session: Session, *, group_id: EconomyGroupId, guild_id: GuildId) -> bool:
    """``guild_id`` leaves ``group_id``; ``False`` if it was not a member."""
    return delete_where(session, GroupGuildRow, group_id=group_id, guild_id=guild_id)


def list_group_ids_of_guild(session: Session, *, guild_id: GuildId) -> list[EconomyGroupId]:
    """The groups ``guild_id`` joined, by id."""
    return column_where(session, EconomyGroupId, GroupGuildRow.group_id, guild_id=guild_id)


def upsert_rate(
    session: Session,
    *,
    group_id: EconomyGroupId,
    from_economy_id: EconomyId,
    to_economy_id: EconomyId,
    numerator: int,
    denominator: int,
    set_by: MemberId,
    now: datetime,
) -> ExchangeRate:
    """Set the rate of one direction (insert, or change the one there); return it."""
    values = {
        "group_id": group_id,
        "from_economy_id": from_economy_id,
        "to_economy_id": to_economy_id,
        "numerator": numerator,
        "denominator": denominator,
        "set_by": set_by,
        "updated_at": now,
    }
    upsert(
        session,
        ExchangeRateRow,
        values,
        key=("from_economy_id", "to_economy_id"),
        changed=("group_id", "numerator", "denominator", "set_by", "updated_at"),
    )
    rate = find_rate(session, from_economy_id=from_economy_id, to_economy_id=to_economy_id)
    assert rate is not None
    return rate


def find_rate(
    session: Session, *, from_economy_id: EconomyId, to_economy_id: EconomyId
) -> ExchangeRate | None:
    """The rate from one currency to another (that direction only), or ``None``."""
    return find_row(
        session,
        select(ExchangeRateRow.__table__).where(
            ExchangeRateRow.from_economy_id == from_economy_id,
            ExchangeRateRow.to_economy_id == to_economy_id,
        ),
        _rate,
    )


def delete_rate(session: Session, *, from_economy_id: EconomyId, to_economy_id: EconomyId) -> bool:
    """Remove the rate of one direction; ``False`` if there was none."""
    return delete_where(
        session, ExchangeRateRow, from_economy_id=from_economy_id, to_economy_id=to_economy_id
    )


def delete_rates_of(session: Session, *, economy_id: EconomyId) -> int:
    """Remove every rate from or to ``economy_id``; return how many."""
    result = session.execute(
        delete(ExchangeRateRow).where(
            or_(
                ExchangeRateRow.from_economy_id == economy_id,
                ExchangeRateRow.to_economy_id == economy_id,
            )
        )
    )
    return affected(result)


def list_rates(session: Session, *, group_id: EconomyGroupId) -> list[ExchangeRate]:
    """The rates of ``group_id``, by source then target currency."""
    rows = session.execute(
        select(ExchangeRateRow.__table__)
        .where(ExchangeRateRow.group_id == group_id)
        .order_by(ExchangeRateRow.from_economy_id, ExchangeRateRow.to_economy_id)
    ).all()
    return [_rate(row) for row in rows]


def _floor_value(balance: Any, numerator: int, denominator: int) -> ColumnElement[Any]:
    """``floor(balance * numerator / denominator)`` in integer SQL, for either sign.

    ``//`` truncates towards zero in SQL (``DIV`` on MySQL), which is the floor for balances
    that are not negative; a debt rounds away from zero so the house never loses the fraction.
    """
    if (numerator, denominator) == (1, 1):
        return balance  # type: ignore[no-any-return]
    scaled = balance * literal(numerator)
    debt_rounded_up = (literal(0) - scaled + literal(denominator - 1)) // literal(denominator)
    return case(
        (balance >= 0, scaled // literal(denominator)),
        else_=literal(0) - debt_rounded_up,
    )


def leaderboard(
    session: Session,
    *,
    terms: Mapping[EconomyId, tuple[int, int]],
    limit: int,
    owner_ids: Collection[MemberId] | None = None,
) -> list[tuple[MemberId, int]]:
    """The owners with the largest value of their open USER accounts in the currencies of
    ``terms`` (economy → rate into the valuation currency), each account's balance converted
    and rounded down, largest first (ties by owner id); at most ``limit``; only the owners in
    ``owner_ids`` when given (the members of a guild)."""
    if not terms or (owner_ids is not None and not owner_ids):
        return []
    a = AccountRow
    value = case(
        *(
            (a.economy_id == economy_id, _floor_value(a.balance, n, d))
            for economy_id, (n, d) in sorted(terms.items())
        ),
        else_=literal(0),
    )
    total = func.sum(value).label("total")
    rows = session.execute(
        select(a.owner_id, total)
        .where(
            a.economy_id.in_(sorted(terms)),
            a.account_type == AccountType.USER,
            a.closed_at.is_(None),
            a.is_issuance.is_(False),
            a.owner_id.is_not(None),
            true() if owner_ids is None else a.owner_id.in_(sorted(set(owner_ids))),
        )
        .group_by(a.owner_id)
        .order_by(total.desc(), a.owner_id)
        .limit(limit)
    ).all()
    return [(MemberId(row[0]), int(row[1])) for row in rows]


__all__ = [
    "delete_currency",
    "delete_guild",
    "delete_rate",
    "delete_rates_of",
    "find_group",
    "find_group_by",
    "find_rate",
    "get_group",
    "group_id_of",
    "insert_currency",
    "insert_group",
    "insert_guild",
    "leaderboard",
    "list_group_ids_of_guild",
    "list_groups",
    "list_rates",
    "lock_group",
    "set_primary",
    "upsert_rate",
]
