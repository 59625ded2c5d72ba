"""Statements, charts and reminders against the journal in MariaDB."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from communitybot.core.books import Month, zone_of
from communitybot.core.community import UserInfo
from communitybot.core.errors import CommunityActionDenied, UnknownUser
from communitybot.core.ids import TelegramId
from communitybot.core.notices import NoticeKind
from communitybot.db.uow import UnitOfWork
from communitybot.services import community as svc
from tests.conftest import Snapshot
from tests.support.community import World, assert_refused, make_treasurer, new_key, tid_of

BERLIN_RULES_ZONE = "Europe/Berlin"


def _send(world: World, sender: UserInfo, receiver: UserInfo, amount: int, why: str) -> int:
    receipt = svc.send(
        world.uow,
        world.rules,
        sender=sender.id,
        receiver=receiver.id,
        amount=amount,
        reason=why,
        key=new_key(),
    )
    return int(receipt.transaction_id)


def _stamp(uow: UnitOfWork, transaction_id: int, moment: datetime) -> None:
    """Put a journal row at ``moment`` (test setup: the product never edits the journal)."""
    uow.run(
        lambda s: s.execute(
            text("UPDATE transactions SET registered = FROM_UNIXTIME(:t) WHERE id = :id"),
            {"t": int(moment.timestamp()), "id": transaction_id},
        )
    )


def _journal_balance(uow: UnitOfWork, user_id: int, *, through: int | None = None) -> int:
    """The user's balance from the journal by plain SQL (rows up to id ``through``)."""
    limit = "" if through is None else " AND id <= :through"
    sql = (
        "SELECT COALESCE(SUM(CASE WHEN receiver = :u THEN amount ELSE 0 END)"
        " - SUM(CASE WHEN sender = :u THEN amount ELSE 0 END), 0)"
        f" FROM transactions WHERE (sender = :u OR receiver = :u){limit}"
    )
    return int(
        uow.read(lambda s: s.execute(text(sql), {"u": user_id, "through": through}).scalar())
    )


@pytest.fixture
def berlin(world: World) -> World:
    """The world with its months cut in Berlin."""
    world.rules = replace(world.rules, time_zone=BERLIN_RULES_ZONE)
    return world


def test_a_statement_cuts_the_month_in_the_community_zone(berlin: World) -> None:
    world = berlin
    alice, bob = world.user("Alice", balance=1000), world.user("Bob")
    zone = zone_of(BERLIN_RULES_ZONE)
    before = _send(world, alice, bob, 100, "october")
    # 23:30 UTC on 31 October is already November in Berlin
    first = _send(world, alice, bob, 250, "late night")
    inside = _send(world, bob, alice, 50, "change")
    after = _send(world, alice, bob, 700, "december")
    for funding in range(before - 1, 0, -1):  # the funding rows: long before
        _stamp(world.uow, funding, datetime(2026, 10, 1, tzinfo=UTC))
    _stamp(world.uow, before, datetime(2026, 10, 31, 22, 30, tzinfo=UTC))
    _stamp(world.uow, first, datetime(2026, 10, 31, 23, 30, tzinfo=UTC))
    _stamp(world.uow, inside, datetime(2026, 11, 15, 9, 0, tzinfo=UTC))
    _stamp(world.uow, after, datetime(2026, 11, 30, 23, 0, tzinfo=UTC))  # 1 Dec, 00:00 Berlin

    statement = svc.statement(world.uow, world.rules, tid=alice.tid, month=Month(2026, 11))
    assert statement.opening == 1000 - 100 == _journal_balance(world.uow, alice.id, through=before)
    assert [int(line.movement.transaction_id) for line in statement.lines] == [first, inside]
    assert [line.movement.amount for line in statement.lines] == [-250, 50]
    assert [line.balance for line in statement.lines] == [650, 700]
    assert statement.closing == _journal_balance(world.uow, alice.id, through=inside)
    assert [line.movement.counterpart.name for line in statement.lines] == ["Bob", "Bob"]
    assert statement.lines[0].movement.reason == "send: late night"
    assert statement.lines[0].movement.registered == datetime(2026, 11, 1, 0, 30, tzinfo=zone)
    assert statement.lines[0].movement.registered.utcoffset() is not None
    december = svc.statement(world.uow, world.rules, tid=alice.tid, month=Month(2026, 12))
    assert december.opening == statement.closing
    assert december.closing == world.balance(alice)


def test_the_default_month_is_the_current_one_by_the_database_clock(world: World) -> None:
    alice, bob = world.user("Alice", balance=500), world.user("Bob")
    _send(world, alice, bob, 120, "now")
    statement = svc.statement(world.uow, world.rules, tid=alice.tid)
    now = world.uow.read(lambda s: s.execute(text("SELECT UTC_TIMESTAMP()")).scalar())
    assert statement.month == Month(now.year, now.month)
    assert statement.closing == world.balance(alice) == 380


def test_a_statement_of_nobody_is_refused(world: World, snapshot: Callable[[], Snapshot]) -> None:
    assert_refused(
        snapshot,
        lambda: svc.statement(world.uow, world.rules, tid=TelegramId(999_999), month=None),
        UnknownUser,
    )


def test_all_statements_agree_with_each_member_statement(berlin: World) -> None:
    world = berlin
    alice, bob, carol = (world.user(n, balance=1000) for n in ("Alice", "Bob", "Carol"))
    world.user("Idle")  # no movement and nothing at the start: no statement
    for sender, receiver, amount in ((alice, bob, 100), (bob, carol, 30), (carol, alice, 7)):
        _send(world, sender, receiver, amount, "round")
    month = svc.statement(world.uow, world.rules, tid=alice.tid).month
    every = list(svc.all_statements(world.uow, world.rules, month=month, page=2))
    names = [s.member.name for s in every]
    assert names == ["Alice", "Bob", "Carol"]
    for member in (alice, bob, carol):
        one = svc.statement(world.uow, world.rules, tid=member.tid, month=month)
        [same] = [s for s in every if s.member.id == member.id]
        assert same == one
        assert same.closing == world.balance(member)


def test_the_chart_series_equals_the_journal(world: World) -> None:
    alice, bob = world.user("Alice", balance=300), world.user("Bob")
    ids = [_send(world, alice, bob, 100 + i, f"round {i}") for i in range(5)]
    ids += [_send(world, bob, alice, 42, "back")]
    series = svc.balance_chart(world.uow, world.rules, tid=alice.tid)
    assert series.label == "Alice"
    # one point per journal row of Alice (the funding first), each the journal's sum so far
    assert len(series.points) == 1 + len(ids)
    expected = [_journal_balance(world.uow, alice.id, through=i) for i in ids]
    assert [p.balance for p in series.points[1:]] == expected
    assert series.final == world.balance(alice)
    assert all(p.at.tzinfo is not None for p in series.points)


def test_the_community_chart_is_for_treasurers(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    member = world.user("Member", balance=200)
    treasurer = world.user("Treasurer")
    svc.consume(world.uow, world.rules, tid=member.tid, name="drink", count=2, key=new_key())
    denied = assert_refused(
        snapshot,
        lambda: svc.community_chart(world.uow, world.rules, actor_tid=member.tid),
        CommunityActionDenied,
    )
    assert denied.action == "view_books"
    assert svc.grant_role(world.uow, user=treasurer.id, role="treasurer")
    [line] = svc.community_chart(world.uow, world.rules, actor_tid=treasurer.tid)
    community = world.community()
    assert line.label == "community"
    assert line.final == community.balance == _journal_balance(world.uow, community.id)
    assert [p.balance for p in line.points] == [-200, 0]  # the funding, then 2 drinks in one row
    assert svc.community_chart(world.uow, world.rules, actor_tid=None) == (line,)


def test_the_community_chart_shows_the_cash_box_as_the_cash_it_should_hold(
    world: World,
) -> None:
    member, tess = world.user("Member"), make_treasurer(world)
    assert svc.find_cash_box(world.uow) is None
    [only] = svc.community_chart(world.uow, world.rules, actor_tid=None)
    assert only.label == "community"  # no cash box before the first cash command
    svc.deposit(
        world.uow, world.rules, tid=tid_of(tess), member=member.id, amount=2000, key=new_key()
    )
    svc.withdraw(world.uow, world.rules, tid=tid_of(member), amount=500, key=new_key())
    svc.count_cash_box(world.uow, world.rules, tid=tid_of(tess), counted=1400, key=new_key())
    community, box = svc.community_chart(world.uow, world.rules, actor_tid=tid_of(tess))
    assert box.label == "cashbox"
    assert [p.balance for p in box.points] == [2000, 1500, 1400]  # deposit, withdrawal, count
    assert box.final == svc.cash_box(world.uow).cash == 1400
    box_id = svc.find_cash_box(world.uow)
    assert box_id is not None
    assert box.final == -_journal_balance(world.uow, box_id)  # the journal, negated
    assert (
        community.final
        == world.community().balance
        == _journal_balance(world.uow, world.community().id)
    )


def test_the_community_chart_takes_the_series_it_is_given(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    member = world.user("Member", balance=200)
    monkeypatch.setattr(
        svc.books,
        "COMMUNITY_SERIES",
        [*svc.COMMUNITY_SERIES, lambda session: ("member", member.id), lambda session: None],
    )
    lines = svc.community_chart(world.uow, world.rules, actor_tid=None)
    assert [line.label for line in lines] == ["community", "member"]
    assert lines[1].final == 200


def test_reminders_go_once_a_month_to_who_is_below_and_wants_them(world: World) -> None:
    world.rules = replace(world.rules, reminder_below=-500)
    low, lower, fine = (
        world.user("Low", balance=-600),
        world.user("Lower", balance=-900),
        world.user("Fine", balance=-100),
    )
    quiet = world.user("Quiet", balance=-2000)
    world.user("Gone", balance=-3000, active=False)
    svc.set_notice(world.uow, tid=quiet.tid, kind=NoticeKind.REMINDER, enabled=False)
    november = datetime(2026, 11, 3, tzinfo=UTC)
    sent = svc.remind_low_balances(world.uow, world.rules, now=november)
    assert [(n.recipient.name, n.balance, n.amount) for n in sent] == [
        ("Low", -600, -500),
        ("Lower", -900, -500),
    ]
    assert {n.key for n in sent} == {"notice.reminder.below"}
    assert svc.remind_low_balances(world.uow, world.rules, now=november) == ()
    world.fund(fine, -1000)
    [late] = svc.remind_low_balances(world.uow, world.rules, now=november)
    assert late.recipient.id == fine.id
    december = datetime(2026, 12, 1, 8, tzinfo=UTC)
    again = svc.remind_low_balances(world.uow, world.rules, now=december)
    assert [n.recipient.id for n in again] == [low.id, lower.id, fine.id]
    off = replace(world.rules, reminder_below=None)
    assert svc.remind_low_balances(world.uow, off, now=datetime(2027, 1, 5, tzinfo=UTC)) == ()


def test_notice_settings_are_per_member_and_kind(world: World) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    assert svc.notice_settings(world.uow, tid=alice.tid) == frozenset()
    off = svc.set_notice(world.uow, tid=alice.tid, kind=NoticeKind.COMMUNISM, enabled=False)
    assert off == {NoticeKind.COMMUNISM}
    assert svc.set_notice(world.uow, tid=alice.tid, kind=NoticeKind.COMMUNISM, enabled=False) == off
    svc.set_notice(world.uow, tid=alice.tid, kind=NoticeKind.PAYMENT, enabled=False)
    assert svc.notice_settings(world.uow, tid=bob.tid) == frozenset()
    on = svc.set_notice(world.uow, tid=alice.tid, kind=NoticeKind.COMMUNISM, enabled=True)
    assert on == {NoticeKind.PAYMENT}
    assert svc.set_notice(world.uow, tid=alice.tid, kind=NoticeKind.COMMUNISM, enabled=True) == on


def test_a_row_to_oneself_written_by_older_software_moves_no_balance(world: World) -> None:
    alice, bob = world.user("Alice", balance=500), world.user("Bob")
    world.uow.run(
        lambda s: s.execute(
            text(
                "INSERT INTO transactions (sender, receiver, amount, reason)"
                " VALUES (:u, :u, 300, 'legacy')"
            ),
            {"u": alice.id},
        )
    )
    _send(world, alice, bob, 100, "after")
    statement = svc.statement(world.uow, world.rules, tid=alice.tid)
    assert [line.movement.amount for line in statement.lines][-2:] == [0, -100]
    assert statement.closing == world.balance(alice) == 400
    series = svc.balance_chart(world.uow, world.rules, tid=alice.tid)
    assert [p.balance for p in series.points] == [500, 500, 400]
    [same] = [
        s
        for s in svc.all_statements(world.uow, world.rules, month=statement.month)
        if s.member.id == alice.id
    ]
    assert same == statement
