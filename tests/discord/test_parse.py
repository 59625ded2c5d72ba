"""What members type into Discord options: amounts beyond the community ledger's range."""

from __future__ import annotations

import pytest

from communitybot.core.economy import BALANCE_LIMIT
from communitybot.core.errors import InvalidAmount, InvalidRate
from communitybot.core.money import MEDIUMINT_MAX
from communitybot.discord._parse import amount, bound, rate


def test_economy_amounts_may_exceed_the_mediumint_range() -> None:
    assert amount("250000") == 25_000_000 > MEDIUMINT_MAX
    assert bound("250000,50") == 25_000_050


def test_amounts_above_the_balance_limit_are_refused() -> None:
    too_much = f"{BALANCE_LIMIT // 100 + 1}"
    with pytest.raises(InvalidAmount) as caught:
        amount(too_much)
    assert caught.value.reason == "too_large"


def test_a_zero_bound_is_allowed_but_not_a_zero_amount() -> None:
    assert bound("0") == 0
    with pytest.raises(InvalidAmount) as caught:
        amount("0")
    assert caught.value.reason == "zero"


@pytest.mark.parametrize("text", ["٥", "５", "𝟓", "2.٥", "²"])
def test_rates_in_other_digits_are_refused(text: str) -> None:
    with pytest.raises(InvalidRate):
        rate(text)
