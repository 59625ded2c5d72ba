"""All SQL of tax brackets and tax cycles, including the set-based cycle itself.

:func:`assessment` is the whole cycle as one SELECT: for every open account and every periodic
bracket of its type, the base, what is due and what is collected without going below the
account's limit (brackets settled in id order through a window sum). The preview reads it; the
run inserts it into the journal with one ``INSERT ... SELECT`` and applies it to the balances
with two set-based ``UPDATE``s. The arithmetic is that of :mod:`communitybot.core.economy`
(``assess_cycle``), which the tests hold it to.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Subquery,
    and_,
    case,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from communitybot.core.economy import (
    RATE_SCALE,
    AccountType,
    EntryKind,
    TaxBracket,
    TaxCycle,
    TaxLine,
    TaxType,
    TransactionType,
)
from communitybot.core.ids import AccountId, EconomyId, MemberId, TaxBracketId, TaxCycleId
from communitybot.db.brokers.economy._util import inserted_id
from communitybot.db.models.economy import (
    ENTRY_KIND,
    AccountRow,
    JournalRow,
    TaxBracketRow,
    TaxCycleRow,
    UtcDateTime,
)


def _bracket(row: Any) -> TaxBracket:
    return TaxBracket(
        id=TaxBracketId(row.id),
        economy_id=EconomyId(row.economy_id),
        name=row.name,
        affected_type=row.affected_type,
        tax_type=row.tax_type,
        start=row.bracket_start,
        end=row.bracket_end,
        rate=row.rate,
        to_account_id=AccountId(row.to_account_id),
    )


def _cycle(row: Any) -> TaxCycle:
    return TaxCycle(
        id=TaxCycleId(row.id),
        economy_id=EconomyId(row.economy_id),
        period=row.period,
        journal_watermark=row.journal_watermark,
        payments=row.payments,
        collected=row.collected,
        created_at=row.created_at,
    )


def insert_bracket(
    session: Session,
    *,
    economy_id: EconomyId,
    name: str,
    affected_type: AccountType,
    tax_type: TaxType,
    start: int,
    end: int | None,
    rate: int,
    to_account_id: AccountId,
) -> TaxBracketId:
    """Insert a tax bracket; return its id."""
    result = session.execute(
        insert(TaxBracketRow).values(
            economy_id=economy_id,
            name=name,
            affected_type=affected_type,
            tax_type=tax_type,
            bracket_start=start,
            bracket_end=end,
            rate=rate,
            to_account_id=to_account_id,
        )
    )
    return TaxBracketId(inserted_id(result))


def find_bracket(session: Session, *, economy_id: EconomyId, name: str) -> TaxBracket | None:
    """The bracket called ``name`` in ``economy_id``, or ``None``."""
    row = session.execute(
        select(TaxBracketRow.__table__).where(
            TaxBracketRow.economy_id == economy_id, TaxBracketRow.name == name
        )
    ).one_or_none()
    return None if row is None else _bracket(row)


def list_brackets(
    session: Session, *, economy_id: EconomyId, tax_type: TaxType | None = None
) -> list[TaxBracket]:
    """The brackets of ``economy_id`` (optionally of one tax type), by id."""
    statement = select(TaxBracketRow.__table__).where(TaxBracketRow.economy_id == economy_id)
    if tax_type is not None:
        statement = statement.where(TaxBracketRow.tax_type == tax_type)
    return [_bracket(row) for row in session.execute(statement.order_by(TaxBracketRow.id)).all()]


def list_brackets_collected_by(session: Session, *, account_id: AccountId) -> list[TaxBracket]:
    """The brackets whose revenue goes to ``account_id``."""
    rows = session.execute(
        select(TaxBracketRow.__table__).where(TaxBracketRow.to_account_id == account_id)
    ).all()
    return [_bracket(row) for row in rows]


def delete_bracket(session: Session, *, bracket_id: TaxBracketId) -> None:
    """Delete a bracket (its past journal legs keep its id)."""
    session.execute(delete(TaxBracketRow).where(TaxBracketRow.id == bracket_id))


def find_cycle(session: Session, *, economy_id: EconomyId, period: str) -> TaxCycle | None:
    """The cycle of ``period`` in ``economy_id``, or ``None``."""
    row = session.execute(
        select(TaxCycleRow.__table__).where(
            TaxCycleRow.economy_id == economy_id, TaxCycleRow.period == period
        )
    ).one_or_none()
    return None if row is None else _cycle(row)


def last_watermark(session: Session, *, economy_id: EconomyId) -> int:
    """The journal id up to which the last cycle of ``economy_id`` counted income (0: none)."""
    return (
        session.scalar(
            select(func.coalesce(func.max(TaxCycleRow.journal_watermark), 0)).where(
                TaxCycleRow.economy_id == economy_id
            )
        )
        or 0
    )


def insert_cycle(
    session: Session,
    *,
    economy_id: EconomyId,
    period: str,
    journal_watermark: int,
    actor_id: MemberId | None,
    now: datetime,
) -> TaxCycleId:
    """Insert the cycle row of ``period`` (unique per economy); return its id."""
    result = session.execute(
        insert(TaxCycleRow).values(
            economy_id=economy_id,
            period=period,
            journal_watermark=journal_watermark,
            payments=0,
            collected=0,
            actor_id=actor_id,
            created_at=now,
        )
    )
    return TaxCycleId(inserted_id(result))


def finish_cycle(session: Session, *, cycle_id: TaxCycleId) -> TaxCycle:
    """Store the cycle's count of payments and total from its journal legs; return it."""
    payments, collected = session.execute(
        select(func.count(), func.coalesce(func.sum(JournalRow.amount), 0)).where(
            JournalRow.tax_cycle_id == cycle_id
        )
    ).one()
    session.execute(
        update(TaxCycleRow)
        .where(TaxCycleRow.id == cycle_id)
        .values(payments=payments, collected=collected)
    )
    row = session.execute(select(TaxCycleRow.__table__).where(TaxCycleRow.id == cycle_id)).one()
    return _cycle(row)


# --- the set-based cycle ---------------------------------------------------------------------


def _greater(a: ColumnElement[Any], b: ColumnElement[Any] | int) -> ColumnElement[Any]:
    return case((a > b, a), else_=b)


def _lesser(a: ColumnElement[Any], b: Any) -> ColumnElement[Any]:
    return case((a < b, a), else_=b)


def _income(economy_id: EconomyId, since: int, until: int) -> Subquery:
    """Income (INCOME transfers received) per account in the journal ids ``(since, until]``."""
    return (
        select(
            JournalRow.to_account_id.label("account_id"),
            func.sum(JournalRow.amount).label("income"),
        )
        .where(
            JournalRow.economy_id == economy_id,
            JournalRow.id > since,
            JournalRow.id <= until,
            JournalRow.kind == EntryKind.TRANSFER,
            JournalRow.transaction_type == TransactionType.INCOME,
        )
        .group_by(JournalRow.to_account_id)
        .subquery("income")
    )


def assessment(
    economy_id: EconomyId, *, since: int, until: int, with_income: bool = True
) -> Subquery:
    """The tax lines of a cycle: ``account_id, bracket_id, to_account_id, tax_type, base, due,
    collected`` for every line with something collected.

    ``with_income`` ``False`` leaves out the income of the journal window (for economies without
    INCOME brackets, where it would be read for nothing).
    """
    a, b = AccountRow, TaxBracketRow
    income = _income(economy_id, since, until)
    amount: ColumnElement[Any] = a.balance
    if with_income:
        amount = case(
            (b.tax_type == TaxType.INCOME, func.coalesce(income.c.income, 0)), else_=a.balance
        )
    top = case((b.bracket_end.is_(None), amount), else_=_lesser(amount, b.bracket_end))
    marginal_slice = _greater(top - b.bracket_start, 0)
    in_flat_bracket = and_(
        a.balance > 0,
        a.balance >= b.bracket_start,
        or_(b.bracket_end.is_(None), a.balance < b.bracket_end),
    )
    base = case(
        (b.tax_type == TaxType.WEALTH_FLAT, case((in_flat_bracket, a.balance), else_=0)),
        else_=marginal_slice,
    )
    due = (base * b.rate) // RATE_SCALE
    joined = select(
        a.id.label("account_id"),
        b.id.label("bracket_id"),
        b.to_account_id.label("to_account_id"),
        b.tax_type.label("tax_type"),
        base.label("base"),
        due.label("due"),
        _greater(a.balance - a.min_balance, 0).label("available"),
    ).join_from(a, b, and_(b.economy_id == a.economy_id, b.affected_type == a.account_type))
    if with_income:
        joined = joined.outerjoin(income, income.c.account_id == a.id)
    lines = joined.where(
        a.economy_id == economy_id,
        a.closed_at.is_(None),
        a.is_issuance.is_(False),
        b.tax_type != TaxType.VAT,
        a.id != b.to_account_id,
        due > 0,
    ).subquery("lines")
    before = func.sum(lines.c.due).over(
        partition_by=lines.c.account_id, order_by=lines.c.bracket_id, rows=(None, -1)
    )
    remaining = _greater(lines.c.available - func.coalesce(before, 0), 0)
    settled = select(
        lines.c.account_id,
        lines.c.bracket_id,
        lines.c.to_account_id,
        lines.c.tax_type,
        lines.c.base,
        lines.c.due,
        _lesser(lines.c.due, remaining).label("collected"),
    ).subquery("settled")
    return select(settled).where(settled.c.collected > 0).subquery("assessment")


def preview_lines(
    session: Session, *, economy_id: EconomyId, since: int, until: int, with_income: bool
) -> list[TaxLine]:
    """The lines a cycle would collect now, by account then bracket."""
    lines = assessment(economy_id, since=since, until=until, with_income=with_income)
    rows = session.execute(select(lines).order_by(lines.c.account_id, lines.c.bracket_id)).all()
    return [
        TaxLine(
            account_id=AccountId(row.account_id),
            bracket_id=TaxBracketId(row.bracket_id),
            to_account_id=AccountId(row.to_account_id),
            base=int(row.base),
            due=int(row.due),
            collected=int(row.collected),
        )
        for row in rows
    ]


def journal_cycle(
    session: Session,
    *,
    economy_id: EconomyId,
    cycle_id: TaxCycleId,
    since: int,
    until: int,
    with_income: bool,
    actor_id: MemberId | None,
    now: datetime,
) -> None:
    """Write every line of the cycle as a TAX journal leg, in one ``INSERT ... SELECT``."""
    lines = assessment(economy_id, since=since, until=until, with_income=with_income)
    source = select(
        literal(economy_id).label("economy_id"),
        literal(EntryKind.TAX, ENTRY_KIND).label("kind"),
        lines.c.tax_type,
        lines.c.account_id,
        lines.c.to_account_id,
        lines.c.collected,
        literal(actor_id).label("actor_id"),
        lines.c.bracket_id,
        literal(cycle_id).label("tax_cycle_id"),
        literal(now, UtcDateTime()).label("created_at"),
    ).order_by(lines.c.account_id, lines.c.bracket_id)
    session.execute(
        insert(JournalRow).from_select(
            [
                JournalRow.economy_id,
                JournalRow.kind,
                JournalRow.tax_type,
                JournalRow.from_account_id,
                JournalRow.to_account_id,
                JournalRow.amount,
                JournalRow.actor_id,
                JournalRow.tax_bracket_id,
                JournalRow.tax_cycle_id,
                JournalRow.created_at,
            ],
            source,
        )
    )


def debit_cycle(session: Session, *, cycle_id: TaxCycleId) -> None:
    """Take each payer's journaled tax from its balance, in one relative set-based ``UPDATE``."""
    paid = (
        select(
            JournalRow.from_account_id.label("account_id"),
            func.sum(JournalRow.amount).label("total"),
        )
        .where(JournalRow.tax_cycle_id == cycle_id)
        .group_by(JournalRow.from_account_id)
        .subquery("paid")
    )
    session.execute(
        update(AccountRow)
        .where(AccountRow.id == paid.c.account_id)
        .values(balance=AccountRow.balance - paid.c.total)
    )


def revenue_of_cycle(session: Session, *, cycle_id: TaxCycleId) -> dict[AccountId, int]:
    """What each collecting account receives from the cycle's journal legs."""
    rows = session.execute(
        select(JournalRow.to_account_id, func.sum(JournalRow.amount))
        .where(JournalRow.tax_cycle_id == cycle_id)
        .group_by(JournalRow.to_account_id)
    ).all()
    return {AccountId(row[0]): int(row[1]) for row in rows}


__all__ = [
    "assessment",
    "debit_cycle",
    "delete_bracket",
    "find_bracket",
    "find_cycle",
    "finish_cycle",
    "insert_bracket",
    "insert_cycle",
    "journal_cycle",
    "last_watermark",
    "list_brackets",
    "list_brackets_collected_by",
    "preview_lines",
    "revenue_of_cycle",
]
