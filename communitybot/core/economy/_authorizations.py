"""Payment authorisation: expense categories and lines of credit with limits per period.

An **expense category** (``food``, ``travel``) names a kind of expense in an economy; its code
and its name are unique there. A **line of credit** lets one member (its holder) spend from one
account in one category, up to ``credits_limit`` minor units per **period** (a calendar day,
ISO week, month or year in UTC, or the whole life of the line). Expenses count in the period
they were booked in; a new period starts from zero (:func:`period_key`).

A payment belongs to at least one category; it is authorised only if the paying member holds a
line for **each** of its categories with enough left in the current period
(:func:`check_credit_line`), and it consumes the payment's full debit (price plus any VAT) from
each of those lines.

Resolvers decide the categories of a payment that does not name them
(:class:`ExpenseCategoryResolver`, :class:`PayeeCategoryResolver`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from communitybot.core.economy._model import BALANCE_LIMIT
from communitybot.core.errors import CreditLimitExceeded, InvalidLineOfCredit, PaymentNotCategorized
from communitybot.core.ids import (
    AccountId,
    EconomyId,
    ExpenseCategoryId,
    JournalEntryId,
    LineOfCreditId,
    MemberId,
    PaymentAuthorizationId,
)

CODE_MAX = 32
"""Longest expense category code."""

DESCRIPTION_MAX = 255
"""Longest expense category description or reference."""


class CreditPeriod(enum.Enum):
    """How often a line of credit starts again from zero (calendar periods in UTC)."""

    TOTAL = "TOTAL"
    """Never: the limit is for the whole life of the line."""
    DAY = "DAY"
    WEEK = "WEEK"
    """ISO weeks, Monday to Sunday."""
    MONTH = "MONTH"
    YEAR = "YEAR"


def period_key(period: CreditPeriod, now: datetime) -> str:
    """The label of the period ``now`` falls in: ``"total"``, ``"2026-03-05"``, ``"2026-W10"``,
    ``"2026-03"`` or ``"2026"`` (UTC; at most 10 characters)."""
    if period is CreditPeriod.TOTAL:
        return "total"
    if period is CreditPeriod.DAY:
        return f"{now.year:04d}-{now.month:02d}-{now.day:02d}"
    if period is CreditPeriod.WEEK:
        year, week, _day = now.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if period is CreditPeriod.MONTH:
        return f"{now.year:04d}-{now.month:02d}"
    return f"{now.year:04d}"


@dataclass(frozen=True, slots=True)
class ExpenseCategory:
    """A kind of expense in an economy: ``code`` for machines, ``name`` for people."""

    id: ExpenseCategoryId
    economy_id: EconomyId
    code: str
    name: str
    description: str | None
    reference: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class LineOfCredit:
    """What ``holder_id`` may spend from ``account_id`` in one category per period.

    ``expensed_credits`` counts the expenses of the period ``period_key``; in a later period the
    line has expensed nothing yet (:meth:`expensed_at`).
    """

    id: LineOfCreditId
    economy_id: EconomyId
    account_id: AccountId
    holder_id: MemberId
    category_id: ExpenseCategoryId
    name: str
    period: CreditPeriod
    credits_limit: int
    expensed_credits: int
    period_key: str
    created_at: datetime
    terminated_at: datetime | None

    @property
    def is_open(self) -> bool:
        """Whether the line may still be used."""
        return self.terminated_at is None

    def expensed_at(self, now: datetime) -> int:
        """What was expensed in the period ``now`` falls in."""
        return self.expensed_credits if period_key(self.period, now) == self.period_key else 0

    def available_at(self, now: datetime) -> int:
        """What is left to spend in the period ``now`` falls in (never negative)."""
        return max(0, self.credits_limit - self.expensed_at(now))


def validate_credits(*, credits_limit: int, expensed_credits: int = 0) -> None:
    """Refuse a limit or an expensed amount outside 0..:data:`BALANCE_LIMIT`."""
    if not 0 <= credits_limit <= BALANCE_LIMIT:
        raise InvalidLineOfCredit(reason="credits_limit", value=credits_limit)
    if not 0 <= expensed_credits <= BALANCE_LIMIT:
        raise InvalidLineOfCredit(reason="expensed_credits", value=expensed_credits)


def check_credit_line(line: LineOfCredit, *, amount: int, now: datetime) -> None:
    """Refuse spending ``amount`` on ``line`` now if that passes its limit for the period."""
    expensed = line.expensed_at(now)
    if expensed + amount > line.credits_limit:
        raise CreditLimitExceeded(
            line_id=line.id,
            limit=line.credits_limit,
            expensed=expensed,
            amount=amount,
            period_key=period_key(line.period, now),
        )


@dataclass(frozen=True, slots=True)
class PendingPayment:
    """A payment about to be authorised, as a resolver sees it."""

    economy_id: EconomyId
    from_account_id: AccountId
    to_account_id: AccountId
    amount: int
    holder_id: MemberId
    memo: str = ""


class ExpenseCategoryResolver(Protocol):
    """Decides the expense category codes of a pending payment.

    Implementations are stateless and fail-safe: they are called on the payment path.
    """

    def resolve_expense_categories(self, payment: PendingPayment) -> frozenset[str] | None:
        """The category codes of ``payment``, or ``None`` when none could be resolved."""
        ...


@dataclass(frozen=True, slots=True)
class PayeeCategoryResolver:
    """Categorises a payment by the account it pays (as card networks do by merchant):
    payments to the canteen are ``food``, to the railway ``travel``; others ``default``."""

    by_payee: Mapping[AccountId, frozenset[str]] = field(default_factory=dict)
    default: frozenset[str] | None = None

    def resolve_expense_categories(self, payment: PendingPayment) -> frozenset[str] | None:
        """The categories of the payee, else the default."""
        codes = self.by_payee.get(payment.to_account_id, self.default)
        return codes or None


def resolve_categories(
    resolver: ExpenseCategoryResolver, payment: PendingPayment
) -> frozenset[str]:
    """The categories ``resolver`` finds; :class:`PaymentNotCategorized` when none."""
    return clean_codes(resolver.resolve_expense_categories(payment) or ())


def clean_codes(codes: Iterable[str]) -> frozenset[str]:
    """Category codes without surrounding blanks, in lower case (as they are stored);
    :class:`PaymentNotCategorized` when none."""
    cleaned = frozenset(code.strip().lower() for code in codes if code.strip())
    if not cleaned:
        raise PaymentNotCategorized()
    return cleaned


@dataclass(frozen=True, slots=True)
class PaymentAuthorization:
    """A payment booked against lines of credit: ``amount`` (price plus VAT) left the account
    in journal leg ``entry_id`` (the main leg) and was consumed from each line in ``lines``."""

    id: PaymentAuthorizationId
    economy_id: EconomyId
    entry_id: JournalEntryId
    from_account_id: AccountId
    to_account_id: AccountId
    holder_id: MemberId
    amount: int
    lines: tuple[LineOfCreditId, ...]
    created_at: datetime


__all__ = [
    "CODE_MAX",
    "DESCRIPTION_MAX",
    "CreditPeriod",
    "ExpenseCategory",
    "ExpenseCategoryResolver",
    "LineOfCredit",
    "PayeeCategoryResolver",
    "PaymentAuthorization",
    "PendingPayment",
    "check_credit_line",
    "clean_codes",
    "period_key",
    "resolve_categories",
    "validate_credits",
]
