"""The tax assessment as SQL: for every open account and every periodic bracket of its type,
the base, what is due and what is collected without going below the account's limit (brackets
settled in id order), as one SELECT that :mod:`~communitybot.db.brokers.economy.taxes` reads
and writes from. The arithmetic is that of :mod:`communitybot.core.economy` (``assess_cycle``),
which the tests hold it to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from communitybot.core.economy import (
    RATE_SCALE,
    AccountType,
    EntryKind,
    TaxBracket,
    TaxType,
    TransactionType,
)
from communitybot.core.ids import EconomyId, TaxBracketId
from communitybot.db.models.economy import TAX_TYPE, AccountRow, JournalRow


class _Extreme(FunctionElement[Any]):
    """The greater (``greatest``) or lesser of two non-null integer expressions, each written
    once: ``GREATEST``/``LEAST`` where the database has them, ``MAX``/``MIN`` on SQLite, else a
    ``CASE``. The ``CASE`` names both operands twice, so the nested terms of a bracket grew
    with every level and the server evaluated each operand once per mention, per account."""

    inherit_cache = True

    def __init__(self, a: ColumnElement[Any], b: ColumnElement[Any] | int) -> None:
        super().__init__(a, b)
        self.type = a.type


class _Greatest(_Extreme):
    name = "greatest"
    inherit_cache = True


class _Least(_Extreme):
    name = "least"
    inherit_cache = True


def _operands(element: _Extreme) -> tuple[Any, Any]:
    a, b = element.clauses
    return a, b


@compiles(_Greatest)
def _greatest_case(element: _Greatest, compiler: SQLCompiler, **kw: Any) -> str:
    a, b = _operands(element)
    return compiler.process(case((a > b, a), else_=b), **kw)


@compiles(_Least)
def _least_case(element: _Least, compiler: SQLCompiler, **kw: Any) -> str:
    a, b = _operands(element)
    return compiler.process(case((a < b, a), else_=b), **kw)


def _function(name: str) -> Callable[..., str]:
    def compile_call(element: _Extreme, compiler: SQLCompiler, **kw: Any) -> str:
        return f"{name}({compiler.process(element.clauses, **kw)})"

    return compile_call


for _dialect in ("mysql", "mariadb", "postgresql"):
    compiles(_Greatest, _dialect)(_function("GREATEST"))
    compiles(_Least, _dialect)(_function("LEAST"))
compiles(_Greatest, "sqlite")(_function("MAX"))
compiles(_Least, "sqlite")(_function("MIN"))


def _greater(a: ColumnElement[Any], b: ColumnElement[Any] | int) -> ColumnElement[Any]:
    return _Greatest(a, b)


def _lesser(a: ColumnElement[Any], b: Any) -> ColumnElement[Any]:
    return _Least(a, b)


@dataclass(frozen=True, slots=True)
class LateRows:
    """How a cycle counts income where ids interleave (see :func:`ids_interleave`).

    A cycle then counts the rows with an id up to its watermark *and* created up to ``until``
    (a while before it runs, so every transaction that could still commit such a row has ended);
    the next cycle counts what the previous one did not: a higher id, or created after the
    previous cycle's ``until`` (``since``; ``None`` for the first cycle).
    """

    since: datetime | None
    until: datetime


@dataclass(frozen=True, slots=True)
class AccountRange:
    """The accounts of one chunk of a cycle: ids in ``(after, through]``.

    ``dense_from`` (the chunk's lowest locked id), when its accounts fill most of the ids from
    there to ``through``: the chunk's rows are then read along the primary key from that id,
    which costs a quarter of the read through the economy's index that the optimizer otherwise
    picks (an index entry, then the row, for every account).
    """

    after: int
    through: int
    dense_from: int | None = None


def _income(
    economy_id: EconomyId,
    since: int,
    until: int,
    late: LateRows | None,
    accounts: AccountRange | None,
) -> Subquery:
    """Income (INCOME transfers received) per account in the journal ids ``(since, until]``,
    or where ids interleave, in the rows ``late`` describes; only of ``accounts`` if given."""
    counted: list[ColumnElement[bool]] = [JournalRow.id <= until]
    if accounts is not None:
        counted += [
            JournalRow.to_account_id > accounts.after,
            JournalRow.to_account_id <= accounts.through,
        ]
    if late is None:
        counted.append(JournalRow.id > since)
    else:
        counted.append(JournalRow.created_at <= late.until)
        if late.since is not None:
            counted.append(or_(JournalRow.id > since, JournalRow.created_at > late.since))
    return (
        select(
            JournalRow.to_account_id.label("account_id"),
            func.sum(JournalRow.amount).label("income"),
        )
        .where(
            JournalRow.economy_id == economy_id,
            *counted,
            JournalRow.kind == EntryKind.TRANSFER,
            JournalRow.transaction_type == TransactionType.INCOME,
        )
        .group_by(JournalRow.to_account_id)
        .subquery("income")
    )


class _Terms:
    """The SQL expressions of one account type's brackets over ``economy_accounts``."""

    def __init__(self, brackets: Sequence[TaxBracket], income: Subquery | None) -> None:
        a = AccountRow
        self.brackets = sorted(brackets, key=lambda b: b.id)
        self.income = income
        earned = 0 if income is None else func.coalesce(income.c.income, 0)
        self.available = _greater(a.balance - a.min_balance, 0)
        self.base: dict[TaxBracketId, ColumnElement[Any]] = {}
        self.due: dict[TaxBracketId, ColumnElement[Any]] = {}
        self.owed: dict[TaxBracketId, ColumnElement[Any]] = {}
        for bracket in self.brackets:
            amount: Any = earned if bracket.tax_type is TaxType.INCOME else a.balance
            if bracket.tax_type is TaxType.WEALTH_FLAT:
                inside = and_(a.balance > 0, a.balance >= bracket.start)
                if bracket.end is not None:
                    inside = and_(inside, a.balance < bracket.end)
                base: ColumnElement[Any] = case((inside, a.balance), else_=0)
            else:
                top = amount if bracket.end is None else _lesser(amount, literal(bracket.end))
                base = _greater(top - bracket.start, 0)
            self.base[bracket.id] = base
            self.due[bracket.id] = (base * bracket.rate) // RATE_SCALE
            # an account does not pay a bracket that collects for itself
            self.owed[bracket.id] = case(
                (a.id != bracket.to_account_id, self.due[bracket.id]), else_=0
            )

    def collected(self, bracket: TaxBracket) -> ColumnElement[Any]:
        """What ``bracket`` takes: its due, at most what the earlier brackets left."""
        before = [self.owed[b.id] for b in self.brackets if b.id < bracket.id]
        left = self.available if not before else _greater(self.available - sum_of(before), 0)
        return _lesser(self.due[bracket.id], left)


def sum_of(terms: Sequence[ColumnElement[Any]]) -> ColumnElement[Any]:
    """``terms[0] + terms[1] + ...`` as one SQL expression."""
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def _by_type(brackets: Sequence[TaxBracket]) -> dict[AccountType, list[TaxBracket]]:
    grouped: dict[AccountType, list[TaxBracket]] = {}
    for bracket in brackets:
        if bracket.tax_type.is_periodic:
            grouped.setdefault(bracket.affected_type, []).append(bracket)
    return grouped


def _taxed(
    economy_id: EconomyId, account_type: AccountType, accounts: AccountRange | None
) -> list[ColumnElement[bool]]:
    a = AccountRow
    taxed = [
        a.economy_id == economy_id,
        a.account_type == account_type,
        a.closed_at.is_(None),
        a.is_issuance.is_(False),
    ]
    if accounts is not None:
        taxed += [a.id > accounts.after, a.id <= accounts.through]
        if accounts.dense_from is not None:
            taxed.append(a.id >= accounts.dense_from)
    return taxed


def _terms(
    economy_id: EconomyId,
    brackets: Sequence[TaxBracket],
    since: int,
    until: int,
    late: LateRows | None,
    accounts: AccountRange | None,
) -> list[tuple[AccountType, _Terms]]:
    income = _income(economy_id, since, until, late, accounts)
    return [
        (
            account_type,
            _Terms(group, income if any(b.tax_type is TaxType.INCOME for b in group) else None),
        )
        for account_type, group in sorted(_by_type(brackets).items(), key=lambda i: i[0].value)
    ]


_BY_ID = "FORCE INDEX (PRIMARY)"


@dataclass(frozen=True, slots=True)
class Part:
    """One bracket's share of the assessment: its expressions over ``economy_accounts`` (and
    the income of the accounts where the bracket's type has an income bracket)."""

    bracket: TaxBracket
    base: ColumnElement[Any]
    due: ColumnElement[Any]
    collected: ColumnElement[Any]
    where: tuple[ColumnElement[bool], ...]
    income: Subquery | None
    by_id: bool = False

    def select(self, *columns: Any, collecting: bool = False) -> Select[Any]:
        """``columns`` for each account the bracket has something due from (``collecting``:
        something it collects)."""
        part = select(*columns).where(*self.where, (self.collected if collecting else self.due) > 0)
        if self.by_id:
            part = part.with_hint(AccountRow, _BY_ID, dialect_name="mysql").with_hint(
                AccountRow, _BY_ID, dialect_name="mariadb"
            )
        if self.income is not None:
            part = part.outerjoin(self.income, self.income.c.account_id == AccountRow.id)
        return part


def parts(
    economy_id: EconomyId,
    brackets: Sequence[TaxBracket],
    *,
    since: int,
    until: int,
    late: LateRows | None = None,
    accounts: AccountRange | None = None,
) -> list[Part]:
    """The assessment of :func:`assessment` as one :class:`Part` per periodic bracket, for a
    statement that needs other columns (the journal legs of a cycle)."""
    found = []
    for account_type, terms in _terms(economy_id, brackets, since, until, late, accounts):
        for bracket in terms.brackets:
            found.append(
                Part(
                    bracket=bracket,
                    base=terms.base[bracket.id],
                    due=terms.due[bracket.id],
                    collected=terms.collected(bracket),
                    where=(
                        *_taxed(economy_id, account_type, accounts),
                        AccountRow.id != bracket.to_account_id,
                    ),
                    income=terms.income,
                    by_id=accounts is not None and accounts.dense_from is not None,
                )
            )
    return found


def assessment(
    economy_id: EconomyId,
    brackets: Sequence[TaxBracket],
    *,
    since: int,
    until: int,
    late: LateRows | None = None,
    accounts: AccountRange | None = None,
) -> Subquery | None:
    """The tax lines of a cycle (``account_id, bracket_id, to_account_id, tax_type, base, due,
    collected``), one per account and bracket with something due; ``None`` without brackets.

    ``brackets`` are the economy's brackets (VAT ones are ignored); income is what accounts
    received as INCOME in the journal ids ``(since, until]`` (where ids interleave: the rows
    ``late`` says, see :class:`LateRows`). With ``accounts``, only the lines of those accounts
    (one chunk); each account's lines depend on that account alone.
    """
    selects = [
        part.select(
            AccountRow.id.label("account_id"),
            literal(part.bracket.id).label("bracket_id"),
            literal(part.bracket.to_account_id).label("to_account_id"),
            literal(part.bracket.tax_type, TAX_TYPE).label("tax_type"),
            part.base.label("base"),
            part.due.label("due"),
            part.collected.label("collected"),
        )
        for part in parts(
            economy_id, brackets, since=since, until=until, late=late, accounts=accounts
        )
    ]
    if not selects:
        return None
    return union_all(*selects).subquery("assessment")


__all__ = ["AccountRange", "LateRows", "Part", "assessment", "parts", "sum_of"]
