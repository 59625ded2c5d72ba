"""The one read of a community user (``users`` with its ``externals`` row) and its mapping to
:class:`~communitybot.core.community.UserInfo`, shared by the user brokers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, select

from communitybot.core.community import UserInfo
from communitybot.core.ids import TelegramId, UserId
from communitybot.db.models.community import EXTERNALS, USERS

# The statements are built once from the tables (not the ORM classes); SQLAlchemy caches their
# compiled form.

SELECT_INFO: Select[*tuple[Any, ...]] = select(
    USERS.c.id,
    USERS.c.tid,
    USERS.c.name,
    USERS.c.username,
    USERS.c.balance,
    USERS.c.permission,
    USERS.c.active,
    USERS.c.created,
    USERS.c.accessed,
    EXTERNALS.c.id.label("external_row"),
    EXTERNALS.c.internal,
).select_from(USERS.outerjoin(EXTERNALS, EXTERNALS.c.external == USERS.c.id))


def info(row: Sequence[Any]) -> UserInfo:
    """A row of :data:`SELECT_INFO` as a ``UserInfo``."""
    (
        user_id,
        tid,
        name,
        username,
        balance,
        permission,
        active,
        created,
        accessed,
        external_row,
        voucher,
    ) = row
    return UserInfo(
        id=UserId(user_id),
        tid=None if tid is None else TelegramId(tid),
        name=name,
        username=username,
        balance=balance,
        permission=bool(permission),
        active=bool(active),
        external=external_row is not None,
        voucher=None if voucher is None else UserId(voucher),
        created=created,
        accessed=accessed,
    )


__all__ = ["SELECT_INFO", "info"]
