"""All SQL of collectives: ``collectives``, ``collectives_users`` and ``collective_messages``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Row, Select, Table, bindparam, delete, func, insert, select
from sqlalchemy.orm import Session

from communitybot.core.community import CollectiveMessage as MessageRef
from communitybot.core.community import UserSummary
from communitybot.core.errors import NotFound
from communitybot.core.ids import CollectiveId, UserId
from communitybot.db.brokers.economy._util import count_where, insert_row, record, update_where
from communitybot.db.brokers.guards import write_guards
from communitybot.db.models.community import Collective, CollectiveMessage, CollectiveUser, User
from communitybot.db.uow import Reader


@dataclass(frozen=True, slots=True)
class CollectiveRecord:
    """One ``collectives`` row."""

    id: CollectiveId
    active: bool
    amount: int
    externals: int | None
    description: str | None
    communistic: bool
    creator: UserId
    created: datetime


@dataclass(frozen=True, slots=True)
class MemberRecord:
    """One ``collectives_users`` row with the user's short form."""

    row_id: int
    user: UserSummary
    vote: bool


def _record(row: Collective) -> CollectiveRecord:
    return record(CollectiveRecord, row, active=bool(row.active), communistic=bool(row.communistic))


def insert_collective(
    session: Session,
    *,
    creator: int,
    amount: int,
    description: str,
    communistic: bool,
    externals: int | None,
) -> CollectiveId:
    """Insert an open collective and return its id."""
    result = session.execute(
        insert(Collective).values(
            creator=creator,
            amount=amount,
            description=description,
            communistic=communistic,
            externals=externals,
            active=True,
        )
    )
    return CollectiveId(result.inserted_primary_key[0])  # type: ignore[attr-defined]


def find_collective(session: Session, *, collective_id: int) -> CollectiveRecord | None:
    """The collective ``collective_id``, or ``None``."""
    row = session.scalar(select(Collective).where(Collective.id == collective_id))
    return None if row is None else _record(row)


def get_collective(session: Session, *, collective_id: int) -> CollectiveRecord:
    """The collective ``collective_id``; :class:`NotFound` when missing."""
    record = find_collective(session, collective_id=collective_id)
    if record is None:
        raise NotFound(kind="collective", ref=str(collective_id))
    return record


def lock_collective(session: Session, *, collective_id: int) -> CollectiveRecord:
    """Lock the collective row ``FOR UPDATE`` (always before any balance row) for a decision on
    it, and first write its guard row: the decision rests on its members and votes, which it
    may not change, so two decisions on two nodes of a cluster must conflict at commit.

    Raises :class:`NotFound` when missing.
    """
    write_guards(session, [f"collective:{collective_id}"])
    row = session.execute(
        select(Collective).where(Collective.id == collective_id).with_for_update()
    ).scalar_one_or_none()
    if row is None:
        raise NotFound(kind="collective", ref=str(collective_id))
    return _record(row)


def close_collective(session: Session, *, collective_id: int) -> None:
    """Mark the collective as no longer active."""
    update_where(session, Collective, Collective.id == collective_id, active=False)


def set_externals(session: Session, *, collective_id: int, externals: int) -> None:
    """Store a new number of externals."""
    update_where(session, Collective, Collective.id == collective_id, externals=externals)


def guard_open_collectives(session: Session, *, creators: Sequence[int]) -> None:
    """Write the guard row of the open collectives of each of ``creators``, before counting,
    opening or closing them: whoever opens or cancels on another node at once then conflicts at
    commit (the limit of open collectives rests on rows the opening does not change)."""
    write_guards(session, [f"open:{creator}" for creator in creators])


def count_open_by_creator(session: Session, *, creator: int) -> int:
    """How many open collectives ``creator`` has."""
    return count_where(session, Collective.creator == creator, Collective.active.is_(True))


_COLLECTIVES = cast(Table, Collective.__table__)
_OPEN_IDS = (
    select(_COLLECTIVES.c.id).where(_COLLECTIVES.c.active.is_(True)).order_by(_COLLECTIVES.c.id)
)
_OPEN_IDS_OF = _OPEN_IDS.where(_COLLECTIVES.c.creator == bindparam("creator"))


def list_open_ids(db: Reader, *, creator: int | None = None) -> list[CollectiveId]:
    """Ids of open collectives (of ``creator`` when given), oldest first."""
    if creator is None:
        return [CollectiveId(i) for i in db.execute(_OPEN_IDS).scalars().all()]
    return [CollectiveId(i) for i in db.execute(_OPEN_IDS_OF, {"creator": creator}).scalars().all()]


def list_taken_by(session: Session, *, user_id: int) -> list[tuple[CollectiveRecord, bool | None]]:
    """Every collective ``user_id`` opened or is a member (voter, participant) of, by id, with
    its vote on a payment request (``None`` where it cast none, and for communisms)."""
    joined = (
        select(Collective, CollectiveUser.vote)
        .outerjoin(
            CollectiveUser,
            (CollectiveUser.collectives_id == Collective.id) & (CollectiveUser.users_id == user_id),
        )
        .where((Collective.creator == user_id) | CollectiveUser.id.is_not(None))
        .order_by(Collective.id)
    )
    taken: dict[int, tuple[CollectiveRecord, bool | None]] = {}
    for row, vote in session.execute(joined):
        cast = None if row.communistic or vote is None else bool(vote)
        taken.setdefault(row.id, (_record(row), cast))
    return list(taken.values())


def count_open_taken_by(session: Session, *, user_id: int) -> int:
    """How many open collectives ``user_id`` opened or takes part in as a communism member."""
    member = select(CollectiveUser.collectives_id).where(CollectiveUser.users_id == user_id)
    return (
        session.scalar(
            select(func.count())
            .select_from(Collective)
            .where(
                Collective.active.is_(True),
                (Collective.creator == user_id)
                | (Collective.communistic.is_(True) & Collective.id.in_(member)),
            )
        )
        or 0
    )


def list_open_requests_before(session: Session, *, created_before: datetime) -> list[CollectiveId]:
    """Ids of open payment requests created before ``created_before`` (database time), oldest
    first."""
    query = (
        select(Collective.id)
        .where(
            Collective.active.is_(True),
            Collective.communistic.is_(False),
            Collective.created < created_before,
        )
        .order_by(Collective.id)
    )
    return [CollectiveId(i) for i in session.scalars(query)]


def _members_query(collective_id: int) -> Select[int, bool, int, str, str | None]:
    return (
        select(CollectiveUser.id, CollectiveUser.vote, User.id, User.name, User.username)
        .join(User, User.id == CollectiveUser.users_id)
        .where(CollectiveUser.collectives_id == collective_id)
        .order_by(CollectiveUser.id)
    )


def _member(row: Row[int, bool, int, str, str | None]) -> MemberRecord:
    row_id, vote, user_id, name, username = row
    return MemberRecord(
        row_id=row_id,
        user=UserSummary(id=UserId(user_id), name=name, username=username),
        vote=bool(vote),
    )


def list_members(session: Session, *, collective_id: int) -> list[MemberRecord]:
    """Participants or votes of the collective, in the order they came."""
    return [_member(row) for row in session.execute(_members_query(collective_id))]


def find_member(session: Session, *, collective_id: int, user_id: int) -> MemberRecord | None:
    """The user's ``collectives_users`` row in the collective, or ``None``."""
    row = session.execute(
        _members_query(collective_id).where(CollectiveUser.users_id == user_id).limit(1)
    ).first()
    return None if row is None else _member(row)


def add_member(session: Session, *, collective_id: int, user_id: int, vote: bool) -> None:
    """Record a participant (communism, ``vote`` False) or a vote (payment request)."""
    insert_row(session, CollectiveUser, collectives_id=collective_id, users_id=user_id, vote=vote)


def remove_member(session: Session, *, collective_id: int, user_id: int) -> None:
    """Remove a participant."""
    session.execute(
        delete(CollectiveUser).where(
            CollectiveUser.collectives_id == collective_id, CollectiveUser.users_id == user_id
        )
    )


def _message(row: CollectiveMessage) -> MessageRef:
    return MessageRef(
        collective_id=CollectiveId(row.collectives_id), chat_id=row.chat_id, msg_id=row.msg_id
    )


def find_message(session: Session, *, chat_id: int, msg_id: int) -> MessageRef | None:
    """The recorded message ``msg_id`` in ``chat_id``, or ``None``."""
    row = session.scalar(
        select(CollectiveMessage)
        .where(CollectiveMessage.chat_id == chat_id, CollectiveMessage.msg_id == msg_id)
        .order_by(CollectiveMessage.id)
        .limit(1)
    )
    return None if row is None else _message(row)


def add_message(session: Session, *, collective_id: int, chat_id: int, msg_id: int) -> None:
    """Record a bot message that shows the collective."""
    insert_row(
        session, CollectiveMessage, collectives_id=collective_id, chat_id=chat_id, msg_id=msg_id
    )


def list_messages(session: Session, *, collective_id: int) -> list[MessageRef]:
    """Every recorded message of the collective, in the order recorded."""
    rows = session.scalars(
        select(CollectiveMessage)
        .where(CollectiveMessage.collectives_id == collective_id)
        .order_by(CollectiveMessage.id)
    )
    return [_message(row) for row in rows]


def delete_message(session: Session, *, chat_id: int, msg_id: int) -> None:
    """Forget the recorded message ``msg_id`` in ``chat_id``."""
    session.execute(
        delete(CollectiveMessage).where(
            CollectiveMessage.chat_id == chat_id, CollectiveMessage.msg_id == msg_id
        )
    )


def highest_message_ids(session: Session) -> dict[int, int]:
    """The highest recorded message id of each chat (``collective_messages``), by chat id."""
    rows = session.execute(
        select(CollectiveMessage.chat_id, func.max(CollectiveMessage.msg_id)).group_by(
            CollectiveMessage.chat_id
        )
    )
    return {int(chat_id): int(msg_id) for chat_id, msg_id in rows}


def list_all_members(session: Session) -> list[tuple[CollectiveId, UserId, bool]]:
    """Every ``collectives_users`` row as (collective, user, vote), in the order they came
    (for ``communitybot check``)."""
    rows = session.execute(
        select(
            CollectiveUser.collectives_id, CollectiveUser.users_id, CollectiveUser.vote
        ).order_by(CollectiveUser.id)
    )
    return [(CollectiveId(c), UserId(u), bool(v)) for c, u, v in rows]


def list_all(session: Session) -> list[CollectiveRecord]:
    """Every collective, by id (for the consistency check and exports)."""
    return [_record(row) for row in session.scalars(select(Collective).order_by(Collective.id))]


__all__ = [
    "CollectiveRecord",
    "MemberRecord",
    "add_member",
    "add_message",
    "close_collective",
    "count_open_by_creator",
    "count_open_taken_by",
    "delete_message",
    "find_collective",
    "find_member",
    "find_message",
    "get_collective",
    "guard_open_collectives",
    "highest_message_ids",
    "insert_collective",
    "list_all",
    "list_all_members",
    "list_members",
    "list_messages",
    "list_open_ids",
    "list_open_requests_before",
    "list_taken_by",
    "lock_collective",
    "remove_member",
    "set_externals",
]
