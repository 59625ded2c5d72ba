"""Tax arithmetic: what a bracket takes from a balance, an income or a purchase.

Rates are integer basis points (:data:`RATE_SCALE` is 100 %); every result is rounded down to a
whole minor unit, per bracket, so nobody pays a fraction of a cent. Brackets cover ``[start, end)``
(``end`` ``None``: no upper bound).

- WEALTH_MARGINAL and INCOME are marginal: each bracket taxes only the slice of the base that lies
  inside it. A balance of 150 with brackets [0, 100) at 10 % and [100, ∞) at 20 % pays
  10 + 10 = 20, never 20 % of 150.
- WEALTH_FLAT taxes the whole balance at the rate of the bracket the balance falls in.
- VAT taxes the whole price of a PURCHASE, at the rate of the bracket the price falls in, on top
  of the price (the buyer pays price + VAT; the seller receives the price).

A tax cycle never takes an account below its limit: the brackets of one account are settled in
bracket id order and each takes at most what is still available (:func:`assess_cycle`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from communitybot.core.economy._model import (
    BALANCE_LIMIT,
    NAME_MAX,
    RATE_SCALE,
    AccountType,
    TaxBracket,
    TaxType,
)
from communitybot.core.errors import InvalidTaxBracket, TaxBracketOverlap
from communitybot.core.ids import AccountId, TaxBracketId

PERIOD_MAX = 32
"""Longest tax period label (``"2026-03"``, ``"2026-W14"``)."""


def taxable_slice(base: int, *, start: int, end: int | None) -> int:
    """The part of ``base`` inside ``[start, end)``: ``max(0, min(base, end) - start)``."""
    top = base if end is None else min(base, end)
    return max(0, top - start)


def in_bracket(base: int, *, start: int, end: int | None) -> bool:
    """Whether ``base`` falls in ``[start, end)``."""
    return base >= start and (end is None or base < end)


def apply_rate(amount: int, rate: int) -> int:
    """``amount`` × ``rate`` basis points, rounded down (amount and rate are not negative)."""
    return amount * rate // RATE_SCALE


def bracket_base(bracket: TaxBracket, base: int) -> int:
    """The amount ``bracket`` applies its rate to, given a balance, income or price ``base``."""
    if bracket.tax_type in (TaxType.WEALTH_MARGINAL, TaxType.INCOME):
        return taxable_slice(base, start=bracket.start, end=bracket.end)
    return base if base > 0 and in_bracket(base, start=bracket.start, end=bracket.end) else 0


def bracket_tax(bracket: TaxBracket, base: int) -> int:
    """What ``bracket`` takes from ``base`` (a balance, an income or a price)."""
    return apply_rate(bracket_base(bracket, base), bracket.rate)


def vat_for(
    brackets: Iterable[TaxBracket], *, payer_type: AccountType, price: int
) -> list[tuple[TaxBracket, int]]:
    """The VAT legs a PURCHASE of ``price`` by an account of ``payer_type`` owes, in id order.

    Only VAT brackets for the payer's type whose range holds the price apply; legs of zero are
    left out.
    """
    legs = []
    for bracket in sorted(brackets, key=lambda b: b.id):
        if bracket.tax_type is TaxType.VAT and bracket.affected_type is payer_type:
            tax = bracket_tax(bracket, price)
            if tax > 0:
                legs.append((bracket, tax))
    return legs


@dataclass(frozen=True, slots=True)
class TaxableAccount:
    """An account as a tax cycle sees it: balance, limit, and income since the last cycle."""

    account_id: AccountId
    account_type: AccountType
    balance: int
    min_balance: int
    income: int = 0


@dataclass(frozen=True, slots=True)
class TaxLine:
    """One account's payment to one bracket: ``due`` by the rules, ``collected`` within limits."""

    account_id: AccountId
    bracket_id: TaxBracketId
    to_account_id: AccountId
    base: int
    due: int
    collected: int


def assess_account(account: TaxableAccount, brackets: Sequence[TaxBracket]) -> list[TaxLine]:
    """The tax lines of one account for a cycle, brackets settled in id order.

    VAT brackets are ignored (VAT is charged at purchase). An account does not pay a bracket
    that it collects for itself. Each line collects at most what the account still has above its
    limit after the lines before it, so a cycle never drives an account below its limit.
    """
    lines: list[TaxLine] = []
    available = max(0, account.balance - account.min_balance)
    for bracket in sorted(brackets, key=lambda b: b.id):
        if not bracket.tax_type.is_periodic or bracket.affected_type is not account.account_type:
            continue
        if bracket.to_account_id == account.account_id:
            continue
        amount = account.income if bracket.tax_type is TaxType.INCOME else account.balance
        base = bracket_base(bracket, amount)
        due = apply_rate(base, bracket.rate)
        if due <= 0:
            continue
        collected = min(due, available)
        available -= collected
        lines.append(
            TaxLine(
                account_id=account.account_id,
                bracket_id=bracket.id,
                to_account_id=bracket.to_account_id,
                base=base,
                due=due,
                collected=collected,
            )
        )
    return lines


def assess_cycle(
    accounts: Iterable[TaxableAccount], brackets: Sequence[TaxBracket]
) -> list[TaxLine]:
    """Every tax line of a cycle, by account id then bracket id."""
    lines: list[TaxLine] = []
    for account in sorted(accounts, key=lambda a: a.account_id):
        lines.extend(assess_account(account, brackets))
    return lines


def revenue_by_account(lines: Iterable[TaxLine]) -> dict[AccountId, int]:
    """What each collecting account receives from ``lines``."""
    revenue: dict[AccountId, int] = {}
    for line in lines:
        revenue[line.to_account_id] = revenue.get(line.to_account_id, 0) + line.collected
    return revenue


def validate_bracket(*, name: str, start: int, end: int | None, rate: int) -> None:
    """Refuse a malformed bracket with :class:`InvalidTaxBracket` naming the broken rule."""
    if not name.strip() or len(name) > NAME_MAX:
        raise InvalidTaxBracket(name=name, reason="name")
    if not 0 <= rate <= RATE_SCALE:
        raise InvalidTaxBracket(name=name, reason="rate")
    if not 0 <= start < BALANCE_LIMIT:
        raise InvalidTaxBracket(name=name, reason="start")
    if end is not None and not start < end <= BALANCE_LIMIT:
        raise InvalidTaxBracket(name=name, reason="end")


def overlaps(a_start: int, a_end: int | None, b_start: int, b_end: int | None) -> bool:
    """Whether ``[a_start, a_end)`` and ``[b_start, b_end)`` share any value."""
    a_below_b_end = b_end is None or a_start < b_end
    b_below_a_end = a_end is None or b_start < a_end
    return a_below_b_end and b_below_a_end


def check_no_overlap(
    *,
    name: str,
    affected_type: AccountType,
    tax_type: TaxType,
    start: int,
    end: int | None,
    existing: Iterable[TaxBracket],
) -> None:
    """Refuse a bracket overlapping one of the same account type and tax type.

    Brackets of one kind partition the range, so marginal slices are taxed once each.
    """
    for other in existing:
        if (
            other.affected_type is affected_type
            and other.tax_type is tax_type
            and overlaps(start, end, other.start, other.end)
        ):
            raise TaxBracketOverlap(name=name, other=other.name)


__all__ = [
    "PERIOD_MAX",
    "TaxLine",
    "TaxableAccount",
    "apply_rate",
    "assess_account",
    "assess_cycle",
    "bracket_base",
    "bracket_tax",
    "check_no_overlap",
    "in_bracket",
    "overlaps",
    "revenue_by_account",
    "taxable_slice",
    "validate_bracket",
    "vat_for",
]
