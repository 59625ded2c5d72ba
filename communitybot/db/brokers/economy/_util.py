"""Small helpers shared by the economy brokers."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import fields
from typing import Any, TypeVar, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Executable,
    Insert,
    Result,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.mysql import insert as mysql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from communitybot.core.errors import NotFound

T = TypeVar("T")


def inserted_id(result: Result[Any]) -> int:
    """The primary key of the row an ``INSERT`` just wrote."""
    key = cast(CursorResult[Any], result).inserted_primary_key
    assert key is not None
    return int(key[0])


def affected(result: Result[Any]) -> int:
    """How many rows an ``UPDATE`` or ``DELETE`` matched."""
    return int(cast(CursorResult[Any], result).rowcount)


def insert_ignore(target: Any) -> Insert:
    """``INSERT IGNORE`` into ``target`` (``INSERT OR IGNORE`` on SQLite): a row whose key is
    taken is skipped, without an error; the affected rows say whether it was written."""
    return (
        insert(target)
        .prefix_with("IGNORE", dialect="mysql")
        .prefix_with("IGNORE", dialect="mariadb")
        .prefix_with("OR IGNORE", dialect="sqlite")
    )


def insert_id(session: Session, id_type: Callable[[int], T], model: Any, /, **values: object) -> T:
    """Insert one row of ``model`` with ``values``; return its primary key as ``id_type``."""
    return id_type(inserted_id(session.execute(insert(model).values(**values))))


def insert_row(session: Session, model: Any, /, **values: object) -> None:
    """Insert one row of ``model`` with ``values`` (a key taken raises, as the schema says)."""
    session.execute(insert(model).values(**values))


def upsert(
    session: Session,
    model: Any,
    values: Mapping[str, object],
    *,
    key: Sequence[str],
    changed: Sequence[str],
) -> None:
    """Insert one row of ``model`` with ``values``, or, where a row with the same unique ``key``
    is there, set its ``changed`` columns to those of ``values`` (``ON DUPLICATE KEY UPDATE`` on
    MySQL/MariaDB, ``ON CONFLICT (key) DO UPDATE`` on SQLite)."""
    if session.get_bind().dialect.name == "sqlite":
        sqlite_statement = sqlite_insert(model).values(values)
        session.execute(
            sqlite_statement.on_conflict_do_update(
                index_elements=list(key),
                set_={c: sqlite_statement.excluded[c] for c in changed},
            )
        )
        return
    mysql_statement = mysql_insert(model).values(values)
    session.execute(
        mysql_statement.on_duplicate_key_update({c: mysql_statement.inserted[c] for c in changed})
    )


def update_where(
    session: Session, model: Any, /, *criteria: ColumnElement[bool], **values: object
) -> bool:
    """Set ``values`` on the rows of ``model`` that meet ``criteria``; ``False`` if none did."""
    return bool(affected(session.execute(update(model).where(*criteria).values(**values))))


def count_where(session: Session, *criteria: ColumnElement[bool]) -> int:
    """How many rows meet ``criteria`` (the table is the one they name)."""
    return session.scalar(select(func.count()).where(*criteria)) or 0


def scalars(session: Session, kind: Callable[[Any], T], statement: Executable) -> list[T]:
    """``kind`` of each value ``statement`` reads, in its order."""
    return [kind(value) for value in session.scalars(statement)]


def find_row(session: Session, statement: Executable, convert: Callable[[Any], T]) -> T | None:
    """``convert`` of the one row ``statement`` reads, or ``None`` when there is none."""
    row = session.execute(statement).one_or_none()
    return None if row is None else convert(row)


def find_scalar(session: Session, statement: Executable, kind: Callable[[Any], T]) -> T | None:
    """``kind`` of the one value ``statement`` reads, or ``None`` when there is none."""
    found = session.scalar(statement)
    return None if found is None else kind(found)


def required(value: T | None, kind: str, ref: object) -> T:
    """``value``; :class:`NotFound` of ``kind`` for ``ref`` when it is ``None``."""
    if value is None:
        raise NotFound(kind=kind, ref=str(ref))
    return value


def one_row(session: Session, statement: Executable, kind: str, ref: object) -> Any:
    """The one row ``statement`` reads; :class:`NotFound` of ``kind`` for ``ref`` when none."""
    return required(session.execute(statement).one_or_none(), kind, ref)


def lock_row(
    session: Session, statement: Any, convert: Callable[[Any], T], kind: str, ref: object
) -> T:
    """``convert`` of the one row ``statement`` reads, locked ``FOR UPDATE``; :class:`NotFound`
    of ``kind`` for ``ref`` when there is none."""
    return convert(one_row(session, statement.with_for_update(), kind, ref))


def record(cls: type[T], row: Any, **overrides: Any) -> T:
    """The dataclass ``cls`` from the columns of ``row`` named as its fields (ids are plain
    ints at run time), each of ``overrides`` in place of its column."""
    names = [f.name for f in fields(cast(Any, cls)) if f.name not in overrides]
    return cls(**{name: getattr(row, name) for name in names}, **overrides)


def delete_where(
    session: Session, model: Any, *criteria: ColumnElement[bool], **equal: object
) -> bool:
    """Delete the rows of ``model`` that meet ``criteria`` and whose columns are ``equal``;
    ``False`` if there were none."""
    return bool(affected(session.execute(delete(model).where(*criteria).filter_by(**equal))))


def column_where(
    session: Session, kind: Callable[[Any], T], column: Any, **equal: object
) -> list[T]:
    """The values of ``column`` (as ``kind``) in the rows whose columns are ``equal``, ascending."""
    return [kind(v) for v in session.scalars(select(column).filter_by(**equal).order_by(column))]


__all__ = [
    "affected",
    "column_where",
    "count_where",
    "delete_where",
    "find_row",
    "find_scalar",
    "insert_id",
    "insert_row",
    "inserted_id",
    "lock_row",
    "one_row",
    "record",
    "required",
    "scalars",
    "update_where",
    "upsert",
]
