"""Exchange rates, rounding in the house's favour, valuation, and group valuation rates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from communitybot.core.economy import (
    BALANCE_LIMIT,
    RATE_TERM_MAX,
    ExchangeRate,
    ExchangeState,
    convert,
    minimum_exchange,
    quote,
    validate_rate,
    valuation_rates,
    value_at,
)
from communitybot.core.errors import AmountOutOfRange, ExchangeTooSmall, InvalidExchangeRate
from communitybot.core.ids import EconomyGroupId, EconomyId, ExchangeRateId, MemberId

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def rate(numerator: int, denominator: int, source: int = 1, target: int = 2) -> ExchangeRate:
    return ExchangeRate(
        id=ExchangeRateId(source * 100 + target),
        group_id=EconomyGroupId(1),
        from_economy_id=EconomyId(source),
        to_economy_id=EconomyId(target),
        numerator=numerator,
        denominator=denominator,
        set_by=MemberId(1),
        updated_at=NOW,
    )


@pytest.mark.parametrize(
    ("numerator", "denominator", "amount", "credited", "kept"),
    [
        (3, 2, 101, 151, 1),  # 151.5 B: half a B (one half) stays with the house
        (1, 3, 100, 33, 1),  # 33.33 B
        (2, 3, 100, 66, 2),  # 66.67 B: rounded down, never to the nearest
        (7, 10_000, 10_000, 7, 0),
        (7, 10_000, 1_429, 1, 3),
        (10_000, 1, 3, 30_000, 0),
        (1, 1, 12_345, 12_345, 0),
    ],
)
def test_worked_examples_round_down(
    numerator: int, denominator: int, amount: int, credited: int, kept: int
) -> None:
    assert convert(amount, numerator=numerator, denominator=denominator) == credited
    offer = quote(rate(numerator, denominator), amount)
    assert (offer.amount_in, offer.amount_out) == (amount, credited)
    assert offer.kept_numerator == kept
    assert offer.amount_out * denominator <= amount * numerator  # never more than fair


@pytest.mark.parametrize(
    ("numerator", "denominator", "minimum"),
    [(1, 3, 3), (2, 3, 2), (3, 2, 1), (7, 10_000, 1_429), (1, 1, 1), (1, 10_000, 10_000)],
)
def test_the_least_amount_that_buys_anything(
    numerator: int, denominator: int, minimum: int
) -> None:
    assert minimum_exchange(numerator=numerator, denominator=denominator) == minimum
    assert convert(minimum, numerator=numerator, denominator=denominator) == 1
    assert convert(minimum - 1, numerator=numerator, denominator=denominator) == 0
    if minimum > 1:
        with pytest.raises(ExchangeTooSmall) as refused:
            quote(rate(numerator, denominator), minimum - 1)
        assert refused.value.minimum == minimum


def test_amounts_out_of_range_are_refused() -> None:
    with pytest.raises(AmountOutOfRange):
        quote(rate(1, 1), 0)
    with pytest.raises(AmountOutOfRange):
        quote(rate(1, 1), BALANCE_LIMIT + 1)
    with pytest.raises(AmountOutOfRange) as too_much:
        quote(rate(2, 1), BALANCE_LIMIT)  # would credit more than a balance may hold
    assert too_much.value.amount == 2 * BALANCE_LIMIT


@pytest.mark.parametrize(
    ("numerator", "denominator"),
    [(0, 1), (1, 0), (-1, 2), (RATE_TERM_MAX + 1, 1), (1, RATE_TERM_MAX + 1), (True, 2)],
)
def test_invalid_rates(numerator: int, denominator: int) -> None:
    with pytest.raises(InvalidExchangeRate) as refused:
        validate_rate(numerator, denominator)
    assert refused.value.maximum == RATE_TERM_MAX


def test_valid_rates_fit_a_bigint_with_any_balance() -> None:
    validate_rate(RATE_TERM_MAX, 1)
    assert BALANCE_LIMIT * RATE_TERM_MAX < 2**63


@pytest.mark.parametrize(
    ("balance", "value"),
    [(101, 151), (100, 150), (1, 1), (0, 0), (-1, -2), (-5, -8), (-100, -150)],
)
def test_a_debt_rounds_away_from_zero(balance: int, value: int) -> None:
    assert value_at(balance, numerator=3, denominator=2) == value


def test_the_leaderboard_counts_direct_rates_into_the_primary_only() -> None:
    rates = [rate(3, 2, 2, 1), rate(1, 1, 1, 2), rate(5, 1, 3, 2), rate(1, 4, 4, 1)]
    assert valuation_rates(EconomyId(1), rates) == {
        EconomyId(1): (1, 1),
        EconomyId(2): (3, 2),
        EconomyId(4): (1, 4),
    }


def test_only_pending_exchanges_are_unfinished() -> None:
    assert [s for s in ExchangeState if not s.is_final] == [ExchangeState.PENDING]
