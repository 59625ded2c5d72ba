"""Community users: registration on every interaction, lookups, and the admin's daily care.

Users are never deleted. Actors are named by their Telegram id (``tid``); targets by user id or
username (see :data:`UserRef`).
"""

from __future__ import annotations

from communitybot.core.community import ActivationReceipt, UserInfo
from communitybot.core.ids import TelegramId, UserId
from communitybot.core.rules import CommunityRules
from communitybot.db.uow import UnitOfWork

UserRef = UserId | str
"""A user named by its ``users.id`` or by its Telegram username (with or without ``@``)."""


def register_or_refresh(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    tid: TelegramId,
    first_name: str,
    last_name: str | None,
    username: str | None,
    chat_id: int | None,
) -> UserInfo:
    """Create the user of ``tid`` on first contact, else refresh its name and username.

    Call on ``/start`` and on every interaction. A new user is internal when ``chat_id`` is one of
    ``rules.internal_chats``, otherwise external without a voucher. ``name`` is first plus last
    name (never empty: falls back to the username or the tid); ``username`` is stored without
    ``@``. A username taken over from another account is cleared on that account. Refreshing
    never changes internal/external status (the admin CLI does).
    """
    ...


def find_user(uow: UnitOfWork, *, tid: TelegramId) -> UserInfo | None:
    """The user with Telegram id ``tid``, or ``None`` when it never registered."""
    ...


def get_user(uow: UnitOfWork, *, user: UserRef) -> UserInfo:
    """The user named by id or username. Raises ``UnknownUser`` / ``AmbiguousUsername``."""
    ...


def get_user_by_tid(uow: UnitOfWork, *, tid: TelegramId) -> UserInfo:
    """The user with Telegram id ``tid``. Raises ``UnknownUser``."""
    ...


def get_community_user(uow: UnitOfWork) -> UserInfo:
    """The community user. Raises ``ConfigurationError`` when ``communitybot init`` never ran."""
    ...


def ensure_community_user(uow: UnitOfWork, rules: CommunityRules) -> UserInfo:
    """Create the community user (named ``rules.community_name``) unless one exists; idempotent.

    Safe against concurrent calls: at most one community user is ever created.
    """
    ...


def list_users(
    uow: UnitOfWork, *, offset: int = 0, limit: int = 100, include_inactive: bool = True
) -> tuple[UserInfo, ...]:
    """Users ordered by id, one page."""
    ...


def make_internal(uow: UnitOfWork, *, user: UserRef) -> UserInfo:
    """Make an external user internal (deletes its ``externals`` row); no money moves.

    Raises ``UnknownUser``, ``CommunityUserNotAllowed``, ``NotExternal`` when already internal.
    """
    ...


def make_external(uow: UnitOfWork, *, user: UserRef) -> UserInfo:
    """Make an internal user external without a voucher; its vote permission is revoked.

    Raises ``UnknownUser``, ``CommunityUserNotAllowed``, ``AlreadyExternal``, ``StillVouching``
    while it vouches for others.
    """
    ...


def set_vote_permission(uow: UnitOfWork, *, user: UserRef, allowed: bool) -> UserInfo:
    """Grant or revoke the permission to vote on payment requests.

    Granting requires an active internal user (``InactiveUser``, ``ExternalNotAllowed``).
    """
    ...


def set_active(uow: UnitOfWork, *, user: UserRef, active: bool, key: str) -> ActivationReceipt:
    """Activate or deactivate a user.

    Deactivating a voucher first settles every external it vouches for against it (like
    :func:`~communitybot.services.community.vouching.stop_vouching`), all in one transaction.
    Raises ``UnknownUser``, ``CommunityUserNotAllowed``.
    """
    ...


__all__ = [
    "UserRef",
    "ensure_community_user",
    "find_user",
    "get_community_user",
    "get_user",
    "get_user_by_tid",
    "list_users",
    "make_external",
    "make_internal",
    "register_or_refresh",
    "set_active",
    "set_vote_permission",
]
