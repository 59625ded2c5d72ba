"""Amount parsing and formatting: integer cents only."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from communitybot.core.errors import InvalidAmount
from communitybot.core.money import (
    ACCEPTED_FORMS,
    MEDIUMINT_MAX,
    format_cents,
    in_mediumint_range,
    parse_amount,
    take_amount,
)


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("5", 500),
        ("5.5", 550),
        ("5,50", 550),
        ("5€", 500),
        ("€5", 500),
        ("€ 5", 500),
        ("5.00 EUR", 500),
        ("5 eur", 500),
        ("0.01", 1),
        ("  12,3 ", 1230),
        ("83886.07", MEDIUMINT_MAX),
    ],
)
def test_accepted_forms(text: str, cents: int) -> None:
    assert parse_amount(text) == cents


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("1" * 30, "too_long"),
        ("-5", "negative"),
        ("+5", "sign"),
        ("0", "zero"),
        ("0.00", "zero"),
        ("5.555", "too_many_decimals"),
        ("1e3", "exponent"),
        ("1.5E2", "exponent"),
        ("five", "not_a_number"),
        ("5.", "not_a_number"),
        (".5", "not_a_number"),
        ("5 USD", "not_a_number"),
        ("5..0", "not_a_number"),
        ("NaN", "not_a_number"),
        ("inf", "not_a_number"),
        ("83886.08", "too_large"),
        ("１２", "foreign_digits"),
        ("٥", "foreign_digits"),
        ("𝟓", "foreign_digits"),
        ("5²", "foreign_digits"),
        ("€٥", "foreign_digits"),
    ],
)
def test_refused_forms_name_the_rule(text: str, reason: str) -> None:
    with pytest.raises(InvalidAmount) as caught:
        parse_amount(text)
    assert caught.value.reason == reason
    assert caught.value.text == text


@given(st.integers(min_value=1, max_value=MEDIUMINT_MAX))
def test_format_then_parse_round_trips(cents: int) -> None:
    assert parse_amount(format_cents(cents)) == cents
    assert parse_amount(format_cents(cents, unit="").replace(".", ",")) == cents


@pytest.mark.parametrize(
    ("cents", "text"), [(0, "0.00 €"), (5, "0.05 €"), (-550, "-5.50 €"), (123456, "1234.56 €")]
)
def test_format_cents(cents: int, text: str) -> None:
    assert format_cents(cents) == text


def test_a_caller_may_allow_larger_amounts_than_the_ledger() -> None:
    assert parse_amount("1000000.00", maximum=10**14) == 100_000_000
    with pytest.raises(InvalidAmount) as caught:
        parse_amount("1000000.00")
    assert caught.value.reason == "too_large"
    with pytest.raises(InvalidAmount) as caught:
        parse_amount("10.01", maximum=1_000)
    assert caught.value.reason == "too_large"


def test_mediumint_range() -> None:
    assert in_mediumint_range(8_388_607)
    assert in_mediumint_range(-8_388_608)
    assert not in_mediumint_range(8_388_608)
    assert not in_mediumint_range(-8_388_609)


@pytest.mark.parametrize(
    ("words", "amount", "rest"),
    [
        (["5.00", "EUR", "tape"], "5.00 EUR", ["tape"]),
        (["5", "€", "@bob"], "5 €", ["@bob"]),
        (["€", "5", "pizza"], "€ 5", ["pizza"]),
        (["EUR", "5"], "EUR 5", []),
        (["5,50", "euros"], "5,50 euros", []),
        (["5€", "EUR", "coins"], "5€ EUR", ["coins"]),
        (["5", "tape", "EUR"], "5", ["tape", "EUR"]),
        (["5"], "5", []),
        (["EUR"], "EUR", []),
        ([], "", []),
    ],
)
def test_a_currency_word_next_to_the_number_belongs_to_the_amount(
    words: list[str], amount: str, rest: list[str]
) -> None:
    assert take_amount(words) == (amount, rest)


def test_every_accepted_form_is_read_when_a_command_splits_it_at_blanks() -> None:
    forms = ACCEPTED_FORMS.split(" (")[0].replace(" or ", ", ").split(", ")
    assert "5.00 EUR" in forms
    for form in forms:
        amount, rest = take_amount([*form.split(), "words", "after"])
        assert parse_amount(amount) > 0, form
        assert rest == ["words", "after"], form
