"""The one money engine, and the one invariant checker, of the community and every economy.

:func:`move` executes a movement (legs, :class:`~communitybot.core.ledger.Leg`) over a store
(:class:`~communitybot.core.ledger.LedgerStore`: :class:`~communitybot.db.stores.CommunityStore`
or :class:`~communitybot.db.stores.EconomyStore`) in the caller's transaction: every touched
balance row locked in ascending id order, the caller's check run on the locked rows, every
limit checked, and only then the relative updates, one journal row per leg and what the store
keeps beside them (an economy's notification outbox and API key spending). The caller claims
its idempotency key in the same transaction; the unit of work retries it whole on conflicts.

:func:`findings` checks a store's invariants: each balance equals its journal, is within its
range, and no journal amount is zero or less.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from communitybot.core.ledger import (
    Balanced,
    Finding,
    LedgerStore,
    Leg,
    check_movement,
    net_deltas,
)

R = TypeVar("R", bound=Balanced)
D = TypeVar("D")
E = TypeVar("E")


@dataclass(frozen=True, slots=True)
class Moved(Generic[R, E]):
    """What a movement wrote (``entries``, in leg order) and the rows it locked, as they were
    before it."""

    entries: list[E]
    rows: Mapping[int, R]


def move(
    store: LedgerStore[R, D, E],
    legs: Sequence[Leg[D]],
    *,
    check: Callable[[Mapping[int, R]], None] | None = None,
) -> Moved[R, E]:
    """Execute ``legs`` as one movement in the store's (the caller's) transaction.

    ``check`` sees the locked rows before anything is written (permissions, the state of what
    the movement pays for) and refuses by raising. Raises what the store's ``lock`` and
    ``write`` raise, ``check``'s refusals, ``InsufficientBalance`` and ``BalanceOutOfRange``;
    nothing is written then.
    """
    deltas = net_deltas(legs)
    rows = store.lock(deltas)
    if check is not None:
        check(rows)
    check_movement(
        deltas,
        {account_id: rows[account_id].balance for account_id in deltas},
        {account_id: store.limits(rows[account_id]) for account_id in deltas},
    )
    return Moved(entries=store.write(legs, deltas, rows) if legs else [], rows=rows)


def findings(store: LedgerStore[Any, Any, Any]) -> list[Finding]:
    """Every broken invariant of the store's ledger, by account and then by journal row."""
    found: list[Finding] = []
    stored = store.balances()
    journal = store.journal_balances()
    for account_id in sorted(set(stored) | set(journal)):
        expected = journal.get(account_id, 0)
        if account_id not in stored:
            found.append(Finding("unknown_account", account_id, 0, expected))
            continue
        balance, limits = stored[account_id]
        if balance != expected:
            found.append(Finding("balance_mismatch", account_id, balance, expected))
        if not limits.holds(balance):
            found.append(Finding("balance_out_of_range", account_id, balance))
    found.extend(Finding("bad_amount", row, amount) for row, amount in store.non_positive())
    return found


__all__ = ["Moved", "findings", "move"]
