"""All SQL of ``pending_sends``: transfers waiting for their sender's Confirm or Abort."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from communitybot.core.community import UserSummary
from communitybot.core.ids import TelegramId, UserId
from communitybot.core.notices import NoticeKind
from communitybot.db.models.community import User
from communitybot.db.models.pending import PendingSend
from communitybot.db.models.prefs import NoticeOptOutRow
from communitybot.db.uow import Reader

RECEIVED_NOTICE = NoticeKind.RECEIVED.value


@dataclass(frozen=True, slots=True)
class PendingSendRecord:
    """One ``pending_sends`` row."""

    token: str
    key: str
    sender: UserId
    receiver: UserId
    amount: int
    reason: str | None
    chat_id: int
    msg_id: int
    created: datetime
    expires: datetime


def insert_pending(db: Reader, *, record: PendingSendRecord) -> None:
    """Store a pending transfer (its token and its message are unique)."""
    values = asdict(record)
    values["idempotency_key"] = values.pop("key")
    db.execute(insert(PendingSend).values(**values))


@dataclass(frozen=True, slots=True)
class Party:
    """The sender or the receiver of a pending transfer: who they are and their Telegram id."""

    user: UserSummary
    tid: TelegramId | None


_PENDING = PendingSend.__table__
_RECORD_COLUMNS = (
    _PENDING.c.token,
    _PENDING.c.idempotency_key,
    _PENDING.c.sender,
    _PENDING.c.receiver,
    _PENDING.c.amount,
    _PENDING.c.reason,
    _PENDING.c.chat_id,
    _PENDING.c.msg_id,
    _PENDING.c.created,
    _PENDING.c.expires,
)
"""The columns of a :class:`PendingSendRecord`, in the order of its fields."""

_SENDER = User.__table__.alias("sender_user")
_RECEIVER = User.__table__.alias("receiver_user")
_OPT_OUTS = NoticeOptOutRow.__table__
_PARTY_COLUMNS = ("id", "name", "username", "tid")
_SHOWN = (
    select(
        *_RECORD_COLUMNS,
        *(
            who.c[name]
            for who in (_SENDER, _RECEIVER)
            for name in ("id", "name", "username", "tid")
        ),
        _OPT_OUTS.c.kind,
    )
    .join_from(_PENDING, _SENDER, _SENDER.c.id == _PENDING.c.sender)
    .join(_RECEIVER, _RECEIVER.c.id == _PENDING.c.receiver)
    .outerjoin(
        _OPT_OUTS,
        and_(
            _OPT_OUTS.c.user_id == _PENDING.c.receiver,
            _OPT_OUTS.c.kind == RECEIVED_NOTICE,
        ),
    )
)
"""A pending transfer with its parties and whether the receiver turned the notice of money
received off (one statement: the opt-out is read with it, not in the transfer). Core columns
only, so it runs on a bare connection as well as in a session."""

_FIELDS = len(_RECORD_COLUMNS)


def _party(user_id: Any, name: Any, username: Any, tid: Any) -> Party:
    summary = UserSummary(id=UserId(int(user_id)), name=str(name), username=username)
    return Party(user=summary, tid=None if tid is None else TelegramId(int(tid)))


def find_pending_by_message(
    db: Reader, *, chat_id: int, msg_id: int
) -> tuple[PendingSendRecord, Party, Party, bool] | None:
    """The pending transfer shown by message ``msg_id`` of ``chat_id`` with its sender, its
    receiver and whether the receiver turned the notice of money received off (one
    statement), or ``None``."""
    row = db.execute(
        _SHOWN.where(_PENDING.c.chat_id == chat_id, _PENDING.c.msg_id == msg_id)
    ).one_or_none()
    if row is None:
        return None
    fields, parties, muted = row[:_FIELDS], row[_FIELDS : _FIELDS + 8], row[-1]
    record = PendingSendRecord(*fields)
    return record, _party(*parties[:4]), _party(*parties[4:8]), muted is not None


def find_parties(db: Reader, *, user_ids: Iterable[int]) -> dict[UserId, Party]:
    """The users a pending transfer would be between, by id (one statement); missing ids are
    absent."""
    rows = db.execute(
        select(User.id, User.name, User.username, User.tid).where(User.id.in_(set(user_ids)))
    )
    return {UserId(row[0]): _party(*row) for row in rows}


def delete_pending(db: Reader, *, token: str, expired_by: datetime | None = None) -> bool:
    """Forget the pending transfer ``token``, and with ``expired_by`` every one whose expiry is
    not after it (the same statement); ``False`` when nothing was deleted."""
    gone = PendingSend.token == token
    if expired_by is not None:
        gone = or_(gone, PendingSend.expires <= expired_by)
    result = db.execute(delete(PendingSend).where(gone))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def delete_expired(session: Session, *, now: datetime) -> int:
    """Forget every pending transfer whose expiry is not after ``now``; returns how many."""
    result = session.execute(delete(PendingSend).where(PendingSend.expires <= now))
    return int(result.rowcount)  # type: ignore[attr-defined]


def list_ids_in_use(session: Session) -> tuple[dict[int, int], list[str]]:
    """The highest summary message id of each chat and every idempotency key still waiting."""
    highest = session.execute(
        select(PendingSend.chat_id, func.max(PendingSend.msg_id)).group_by(PendingSend.chat_id)
    )
    keys = session.scalars(
        select(PendingSend.idempotency_key).order_by(PendingSend.idempotency_key)
    )
    return {int(chat_id): int(msg_id) for chat_id, msg_id in highest}, list(keys)


__all__ = [
    "Party",
    "PendingSendRecord",
    "delete_expired",
    "delete_pending",
    "find_parties",
    "find_pending_by_message",
    "insert_pending",
    "list_ids_in_use",
]
