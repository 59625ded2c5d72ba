"""All SQL of tax brackets and tax cycles, including the set-based cycle itself.

The preview reads the cycle's :func:`~communitybot.db.brokers.economy.tax_assessment.assessment`
(one SELECT); the run inserts it into the journal with one ``INSERT ... SELECT`` and debits the
payers from those journal legs with one set-based ``UPDATE``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, literal, select, text, update
from sqlalchemy.orm import Session

from communitybot.core.economy import AccountType, EntryKind, TaxBracket, TaxCycle, TaxLine, TaxType
from communitybot.core.ids import AccountId, EconomyId, MemberId, TaxBracketId, TaxCycleId
from communitybot.db.brokers.economy._util import find_row, insert_id, record
from communitybot.db.brokers.economy.tax_assessment import LateRows, assessment
from communitybot.db.brokers.guards import write_guards
from communitybot.db.models.economy import (
    ENTRY_KIND,
    AccountRow,
    JournalRow,
    TaxBracketRow,
    TaxCycleRow,
    UtcDateTime,
)


def _bracket(row: Any) -> TaxBracket:
    return record(TaxBracket, row, start=row.bracket_start, end=row.bracket_end)


def _cycle(row: Any) -> TaxCycle:
    return record(TaxCycle, row)


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
    return insert_id(
        session,
        TaxBracketId,
        TaxBracketRow,
        economy_id=economy_id,
        name=name,
        affected_type=affected_type,
        tax_type=tax_type,
        bracket_start=start,
        bracket_end=end,
        rate=rate,
        to_account_id=to_account_id,
    )


def find_bracket(session: Session, *, economy_id: EconomyId, name: str) -> TaxBracket | None:
    """The bracket called ``name`` in ``economy_id``, or ``None``."""
    return find_row(
        session,
        select(TaxBracketRow.__table__).where(
            TaxBracketRow.economy_id == economy_id, TaxBracketRow.name == name
        ),
        _bracket,
    )


def guard_brackets(session: Session, *, economy_id: EconomyId) -> None:
    """Write the guard row of the economy's brackets before reading them to add one: the overlap
    check rests on rows the new bracket does not change, so two created on two nodes of a
    cluster at once must conflict at commit."""
    write_guards(session, [f"tax_brackets:{economy_id}"])


def list_brackets(
    session: Session, *, economy_id: EconomyId | None, tax_type: TaxType | None = None
) -> list[TaxBracket]:
    """The brackets of ``economy_id`` (of every economy when ``None``; optionally of one tax
    type), by id."""
    statement = select(TaxBracketRow.__table__)
    if economy_id is not None:
        statement = statement.where(TaxBracketRow.economy_id == economy_id)
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
    return find_row(
        session,
        select(TaxCycleRow.__table__).where(
            TaxCycleRow.economy_id == economy_id, TaxCycleRow.period == period
        ),
        _cycle,
    )


def ids_interleave(session: Session) -> bool:
    """Whether new ids of this server may be committed out of order with other servers' ids:
    several writers hand out interleaved auto-increment ids (``auto_increment_increment`` above
    1, as on Galera and Group Replication multi-primary), so a row can commit after a row with a
    higher id was read."""
    if session.get_bind().dialect.name not in ("mysql", "mariadb"):
        return False
    return int(session.scalar(text("SELECT @@auto_increment_increment")) or 1) > 1


def last_cycle(session: Session, *, economy_id: EconomyId) -> TaxCycle | None:
    """The cycle of ``economy_id`` that counted income furthest (highest watermark), or None."""
    return find_row(
        session,
        select(TaxCycleRow.__table__)
        .where(TaxCycleRow.economy_id == economy_id)
        .order_by(TaxCycleRow.journal_watermark.desc(), TaxCycleRow.id.desc())
        .limit(1),
        _cycle,
    )


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
    return insert_id(
        session,
        TaxCycleId,
        TaxCycleRow,
        economy_id=economy_id,
        period=period,
        journal_watermark=journal_watermark,
        payments=0,
        collected=0,
        actor_id=actor_id,
        created_at=now,
    )


def finish_cycle(
    session: Session, *, cycle_id: TaxCycleId, payments: int, collected: int
) -> TaxCycle:
    """Store the cycle's count of payments and total; return the cycle."""
    session.execute(
        update(TaxCycleRow)
        .where(TaxCycleRow.id == cycle_id)
        .values(payments=payments, collected=collected)
    )
    row = session.execute(select(TaxCycleRow.__table__).where(TaxCycleRow.id == cycle_id)).one()
    return _cycle(row)


# --- the set-based cycle ---------------------------------------------------------------------
#
# The brackets of an economy are few and loaded first, so each one becomes plain column
# arithmetic over the accounts of its type: one SELECT per bracket (UNION ALL), no join with the
# bracket table and no window. What a bracket may still collect from an account is what the
# account has above its limit minus what the brackets before it (by id) are due, which is the
# greedy settlement of :func:`communitybot.core.economy.assess_account`.


def preview_lines(
    session: Session,
    *,
    economy_id: EconomyId,
    brackets: Sequence[TaxBracket],
    since: int,
    until: int,
    late: LateRows | None = None,
) -> list[TaxLine]:
    """The lines a cycle would settle now, by account then bracket."""
    lines = assessment(economy_id, brackets, since=since, until=until, late=late)
    if lines is None:
        return []
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
    brackets: Sequence[TaxBracket],
    cycle_id: TaxCycleId,
    since: int,
    until: int,
    actor_id: MemberId | None,
    now: datetime,
    late: LateRows | None = None,
) -> None:
    """Write every line that collects something as a TAX journal leg: one ``INSERT ... SELECT``."""
    lines = assessment(economy_id, brackets, since=since, until=until, late=late)
    if lines is None:
        return
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
    ).where(lines.c.collected > 0)
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
    """Take each payer's journaled tax from its balance: one relative set-based ``UPDATE``.

    Derived from the cycle's journal legs, so balances and journal agree by construction.
    """
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
        .execution_options(synchronize_session=False)
    )


def cycle_revenue(session: Session, *, cycle_id: TaxCycleId) -> dict[AccountId, tuple[int, int]]:
    """For each collecting account: how many legs of the cycle pay it, and how much."""
    rows = session.execute(
        select(JournalRow.to_account_id, func.count(), func.sum(JournalRow.amount))
        .where(JournalRow.tax_cycle_id == cycle_id)
        .group_by(JournalRow.to_account_id)
    ).all()
    return {AccountId(row[0]): (int(row[1]), int(row[2])) for row in rows}


__all__ = [
    "LateRows",
    "cycle_revenue",
    "debit_cycle",
    "delete_bracket",
    "find_bracket",
    "find_cycle",
    "finish_cycle",
    "guard_brackets",
    "ids_interleave",
    "insert_bracket",
    "insert_cycle",
    "journal_cycle",
    "last_cycle",
    "last_watermark",
    "list_brackets",
    "list_brackets_collected_by",
    "preview_lines",
]
