"""Read-only questions: balances, history, a user's data, the community balance, rankings."""

from __future__ import annotations

from sqlalchemy import Connection

from communitybot.core.community import (
    HistoryEntry,
    HistoryPage,
    JournalEntry,
    UserData,
    UserInfo,
)
from communitybot.core.errors import UnknownUser
from communitybot.core.ids import TelegramId
from communitybot.db.brokers import collectives as collective_broker
from communitybot.db.brokers import externals as external_broker
from communitybot.db.brokers import transactions as journal
from communitybot.db.brokers import user_lists
from communitybot.db.brokers import users as user_broker
from communitybot.db.uow import Reader, UnitOfWork
from communitybot.services.community._common import UserRef, read_user

MAX_PAGE = 100
"""Largest page of history or ranking one call returns."""


def balance(uow: UnitOfWork, *, user: UserRef | None = None, tid: TelegramId | None = None) -> int:
    """The balance in cents of the user named by ``user`` or ``tid`` (exactly one of them).

    Raises ``UnknownUser``.
    """
    if (user is None) == (tid is None):
        msg = "name the user by exactly one of user= or tid="
        raise TypeError(msg)

    def work(db: Connection) -> int:
        if tid is not None:
            return user_broker.get_user_by_tid(db, tid=tid).balance
        assert user is not None
        return read_user(db, user).balance

    return uow.query(work)


def _page(offset: int, limit: int) -> tuple[int, int]:
    return max(offset, 0), min(max(limit, 1), MAX_PAGE)


def history(uow: UnitOfWork, *, tid: TelegramId, offset: int = 0, limit: int = 10) -> HistoryPage:
    """One page of the user's journal, newest first, with counterpart names.

    ``limit`` is clamped to 1..100 and ``offset`` to at least 0. Raises ``UnknownUser``.

    One statement finds the user and reads the page; a page that ends the history also tells the
    total (``offset`` plus its entries), else one more statement counts it (and tells an unknown
    user from one without entries).
    """
    offset, limit = _page(offset, limit)

    def work(db: Connection) -> HistoryPage:
        entries = journal.list_history_page_of_tid(db, tid=tid, offset=offset, limit=limit)
        if 0 < len(entries) < limit:
            total = offset + len(entries)
        else:
            counted = journal.count_for_tid(db, tid=tid)
            if counted is None:
                raise UnknownUser(ref=f"tid {tid}")
            total = counted[1]
        return HistoryPage(entries=tuple(entries), total=total, offset=offset, limit=limit)

    return uow.query(work)


def full_history(uow: UnitOfWork, *, tid: TelegramId) -> tuple[HistoryEntry, ...]:
    """The user's whole journal, oldest first (for CSV/JSON export). Raises ``UnknownUser``."""

    def work(db: Connection) -> tuple[HistoryEntry, ...]:
        entries = journal.list_history_of_tid(db, tid=tid)
        if not entries:  # nothing: a user without entries, or no user
            user_broker.get_user_id_by_tid(db, tid=tid)
        return tuple(entries)

    return uow.query(work)


def user_data(uow: UnitOfWork, *, tid: TelegramId) -> UserData:
    """Everything stored about the user (``/data``). Raises ``UnknownUser``."""
    return uow.query(lambda db: read_user_data(db, tid=tid))


def read_user_data(db: Reader, *, tid: TelegramId) -> UserData:
    """:func:`user_data` inside the caller's session (or connection): three statements, the
    user with its voucher and its journal count, its vouchees, its open collectives."""
    user, voucher, transactions = user_broker.get_profile_by_tid(db, tid=tid)
    return UserData(
        user=user,
        voucher=voucher,
        vouchees=tuple(external_broker.list_vouchee_summaries(db, voucher=user.id)),
        transactions=transactions,
        open_collectives=tuple(collective_broker.list_open_ids(db, creator=user.id)),
    )


def community_balance(uow: UnitOfWork) -> UserInfo:
    """The community user with its balance. Raises ``ConfigurationError`` before ``init``."""
    return uow.query(user_broker.get_community_user)


def most_in_debt(uow: UnitOfWork, *, limit: int = 10) -> tuple[UserInfo, ...]:
    """Members with a negative balance, most in debt first (community user excluded)."""
    _, limit = _page(0, limit)
    return tuple(uow.query(lambda db: user_lists.list_most_in_debt(db, limit=limit)))


def leaderboard(uow: UnitOfWork, *, limit: int = 10) -> tuple[UserInfo, ...]:
    """Active members with the highest balances first (community user excluded)."""
    _, limit = _page(0, limit)
    return tuple(uow.query(lambda db: user_lists.list_richest(db, limit=limit)))


def journal_page(
    uow: UnitOfWork, *, after_id: int = 0, limit: int = 1000
) -> tuple[JournalEntry, ...]:
    """Journal rows with an id above ``after_id``, oldest first: page through the whole journal
    by passing the last id seen (for exports and audits)."""
    limit = max(1, min(limit, 10_000))
    return tuple(
        uow.read(lambda session: journal.list_after(session, after_id=after_id, limit=limit))
    )


__all__ = [
    "MAX_PAGE",
    "balance",
    "community_balance",
    "full_history",
    "history",
    "journal_page",
    "leaderboard",
    "most_in_debt",
    "read_user_data",
    "user_data",
]
