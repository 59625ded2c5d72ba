"""All SQL of the books: a member's movements in a period, opening balances, the deltas a chart
plots, and the members' own choices (notifications turned off, reminders sent).

Journal times are read as Unix seconds (``UNIX_TIMESTAMP(registered)``): a ``TIMESTAMP`` holds
an instant, and reading it so does not depend on the session's time zone. The period bounds are
compared the same way, so a month is cut at the instant the caller's zone begins it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Integer,
    bindparam,
    delete,
    func,
    insert,
    select,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from communitybot.core.books import Movement
from communitybot.core.community import UserSummary
from communitybot.core.ids import TransactionId, UserId
from communitybot.db.brokers.economy._util import affected, insert_ignore
from communitybot.db.brokers.transactions import user_sides, with_counterpart
from communitybot.db.models.community import JOURNAL
from communitybot.db.models.prefs import NoticeOptOutRow, StatementReminderRow


class _epoch(FunctionElement[int]):  # noqa: N801 - an SQL function, named like one
    """``UNIX_TIMESTAMP(x)``: the Unix seconds of a ``TIMESTAMP`` column."""

    type = Integer()
    inherit_cache = True
    name = "epoch"


@compiles(_epoch)
def _epoch_default(element: _epoch, compiler: SQLCompiler, **kw: Any) -> str:
    return f"UNIX_TIMESTAMP({compiler.process(element.clauses, **kw)})"


@compiles(_epoch, "sqlite")
def _epoch_sqlite(element: _epoch, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST(strftime('%s', {compiler.process(element.clauses, **kw)}) AS INTEGER)"


_AT = _epoch(JOURNAL.c.registered)


def at_instant(seconds: int | float) -> datetime:
    """The aware UTC instant of Unix ``seconds``."""
    return datetime.fromtimestamp(int(seconds), UTC)


def database_instant(session: Session) -> datetime:
    """The database's current time as an aware UTC instant (the clock the journal's
    ``registered`` comes from)."""
    return at_instant(int(session.scalar(select(_epoch(func.current_timestamp()))) or 0))


def _seconds(moment: datetime) -> int:
    return int(moment.timestamp())


def _mine_statement(*, bounded: bool) -> Any:
    """The user's journal rows from its view (received positive) with the counterpart; the
    rows sent and the rows received (not sent: a row to oneself is sent) each read from their
    own index, like ``/history``."""
    window = (bindparam("start") <= _AT, bindparam("end") > _AT) if bounded else ()
    sides = [side.where(*window) for side in user_sides(_AT.label("at"))]
    return union_all(*sides).subquery("mine")


def _movements_statement() -> Any:
    mine = _mine_statement(bounded=True)
    return with_counterpart(mine, "at").order_by(mine.c.id)


def _deltas_statement() -> Any:
    mine = _mine_statement(bounded=False)
    return select(mine.c.at, mine.c.amount, mine.c.other).order_by(mine.c.id)


_MOVEMENTS = _movements_statement()
_DELTAS = _deltas_statement()


def _movement(row: Sequence[Any], user_id: int) -> Movement:
    row_id, at, amount, reason, other_id, name, username = row
    return Movement(
        transaction_id=TransactionId(row_id),
        registered=at_instant(at),
        amount=0 if other_id == user_id else int(amount),  # a row to oneself changes nothing
        counterpart=UserSummary(id=UserId(other_id), name=name, username=username),
        reason=reason,
    )


def list_movements(
    session: Session, *, user_id: int, start: datetime, end: datetime
) -> list[Movement]:
    """The user's journal rows registered from ``start`` to before ``end``, by id."""
    params = {"user_id": user_id, "start": _seconds(start), "end": _seconds(end)}
    return [_movement(row, user_id) for row in session.execute(_MOVEMENTS, params).all()]


def balance_before(session: Session, *, user_id: int, before: datetime) -> int:
    """The user's balance from the journal rows registered before ``before``."""
    early = _seconds(before) > _AT
    received = select(func.coalesce(func.sum(JOURNAL.c.amount), 0)).where(
        JOURNAL.c.receiver == user_id, early
    )
    sent = select(func.coalesce(func.sum(JOURNAL.c.amount), 0)).where(
        JOURNAL.c.sender == user_id, early
    )
    return int(session.scalar(received) or 0) - int(session.scalar(sent) or 0)


def balances_before(session: Session, *, before: datetime) -> dict[int, int]:
    """Every user's balance from the journal rows registered before ``before`` (users without
    such rows are absent)."""
    early = _seconds(before) > _AT
    sums: dict[int, int] = {}
    for column, sign in ((JOURNAL.c.receiver, 1), (JOURNAL.c.sender, -1)):
        rows = session.execute(
            select(column, func.sum(JOURNAL.c.amount)).where(early).group_by(column)
        )
        for user_id, total in rows:
            sums[int(user_id)] = sums.get(int(user_id), 0) + sign * int(total)
    return sums


def list_period_rows(
    session: Session, *, start: datetime, end: datetime
) -> list[tuple[int, datetime, int, int, int, str | None]]:
    """Every journal row registered from ``start`` to before ``end``, by id: id, time, sender,
    receiver, amount, reason."""
    rows = session.execute(
        select(
            JOURNAL.c.id,
            _AT,
            JOURNAL.c.sender,
            JOURNAL.c.receiver,
            JOURNAL.c.amount,
            JOURNAL.c.reason,
        )
        .where(_seconds(start) <= _AT, _seconds(end) > _AT)
        .order_by(JOURNAL.c.id)
    )
    return [
        (int(i), at_instant(at), int(s), int(r), int(a), reason) for i, at, s, r, a, reason in rows
    ]


def list_deltas(session: Session, *, user_id: int) -> list[tuple[datetime, int]]:
    """The user's whole journal as (time, signed amount), by id (what a chart plots); a row to
    oneself (older software wrote some) counts 0, as in the balance."""
    rows = session.execute(_DELTAS, {"user_id": user_id}).all()
    return [(at_instant(at), 0 if other == user_id else int(a)) for at, a, other in rows]


# --- notifications turned off ----------------------------------------------------------------


def list_opted_out(
    session: Session, *, user_ids: Collection[int], kinds: Collection[str] | None = None
) -> set[tuple[int, str]]:
    """Which of ``user_ids`` turned which kinds (of ``kinds``, or any) off: (user id, kind)
    pairs."""
    if not user_ids:
        return set()
    query = select(NoticeOptOutRow.user_id, NoticeOptOutRow.kind).where(
        NoticeOptOutRow.user_id.in_(sorted(set(user_ids)))
    )
    if kinds is not None:
        query = query.where(NoticeOptOutRow.kind.in_(sorted(set(kinds))))
    rows = session.execute(query)
    return {(int(user_id), str(kind)) for user_id, kind in rows}


def opt_out(session: Session, *, user_id: int, kind: str, now: datetime) -> bool:
    """Turn ``kind`` off for the user; ``False`` when it was off already."""
    statement = insert_ignore(NoticeOptOutRow).values(user_id=user_id, kind=kind, created_at=now)
    return affected(session.execute(statement)) == 1


def opt_in(session: Session, *, user_id: int, kind: str) -> bool:
    """Turn ``kind`` on again; ``False`` when it was on."""
    result = session.execute(
        delete(NoticeOptOutRow).where(
            NoticeOptOutRow.user_id == user_id, NoticeOptOutRow.kind == kind
        )
    )
    return affected(result) == 1


# --- reminders --------------------------------------------------------------------------------


def list_reminded(session: Session, *, period: str) -> set[int]:
    """The users reminded for ``period`` already."""
    rows = session.scalars(
        select(StatementReminderRow.user_id).where(StatementReminderRow.period == period)
    )
    return {int(user_id) for user_id in rows}


def add_reminders(
    session: Session, *, period: str, balances: dict[int, int], now: datetime
) -> None:
    """Record that the users in ``balances`` are reminded for ``period`` (at these balances).

    The primary key (user, period) holds at most one reminder per member and month: a second
    run at the same time (one bot runs the reminders) fails on it instead of reminding twice.
    """
    if balances:
        session.execute(
            insert(StatementReminderRow),
            [
                {"user_id": user_id, "period": period, "balance": balance, "sent_at": now}
                for user_id, balance in sorted(balances.items())
            ],
        )


__all__ = [
    "add_reminders",
    "at_instant",
    "balance_before",
    "balances_before",
    "database_instant",
    "list_deltas",
    "list_movements",
    "list_opted_out",
    "list_period_rows",
    "list_reminded",
    "opt_in",
    "opt_out",
]
