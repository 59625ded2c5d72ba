"""Exchange rates and the arithmetic of exchanging one currency for another.

A rate is one direction between two currencies of a group: ``numerator``/``denominator`` units
of the target currency per unit of the source currency, both whole numbers in
1..:data:`RATE_TERM_MAX` (no floats anywhere). Exchanging ``amount`` minor units yields

    ``amount * numerator // denominator``

rounded **down**: the fraction of a minor unit stays with the house (it is burned in the source
currency and never minted in the target one). Worked examples:

- 3/2 (one A is worth 1.5 B): 101 A give 151 B (151.5 rounded down; the half is the house's).
- 1/3: 100 A give 33 B; 2 A would give 0 B and are refused (:class:`ExchangeTooSmall`); the
  least that buys anything is 3 A (:func:`minimum_exchange`).
- 7/10000: 10,000 A give 7 B; 1,428 A give 0 and are refused, 1,429 A give 1 B.

Bounding both terms by 10,000 keeps ``balance * numerator`` inside a signed BIGINT for every
balance (at most 10^14), so the same integer arithmetic runs in SQL (the leaderboard).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from communitybot.core.economy._model import BALANCE_LIMIT
from communitybot.core.errors import AmountOutOfRange, ExchangeTooSmall, InvalidExchangeRate
from communitybot.core.ids import (
    AccountId,
    EconomyGroupId,
    EconomyId,
    ExchangeId,
    ExchangeRateId,
    JournalEntryId,
    MemberId,
)

RATE_TERM_MAX = 10_000
"""Largest numerator or denominator of an exchange rate."""


def validate_rate(numerator: int, denominator: int) -> None:
    """Refuse a rate whose terms are not whole numbers in 1..:data:`RATE_TERM_MAX`."""
    for term in (numerator, denominator):
        if isinstance(term, bool) or not isinstance(term, int) or not 1 <= term <= RATE_TERM_MAX:
            raise InvalidExchangeRate(
                numerator=numerator, denominator=denominator, maximum=RATE_TERM_MAX
            )


def convert(amount: int, *, numerator: int, denominator: int) -> int:
    """``amount`` (not negative) at the rate, rounded down: what an exchange credits."""
    return amount * numerator // denominator


def value_at(balance: int, *, numerator: int, denominator: int) -> int:
    """A balance of any sign at the rate, rounded down (towards minus infinity).

    A debt of 5 at 1/2 is worth -3, never -2: rounding always favours the house.
    """
    return balance * numerator // denominator


def minimum_exchange(*, numerator: int, denominator: int) -> int:
    """The least amount that yields one minor unit at the rate: ``ceil(denominator/numerator)``."""
    return -(-denominator // numerator)


@dataclass(frozen=True, slots=True)
class ExchangeRate:
    """``numerator``/``denominator`` units of ``to_economy_id`` per unit of ``from_economy_id``."""

    id: ExchangeRateId
    group_id: EconomyGroupId
    from_economy_id: EconomyId
    to_economy_id: EconomyId
    numerator: int
    denominator: int
    set_by: MemberId
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ExchangeQuote:
    """What exchanging ``amount_in`` yields now; ``kept`` is the fraction the house keeps, in
    the source currency's minor units, as ``kept_numerator``/``denominator`` (0 when exact)."""

    from_economy_id: EconomyId
    to_economy_id: EconomyId
    amount_in: int
    amount_out: int
    numerator: int
    denominator: int

    @property
    def kept_numerator(self) -> int:
        """``amount_in * numerator - amount_out * denominator``: the remainder, in target units
        times the denominator (0 when the exchange is exact)."""
        return self.amount_in * self.numerator - self.amount_out * self.denominator


def quote(rate: ExchangeRate, amount: int) -> ExchangeQuote:
    """Exchange ``amount`` at ``rate``; refuse an amount out of range or one that yields nothing."""
    if not 1 <= amount <= BALANCE_LIMIT:
        raise AmountOutOfRange(amount=amount, minimum=1, maximum=BALANCE_LIMIT)
    out = convert(amount, numerator=rate.numerator, denominator=rate.denominator)
    if out < 1:
        raise ExchangeTooSmall(
            amount=amount,
            numerator=rate.numerator,
            denominator=rate.denominator,
            minimum=minimum_exchange(numerator=rate.numerator, denominator=rate.denominator),
        )
    if out > BALANCE_LIMIT:
        raise AmountOutOfRange(amount=out, minimum=1, maximum=BALANCE_LIMIT)
    return ExchangeQuote(
        from_economy_id=rate.from_economy_id,
        to_economy_id=rate.to_economy_id,
        amount_in=amount,
        amount_out=out,
        numerator=rate.numerator,
        denominator=rate.denominator,
    )


class ExchangeState(enum.Enum):
    """Life of an exchange (see :mod:`communitybot.services.economy.exchange`)."""

    PENDING = "PENDING"
    """Burned in the source currency; the credit in the target currency is not confirmed yet."""
    COMPLETED = "COMPLETED"
    """Minted in the target currency: done."""
    REVERSED = "REVERSED"
    """The credit was refused and voided; the amount went back to the source account."""

    @property
    def is_final(self) -> bool:
        """Whether nothing will happen to the exchange any more."""
        return self is not ExchangeState.PENDING


class CreditOutcome(enum.Enum):
    """What the target currency decided about an exchange: exactly one, once."""

    MINTED = "MINTED"
    VOIDED = "VOIDED"


@dataclass(frozen=True, slots=True)
class Exchange:
    """``amount_in`` of one owner's account exchanged for ``amount_out`` in another currency.

    ``burn_entry_id`` is the BURN leg in the source economy, ``credit_entry_id`` the MINT leg
    in the target economy (once completed), ``refund_entry_id`` the MINT leg that gave the
    amount back (once reversed, with ``failure`` naming why).
    """

    id: ExchangeId
    group_id: EconomyGroupId
    from_economy_id: EconomyId
    to_economy_id: EconomyId
    from_account_id: AccountId
    to_account_id: AccountId
    owner_id: MemberId
    amount_in: int
    amount_out: int
    numerator: int
    denominator: int
    state: ExchangeState
    actor_id: MemberId
    burn_entry_id: JournalEntryId
    credit_entry_id: JournalEntryId | None
    refund_entry_id: JournalEntryId | None
    failure: str | None
    created_at: datetime
    settled_at: datetime | None


__all__ = [
    "RATE_TERM_MAX",
    "CreditOutcome",
    "Exchange",
    "ExchangeQuote",
    "ExchangeRate",
    "ExchangeState",
    "convert",
    "minimum_exchange",
    "quote",
    "validate_rate",
    "value_at",
]
