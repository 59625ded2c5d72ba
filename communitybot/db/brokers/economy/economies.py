"""All SQL of economies and the guilds registered to them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from communitybot.core.economy import Economy, Guild
from communitybot.core.ids import EconomyId, GuildId
from communitybot.db.brokers.economy._util import (
    column_where,
    find_row,
    insert_id,
    insert_row,
    record,
    required,
    update_where,
)
from communitybot.db.models.economy import AccountRow, EconomyRow, GuildRow

_ISSUANCE = (
    select(AccountRow.id)
    .where(AccountRow.economy_id == EconomyRow.id, AccountRow.is_issuance.is_(True))
    .limit(1)
    .scalar_subquery()
)


def _select() -> Any:
    return select(*EconomyRow.__table__.c, _ISSUANCE.label("issuance_account_id"))


def _economy(row: Any) -> Economy:
    return record(Economy, row)


def insert_economy(
    session: Session, *, currency_name: str, currency_unit: str, now: datetime
) -> EconomyId:
    """Insert an economy (its issuance account is the caller's next step); return its id."""
    return insert_id(
        session,
        EconomyId,
        EconomyRow,
        currency_name=currency_name,
        currency_unit=currency_unit,
        created_at=now,
    )


def find_economy(session: Session, *, economy_id: EconomyId) -> Economy | None:
    """The live (not deleted) economy ``economy_id``, or ``None``."""
    return find_row(
        session,
        _select().where(EconomyRow.id == economy_id, EconomyRow.deleted_at.is_(None)),
        _economy,
    )


def get_economy(session: Session, *, economy_id: EconomyId) -> Economy:
    """The live economy ``economy_id``; :class:`NotFound` when missing or deleted."""
    return required(find_economy(session, economy_id=economy_id), "economy", economy_id)


def lock_economy(session: Session, *, economy_id: EconomyId, shared: bool = False) -> Economy:
    """Lock the economy row: exclusively to change its brackets or delete it, ``shared`` to keep
    them as they are while a tax cycle runs.

    A shared lock is what every journal insert takes anyway (its foreign key to the economy), so
    a running cycle never blocks, nor deadlocks with, transfers.
    """
    session.execute(
        select(EconomyRow.id).where(EconomyRow.id == economy_id).with_for_update(read=shared)
    )
    return get_economy(session, economy_id=economy_id)


def find_economy_by(
    session: Session, *, currency_name: str | None = None, currency_unit: str | None = None
) -> Economy | None:
    """The economy (live or deleted: names stay reserved) with this currency name or unit."""
    statement = _select()
    if currency_name is not None:
        statement = statement.where(EconomyRow.currency_name == currency_name)
    if currency_unit is not None:
        statement = statement.where(EconomyRow.currency_unit == currency_unit)
    return find_row(session, statement.limit(1), _economy)


def list_economies(session: Session) -> list[Economy]:
    """Every live economy, by id."""
    rows = session.execute(
        _select().where(EconomyRow.deleted_at.is_(None)).order_by(EconomyRow.id)
    ).all()
    return [_economy(row) for row in rows]


def mark_economy_deleted(session: Session, *, economy_id: EconomyId, now: datetime) -> None:
    """Soft-delete the economy: it keeps its journal and its names stay reserved."""
    update_where(session, EconomyRow, EconomyRow.id == economy_id, deleted_at=now)


def insert_guild(
    session: Session, *, guild_id: GuildId, economy_id: EconomyId, is_owner: bool
) -> None:
    """Register ``guild_id`` to ``economy_id``."""
    insert_row(session, GuildRow, guild_id=guild_id, economy_id=economy_id, is_owner=is_owner)


def find_guild(session: Session, *, guild_id: GuildId) -> Guild | None:
    """The registration of ``guild_id``, or ``None``."""
    row = session.execute(select(GuildRow).where(GuildRow.guild_id == guild_id)).scalar()
    if row is None:
        return None
    return Guild(
        guild_id=GuildId(row.guild_id), economy_id=EconomyId(row.economy_id), is_owner=row.is_owner
    )


def delete_guild(session: Session, *, guild_id: GuildId) -> None:
    """Unregister ``guild_id``."""
    session.execute(delete(GuildRow).where(GuildRow.guild_id == guild_id))


def delete_guilds_of(session: Session, *, economy_id: EconomyId) -> None:
    """Unregister every guild of ``economy_id``."""
    session.execute(delete(GuildRow).where(GuildRow.economy_id == economy_id))


def list_guild_ids(session: Session, *, economy_id: EconomyId) -> list[GuildId]:
    """The guilds registered to ``economy_id``, by id."""
    return column_where(session, GuildId, GuildRow.guild_id, economy_id=economy_id)


__all__ = [
    "delete_guild",
    "delete_guilds_of",
    "find_economy",
    "find_economy_by",
    "find_guild",
    "get_economy",
    "insert_economy",
    "insert_guild",
    "list_economies",
    "list_guild_ids",
    "lock_economy",
    "mark_economy_deleted",
]
