"""Locking and moving balances, for any table with an id and a balance column.

The community ledger (``users``) and the economy accounts share these helpers, so both follow the
same rules: rows are locked in ascending id order and balances change by relative updates.
Statements are built once per shape (table and row count) and run on the driver cursor
(:class:`~communitybot.db.driver.DriverStatement`): on the hot path of a transfer, building,
compiling and executing SQL through SQLAlchemy costs about as much as its round trip.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

from sqlalchemy import (
    BindParameter,
    Integer,
    Table,
    bindparam,
    case,
    literal_column,
    select,
    update,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from communitybot.db.driver import DriverStatement


def lock_balances(
    session: Session,
    id_column: InstrumentedAttribute[int],
    balance_column: InstrumentedAttribute[int],
    ids: Iterable[int],
) -> dict[int, int]:
    """Lock the rows with ``ids`` (``SELECT ... FOR UPDATE`` in ascending id order) and return
    their balances by id. Missing ids are simply absent from the result.

    Locking in one global order is what keeps two transfers in opposite directions from
    deadlocking each other.
    """
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    statement = _lock_statement(
        _table_of(id_column), id_column.key, balance_column.key, len(wanted)
    )
    return {row[0]: row[1] for row in statement.run(session, id_params(wanted)).rows}


def add_to_balances(
    session: Session,
    id_column: InstrumentedAttribute[int],
    balance_column: InstrumentedAttribute[int],
    deltas: Mapping[int, int],
) -> None:
    """Apply ``balance = balance + delta`` to each row, in one ``UPDATE`` statement.

    The update is relative, never a value computed in Python and written back; the caller holds
    the row locks (:func:`lock_balances`), so the single statement takes no new locks.
    """
    changes = sorted((row_id, delta) for row_id, delta in deltas.items() if delta != 0)
    if not changes:
        return
    statement = _delta_statement(
        _table_of(id_column), id_column.key, balance_column.key, len(changes)
    )
    params = id_params(row_id for row_id, _delta in changes)
    for index, (_row_id, delta) in enumerate(changes):
        params[f"delta_{index}"] = delta
    statement.run(session, params)


def id_binds(count: int) -> list[BindParameter[int]]:
    """``count`` integer parameters ``id_0``, ``id_1``, ... for a fixed-length ``IN`` list.

    The driver path (:class:`~communitybot.db.driver.DriverStatement`) takes no expanding
    parameters, so a statement over n rows is built once per n with these; :func:`id_params`
    fills them.
    """
    return [bindparam(f"id_{index}", type_=Integer) for index in range(count)]


def id_params(ids: Iterable[int]) -> dict[str, int]:
    """The values of :func:`id_binds` for ``ids``, in their order."""
    return {f"id_{index}": row_id for index, row_id in enumerate(ids)}


def _table_of(column: InstrumentedAttribute[int]) -> Table:
    table = column.class_.__table__
    if not isinstance(table, Table):  # pragma: no cover - mapped classes map tables here
        msg = f"{column} is not a column of a table"
        raise TypeError(msg)
    return table


@functools.lru_cache(maxsize=256)
def _lock_statement(table: Table, id_key: str, balance_key: str, rows: int) -> DriverStatement:
    id_column = table.c[id_key]
    return DriverStatement(
        select(id_column, table.c[balance_key])
        .where(id_column.in_(id_binds(rows)))
        .order_by(id_column)
        .with_for_update()
    )


@functools.lru_cache(maxsize=256)
def _delta_statement(table: Table, id_key: str, balance_key: str, rows: int) -> DriverStatement:
    id_column, balance = table.c[id_key], table.c[balance_key]
    ids = id_binds(rows)
    deltas = [bindparam(f"delta_{i}", type_=Integer) for i in range(rows)]
    change = case(
        *((id_column == ids[i], deltas[i]) for i in range(rows)), else_=literal_column("0")
    )
    return DriverStatement(
        update(table).where(id_column.in_(ids)).values({balance: balance + change})
    )


__all__ = ["add_to_balances", "id_binds", "id_params", "lock_balances"]
