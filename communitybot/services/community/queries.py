"""Read-only questions: balances, history, a user's data, the community balance, rankings."""

from __future__ import annotations

from sqlalchemy.orm import Session

from communitybot.core.community import (
    HistoryEntry,
    HistoryPage,
    JournalEntry,
    UserData,
    UserInfo,
)
from communitybot.core.ids import TelegramId
from communitybot.db.brokers import collectives as collective_broker
from communitybot.db.brokers import externals as external_broker
from communitybot.db.brokers import transactions as journal
from communitybot.db.brokers import users as user_broker
from communitybot.db.uow import UnitOfWork
from communitybot.services.community._common import UserRef, resolve_user_id

MAX_PAGE = 100
"""Largest page of history or ranking one call returns."""


def balance(uow: UnitOfWork, *, user: UserRef | None = None, tid: TelegramId | None = None) -> int:
    """The balance in cents of the user named by ``user`` or ``tid`` (exactly one of them).

    Raises ``UnknownUser``.
    """
    if (user is None) == (tid is None):
        msg = "name the user by exactly one of user= or tid="
        raise TypeError(msg)

    def work(session: Session) -> int:
        if tid is not None:
            return user_broker.get_user_by_tid(session, tid=tid).balance
        assert user is not None
        return user_broker.get_user(session, user_id=resolve_user_id(session, user)).balance

    return uow.read(work)


def _page(offset: int, limit: int) -> tuple[int, int]:
    return max(offset, 0), min(max(limit, 1), MAX_PAGE)


def history(uow: UnitOfWork, *, tid: TelegramId, offset: int = 0, limit: int = 10) -> HistoryPage:
    """One page of the user's journal, newest first, with counterpart names.

    ``limit`` is clamped to 1..100 and ``offset`` to at least 0. Raises ``UnknownUser``.
    """
    offset, limit = _page(offset, limit)

    def work(session: Session) -> HistoryPage:
        user_id = user_broker.get_user_id_by_tid(session, tid=tid)
        entries = journal.list_history_page(session, user_id=user_id, offset=offset, limit=limit)
        total = journal.count_for_user(session, user_id=user_id)
        return HistoryPage(entries=tuple(entries), total=total, offset=offset, limit=limit)

    return uow.read(work)


def full_history(uow: UnitOfWork, *, tid: TelegramId) -> tuple[HistoryEntry, ...]:
    """The user's whole journal, oldest first (for CSV/JSON export). Raises ``UnknownUser``."""

    def work(session: Session) -> tuple[HistoryEntry, ...]:
        user_id = user_broker.get_user_id_by_tid(session, tid=tid)
        return tuple(journal.list_history(session, user_id=user_id))

    return uow.read(work)


def user_data(uow: UnitOfWork, *, tid: TelegramId) -> UserData:
    """Everything stored about the user (``/data``). Raises ``UnknownUser``."""
    return uow.read(lambda session: read_user_data(session, tid=tid))


def read_user_data(session: Session, *, tid: TelegramId) -> UserData:
    """:func:`user_data` inside the caller's session."""
    user = user_broker.get_user_by_tid(session, tid=tid)
    voucher = (
        None
        if user.voucher is None
        else user_broker.get_user(session, user_id=user.voucher).summary
    )
    vouchees = tuple(v.external for v in external_broker.list_vouchees(session, voucher=user.id))
    return UserData(
        user=user,
        voucher=voucher,
        vouchees=vouchees,
        transactions=journal.count_for_user(session, user_id=user.id),
        open_collectives=tuple(collective_broker.list_open_ids(session, creator=user.id)),
    )


def community_balance(uow: UnitOfWork) -> UserInfo:
    """The community user with its balance. Raises ``ConfigurationError`` before ``init``."""
    return uow.read(user_broker.get_community_user)


def most_in_debt(uow: UnitOfWork, *, limit: int = 10) -> tuple[UserInfo, ...]:
    """Members with a negative balance, most in debt first (community user excluded)."""
    _, limit = _page(0, limit)
    return tuple(uow.read(lambda session: user_broker.list_most_in_debt(session, limit=limit)))


def leaderboard(uow: UnitOfWork, *, limit: int = 10) -> tuple[UserInfo, ...]:
    """Active members with the highest balances first (community user excluded)."""
    _, limit = _page(0, limit)
    return tuple(uow.read(lambda session: user_broker.list_richest(session, limit=limit)))


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
