"""Relative balance updates, for any table with an ``id`` and a ``balance`` column.

The community's ``users`` and the economy accounts change balances the same way: one ``UPDATE``
adding each row's delta, never a value computed in Python and written back. The caller holds
the row locks (taken ``FOR UPDATE`` in ascending id order by the stores of
:mod:`communitybot.db.stores`), so the statement takes no new ones.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy import Integer, Table, Update, bindparam, case, update
from sqlalchemy.orm import Session

K = TypeVar("K", bound=int)


@functools.lru_cache(maxsize=64)
def _update(table: Table, rows: int) -> Update:
    """The statement for ``rows`` rows, built once: SQLAlchemy caches its compiled form, and a
    transfer (two rows) then pays neither building nor compiling it again."""
    ids = table.c.id
    change = case(
        *((ids == bindparam(f"id{i}"), bindparam(f"d{i}", type_=Integer)) for i in range(rows)),
        else_=0,
    )
    return (
        update(table)
        .where(ids.in_(bindparam("ids", expanding=True)))
        .values(balance=table.c.balance + change)
    )


def add_to_balances(session: Session, table: Table, deltas: Mapping[K, int]) -> None:
    """``balance = balance + delta`` for each row of ``table`` by ``id``, in one statement."""
    changes = sorted((row_id, delta) for row_id, delta in deltas.items() if delta)
    if not changes:
        return
    params: dict[str, Any] = {"ids": [row_id for row_id, _ in changes]}
    for i, (row_id, delta) in enumerate(changes):
        params[f"id{i}"] = row_id
        params[f"d{i}"] = delta
    session.execute(_update(table, len(changes)), params)


__all__ = ["add_to_balances"]
