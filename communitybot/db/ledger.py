"""Locking and moving balances, for any table with an id and a balance column.

The community ledger (``users``) and the economy accounts share these helpers, so both follow the
same rules: rows are locked in ascending id order and balances change by relative updates.
Statements are built once per shape and reused: on the hot path of a transfer, building and
compiling SQL costs more than its round trip to the server.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Integer, Select, Table, Update, bindparam, case, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session


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
    statement = _lock_statement(_table_of(id_column), id_column.key, balance_column.key)
    rows = session.execute(statement, {"ids": wanted}).all()
    return {row[0]: row[1] for row in rows}


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
    params: dict[str, int] = {}
    for index, (row_id, delta) in enumerate(changes):
        params[f"id_{index}"] = row_id
        params[f"delta_{index}"] = delta
    session.connection().execute(statement, params)


def _table_of(column: InstrumentedAttribute[int]) -> Table:
    table = column.property.columns[0].table
    if not isinstance(table, Table):  # pragma: no cover - mapped classes map tables here
        msg = f"{column} is not a column of a table"
        raise TypeError(msg)
    return table


@functools.cache
def _lock_statement(table: Table, id_key: str, balance_key: str) -> Select[Any]:
    id_column = table.c[id_key]
    return (
        select(id_column, table.c[balance_key])
        .where(id_column.in_(bindparam("ids", expanding=True)))
        .order_by(id_column)
        .with_for_update()
    )


@functools.cache
def _delta_statement(table: Table, id_key: str, balance_key: str, rows: int) -> Update:
    id_column, balance = table.c[id_key], table.c[balance_key]
    ids = [bindparam(f"id_{i}", type_=Integer) for i in range(rows)]
    deltas = [bindparam(f"delta_{i}", type_=Integer) for i in range(rows)]
    change = case(*((id_column == ids[i], deltas[i]) for i in range(rows)), else_=0)
    return update(table).where(id_column.in_(ids)).values({balance: balance + change})


__all__ = ["add_to_balances", "lock_balances"]
