"""The books: a member's monthly statement, every member's statements at once, the balance over
time a chart plots, and the monthly low-balance reminders.

Months are cut in the community's time zone (``rules.time_zone``); journal times come back
timezone-aware in that zone. A chart's series is computed here, from the journal, by the pure
:func:`~communitybot.core.books.balance_series`; the adapter only draws it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from datetime import datetime

from sqlalchemy.orm import Session

from communitybot.core.books import (
    BalanceSeries,
    Month,
    Movement,
    Statement,
    balance_series,
    build_statement,
    zone_of,
)
from communitybot.core.cash import CASHBOX_SERIES, cash_held
from communitybot.core.community import UserSummary
from communitybot.core.community_standing import Action
from communitybot.core.ids import TelegramId, TransactionId, UserId
from communitybot.core.notices import Notice, NoticeKind
from communitybot.core.rules import CommunityRules
from communitybot.db.brokers import books as book_broker
from communitybot.db.brokers import cash as cash_broker
from communitybot.db.brokers import user_lists
from communitybot.db.brokers import users as user_broker
from communitybot.db.uow import UnitOfWork
from communitybot.services.community.notices import notice_to, wanted
from communitybot.services.community.standing import check_actor

SeriesSource = Callable[[Session], "tuple[str, UserId] | None"]
"""Where a line of the community's chart comes from: its label (``community``, ``cashbox``)
and the account it follows, or ``None`` when the account does not exist (yet)."""


def _community_account(session: Session) -> tuple[str, UserId] | None:
    return "community", user_broker.get_community_user_id(session)


def _cash_box_account(session: Session) -> tuple[str, UserId] | None:
    box = cash_broker.find_cash_box_id(session)
    return None if box is None else (CASHBOX_SERIES, box)


COMMUNITY_SERIES: list[SeriesSource] = [_community_account, _cash_box_account]
"""The lines of ``/chart community``, in order: the community user, then the cash box once the
first cash command made it. Another account of the community appends its source here."""


def current_month(session: Session, rules: CommunityRules) -> Month:
    """The month it is now in the community's zone, by the database's clock."""
    return Month.of(book_broker.database_instant(session).astimezone(zone_of(rules.time_zone)))


def _localised(movements: list[Movement], rules: CommunityRules) -> list[Movement]:
    zone = zone_of(rules.time_zone)
    return [
        Movement(
            transaction_id=m.transaction_id,
            registered=m.registered.astimezone(zone),
            amount=m.amount,
            counterpart=m.counterpart,
            reason=m.reason,
        )
        for m in movements
    ]


def _statement_of(
    session: Session, rules: CommunityRules, member: UserSummary, month: Month
) -> Statement:
    zone = zone_of(rules.time_zone)
    start, end = month.start(zone), month.end(zone)
    opening = book_broker.balance_before(session, user_id=member.id, before=start)
    movements = book_broker.list_movements(session, user_id=member.id, start=start, end=end)
    return build_statement(
        member, month, rules.time_zone, opening=opening, movements=_localised(movements, rules)
    )


def statement(
    uow: UnitOfWork, rules: CommunityRules, *, tid: TelegramId, month: Month | None = None
) -> Statement:
    """The statement of the user of ``tid`` for ``month`` (``None``: the current month, by the
    database's clock, which stamps the journal): the balance at the month's start, every
    movement in it with its counterpart, reason and running balance, and the balance at its
    end. Raises ``UnknownUser``."""

    def work(session: Session) -> Statement:
        user = user_broker.get_user_by_tid(session, tid=tid)
        wanted_month = month or current_month(session, rules)
        return _statement_of(session, rules, user.summary, wanted_month)

    return uow.read(work)


def all_statements(
    uow: UnitOfWork, rules: CommunityRules, *, month: Month, page: int = 500
) -> Iterator[Statement]:
    """The statement of every user but the community user for ``month``, by user id: each user
    with a movement in the month or a balance other than zero at its start.

    Three set-based reads for the month (opening balances, the month's rows, the users in
    pages of ``page``), not one read per member.
    """
    zone = zone_of(rules.time_zone)
    start, end = month.start(zone), month.end(zone)

    def read(session: Session) -> tuple[dict[int, int], dict[int, list[Movement]]]:
        opening = book_broker.balances_before(session, before=start)
        rows = book_broker.list_period_rows(session, start=start, end=end)
        names = user_broker.summaries(
            session, user_ids=sorted({u for r in rows for u in (r[2], r[3])})
        )
        moves: dict[int, list[Movement]] = {}
        for row_id, at, sender, receiver, amount, reason in rows:
            when = at.astimezone(zone)
            # a row to oneself (older software wrote some) is one movement of 0, as in /history
            sides = [(sender, -amount, receiver)] if receiver != sender else [(sender, 0, sender)]
            if receiver != sender:
                sides.append((receiver, amount, sender))
            for user_id, delta, other in sides:
                movement = Movement(
                    TransactionId(row_id), when, delta, names[UserId(other)], reason
                )
                moves.setdefault(user_id, []).append(movement)
        return opening, moves

    opening, moves = uow.read(read)
    after = 0
    while True:
        users = uow.read(functools.partial(user_lists.list_users, offset=after, limit=page))
        for user in users:
            if user.is_community:
                continue
            mine = moves.get(user.id, [])
            if not mine and not opening.get(user.id):
                continue
            yield build_statement(
                user.summary,
                month,
                rules.time_zone,
                opening=opening.get(user.id, 0),
                movements=mine,
            )
        if len(users) < page:
            return
        after += page


def _series(session: Session, rules: CommunityRules, label: str, user_id: int) -> BalanceSeries:
    zone = zone_of(rules.time_zone)
    # the cash box's line is the cash it should hold: each of its journal deltas negated
    sign = cash_held(1) if label == CASHBOX_SERIES else 1
    deltas = [
        (at.astimezone(zone), sign * d)
        for at, d in book_broker.list_deltas(session, user_id=user_id)
    ]
    return balance_series(label, deltas)


def balance_chart(uow: UnitOfWork, rules: CommunityRules, *, tid: TelegramId) -> BalanceSeries:
    """The balance over time of the user of ``tid``: one point after each of its journal rows,
    labelled with its name. Raises ``UnknownUser``."""

    def work(session: Session) -> BalanceSeries:
        user = user_broker.get_user_by_tid(session, tid=tid)
        return _series(session, rules, user.name, user.id)

    return uow.read(work)


def community_chart(
    uow: UnitOfWork, rules: CommunityRules, *, actor_tid: TelegramId | None
) -> tuple[BalanceSeries, ...]:
    """The community's accounts over time, one series per source of :data:`COMMUNITY_SERIES`
    (labelled ``community``, ``cashbox``, ...; the cash box's line is the cash it should hold).
    For treasurers: raises ``UnknownUser`` and what
    :func:`~communitybot.services.community.standing.check_actor` raises for
    ``Action.VIEW_BOOKS``; ``None`` is the administrator at the command line."""

    def work(session: Session) -> tuple[BalanceSeries, ...]:
        check_actor(session, actor_tid, Action.VIEW_BOOKS)
        found = [source(session) for source in COMMUNITY_SERIES]
        return tuple(_series(session, rules, label, uid) for label, uid in filter(None, found))

    return uow.read(work)


def remind_low_balances(
    uow: UnitOfWork, rules: CommunityRules, *, now: datetime
) -> tuple[Notice, ...]:
    """The reminders owed now: every active member with a Telegram id whose balance is below
    ``rules.reminder_below``, not reminded this month yet and not opted out of reminders.

    They are recorded as sent in the same transaction (``statement_reminders``), so each member
    is reminded at most once a month, whatever the adapter then manages to deliver. Nothing
    when reminders are off (``reminder_below`` ``None``).
    """
    threshold = rules.reminder_below
    if threshold is None:
        return ()
    period = str(Month.of(now.astimezone(zone_of(rules.time_zone))))

    def work(session: Session) -> tuple[Notice, ...]:
        done = book_broker.list_reminded(session, period=period)
        low = [
            user
            for user in user_lists.list_below(session, threshold=threshold)
            if user.id not in done
        ]
        notices = wanted(
            session,
            [
                notice_to(user, NoticeKind.REMINDER, "below", threshold, subject=period)
                for user in low
            ],
        )
        book_broker.add_reminders(
            session, period=period, balances={n.recipient.id: n.balance for n in notices}, now=now
        )
        return tuple(notices)

    return uow.run(work)


__all__ = [
    "COMMUNITY_SERIES",
    "SeriesSource",
    "all_statements",
    "balance_chart",
    "community_chart",
    "current_month",
    "remind_low_balances",
    "statement",
]
