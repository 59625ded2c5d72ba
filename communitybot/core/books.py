"""The books of a member: monthly statements and the balance over time (pure, no database).

A :class:`Month` is read from what people type (``2026-11``, the digits 0-9 only) and spans its
first instant to the next month's first instant in a time zone. :func:`build_statement` turns an
opening balance and the movements of the period into a :class:`Statement` with a running
balance; :func:`balance_series` turns a journal into the points a chart plots. Both are checked
against the journal by the tests.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from communitybot.core.community import UserSummary
from communitybot.core.errors import InvalidMonth
from communitybot.core.ids import TransactionId
from communitybot.core.money import format_cents
from communitybot.core.text import DIGITS, has_foreign_digits

FIRST_YEAR = 1970
"""Earliest year a statement may name (``TIMESTAMP`` starts there)."""

LAST_YEAR = 2037
"""Latest year a statement may name (``TIMESTAMP`` ends in January 2038)."""


def zone_of(name: str) -> tzinfo:
    """The time zone called ``name`` (IANA, e.g. ``Europe/Berlin``); ``ValueError`` when unknown."""
    if name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        msg = f"unknown time zone {name!r}"
        raise ValueError(msg) from error


@dataclass(frozen=True, slots=True, order=True)
class Month:
    """A calendar month: ``2026-11``."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        """Read ``YYYY-MM`` (the digits 0-9 only). :class:`InvalidMonth` with ``reason``
        ``foreign_digits``, ``format`` or ``range``."""
        cleaned = text.strip()
        if has_foreign_digits(cleaned):
            raise InvalidMonth(text=text, reason="foreign_digits")
        year_text, dash, month_text = cleaned.partition("-")
        digits_only = all(c in DIGITS for c in year_text + month_text)
        if not dash or len(year_text) != 4 or len(month_text) not in (1, 2) or not digits_only:
            raise InvalidMonth(text=text, reason="format")
        year, month = int(year_text), int(month_text)
        if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
            raise InvalidMonth(text=text, reason="range")
        return cls(year, month)

    @classmethod
    def of(cls, moment: datetime) -> Month:
        """The month ``moment`` lies in (in ``moment``'s own zone)."""
        return cls(moment.year, moment.month)

    @property
    def previous(self) -> Month:
        """The month before."""
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    @property
    def next(self) -> Month:
        """The month after."""
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    def start(self, zone: tzinfo) -> datetime:
        """Its first instant in ``zone``."""
        return datetime(self.year, self.month, 1, tzinfo=zone)

    def end(self, zone: tzinfo) -> datetime:
        """The first instant of the next month in ``zone`` (not part of this month)."""
        return self.next.start(zone)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True, slots=True)
class Movement:
    """One journal row from one member's view: ``amount`` positive when received, with the
    other party and the stored reason; ``registered`` is timezone-aware."""

    transaction_id: TransactionId
    registered: datetime
    amount: int
    counterpart: UserSummary
    reason: str | None


@dataclass(frozen=True, slots=True)
class StatementLine:
    """A movement of a statement with the balance right after it."""

    movement: Movement
    balance: int


@dataclass(frozen=True, slots=True)
class Statement:
    """A member's statement for ``month``: the balance at its start, every movement in it
    (oldest first, each with the running balance) and the balance at its end."""

    member: UserSummary
    month: Month
    zone: str
    opening: int
    lines: tuple[StatementLine, ...]

    @property
    def closing(self) -> int:
        """The balance at the end of the month."""
        return self.lines[-1].balance if self.lines else self.opening

    @property
    def received(self) -> int:
        """What came in during the month."""
        return sum(line.movement.amount for line in self.lines if line.movement.amount > 0)

    @property
    def paid(self) -> int:
        """What went out during the month (a positive number)."""
        return -sum(line.movement.amount for line in self.lines if line.movement.amount < 0)


def build_statement(
    member: UserSummary,
    month: Month,
    zone: str,
    *,
    opening: int,
    movements: Iterable[Movement],
) -> Statement:
    """The statement from the opening balance and the month's movements (sorted here by id)."""
    balance = opening
    lines: list[StatementLine] = []
    for movement in sorted(movements, key=lambda m: m.transaction_id):
        balance += movement.amount
        lines.append(StatementLine(movement=movement, balance=balance))
    return Statement(member=member, month=month, zone=zone, opening=opening, lines=tuple(lines))


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    """The balance right after a movement at ``at``."""

    at: datetime
    balance: int


@dataclass(frozen=True, slots=True)
class BalanceSeries:
    """One line of a chart: whose balance (``label``, a catalogue key's subject or a name) and
    its points, oldest first; ``start`` is the balance before the first point."""

    label: str
    points: tuple[SeriesPoint, ...]
    start: int = 0

    @property
    def final(self) -> int:
        """The balance after the last point."""
        return self.points[-1].balance if self.points else self.start


def balance_series(
    label: str, deltas: Sequence[tuple[datetime, int]], *, start: int = 0
) -> BalanceSeries:
    """The running balance over ``deltas`` (time and signed amount, in journal order)."""
    balance = start
    points: list[SeriesPoint] = []
    for at, delta in deltas:
        balance += delta
        points.append(SeriesPoint(at=at, balance=balance))
    return BalanceSeries(label=label, points=tuple(points), start=start)


STATEMENT_FIELDS = (
    "member_id",
    "member",
    "month",
    "zone",
    "row",
    "registered",
    "transaction_id",
    "counterpart_id",
    "counterpart",
    "reason",
    "amount",
    "balance",
)
"""The columns of a statement in CSV: per member an ``opening`` row, one ``movement`` row per
journal row and a ``closing`` row; amounts and balances in euros (``-4.50``), times in ISO 8601
with their offset in the statement's zone."""


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(text: str) -> str:
    """A text typed by people made safe for a spreadsheet: one that would start a formula
    (``=``, ``+``, ``-``, ``@``, a tab or carriage return) gets a leading apostrophe."""
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def statement_rows(statement: Statement, zone: tzinfo) -> list[tuple[object, ...]]:
    """The CSV rows of one statement (see :data:`STATEMENT_FIELDS`); names and reasons pass
    :func:`text_cell`."""
    member, month = statement.member, str(statement.month)
    head = (member.id, text_cell(member.name), month, statement.zone)

    def euros(cents: int) -> str:
        return format_cents(cents, "")

    rows: list[tuple[object, ...]] = [
        (
            *head,
            "opening",
            statement.month.start(zone).isoformat(),
            "",
            "",
            "",
            "",
            "",
            euros(statement.opening),
        ),
    ]
    for line in statement.lines:
        m = line.movement
        rows.append(
            (
                *head,
                "movement",
                m.registered.isoformat(),
                m.transaction_id,
                m.counterpart.id,
                text_cell(m.counterpart.name),
                text_cell(m.reason or ""),
                euros(m.amount),
                euros(line.balance),
            )
        )
    rows.append(
        (
            *head,
            "closing",
            statement.month.end(zone).isoformat(),
            "",
            "",
            "",
            "",
            euros(statement.closing - statement.opening),
            euros(statement.closing),
        )
    )
    return rows


def statements_csv(statements: Iterable[Statement], zone: tzinfo) -> str:
    """Statements as one CSV text with a header row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(STATEMENT_FIELDS)
    for statement in statements:
        writer.writerows(statement_rows(statement, zone))
    return buffer.getvalue()


__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "STATEMENT_FIELDS",
    "BalanceSeries",
    "Month",
    "Movement",
    "SeriesPoint",
    "Statement",
    "StatementLine",
    "balance_series",
    "build_statement",
    "statement_rows",
    "statements_csv",
    "text_cell",
    "zone_of",
]
