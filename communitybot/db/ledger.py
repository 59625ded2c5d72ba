"""Locking and moving balances, for any table with an id and a balance column.

The community ledger (``users``) and the economy accounts share these helpers, so both follow the
same rules: rows are locked in ascending id order and balances change by relative updates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import ColumnElement, Table, select, update
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
    rows = session.execute(
        select(id_column, balance_column)
        .where(id_column.in_(wanted))
        .order_by(id_column)
        .with_for_update()
    ).all()
    return {row[0]: row[1] for row in rows}


def add_to_balances(
    session: Session,
    table: type[object] | Table,
    id_column: InstrumentedAttribute[int],
    balance_column: InstrumentedAttribute[int],
    deltas: Mapping[int, int],
    *,
    extra_where: ColumnElement[bool] | None = None,
) -> None:
    """Apply ``balance = balance + delta`` to each row, in ascending id order.

    The update is relative, never a value computed in Python and written back.
    """
    for row_id in sorted(deltas):
        delta = deltas[row_id]
        if delta == 0:
            continue
        statement = (
            update(table)
            .where(id_column == row_id)
            .values({balance_column: balance_column + delta})
        )
        if extra_where is not None:
            statement = statement.where(extra_where)
        session.execute(statement)


__all__ = ["add_to_balances", "lock_balances"]
