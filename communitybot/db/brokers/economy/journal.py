"""All SQL of the economy journal: one row per leg of money movement."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from communitybot.core.economy import EntryKind, JournalEntry
from communitybot.core.ids import (
    AccountId,
    EconomyId,
    JournalEntryId,
)
from communitybot.db.brokers.economy._util import insert_id, one_row, record
from communitybot.db.models.economy import JournalRow

_COLUMNS = tuple(JournalRow.__table__.c)


def journal_entry(row: Any) -> JournalEntry:
    """The entity of a journal row."""
    return record(JournalEntry, row)


def insert_entry(session: Session, entry: JournalEntry) -> JournalEntryId:
    """Write one journal leg as ``entry`` describes it (its ``id`` aside); return the new id."""
    values = {column.key: getattr(entry, column.key) for column in _COLUMNS if column.key != "id"}
    return insert_id(session, JournalEntryId, JournalRow, **values)


def get_entry(session: Session, *, entry_id: JournalEntryId) -> JournalEntry:
    """Journal row ``entry_id``; :class:`NotFound` when missing."""
    return journal_entry(
        one_row(
            session, select(*_COLUMNS).where(JournalRow.id == entry_id), "journal_entry", entry_id
        )
    )


def list_children(session: Session, *, parent_id: JournalEntryId) -> list[JournalEntry]:
    """The legs written with ``parent_id`` (the VAT of a purchase), by id."""
    rows = session.execute(
        select(*_COLUMNS).where(JournalRow.parent_id == parent_id).order_by(JournalRow.id)
    ).all()
    return [journal_entry(row) for row in rows]


def list_entries(
    session: Session,
    *,
    account_id: AccountId,
    limit: int | None = 10,
    oldest_first: bool = False,
    before: datetime | None = None,
    after: datetime | None = None,
    after_id: int | None = None,
) -> list[JournalEntry]:
    """The legs from or to ``account_id``, newest first unless ``oldest_first``.

    ``before``/``after`` bound ``created_at`` (exclusive); ``after_id`` continues an oldest-first
    page; ``limit`` ``None`` returns everything.
    """
    conditions = [
        or_(JournalRow.from_account_id == account_id, JournalRow.to_account_id == account_id)
    ]
    if before is not None:
        conditions.append(JournalRow.created_at < before)
    if after is not None:
        conditions.append(JournalRow.created_at > after)
    if after_id is not None:
        conditions.append(JournalRow.id > after_id)
    order = JournalRow.id.asc() if oldest_first else JournalRow.id.desc()
    statement = select(*_COLUMNS).where(*conditions).order_by(order)
    if limit is not None:
        statement = statement.limit(limit)
    return [journal_entry(row) for row in session.execute(statement).all()]


def max_entry_id(session: Session, *, economy_id: EconomyId) -> int:
    """The newest journal id of ``economy_id`` (0 when there is none)."""
    return (
        session.scalar(
            select(func.coalesce(func.max(JournalRow.id), 0)).where(
                JournalRow.economy_id == economy_id
            )
        )
        or 0
    )


def begin_snapshot(session: Session) -> None:
    """Make the rest of this (read) transaction see one consistent snapshot.

    Call first in the transaction. MySQL/MariaDB sessions run READ COMMITTED, where each
    statement sees the latest commits; REPEATABLE READ makes the sums of an audit agree with each
    other while money keeps moving. A SQLite transaction is a snapshot already.
    """
    if session.get_bind().dialect.name in ("mysql", "mariadb"):
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def minted_and_burned(session: Session, *, economy_id: EconomyId) -> tuple[int, int]:
    """Sums of the MINT and BURN legs of ``economy_id``."""
    minted = func.coalesce(
        func.sum(case((JournalRow.kind == EntryKind.MINT, JournalRow.amount), else_=0)), 0
    )
    burned = func.coalesce(
        func.sum(case((JournalRow.kind == EntryKind.BURN, JournalRow.amount), else_=0)), 0
    )
    row = session.execute(select(minted, burned).where(JournalRow.economy_id == economy_id)).one()
    return int(row[0]), int(row[1])


__all__ = [
    "begin_snapshot",
    "get_entry",
    "insert_entry",
    "journal_entry",
    "list_children",
    "list_entries",
    "max_entry_id",
    "minted_and_burned",
]
