"""Read-only questions: balances, history, a user's data, the community balance, rankings."""

from __future__ import annotations

from communitybot.core.community import HistoryEntry, HistoryPage, UserData, UserInfo
from communitybot.core.ids import TelegramId
from communitybot.db.uow import UnitOfWork
from communitybot.services.community.users import UserRef


def balance(uow: UnitOfWork, *, user: UserRef | None = None, tid: TelegramId | None = None) -> int:
    """The balance in cents of the user named by ``user`` or ``tid`` (exactly one of them).

    Raises ``UnknownUser``.
    """
    ...


def history(uow: UnitOfWork, *, tid: TelegramId, offset: int = 0, limit: int = 10) -> HistoryPage:
    """One page of the user's journal, newest first, with counterpart names.

    Raises ``UnknownUser``.
    """
    ...


def full_history(uow: UnitOfWork, *, tid: TelegramId) -> tuple[HistoryEntry, ...]:
    """The user's whole journal, oldest first (for CSV/JSON export). Raises ``UnknownUser``."""
    ...


def user_data(uow: UnitOfWork, *, tid: TelegramId) -> UserData:
    """Everything stored about the user (``/data``). Raises ``UnknownUser``."""
    ...


def community_balance(uow: UnitOfWork) -> UserInfo:
    """The community user with its balance. Raises ``ConfigurationError`` before ``init``."""
    ...


def most_in_debt(uow: UnitOfWork, *, limit: int = 10) -> tuple[UserInfo, ...]:
    """Members with a negative balance, most in debt first (community user excluded)."""
    ...


def leaderboard(uow: UnitOfWork, *, limit: int = 10) -> tuple[UserInfo, ...]:
    """Active members with the highest balances first (community user excluded)."""
    ...


__all__ = [
    "balance",
    "community_balance",
    "full_history",
    "history",
    "leaderboard",
    "most_in_debt",
    "user_data",
]
