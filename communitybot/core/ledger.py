"""The rules of the one money engine, shared by the community ledger and every economy.

A movement is a list of :class:`Leg` values; each touched balance changes by its net delta
(:func:`net_deltas`) within its :class:`Limits`, which :func:`check_movement` enforces. A
:class:`LedgerStore` is the storage of one ledger (the community's ``users`` and
``transactions``, or an economy's accounts and journal): the engine,
:func:`communitybot.services.ledger.move`, locks its rows, checks, and has the store write; the
one invariant checker, :func:`communitybot.services.ledger.findings`, reads its balances and
journal.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from communitybot.core.errors import BalanceOutOfRange, DomainError, InsufficientBalance

D = TypeVar("D")
K = TypeVar("K", bound=int)


@dataclass(frozen=True, slots=True)
class Leg(Generic[D]):
    """``amount`` (positive) from account ``from_id`` to account ``to_id``: one journal row.

    ``detail`` is what the ledger records beside it: the community's reason text, an economy's
    :class:`~communitybot.core.economy.EntryDetail`.
    """

    from_id: int
    to_id: int
    amount: int
    detail: D


def net_deltas(legs: Iterable[Leg[Any]]) -> dict[int, int]:
    """The net balance change of every account the legs touch (zero for one paying itself)."""
    deltas: dict[int, int] = {}
    for leg in legs:
        deltas[leg.from_id] = deltas.get(leg.from_id, 0) - leg.amount
        deltas[leg.to_id] = deltas.get(leg.to_id, 0) + leg.amount
    return deltas


@dataclass(frozen=True, slots=True)
class Limits:
    """How far one balance may move.

    ``floor``: the lowest balance a debit may leave (``None``: no limit; a credit never fails
    it). ``minimum``..``maximum``: the range the balance may hold at all, in either direction
    (``None``: unbounded, as on an economy's issuance account).
    """

    floor: int | None = None
    minimum: int | None = None
    maximum: int | None = None

    def holds(self, balance: int) -> bool:
        """Whether ``balance`` lies within ``minimum``..``maximum``."""
        return (self.minimum is None or balance >= self.minimum) and (
            self.maximum is None or balance <= self.maximum
        )


UNBOUNDED = Limits()
"""No limit at all (an economy's issuance account)."""


def balance_problem(
    account_id: int, balance: int, delta: int, limits: Limits
) -> DomainError | None:
    """Why ``balance`` of ``account_id`` may not change by ``delta``, or ``None`` when it may.

    :class:`InsufficientBalance` when a debit goes below ``limits.floor``,
    :class:`BalanceOutOfRange` when the result leaves the range.
    """
    after = balance + delta
    if delta < 0 and limits.floor is not None and after < limits.floor:
        return InsufficientBalance(
            account_id=account_id, balance=balance, amount=-delta, limit=limits.floor
        )
    if not limits.holds(after):
        return BalanceOutOfRange(account_id=account_id, balance=balance, delta=delta)
    return None


def check_movement(
    deltas: Mapping[K, int], balances: Mapping[K, int], limits: Mapping[K, Limits]
) -> None:
    """Raise the first limit the net ``deltas`` break: the debits first, then the credits, each
    in ascending id order."""
    for _credit, account_id in sorted((delta > 0, key) for key, delta in deltas.items() if delta):
        delta = deltas[account_id]
        problem = balance_problem(account_id, balances[account_id], delta, limits[account_id])
        if problem is not None:
            raise problem


@dataclass(frozen=True, slots=True)
class Finding:
    """A broken invariant of a ledger.

    ``code``: ``balance_mismatch`` (account ``ref`` holds ``value``, its journal says
    ``expected``), ``unknown_account`` (the journal names account ``ref``, which does not exist;
    ``expected`` its journal sum), ``balance_out_of_range`` (``ref`` holds ``value``) or
    ``bad_amount`` (journal row ``ref`` has amount ``value``, not positive).
    """

    code: str
    ref: int
    value: int
    expected: int | None = None


class Balanced(Protocol):
    """A locked row: whatever the store returns, it has a balance."""

    @property
    def balance(self) -> int:
        """The balance the movement applies to."""
        ...


R = TypeVar("R", bound=Balanced)
E = TypeVar("E")


class LedgerStore(Protocol[R, D, E]):
    """The storage of one ledger in the caller's transaction: rows ``R``, legs with details
    ``D``, journal rows ``E``."""

    def lock(self, ids: Collection[int]) -> Mapping[int, R]:
        """Lock the rows in ascending id order; refuse one missing or unable to move money."""

    def limits(self, row: R) -> Limits:
        """The limits of a locked row's balance."""

    def write(
        self, legs: Sequence[Leg[D]], deltas: Mapping[int, int], rows: Mapping[int, R]
    ) -> list[E]:
        """Relative updates by ``deltas``, one journal row per leg (and what the ledger keeps
        beside them); the rows written, in leg order."""

    def balances(self) -> Mapping[int, tuple[int, Limits]]:
        """Every account's balance and limits."""

    def journal_balances(self) -> Mapping[int, int]:
        """Per account named in the journal, received minus sent."""

    def non_positive(self) -> Sequence[tuple[int, int]]:
        """The journal rows ``(id, amount)`` whose amount is zero or less."""


__all__ = [
    "UNBOUNDED",
    "Balanced",
    "Finding",
    "LedgerStore",
    "Leg",
    "Limits",
    "balance_problem",
    "check_movement",
    "net_deltas",
]
