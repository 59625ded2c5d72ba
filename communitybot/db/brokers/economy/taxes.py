"""All SQL of tax brackets and tax cycles, including the set-based cycle itself.

The preview reads the cycle's :func:`~communitybot.db.brokers.economy.tax_assessment.assessment`
(one SELECT); each chunk of a run inserts the chunk's lines that collect something into the
journal with one ``INSERT ... SELECT`` of the assessment's
:func:`~communitybot.db.brokers.economy.tax_assessment.parts` and debits the payers from those
journal legs with one set-based ``UPDATE``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVarTuple

from sqlalchemy import Select, delete, func, insert, literal, select, text, union_all, update
from sqlalchemy.orm import Session

from communitybot.core.economy import AccountType, EntryKind, TaxBracket, TaxCycle, TaxLine, TaxType
from communitybot.core.ids import AccountId, EconomyId, MemberId, TaxBracketId, TaxCycleId
from communitybot.db.brokers.economy._util import find_row, insert_id, record
from communitybot.db.brokers.economy.tax_assessment import AccountRange, LateRows, assessment, parts
from communitybot.db.brokers.guards import write_guards
from communitybot.db.models.economy import (
    ENTRY_KIND,
    TAX_TYPE,
    AccountRow,
    JournalRow,
    TaxBracketRow,
    TaxCycleRow,
    UtcDateTime,
)

Ts = TypeVarTuple("Ts")


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


def guard_cycles(session: Session, *, economy_id: EconomyId) -> None:
    """Write the guard row of the economy's tax cycles before deciding whether to open one: only
    one cycle may be open at a time, so two opened at once must conflict (on a cluster) or wait
    for each other (on one server)."""
    write_guards(session, [f"tax_cycles:{economy_id}"])


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
    income_since: int,
    journal_watermark: int,
    late: LateRows | None,
    actor_id: MemberId | None,
    now: datetime,
) -> TaxCycle:
    """Insert the open cycle of ``period`` (unique per economy), counting income in the journal
    ids ``(income_since, journal_watermark]`` (or the rows ``late`` says); return it."""
    cycle_id = insert_id(
        session,
        TaxCycleId,
        TaxCycleRow,
        economy_id=economy_id,
        period=period,
        income_since=income_since,
        journal_watermark=journal_watermark,
        late_since=None if late is None else late.since,
        late_until=None if late is None else late.until,
        payments=0,
        collected=0,
        actor_id=actor_id,
        created_at=now,
    )
    return _cycle(session.execute(_cycle_row(cycle_id)).one())


def _cycle_row(cycle_id: TaxCycleId) -> Any:
    return select(TaxCycleRow.__table__).where(TaxCycleRow.id == cycle_id)


def find_unfinished(session: Session, *, economy_id: EconomyId) -> TaxCycle | None:
    """The cycle of ``economy_id`` that has not finished yet (there is at most one), or None."""
    return find_row(
        session,
        select(TaxCycleRow.__table__)
        .where(TaxCycleRow.economy_id == economy_id, TaxCycleRow.finished_at.is_(None))
        .order_by(TaxCycleRow.id)
        .limit(1),
        _cycle,
    )


@dataclass(frozen=True, slots=True)
class CycleProgress:
    """An open cycle as its next chunk needs it: what it counts and how far it got."""

    cycle: TaxCycle
    income_since: int
    late: LateRows | None
    accounts_through: int


def lock_cycle(session: Session, *, cycle_id: TaxCycleId) -> CycleProgress:
    """Lock the cycle's row ``FOR UPDATE`` (two chunks of one cycle never run at once; on a
    cluster the chunk's update of the row makes two of them conflict) and read its progress."""
    row = session.execute(_cycle_row(cycle_id).with_for_update()).one()
    late = None if row.late_until is None else LateRows(since=row.late_since, until=row.late_until)
    return CycleProgress(
        cycle=_cycle(row),
        income_since=row.income_since,
        late=late,
        accounts_through=row.accounts_through,
    )


def advance_cycle(
    session: Session,
    *,
    cycle_id: TaxCycleId,
    accounts_through: int,
    payments: int,
    collected: int,
    finished_at: datetime | None,
) -> TaxCycle:
    """Record a chunk: the accounts up to ``accounts_through`` are assessed, ``payments`` legs
    collected ``collected`` more; ``finished_at`` ends the cycle. Return the cycle."""
    session.execute(
        update(TaxCycleRow)
        .where(TaxCycleRow.id == cycle_id)
        .values(
            accounts_through=accounts_through,
            payments=TaxCycleRow.payments + payments,
            collected=TaxCycleRow.collected + collected,
            finished_at=finished_at,
        )
    )
    return _cycle(session.execute(_cycle_row(cycle_id)).one())


def journal_end(session: Session) -> int:
    """The highest id in the journal now (0: none). Legs a chunk writes after reading it get
    higher ids (every server's auto-increment counter is past the ids it has seen), so a chunk
    finds its own legs as the cycle's legs above this id (:func:`chunk_legs`)."""
    return session.scalar(select(func.coalesce(func.max(JournalRow.id), 0))) or 0


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
    progress: CycleProgress,
    accounts: AccountRange,
    actor_id: MemberId | None,
    now: datetime,
) -> None:
    """Write every line of ``accounts`` that collects something as a TAX journal leg of the
    cycle: one ``INSERT ... SELECT`` of one ``SELECT`` per bracket (``UNION ALL``) that computes
    only what the legs hold, straight into the journal (no derived table in between)."""
    legs = [
        part.select(
            literal(economy_id),
            literal(EntryKind.TAX, ENTRY_KIND),
            literal(part.bracket.tax_type, TAX_TYPE),
            AccountRow.id,
            literal(part.bracket.to_account_id),
            part.collected,
            literal(actor_id),
            literal(part.bracket.id),
            literal(progress.cycle.id),
            literal(now, UtcDateTime()),
            collecting=True,
        )
        for part in parts(
            economy_id,
            brackets,
            since=progress.income_since,
            until=progress.cycle.journal_watermark,
            late=progress.late,
            accounts=accounts,
        )
    ]
    if not legs:
        return
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
            union_all(*legs) if len(legs) > 1 else legs[0],
        )
    )


_BY_ID = "FORCE INDEX (PRIMARY)"


def chunk_legs(statement: Select[*Ts], cycle_id: TaxCycleId, after_id: int) -> Select[*Ts]:
    """``statement`` (over the journal) kept to the legs of one chunk of the cycle: its legs
    above ``after_id`` (:func:`journal_end` before the chunk wrote any).

    On MySQL/MariaDB they are read along the primary key: they are the newest rows, so the range
    above ``after_id`` holds them and little else, while the ``tax_cycle_id`` index that the
    optimizer picks on its own fetches each leg's row apart (several times slower for a chunk of
    100,000 accounts).
    """
    return (
        statement.where(JournalRow.tax_cycle_id == cycle_id, JournalRow.id > after_id)
        .with_hint(JournalRow, _BY_ID, dialect_name="mysql")
        .with_hint(JournalRow, _BY_ID, dialect_name="mariadb")
    )


def debit_cycle(session: Session, *, cycle_id: TaxCycleId, after_id: int) -> None:
    """Take each payer's journaled tax of the chunk (see :func:`chunk_legs`) from its balance:
    one relative set-based ``UPDATE``.

    Derived from the chunk's journal legs, so balances and journal agree by construction.
    """
    paid = (
        chunk_legs(
            select(
                JournalRow.from_account_id.label("account_id"),
                func.sum(JournalRow.amount).label("total"),
            ),
            cycle_id,
            after_id,
        )
        .group_by(JournalRow.from_account_id)
        .subquery("paid")
    )
    session.execute(
        update(AccountRow)
        .where(AccountRow.id == paid.c.account_id)
        .values(balance=AccountRow.balance - paid.c.total)
        .execution_options(synchronize_session=False)
    )


def cycle_revenue(
    session: Session, *, cycle_id: TaxCycleId, after_id: int
) -> dict[AccountId, tuple[int, int]]:
    """For each collecting account: how many legs of the chunk pay it, and how much."""
    rows = session.execute(
        chunk_legs(
            select(JournalRow.to_account_id, func.count(), func.sum(JournalRow.amount)),
            cycle_id,
            after_id,
        ).group_by(JournalRow.to_account_id)
    ).all()
    return {AccountId(row[0]): (int(row[1]), int(row[2])) for row in rows}


__all__ = [
    "AccountRange",
    "CycleProgress",
    "LateRows",
    "advance_cycle",
    "chunk_legs",
    "cycle_revenue",
    "debit_cycle",
    "delete_bracket",
    "find_bracket",
    "find_cycle",
    "find_unfinished",
    "guard_brackets",
    "guard_cycles",
    "ids_interleave",
    "insert_bracket",
    "insert_cycle",
    "journal_cycle",
    "journal_end",
    "last_cycle",
    "last_watermark",
    "list_brackets",
    "list_brackets_collected_by",
    "lock_cycle",
    "preview_lines",
]
