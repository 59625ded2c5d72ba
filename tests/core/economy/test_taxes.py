"""Tax arithmetic on worked examples: marginal, flat, income, VAT, limits, validation."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from communitybot.core.economy import (
    RATE_SCALE,
    AccountType,
    TaxableAccount,
    TaxBracket,
    TaxLine,
    TaxType,
    apply_rate,
    assess_account,
    assess_cycle,
    bracket_tax,
    check_no_overlap,
    revenue_by_account,
    taxable_slice,
    validate_bracket,
    vat_for,
)
from communitybot.core.errors import InvalidTaxBracket, TaxBracketOverlap
from communitybot.core.ids import AccountId, EconomyId, TaxBracketId

TREASURY = AccountId(1)


def bracket(
    bid: int,
    start: int,
    end: int | None,
    rate: int,
    tax_type: TaxType = TaxType.WEALTH_MARGINAL,
    affected: AccountType = AccountType.USER,
    to: AccountId = TREASURY,
) -> TaxBracket:
    return TaxBracket(
        id=TaxBracketId(bid),
        economy_id=EconomyId(1),
        name=f"b{bid}",
        affected_type=affected,
        tax_type=tax_type,
        start=start,
        end=end,
        rate=rate,
        to_account_id=to,
    )


# Three marginal brackets: 0-1,000.00 free, 1,000.00-5,000.00 at 10 %, above 5,000.00 at 25 %.
MARGINAL = [
    bracket(1, 0, 100_000, 0),
    bracket(2, 100_000, 500_000, 1_000),
    bracket(3, 500_000, None, 2_500),
]


def holder(
    balance: int, *, account_id: int = 50, income: int = 0, limit: int = 0
) -> TaxableAccount:
    return TaxableAccount(
        account_id=AccountId(account_id),
        account_type=AccountType.USER,
        balance=balance,
        min_balance=limit,
        income=income,
    )


def total(lines: Iterable[TaxLine]) -> int:
    return sum(line.collected for line in lines)


def test_slices() -> None:
    assert taxable_slice(150, start=100, end=None) == 50
    assert taxable_slice(150, start=0, end=100) == 100
    assert taxable_slice(50, start=100, end=200) == 0
    assert taxable_slice(250, start=100, end=200) == 100
    assert taxable_slice(-10, start=0, end=None) == 0


def test_rate_rounds_down_to_whole_cents() -> None:
    assert apply_rate(999, 1_000) == 99  # 99.9 -> 99
    assert apply_rate(1, 9_999) == 0
    assert apply_rate(100, RATE_SCALE) == 100


@pytest.mark.parametrize(
    ("balance", "expected"),
    [
        (0, 0),
        (50_000, 0),  # inside the free bracket
        (100_000, 0),  # exactly at the first boundary
        (300_000, 20_000),  # 10 % of the 2,000.00 above 1,000.00
        (500_000, 40_000),  # 10 % of 4,000.00
        # spans two taxed brackets: 10 % of 4,000.00 + 25 % of 2,000.00 = 400 + 500 = 900.00
        (700_000, 40_000 + 50_000),
        (-5_000, 0),  # debt is not wealth
    ],
)
def test_wealth_marginal_worked_examples(balance: int, expected: int) -> None:
    assert total(assess_account(holder(balance), MARGINAL)) == expected


def test_marginal_is_not_the_top_rate_on_everything() -> None:
    lines = assess_account(holder(700_000), MARGINAL)
    assert [(line.bracket_id, line.base, line.due) for line in lines] == [
        (2, 400_000, 40_000),
        (3, 200_000, 50_000),
    ]
    assert total(lines) != apply_rate(700_000, 2_500)  # the known bug: 1,750.00


def test_marginal_rounds_each_bracket_down() -> None:
    brackets = [bracket(1, 0, 10, 1_500), bracket(2, 10, None, 1_500)]
    # 15 % of 9 = 1.35 -> 1 and 15 % of 9 = 1.35 -> 1: two whole cents
    assert [line.due for line in assess_account(holder(19), brackets)] == [1, 1]


def test_wealth_flat_taxes_whole_balance_at_its_bracket_rate() -> None:
    flat = [
        bracket(1, 0, 100_000, 100, TaxType.WEALTH_FLAT),
        bracket(2, 100_000, None, 500, TaxType.WEALTH_FLAT),
    ]
    assert total(assess_account(holder(50_000), flat)) == 500  # 1 % of 500.00
    assert total(assess_account(holder(99_999), flat)) == 999  # still 1 %
    assert total(assess_account(holder(100_000), flat)) == 5_000  # 5 % of all of it
    assert total(assess_account(holder(700_000), flat)) == 35_000


def test_income_tax_is_marginal_on_income_not_balance() -> None:
    income = [
        bracket(1, 0, 10_000, 0, TaxType.INCOME),
        bracket(2, 10_000, None, 2_000, TaxType.INCOME),
    ]
    rich_no_income = holder(1_000_000, income=0)
    assert assess_account(rich_no_income, income) == []
    earner = holder(100_000, income=30_000)
    # 20 % of the 200.00 earned above 100.00
    assert total(assess_account(earner, income)) == 4_000


def test_cycle_never_takes_an_account_below_its_limit() -> None:
    income = [bracket(1, 0, None, 5_000, TaxType.INCOME)]
    spent_it = holder(1_000, income=10_000)  # earned 100.00, has 10.00 left
    (line,) = assess_account(spent_it, income)
    assert (line.due, line.collected) == (5_000, 1_000)
    in_debt = holder(-500, income=10_000, limit=-1_000)
    (line,) = assess_account(in_debt, income)
    assert line.collected == 500  # down to the limit, not below


def test_cycle_settles_brackets_in_id_order_within_the_limit() -> None:
    brackets = [
        bracket(1, 0, None, 6_000, TaxType.WEALTH_FLAT),
        bracket(2, 0, None, 6_000, TaxType.WEALTH_MARGINAL),
    ]
    lines = assess_account(holder(1_000), brackets)
    assert [(line.due, line.collected) for line in lines] == [(600, 600), (600, 400)]


def test_vat_and_other_types_are_not_collected_by_cycles() -> None:
    brackets = [
        bracket(1, 0, None, 1_000, TaxType.VAT),
        bracket(2, 0, None, 1_000, affected=AccountType.CORPORATION),
    ]
    assert assess_account(holder(100_000), brackets) == []


def test_collecting_account_does_not_tax_itself() -> None:
    brackets = [bracket(1, 0, None, 1_000, to=AccountId(50))]
    assert assess_account(holder(100_000, account_id=50), brackets) == []


def test_assess_cycle_orders_and_sums_revenue() -> None:
    other = AccountId(2)
    brackets = [*MARGINAL[:2], bracket(3, 500_000, None, 2_500, to=other)]
    lines = assess_cycle([holder(700_000, account_id=60), holder(300_000, account_id=55)], brackets)
    assert [(line.account_id, line.bracket_id) for line in lines] == [(55, 2), (60, 2), (60, 3)]
    assert revenue_by_account(lines) == {TREASURY: 20_000 + 40_000, other: 50_000}


def test_vat_applies_to_payer_type_and_price_bracket() -> None:
    vat = [
        bracket(1, 0, 10_000, 700, TaxType.VAT),  # 7 % on prices below 100.00
        bracket(2, 10_000, None, 1_900, TaxType.VAT),  # 19 % above
        bracket(3, 0, None, 500, TaxType.VAT, affected=AccountType.CORPORATION),
        bracket(4, 0, None, 5_000, TaxType.WEALTH_MARGINAL),
    ]
    assert [(b.id, tax) for b, tax in vat_for(vat, payer_type=AccountType.USER, price=5_000)] == [
        (1, 350)
    ]
    assert [(b.id, tax) for b, tax in vat_for(vat, payer_type=AccountType.USER, price=20_000)] == [
        (2, 3_800)
    ]
    corp = vat_for(vat, payer_type=AccountType.CORPORATION, price=20_000)
    assert [(b.id, tax) for b, tax in corp] == [(3, 1_000)]
    assert vat_for(vat, payer_type=AccountType.USER, price=10) == []  # 0.7 cents -> nothing
    assert bracket_tax(vat[0], 10_000) == 0  # outside [0, 100.00)


@given(
    balance=st.integers(min_value=-(10**9), max_value=10**12),
    bounds=st.lists(
        st.integers(min_value=1, max_value=10**11), min_size=1, max_size=5, unique=True
    ),
    rates=st.lists(st.integers(min_value=0, max_value=RATE_SCALE), min_size=6, max_size=6),
)
def test_marginal_properties(balance: int, bounds: list[int], rates: list[int]) -> None:
    edges = [0, *sorted(bounds)]
    brackets = [
        bracket(i + 1, start, edges[i + 1] if i + 1 < len(edges) else None, rates[i])
        for i, start in enumerate(edges)
    ]
    lines = assess_account(holder(balance), brackets)
    # the slices partition the positive balance, and nobody pays more than they have
    assert sum(line.base for line in lines) <= max(balance, 0)
    assert total(lines) <= max(balance, 0)
    assert all(
        line.due == apply_rate(line.base, b.rate)
        for line in lines
        for b in brackets
        if b.id == line.bracket_id
    )
    # marginal tax never decreases when the balance grows
    assert total(assess_account(holder(balance + 1), brackets)) >= total(lines)


# --- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "start", "end", "rate", "reason"),
    [
        ("", 0, None, 100, "name"),
        ("x" * 65, 0, None, 100, "name"),
        ("t", 0, None, -1, "rate"),
        ("t", 0, None, RATE_SCALE + 1, "rate"),
        ("t", -1, None, 100, "start"),
        ("t", 100, 100, 100, "end"),
        ("t", 100, 50, 100, "end"),
    ],
)
def test_invalid_brackets(name: str, start: int, end: int | None, rate: int, reason: str) -> None:
    with pytest.raises(InvalidTaxBracket) as caught:
        validate_bracket(name=name, start=start, end=end, rate=rate)
    assert caught.value.reason == reason


def test_valid_bracket_passes() -> None:
    validate_bracket(name="wealth", start=0, end=None, rate=RATE_SCALE)


def test_overlapping_brackets_of_one_kind_are_refused() -> None:
    with pytest.raises(TaxBracketOverlap) as caught:
        check_no_overlap(
            name="new",
            affected_type=AccountType.USER,
            tax_type=TaxType.WEALTH_MARGINAL,
            start=400_000,
            end=None,
            existing=MARGINAL,
        )
    assert caught.value.other == "b2"


def test_adjacent_or_other_kind_brackets_are_fine() -> None:
    check_no_overlap(
        name="new",
        affected_type=AccountType.USER,
        tax_type=TaxType.WEALTH_MARGINAL,
        start=0,
        end=100_000,
        existing=MARGINAL[1:],
    )
    for tax_type, affected in (
        (TaxType.WEALTH_FLAT, AccountType.USER),
        (TaxType.WEALTH_MARGINAL, AccountType.CHARITY),
    ):
        check_no_overlap(
            name="new",
            affected_type=affected,
            tax_type=tax_type,
            start=0,
            end=None,
            existing=MARGINAL,
        )
