"""The few statements of a transfer, run straight on PyMySQL's cursor on MySQL/MariaDB.

A transfer is five statements: lock both rows, move both balances, write the journal row, claim
the idempotency key, commit. For each statement SQLAlchemy builds an execution context, processes
the parameters and wraps the cursor in a result object; measured with PyMySQL that costs the
client 40 to 60 µs per statement, close to half of what PyMySQL itself spends on it. On the
transfer's hot path that was the largest part of the difference to hand-written SQL
(``bench/transfers.py``), so these statements run on the DBAPI cursor of the unit of work's own
connection, the driver-level access SQLAlchemy documents ("Working with Driver SQL and Raw DBAPI
Connections"). They stay SQLAlchemy Core statements: each is compiled once per dialect, and the
transaction, the pool and the retries stay SQLAlchemy's.

:class:`DriverStatement` takes that path only on MySQL and MariaDB through PyMySQL, which already
returns the Python types these statements read (integers, strings, datetimes), so no type
processing is skipped; every other dialect or driver runs the same statement through
``Connection.execute``. Driver errors
are raised as SQLAlchemy's :class:`~sqlalchemy.exc.DBAPIError` subclasses, and a connection the
server dropped is invalidated, so the :class:`~communitybot.db.uow.UnitOfWork` retries exactly as
it would on SQLAlchemy's own path. Engine events and echo do not see these statements.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Executable
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import Compiled

from communitybot.db.engine import is_node_unavailable

DRIVER_DIALECTS = frozenset({("mysql", "pymysql"), ("mariadb", "pymysql")})
"""(dialect, driver) pairs whose statements run on the driver cursor; the others use
``Connection.execute``."""


@dataclass(frozen=True, slots=True)
class DriverResult:
    """What a statement returned: its rows (plain tuples), the affected row count and the id of
    an inserted row (``None`` when nothing was inserted)."""

    rows: Sequence[Sequence[Any]]
    rowcount: int
    lastrowid: int | None


@dataclass(frozen=True, slots=True)
class _Prepared:
    sql: str
    names: tuple[str, ...] | None
    """Parameter names in order for a positional paramstyle; ``None`` for a named one."""


class DriverStatement:
    """A Core statement for the hot path: compiled once per dialect, run on the driver cursor.

    Every parameter must be a named :func:`~sqlalchemy.bindparam` without a default and without
    ``expanding``, so the compiled SQL is complete and the caller's mapping is all it needs.
    """

    __slots__ = ("_last", "_prepared", "statement")

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._prepared: weakref.WeakKeyDictionary[Dialect, _Prepared] = weakref.WeakKeyDictionary()
        self._last: tuple[Dialect, _Prepared] | None = None
        """The dialect of the previous run and its SQL: almost always the one asked for."""

    def run(self, session: Session, params: Mapping[str, Any]) -> DriverResult:
        """Run the statement with ``params`` in ``session``'s transaction."""
        connection = session.connection()
        dialect = connection.dialect
        if (dialect.name, dialect.driver) not in DRIVER_DIALECTS:
            return _through_sqlalchemy(connection, self.statement, params)
        last = self._last
        if last is not None and last[0] is dialect:
            prepared = last[1]
        else:
            prepared = self._prepared.get(dialect) or _prepare(self.statement, dialect)
            self._prepared[dialect] = prepared
            self._last = (dialect, prepared)
        arguments: Any = (
            params if prepared.names is None else tuple(params[name] for name in prepared.names)
        )
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(prepared.sql, arguments)
            rows = cursor.fetchall() if cursor.description else ()
            inserted = cursor.lastrowid or None  # PyMySQL reports 0 when nothing was inserted
            return DriverResult(rows=rows, rowcount=cursor.rowcount, lastrowid=inserted)
        except dialect.loaded_dbapi.Error as error:
            raise _wrapped(error, connection, cursor, prepared.sql, params) from error
        finally:
            cursor.close()


def _prepare(statement: Executable, dialect: Dialect) -> _Prepared:
    compiled: Compiled = statement.compile(dialect=dialect)  # type: ignore[attr-defined]
    for name, bind in compiled.binds.items():  # type: ignore[attr-defined]
        if bind.expanding or not bind.required:
            msg = f"parameter {name!r} must be a plain required bindparam on the driver path"
            raise ValueError(msg)
    positions = compiled.positiontup  # type: ignore[attr-defined]
    return _Prepared(sql=compiled.string, names=None if positions is None else tuple(positions))


def _through_sqlalchemy(
    connection: Connection, statement: Executable, params: Mapping[str, Any]
) -> DriverResult:
    result = connection.execute(statement, dict(params))
    rows = [tuple(row) for row in result] if result.returns_rows else []
    lastrowid = result.lastrowid if result.is_insert else None
    return DriverResult(rows=rows, rowcount=result.rowcount, lastrowid=lastrowid)


def _wrapped(
    error: Any, connection: Connection, cursor: Any, sql: str, params: Mapping[str, Any]
) -> BaseException:
    """The driver's ``error`` as SQLAlchemy raises it, invalidating a dropped connection (and one
    to a Galera node that is not ready, as the engine's ``handle_error`` does on its own path)."""
    dialect = connection.dialect
    dropped = dialect.is_disconnect(
        error, connection.connection.dbapi_connection, cursor
    ) or is_node_unavailable(error)
    if dropped:
        connection.invalidate(error)
    wrapped: BaseException = DBAPIError.instance(
        sql,
        dict(params),
        error,
        dialect.loaded_dbapi.Error,
        connection_invalidated=dropped,
        dialect=dialect,
    )
    return wrapped


__all__ = ["DRIVER_DIALECTS", "DriverResult", "DriverStatement"]
