"""Relative balance updates, for any table with an ``id`` and a ``balance`` column.

The community's ``users`` and the economy accounts change balances the same way: one ``UPDATE``
adding each row's delta, never a value computed in Python and written back. The caller holds
the row locks (taken ``FOR UPDATE`` in ascending id order by the stores of
:mod:`communitybot.db.stores`), so the statement takes no new ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from sqlalchemy import Table, case, update
from sqlalchemy.orm import Session

K = TypeVar("K", bound=int)


def add_to_balances(session: Session, table: Table, deltas: Mapping[K, int]) -> None:
    """``balance = balance + delta`` for each row of ``table`` by ``id``, in one statement."""
    changes = {row_id: delta for row_id, delta in sorted(deltas.items()) if delta}
    if not changes:
        return
    ids = table.c.id
    change = case(changes, value=ids, else_=0)
    session.execute(
        update(table).where(ids.in_(list(changes))).values(balance=table.c.balance + change)
    )


__all__ = ["add_to_balances"]
