"""Splitting an amount among the participants of a communism and its externals.

The rule for leftover cents (documented for members in ``docs/users.md``): the amount is divided
by the number of heads (participants plus externals); every head pays the quotient, and the
remainder cents are paid one each by the first heads in this order: the participants in the order
given (the creator first, then in order of joining), then the externals. So shares differ by at
most one cent, add up to the amount exactly, and the creator absorbs a rounding cent first.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class Split(Generic[K]):
    """The shares of one split: participant and cents in order, then the externals."""

    shares: tuple[tuple[K, int], ...]
    external_shares: tuple[int, ...]

    @property
    def total(self) -> int:
        """The sum of all shares: always the amount that was split."""
        return sum(cents for _, cents in self.shares) + sum(self.external_shares)

    def share_of(self, participant: K) -> int:
        """The share of ``participant``; ``KeyError`` when it is not one of them."""
        for who, cents in self.shares:
            if who == participant:
                return cents
        raise KeyError(participant)


def split_amount(amount: int, participants: Sequence[K], externals: int = 0) -> Split[K]:
    """Split ``amount`` cents among ``participants`` (in order) and ``externals`` heads.

    ``amount`` must be at least 0, there must be at least one head and the participants must be
    distinct; otherwise ``ValueError`` (a programming error, not a user's).
    """
    if amount < 0:
        msg = f"cannot split a negative amount ({amount})"
        raise ValueError(msg)
    if externals < 0:
        msg = f"negative number of externals ({externals})"
        raise ValueError(msg)
    if len(set(participants)) != len(participants):
        msg = "participants must be distinct"
        raise ValueError(msg)
    heads = len(participants) + externals
    if heads == 0:
        msg = "nobody to split among"
        raise ValueError(msg)
    base, leftover = divmod(amount, heads)
    cents = [base + 1 if position < leftover else base for position in range(heads)]
    count = len(participants)
    return Split(
        shares=tuple(zip(participants, cents[:count], strict=True)),
        external_shares=tuple(cents[count:]),
    )


__all__ = ["Split", "split_amount"]
