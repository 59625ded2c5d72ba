"""Lists and rankings of community users: pages by id, /top and /blame, who is below a balance."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, literal_column
from sqlalchemy.orm import Session

from communitybot.core.community import UserInfo
from communitybot.db.brokers._user_rows import SELECT_INFO as _SELECT_INFO
from communitybot.db.brokers._user_rows import info as _info
from communitybot.db.models.community import USERS, User
from communitybot.db.uow import Reader


def list_users(
    session: Session,
    *,
    offset: int = 0,
    limit: int = 100,
    include_inactive: bool = True,
    after_id: int = 0,
) -> list[UserInfo]:
    """Users by id, one page (from ``offset``, of the users with an id above ``after_id``)."""
    query = _SELECT_INFO.order_by(User.id).offset(offset).limit(limit)
    if after_id:
        query = query.where(User.id > after_id)
    if not include_inactive:
        query = query.where(User.active.is_(True))
    return [_info(row) for row in session.execute(query)]


def _ranking(condition: ColumnElement[bool], *order: ColumnElement[Any]) -> Select[Any]:
    """``limit`` users with a Telegram id meeting ``condition``, in ``order``, read as a whole
    table: nearly every row has a Telegram id, and finding them through the ``tid`` index would
    read each row by its index entry. Only people: the community user (``tid`` NULL) and the
    cash box (``tid`` -1) are left out."""
    query = _SELECT_INFO.where(USERS.c.tid > literal_column("0"), condition)
    for dialect in ("mysql", "mariadb"):
        query = query.with_hint(USERS, "IGNORE INDEX (uq_users_tid)", dialect)
    return query.order_by(*order).limit(bindparam("limit"))


_MOST_IN_DEBT = _ranking(USERS.c.balance < literal_column("0"), USERS.c.balance, USERS.c.id)
_RICHEST = _ranking(USERS.c.active.is_(True), USERS.c.balance.desc(), USERS.c.id)


def list_most_in_debt(db: Reader, *, limit: int) -> list[UserInfo]:
    """Users with a negative balance, most in debt first (the community user excluded)."""
    return [_info(row) for row in db.execute(_MOST_IN_DEBT, {"limit": limit}).all()]


def list_richest(db: Reader, *, limit: int) -> list[UserInfo]:
    """Active users by balance, highest first (the community user excluded)."""
    return [_info(row) for row in db.execute(_RICHEST, {"limit": limit}).all()]


def list_below(session: Session, *, threshold: int) -> list[UserInfo]:
    """Active users with a Telegram id and a balance below ``threshold``, by id (the community
    user excluded)."""
    query = _SELECT_INFO.where(
        USERS.c.tid.is_not(None), USERS.c.active.is_(True), USERS.c.balance < threshold
    ).order_by(USERS.c.id)
    return [_info(row) for row in session.execute(query)]


__all__ = ["list_below", "list_most_in_debt", "list_richest", "list_users"]
