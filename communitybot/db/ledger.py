"""Relative balance updates, for any table with an ``id`` and a ``balance`` column.

The community's ``users`` and the economy accounts change balances the same way: one ``UPDATE``
adding each row's delta, never a value computed in Python and written back. The caller holds
the row locks (taken ``FOR UPDATE`` in ascending id order by the stores of
:mod:`communitybot.db.stores`), so the statement takes no new ones.

A movement may also *claim* rows of another table in that statement (:class:`Claim`): mark
them as done by it, with the id of its journal row, provided nobody marked them before. On
MySQL/MariaDB the claim is part of the balance ``UPDATE`` (a multi-table update: both happen or
neither does); on other databases it is a statement of its own, before it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sqlalchemy import Column, CursorResult, Integer, Table, Update, bindparam, case, update
from sqlalchemy.orm import Session

K = TypeVar("K", bound=int)

_MULTI_TABLE_UPDATE = frozenset({"mysql", "mariadb"})
"""The dialects whose ``UPDATE`` may set columns of more than one table."""


@dataclass(frozen=True, slots=True)
class Claim:
    """Rows of another table a movement marks as its own: ``column`` is set to the movement's
    journal id on every row whose ``key`` column equals ``match`` and whose ``column`` is still
    ``NULL``. At least one such row must be there (:class:`ClaimTaken` otherwise), so the
    claim is also the movement's idempotency record: a second movement of the same ``match``
    cannot claim it again. ``parties`` are the columns of the claimed rows that name balance
    rows of the movement (its sender and receiver): the multi-table update joins by them."""

    column: Column[Any]
    key: Column[Any]
    match: Any
    parties: tuple[Column[Any], ...]


class ClaimTaken(Exception):
    """No row was left to :class:`Claim` (another movement claimed it first): nothing was
    changed by the statement; the caller rolls back."""


@functools.lru_cache(maxsize=64)
def _update(table: Table, rows: int, claim: Claim | None) -> Update:
    """The statement for ``rows`` rows (and a claim's column and key), built once: SQLAlchemy
    caches its compiled form, and a transfer (two rows) then pays neither building nor
    compiling it again."""
    ids = table.c.id
    change = case(
        *((ids == bindparam(f"id{i}"), bindparam(f"d{i}", type_=Integer)) for i in range(rows)),
        else_=0,
    )
    statement = update(table).where(ids.in_(bindparam("ids", expanding=True)))
    if claim is None:
        return statement.values(balance=table.c.balance + change)
    column = claim.column
    return statement.where(
        ids.in_(claim.parties), claim.key == bindparam("claim_key"), column.is_(None)
    ).values({table.c.balance: table.c.balance + change, column: bindparam("claimed_by")})


@functools.lru_cache(maxsize=16)
def _claim(column: Column[Any], key: Column[Any]) -> Update:
    """A claim as a statement of its own (databases without multi-table updates)."""
    return (
        update(column.table)
        .where(key == bindparam("claim_key"), column.is_(None))
        .values({column: bindparam("claimed_by")})
    )


def add_to_balances(
    session: Session,
    table: Table,
    deltas: Mapping[K, int],
    *,
    claim: Claim | None = None,
    claimed_by: int | None = None,
) -> None:
    """``balance = balance + delta`` for each row of ``table`` by ``id``, in one statement;
    with ``claim``, the claimed rows get ``claimed_by`` (the journal id) in that statement too.

    Raises :class:`ClaimTaken` when there is nothing left to claim; the balances are unchanged
    then (on MySQL/MariaDB the statement changed nothing, elsewhere it did not run).
    """
    changes = sorted((row_id, delta) for row_id, delta in deltas.items() if delta)
    params: dict[str, Any] = {"ids": [row_id for row_id, _ in changes]}
    for i, (row_id, delta) in enumerate(changes):
        params[f"id{i}"] = row_id
        params[f"d{i}"] = delta
    if claim is not None:
        params.update(claim_key=claim.match, claimed_by=claimed_by)
        if not changes or session.get_bind().dialect.name not in _MULTI_TABLE_UPDATE:
            _claim_alone(session, claim, params)
        else:
            # The rows matched, counted over both tables (the engine counts found rows, not
            # changed ones): each balance row, and at least one claimed row.
            found = session.execute(_update(table, len(changes), _shape(claim)), params)
            if cast(CursorResult[Any], found).rowcount <= len(changes):
                raise ClaimTaken
            return
    if changes:
        session.execute(_update(table, len(changes), None), params)


def _shape(claim: Claim) -> Claim:
    """The claim without its value, the part that makes the statement (its cache key)."""
    return Claim(column=claim.column, key=claim.key, match=None, parties=claim.parties)


def _claim_alone(session: Session, claim: Claim, params: Mapping[str, Any]) -> None:
    found = session.execute(
        _claim(claim.column, claim.key),
        {"claim_key": params["claim_key"], "claimed_by": params["claimed_by"]},
    )
    if not cast(CursorResult[Any], found).rowcount:
        raise ClaimTaken


__all__ = ["Claim", "ClaimTaken", "add_to_balances"]
