"""All SQL of community users (``users`` with their ``externals`` status), but the lists and
rankings (:mod:`~communitybot.db.brokers.user_lists`).

Users come back as frozen :class:`~communitybot.core.community.UserInfo`. ``lock_users`` takes the
rows ``FOR UPDATE`` in ascending id order, the one lock order of the whole ledger.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    bindparam,
    func,
    literal_column,
    select,
    update,
)
from sqlalchemy.orm import Session

from communitybot.core.community import UserInfo, UserSummary
from communitybot.core.errors import AmbiguousUsername, ConfigurationError, UnknownUser
from communitybot.core.ids import UserId
from communitybot.db.brokers import transactions as journal
from communitybot.db.brokers._user_rows import SELECT_INFO as _SELECT_INFO
from communitybot.db.brokers._user_rows import info as _info
from communitybot.db.brokers.economy._util import insert_ignore
from communitybot.db.brokers.standing import rules_apply
from communitybot.db.idempotency import claim
from communitybot.db.models.community import EXTERNALS, USERS, User
from communitybot.db.models.operations import OperationKey
from communitybot.db.uow import Reader

_BY_ID = _SELECT_INFO.where(USERS.c.id == bindparam("user_id"))
_BY_TID = _SELECT_INFO.where(USERS.c.tid == bindparam("tid"))
_ID_BY_TID = select(USERS.c.id).where(USERS.c.tid == bindparam("tid"))
_LOCK = (
    _SELECT_INFO.where(USERS.c.id.in_(bindparam("ids", expanding=True)))
    .order_by(USERS.c.id)
    .with_for_update()
)
_RULED = rules_apply(USERS.c.id).label("ruled")
_LOCK_RULED = _LOCK.add_columns(_RULED)
_INFO_FIELDS = len(_SELECT_INFO.selected_columns)
_COMMUNITY_ID = select(func.min(USERS.c.id)).where(USERS.c.tid.is_(None))
_COMMUNITY = (
    _SELECT_INFO.where(USERS.c.tid.is_(None)).order_by(USERS.c.id).limit(literal_column("1"))
)


def normalize_username(username: str | None) -> str | None:
    """A username as stored: without ``@`` and surrounding blanks; ``None`` when empty."""
    if username is None:
        return None
    cleaned = username.strip().lstrip("@").strip()
    return cleaned or None


def find_user(db: Reader, *, user_id: int) -> UserInfo | None:
    """The user with ``users.id`` ``user_id``, or ``None``."""
    rows = db.execute(_BY_ID, {"user_id": user_id}).all()
    return _info(rows[0]) if rows else None


def get_user(db: Reader, *, user_id: int) -> UserInfo:
    """The user with id ``user_id``; :class:`UnknownUser` when missing."""
    user = find_user(db, user_id=user_id)
    if user is None:
        raise UnknownUser(ref=f"#{user_id}")
    return user


def find_user_by_tid(db: Reader, *, tid: int) -> UserInfo | None:
    """The user with Telegram id ``tid``, or ``None``."""
    rows = db.execute(_BY_TID, {"tid": tid}).all()
    return _info(rows[0]) if rows else None


def get_user_by_tid(db: Reader, *, tid: int) -> UserInfo:
    """The user with Telegram id ``tid``; :class:`UnknownUser` when missing."""
    user = find_user_by_tid(db, tid=tid)
    if user is None:
        raise UnknownUser(ref=f"tid {tid}")
    return user


_VOUCHER = USERS.alias("voucher")
_PROFILE_BY_TID = (
    select(
        *_SELECT_INFO.selected_columns,
        _VOUCHER.c.name,
        _VOUCHER.c.username,
        journal.count_of(USERS.c.id),
    )
    .select_from(
        USERS.outerjoin(EXTERNALS, EXTERNALS.c.external == USERS.c.id).outerjoin(
            _VOUCHER, _VOUCHER.c.id == EXTERNALS.c.internal
        )
    )
    .where(USERS.c.tid == bindparam("tid"))
)


def get_profile_by_tid(db: Reader, *, tid: int) -> tuple[UserInfo, UserSummary | None, int]:
    """The user with Telegram id ``tid``, the short form of its voucher (``None`` without one)
    and how many journal rows name it, in one statement; :class:`UnknownUser` when missing."""
    row = db.execute(_PROFILE_BY_TID, {"tid": tid}).first()
    if row is None:
        raise UnknownUser(ref=f"tid {tid}")
    user = _info(row[:11])
    voucher = (
        None
        if user.voucher is None
        else UserSummary(id=user.voucher, name=row[11], username=row[12])
    )
    return user, voucher, int(row[13])


def get_user_id_by_tid(db: Reader, *, tid: int) -> UserId:
    """Only the id of the user with Telegram id ``tid``; :class:`UnknownUser` when missing."""
    user_id = db.scalar(_ID_BY_TID, {"tid": tid})
    if user_id is None:
        raise UnknownUser(ref=f"tid {tid}")
    return UserId(user_id)


def get_user_id_by_username(db: Reader, *, username: str) -> UserId:
    """The id of the one user called ``username`` (``@`` optional, case-insensitive).

    Raises :class:`UnknownUser` when nobody, :class:`AmbiguousUsername` when several carry it.
    """
    wanted = normalize_username(username)
    if wanted is None:
        raise UnknownUser(ref=username)
    ids = db.execute(_ID_BY_USERNAME[_lowers(db)], _named(db, wanted)).scalars().all()
    if not ids:
        raise UnknownUser(ref=f"@{wanted}")
    if len(ids) > 1:
        raise AmbiguousUsername(username=wanted)
    return UserId(ids[0])


def get_user_by_username(db: Reader, *, username: str) -> UserInfo:
    """The one user called ``username``, as :func:`get_user_id_by_username` finds it, in one
    statement (the user's row with its external status, not its id and then its row).

    Raises :class:`UnknownUser` when nobody, :class:`AmbiguousUsername` when several carry it.
    """
    wanted = normalize_username(username)
    if wanted is None:
        raise UnknownUser(ref=username)
    rows = db.execute(_BY_USERNAME[_lowers(db)], _named(db, wanted)).all()
    if not rows:
        raise UnknownUser(ref=f"@{wanted}")
    if len(rows) > 1:
        raise AmbiguousUsername(username=wanted)
    return _info(rows[0])


def _pair_by_name(*, lowered: bool) -> Select[Any]:
    """User ``user_id`` and whoever is called ``username`` (compared as :func:`_lowers` says),
    each with the ``ruled`` column and whether the row is a ``named`` one."""
    column = func.lower(USERS.c.username) if lowered else USERS.c.username
    named = column == bindparam("username")
    return _SELECT_INFO.add_columns(_RULED, named.label("named")).where(
        (USERS.c.id == bindparam("user_id")) | named
    )


# Built once (with bind parameters): SQLAlchemy finds them in its compiled cache without
# building a statement and computing its cache key on every /send.
_PAIR_BY_NAME = {lowered: _pair_by_name(lowered=lowered) for lowered in (False, True)}
_PAIR_BY_IDS = _SELECT_INFO.add_columns(_RULED).where(
    USERS.c.id.in_(bindparam("ids", expanding=True))
)


def get_pair_ruled(
    db: Reader, *, user_id: int, other: int | str
) -> tuple[UserInfo, UserInfo, frozenset[UserId]]:
    """The user ``user_id`` and the user ``other`` names, by id or by username as
    :func:`get_user_id_by_username` finds it, and the ids of those of the two that any of the
    community's rules applies to (:func:`~communitybot.db.brokers.standing.rules_apply`): one
    statement.

    Raises :class:`UnknownUser` for the first of them missing (``user_id`` first), and
    :class:`AmbiguousUsername` when several carry the username.
    """
    fields = _INFO_FIELDS
    found: Sequence[Any]
    if isinstance(other, str):
        wanted = normalize_username(other)
        if wanted is None:
            found = db.execute(_PAIR_BY_IDS, {"ids": [user_id]}).all()
            named_rows: list[Any] = []
            ref = other
        else:
            found = db.execute(
                _PAIR_BY_NAME[_lowers(db)], {"user_id": user_id, **_named(db, wanted)}
            ).all()
            named_rows = [row for row in found if row[-1]]
            ref = f"@{wanted}"
    else:
        found = db.execute(_PAIR_BY_IDS, {"ids": sorted({user_id, other})}).all()
        named_rows = [row for row in found if row[0] == other]
        ref = f"#{other}"
    senders = [_info(row[:fields]) for row in found if row[0] == user_id]
    named = [_info(row[:fields]) for row in named_rows]
    if not senders:
        raise UnknownUser(ref=f"#{user_id}")
    if not named:
        raise UnknownUser(ref=ref)
    if len(named) > 1:
        raise AmbiguousUsername(username=ref.lstrip("@"))
    ruled = frozenset(UserId(row[0]) for row in found if row[fields])
    return senders[0], named[0], ruled


def _lowers(db: Reader) -> bool:
    """Whether usernames are compared lowered: on SQLite, which compares bytes. On MySQL and
    MariaDB the column's collation already ignores case, and a plain comparison reads no function
    of every row."""
    dialect = db.dialect if isinstance(db, Connection) else db.get_bind().dialect
    return dialect.name == "sqlite"


def _username_is(db: Reader, username: str) -> ColumnElement[bool]:
    """``users.username`` equals ``username`` regardless of case (see :func:`_lowers`)."""
    if _lowers(db):
        return func.lower(USERS.c.username) == username.lower()
    return USERS.c.username == username


def _named(db: Reader, username: str) -> dict[str, str]:
    """The parameters of :data:`_BY_USERNAME` and :data:`_ID_BY_USERNAME`."""
    return {"username": username.lower() if _lowers(db) else username}


def _ids_by_username(*, lowered: bool) -> Select[Any]:
    """The ids of at most two users called ``username`` (two tell that it is ambiguous),
    compared lowered or not (see :func:`_lowers`)."""
    column = func.lower(USERS.c.username) if lowered else USERS.c.username
    return select(USERS.c.id).where(column == bindparam("username")).limit(literal_column("2"))


def _by_username(*, lowered: bool) -> Select[Any]:
    """The rows of :func:`_ids_by_username` with their external status: the ids first, from a
    scan of the table that reads two columns of each row, then the rows they name. The search
    joined to ``externals`` at once would read every column of every row it passes."""
    named = _ids_by_username(lowered=lowered).subquery("named")
    return select(*_SELECT_INFO.selected_columns).select_from(
        named.join(USERS, USERS.c.id == named.c.id).outerjoin(
            EXTERNALS, EXTERNALS.c.external == USERS.c.id
        )
    )


_BY_USERNAME = {lowered: _by_username(lowered=lowered) for lowered in (False, True)}
_ID_BY_USERNAME = {lowered: _ids_by_username(lowered=lowered) for lowered in (False, True)}


def find_community_user(db: Reader) -> UserInfo | None:
    """The community user (lowest id with ``tid`` NULL), or ``None`` before ``init``."""
    rows = db.execute(_COMMUNITY, {}).all()
    return _info(rows[0]) if rows else None


def get_community_user(db: Reader) -> UserInfo:
    """The community user; :class:`ConfigurationError` when there is none yet."""
    user = find_community_user(db)
    if user is None:
        raise ConfigurationError(problem="no community user: run `communitybot init`")
    return user


def get_community_user_id(db: Reader) -> UserId:
    """Only the id of the community user; :class:`ConfigurationError` when there is none yet."""
    user_id = db.scalar(_COMMUNITY_ID)
    if user_id is None:
        raise ConfigurationError(problem="no community user: run `communitybot init`")
    return UserId(user_id)


def list_community_user_ids(session: Session) -> list[UserId]:
    """Ids of every row with ``tid`` NULL (there should be exactly one)."""
    return [UserId(i) for i in session.scalars(select(User.id).where(User.tid.is_(None)))]


def lock_users(session: Session, *, user_ids: Iterable[int]) -> dict[UserId, UserInfo]:
    """Lock the users ``FOR UPDATE`` in ascending id order and return them by id, with the
    balances the caller's changes will apply to; :class:`UnknownUser` for the first missing."""
    wanted = list(user_ids)
    rows = session.execute(_LOCK, {"ids": sorted(set(wanted))}) if wanted else ()
    locked = {UserId(row[0]): _info(row) for row in rows}
    for user_id in wanted:
        if user_id not in locked:
            raise UnknownUser(ref=f"#{user_id}")
    return locked


def lock_users_ruled(
    session: Session, *, user_ids: Iterable[int]
) -> tuple[dict[UserId, UserInfo], frozenset[UserId]]:
    """Like :func:`lock_users`, and in the same statement the ids of those users that any of
    the community's rules applies to (:func:`~communitybot.db.brokers.standing.rules_apply`;
    the rules themselves are not locked)."""
    wanted = list(user_ids)
    rows = session.execute(_LOCK_RULED, {"ids": sorted(set(wanted))}).all() if wanted else []
    locked = {UserId(row[0]): _info(row[:_INFO_FIELDS]) for row in rows}
    for user_id in wanted:
        if user_id not in locked:
            raise UnknownUser(ref=f"#{user_id}")
    return locked, frozenset(UserId(row[0]) for row in rows if row[-1])


def lock_user(session: Session, *, user_id: int) -> UserInfo:
    """Lock one user ``FOR UPDATE``; :class:`UnknownUser` when missing."""
    return lock_users(session, user_ids=[user_id])[UserId(user_id)]


def insert_user(
    session: Session, *, tid: int | None, name: str, username: str | None
) -> UserId | None:
    """Insert a user with balance 0, unless ``tid`` is taken (then ``None``; no error, no row).

    Uses ``INSERT IGNORE`` so two first contacts of the same account at once create one row.
    """
    statement = insert_ignore(User).values(tid=tid, name=name, username=username)
    result = session.execute(statement)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return UserId(result.inserted_primary_key[0])  # type: ignore[attr-defined]


def update_profile(session: Session, *, user_id: int, name: str, username: str | None) -> None:
    """Store a new name and username."""
    session.execute(update(User).where(User.id == user_id).values(name=name, username=username))


def clear_username(session: Session, *, username: str, except_user_id: int) -> None:
    """Remove ``username`` (case-insensitive) from every other user: it moved to a new account."""
    session.execute(
        update(User)
        .where(_username_is(session, username), User.id != except_user_id)
        .values(username=None)
    )


def set_permission(session: Session, *, user_id: int, permission: bool) -> None:
    """Set the vote flag."""
    session.execute(update(User).where(User.id == user_id).values(permission=permission))


def set_active(session: Session, *, user_id: int, active: bool) -> None:
    """Set the active flag."""
    session.execute(update(User).where(User.id == user_id).values(active=active))


def forget(session: Session, *, user_id: int, name: str, tid: int) -> None:
    """Anonymise a user: ``name``, no username, the stand-in ``tid``, inactive, no vote."""
    session.execute(
        update(User)
        .where(User.id == user_id)
        .values(name=name, username=None, tid=tid, active=False, permission=False)
    )


def get_many(session: Session, *, user_ids: Iterable[int]) -> dict[UserId, UserInfo]:
    """The users with these ids that exist, by id (no lock)."""
    wanted = sorted(set(user_ids))
    if not wanted:
        return {}
    rows = session.execute(_SELECT_INFO.where(USERS.c.id.in_(wanted)))
    return {info.id: info for info in map(_info, rows)}


def summaries(db: Reader, *, user_ids: Sequence[int]) -> dict[UserId, UserSummary]:
    """Short forms of the given users, by id."""
    if not user_ids:
        return {}
    rows = db.execute(
        select(USERS.c.id, USERS.c.name, USERS.c.username).where(USERS.c.id.in_(set(user_ids)))
    )
    return {
        UserId(r.id): UserSummary(id=UserId(r.id), name=r.name, username=r.username) for r in rows
    }


def highest_tid(session: Session) -> int | None:
    """The highest Telegram id of any user; ``None`` when no user has one."""
    found: int | None = session.scalar(select(func.max(User.tid)))
    return found


def balances(session: Session) -> dict[UserId, int]:
    """Every user's stored balance, by id (for the consistency check)."""
    return {UserId(r.id): r.balance for r in session.execute(select(User.id, User.balance))}


COMMUNITY_GUARD_KEY = "community:community-user"
"""Key of the ``operation_keys`` row that serializes creating the community user."""


def lock_community_guard(session: Session) -> None:
    """Serialize creators of the community user: lock a guard row until the transaction ends.

    Without rows to lock (``READ COMMITTED`` takes no gap locks) two transactions could each see
    no community user and create one; the guard row makes the second wait and then see the first.
    """
    claim(session, key=COMMUNITY_GUARD_KEY, scope="community.init")
    session.execute(
        select(OperationKey.key).where(OperationKey.key == COMMUNITY_GUARD_KEY).with_for_update()
    )


__all__ = [
    "COMMUNITY_GUARD_KEY",
    "balances",
    "clear_username",
    "find_community_user",
    "find_user",
    "find_user_by_tid",
    "forget",
    "get_community_user",
    "get_community_user_id",
    "get_many",
    "get_pair_ruled",
    "get_profile_by_tid",
    "get_user",
    "get_user_by_tid",
    "get_user_by_username",
    "get_user_id_by_tid",
    "get_user_id_by_username",
    "highest_tid",
    "insert_user",
    "list_community_user_ids",
    "lock_community_guard",
    "lock_user",
    "lock_users",
    "lock_users_ruled",
    "normalize_username",
    "set_active",
    "set_permission",
    "summaries",
    "update_profile",
]
