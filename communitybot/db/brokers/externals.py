"""All SQL of ``externals``: who is external and who vouches for whom.

Every change of a user's row here happens while the caller holds that user's ``users`` row lock
(:func:`communitybot.db.brokers.users.lock_users`), so a locked user's status cannot change
under it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.orm import Session, aliased

from communitybot.core.community import UserSummary, VouchInfo
from communitybot.core.ids import UserId
from communitybot.db.brokers.economy._util import count_where, insert_row, update_where
from communitybot.db.models.community import EXTERNALS, USERS, External, User
from communitybot.db.uow import Reader


@dataclass(frozen=True, slots=True)
class ExternalRecord:
    """One ``externals`` row."""

    id: int
    external: UserId
    internal: UserId | None
    changed: datetime


def find_external(session: Session, *, user_id: int) -> ExternalRecord | None:
    """The ``externals`` row naming ``user_id``, or ``None`` for an internal user."""
    row = session.scalar(select(External).where(External.external == user_id))
    if row is None:
        return None
    return ExternalRecord(
        id=row.id,
        external=UserId(row.external),
        internal=None if row.internal is None else UserId(row.internal),
        changed=row.changed,
    )


def insert_external(session: Session, *, user_id: int, voucher: int | None = None) -> None:
    """Mark ``user_id`` external (with ``voucher`` when given)."""
    insert_row(session, External, external=user_id, internal=voucher)


def delete_external(session: Session, *, user_id: int) -> None:
    """Make ``user_id`` internal again."""
    session.execute(delete(External).where(External.external == user_id))


def set_voucher(session: Session, *, user_id: int, voucher: int | None) -> None:
    """Set (or with ``None`` clear) the voucher of external ``user_id``; ``changed`` moves on."""
    update_where(
        session,
        External,
        External.external == user_id,
        internal=voucher,
        changed=func.current_timestamp(),
    )


def count_vouchees(session: Session, *, voucher: int) -> int:
    """How many externals ``voucher`` vouches for."""
    return count_where(session, External.internal == voucher)


def list_vouchee_ids(session: Session, *, voucher: int) -> list[UserId]:
    """Ids of the externals ``voucher`` vouches for, ascending."""
    rows = session.scalars(
        select(External.external).where(External.internal == voucher).order_by(External.external)
    )
    return [UserId(i) for i in rows]


_VOUCHEES = (
    select(USERS.c.id, USERS.c.name, USERS.c.username)
    .join(EXTERNALS, EXTERNALS.c.external == USERS.c.id)
    .where(EXTERNALS.c.internal == bindparam("voucher"))
    .order_by(USERS.c.name, USERS.c.id)
)


def list_vouchee_summaries(db: Reader, *, voucher: int) -> list[UserSummary]:
    """The short forms of the externals ``voucher`` vouches for, by name (what
    :func:`list_vouchees` tells of them, without balances: one join less)."""
    return [
        UserSummary(id=UserId(user_id), name=name, username=username)
        for user_id, name, username in db.execute(_VOUCHEES, {"voucher": voucher}).all()
    ]


def list_vouchees(session: Session, *, voucher: int) -> list[VouchInfo]:
    """The externals ``voucher`` vouches for, by name, with their balances."""
    by = aliased(User)
    rows = session.execute(
        select(
            User.id, User.name, User.username, User.balance, External.changed, by.name, by.username
        )
        .join(External, External.external == User.id)
        .join(by, by.id == External.internal)
        .where(External.internal == voucher)
        .order_by(User.name, User.id)
    )
    return [
        VouchInfo(
            external=UserSummary(id=UserId(row[0]), name=row[1], username=row[2]),
            voucher=UserSummary(id=UserId(voucher), name=row[5], username=row[6]),
            balance=row[3],
            changed=row[4],
        )
        for row in rows
    ]


__all__ = [
    "ExternalRecord",
    "count_vouchees",
    "delete_external",
    "find_external",
    "insert_external",
    "list_vouchee_ids",
    "list_vouchee_summaries",
    "list_vouchees",
    "set_voucher",
]
