"""Statements and balance series as pure functions: months typed by people, running balances,
the CSV of a statement."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from communitybot.core.books import (
    STATEMENT_FIELDS,
    Month,
    Movement,
    balance_series,
    build_statement,
    statements_csv,
    text_cell,
    zone_of,
)
from communitybot.core.community import UserSummary
from communitybot.core.errors import InvalidInput, InvalidMonth
from communitybot.core.ids import TransactionId, UserId

ALICE = UserSummary(id=UserId(5), name="Alice", username="alice")
BOB = UserSummary(id=UserId(6), name="=HYPERLINK(evil)", username=None)
BERLIN = zone_of("Europe/Berlin")


@pytest.mark.parametrize(
    ("text", "month"),
    [("2026-11", Month(2026, 11)), (" 2026-1 ", Month(2026, 1)), ("1970-01", Month(1970, 1))],
)
def test_a_month_is_read_from_ascii_digits(text: str, month: Month) -> None:
    assert Month.parse(text) == month
    assert str(Month(2026, 1)) == "2026-01"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("٢٠٢٦-١١", "foreign_digits"),  # Arabic-Indic digits
        ("２０２６-１１", "foreign_digits"),  # full-width digits
        ("2026/11", "format"),
        ("11-2026", "format"),
        ("2026-", "format"),
        ("2026-+1", "format"),
        ("2026-013", "format"),
        ("", "format"),
        ("2026-13", "range"),
        ("2026-00", "range"),
        ("1969-12", "range"),
        ("2038-01", "range"),
    ],
)
def test_a_month_that_is_not_one_is_refused_with_its_reason(text: str, reason: str) -> None:
    with pytest.raises(InvalidMonth) as caught:
        Month.parse(text)
    assert caught.value.reason == reason
    assert isinstance(caught.value, InvalidInput)


def test_months_know_their_neighbours_and_bounds_in_a_zone() -> None:
    assert Month(2026, 12).next == Month(2027, 1)
    assert Month(2026, 1).previous == Month(2025, 12)
    start, end = Month(2026, 11).start(BERLIN), Month(2026, 11).end(BERLIN)
    assert start.astimezone(UTC) == datetime(2026, 10, 31, 23, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2026, 11, 30, 23, 0, tzinfo=UTC)
    assert Month(2026, 7).start(BERLIN).utcoffset() == timedelta(hours=2)  # summer time
    with pytest.raises(ValueError, match="unknown time zone"):
        zone_of("Mars/Olympus")
    assert zone_of("utc") is UTC


def _movement(tx: int, amount: int, day: int, other: UserSummary = BOB) -> Movement:
    return Movement(
        transaction_id=TransactionId(tx),
        registered=datetime(2026, 11, day, 12, tzinfo=BERLIN),
        amount=amount,
        counterpart=other,
        reason="send: pizza",
    )


def test_a_statement_runs_its_balance_in_journal_order() -> None:
    statement = build_statement(
        ALICE,
        Month(2026, 11),
        "Europe/Berlin",
        opening=-300,
        movements=[_movement(9, 200, 5), _movement(7, -450, 3), _movement(8, 1000, 4)],
    )
    assert [line.movement.transaction_id for line in statement.lines] == [7, 8, 9]
    assert [line.balance for line in statement.lines] == [-750, 250, 450]
    assert (statement.opening, statement.closing) == (-300, 450)
    assert (statement.received, statement.paid) == (1200, 450)
    empty = build_statement(ALICE, Month(2026, 11), "UTC", opening=120, movements=[])
    assert (empty.closing, empty.lines) == (120, ())


@given(st.integers(-100_000, 100_000), st.lists(st.integers(-5000, 5000), max_size=30))
def test_the_closing_balance_is_the_opening_plus_every_movement(
    opening: int, amounts: list[int]
) -> None:
    moves = [_movement(i + 1, a, 1 + i % 28) for i, a in enumerate(amounts)]
    statement = build_statement(ALICE, Month(2026, 11), "UTC", opening=opening, movements=moves)
    assert statement.closing == opening + sum(amounts)
    assert statement.closing - statement.opening == statement.received - statement.paid


def test_the_csv_has_euros_names_running_balances_and_zoned_times() -> None:
    statement = build_statement(
        ALICE, Month(2026, 11), "Europe/Berlin", opening=-300, movements=[_movement(7, -450, 3)]
    )
    rows = list(csv.DictReader(io.StringIO(statements_csv([statement], BERLIN))))
    assert list(rows[0]) == list(STATEMENT_FIELDS)
    assert [r["row"] for r in rows] == ["opening", "movement", "closing"]
    assert rows[0]["registered"] == "2026-11-01T00:00:00+01:00"
    assert rows[0]["balance"] == "-3.00"
    assert rows[1]["registered"] == "2026-11-03T12:00:00+01:00"
    assert (rows[1]["amount"], rows[1]["balance"]) == ("-4.50", "-7.50")
    assert rows[1]["counterpart"] == "'=HYPERLINK(evil)"  # no formula in a spreadsheet
    assert (rows[1]["member"], rows[1]["reason"]) == ("Alice", "send: pizza")
    assert rows[2]["registered"] == "2026-12-01T00:00:00+01:00"
    assert (rows[2]["amount"], rows[2]["balance"]) == ("-4.50", "-7.50")


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_would_start_a_formula_is_quoted(text: str) -> None:
    assert text_cell(text) == f"'{text}"
    assert text_cell("pizza = good") == "pizza = good"


def test_a_balance_series_adds_up_the_deltas() -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    series = balance_series("alice", [(at, 100), (at, -250), (at, 50)], start=10)
    assert [p.balance for p in series.points] == [110, -140, -90]
    assert series.final == -90
    assert balance_series("x", []).final == 0
