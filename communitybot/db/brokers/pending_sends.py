"""All SQL of ``pending_sends``: transfers waiting for their sender's Confirm or Abort.

:func:`lock_pressed` is the first statement of a Confirm: the pending transfer of the pressed
message and both its users, locked ``FOR UPDATE`` in ascending user id (the one lock order of
the ledger), in one round trip. :func:`claim` is what the Confirm's balance update writes with it
(:class:`~communitybot.db.ledger.Claim`): the journal row it made, on every row of its key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, delete, exists, func, insert, or_, select
from sqlalchemy.orm import Session

from communitybot.core.community import UserInfo, UserSummary
from communitybot.core.ids import TelegramId, TransactionId, UserId
from communitybot.core.notices import NoticeKind
from communitybot.db.brokers._user_rows import SELECT_INFO
from communitybot.db.brokers._user_rows import info as user_info
from communitybot.db.brokers.standing import rules_apply
from communitybot.db.ledger import Claim
from communitybot.db.models.community import USERS, User
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


_PENDING = cast(Table, PendingSend.__table__)
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
        _PENDING.c.transaction_id,
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
) -> tuple[PendingSendRecord, Party, Party, bool, TransactionId | None] | None:
    """The pending transfer shown by message ``msg_id`` of ``chat_id`` with its sender, its
    receiver, whether the receiver turned the notice of money received off and the journal row
    a Confirm made of it (``None`` while it waits), in one statement; ``None`` when there is
    no such transfer."""
    row = db.execute(
        _SHOWN.where(_PENDING.c.chat_id == chat_id, _PENDING.c.msg_id == msg_id)
    ).one_or_none()
    if row is None:
        return None
    fields, parties = row[:_FIELDS], row[_FIELDS : _FIELDS + 8]
    muted, made = row[-1], row[-2]
    record = PendingSendRecord(*fields)
    made_id = None if made is None else TransactionId(int(made))
    return record, _party(*parties[:4]), _party(*parties[4:8]), muted is not None, made_id


@dataclass(frozen=True, slots=True)
class PressedSend:
    """A pending transfer and both its users, as :func:`lock_pressed` locked them.

    ``users`` are the two users by id as a movement locks them (their balances now);
    ``ruled`` those of them any of the community's rules applies to
    (:func:`~communitybot.db.brokers.standing.rules_apply`); ``receiver_muted`` whether the
    receiver turned the notice of money received off; ``transaction_id`` the journal row a
    Confirm made of the transfer, ``None`` while it waits.
    """

    record: PendingSendRecord
    sender: Party
    receiver: Party
    users: dict[UserId, UserInfo]
    ruled: frozenset[UserId]
    receiver_muted: bool
    transaction_id: TransactionId | None


_INFO_FIELDS = len(SELECT_INFO.selected_columns)
_MUTED = (
    exists()
    .where(_OPT_OUTS.c.user_id == _PENDING.c.receiver, _OPT_OUTS.c.kind == RECEIVED_NOTICE)
    .correlate(_PENDING)
    .label("muted")
)
_SIBLING = _PENDING.alias("sibling")
_MADE = (
    select(func.max(_SIBLING.c.transaction_id))
    .where(_SIBLING.c.idempotency_key == _PENDING.c.idempotency_key)
    .correlate(_PENDING)
    .scalar_subquery()
    .label("made")
)
"""The journal row a Confirm made under the pressed transfer's key: on its own row, or on
another summary of the same command (a ``/send`` Telegram delivered again after that Confirm,
whose row the claim could not mark because it did not exist yet)."""
_LOCK_PRESSED = (
    SELECT_INFO.add_columns(
        rules_apply(USERS.c.id).label("ruled"),
        *_RECORD_COLUMNS,
        _MADE,
        _MUTED,
    )
    .select_from(_PENDING)
    .where(
        _PENDING.c.chat_id == bindparam("chat_id"),
        _PENDING.c.msg_id == bindparam("msg_id"),
        USERS.c.id.in_([_PENDING.c.sender, _PENDING.c.receiver]),
    )
    .order_by(USERS.c.id)
    .with_for_update()
)
"""The pending transfer of a message (found by its unique chat and message id, so the
optimiser reads it first, as a constant) with each of its two users on a row of its own, in
ascending id: the row lock order of the ledger. The ``EXISTS`` columns (rules, opt-out) are
nested subqueries and lock nothing."""


def lock_pressed(session: Session, *, chat_id: int, msg_id: int) -> PressedSend | None:
    """Lock the pending transfer shown by message ``msg_id`` of ``chat_id`` and both its users
    ``FOR UPDATE``, the users in ascending id, and read what a Confirm needs of them (one
    statement); ``None`` when no transfer waits on that message.

    A second press of the same Confirm waits here until the first one's transaction ends, and
    then reads what it committed."""
    rows = session.execute(_LOCK_PRESSED, {"chat_id": chat_id, "msg_id": msg_id}).all()
    if not rows:
        return None
    first = rows[0]
    at = _INFO_FIELDS + 1
    record = PendingSendRecord(*first[at : at + _FIELDS])
    made, muted = first[at + _FIELDS], first[at + _FIELDS + 1]
    users = {UserId(row[0]): user_info(row[:_INFO_FIELDS]) for row in rows}
    ruled = frozenset(UserId(row[0]) for row in rows if row[_INFO_FIELDS])
    parties = {user_id: Party(user=user.summary, tid=user.tid) for user_id, user in users.items()}
    return PressedSend(
        record=record,
        sender=parties[UserId(record.sender)],
        receiver=parties[UserId(record.receiver)],
        users=users,
        ruled=ruled,
        receiver_muted=bool(muted),
        transaction_id=None if made is None else TransactionId(int(made)),
    )


def claim(key: str) -> Claim:
    """What a Confirm's balance update writes with it: its journal row's id into
    ``transaction_id`` of every pending transfer under ``key`` that has none yet (the pressed
    one, and another summary of the same command, should Telegram have delivered the command
    twice)."""
    return Claim(
        column=_PENDING.c.transaction_id,
        key=_PENDING.c.idempotency_key,
        match=key,
        parties=(_PENDING.c.sender, _PENDING.c.receiver),
    )


def find_parties(db: Reader, *, user_ids: Iterable[int]) -> dict[UserId, Party]:
    """The users a pending transfer would be between, by id (one statement); missing ids are
    absent."""
    rows = db.execute(
        select(User.id, User.name, User.username, User.tid).where(User.id.in_(set(user_ids)))
    )
    return {UserId(row[0]): _party(*row) for row in rows}


CONFIRMED_KEPT = timedelta(hours=25)
"""How long a confirmed pending transfer is kept after its summary was shown. Telegram
delivers an update again for up to 24 hours (after the bot was down, or did not confirm it);
a ``/send`` delivered again must still find its transfer made, so that the Confirm of its new
summary answers with that transfer instead of moving the money twice."""


def _swept(now: datetime) -> Any:
    """The rows a sweep at ``now`` deletes: waiting ones that expired, confirmed ones once
    :data:`CONFIRMED_KEPT` has passed."""
    return or_(
        and_(PendingSend.transaction_id.is_(None), PendingSend.expires <= now),
        PendingSend.created <= now - CONFIRMED_KEPT,
    )


def delete_pending(db: Reader, *, token: str, expired_by: datetime | None = None) -> bool:
    """Forget the pending transfer ``token`` unless a Confirm made it (that row stays, the
    Confirm's record, for :data:`CONFIRMED_KEPT`), and with ``expired_by`` what a sweep at that
    time deletes (the same statement); ``False`` when nothing was deleted."""
    gone = and_(PendingSend.token == token, PendingSend.transaction_id.is_(None))
    if expired_by is not None:
        gone = or_(gone, _swept(expired_by))
    result = db.execute(delete(PendingSend).where(gone))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def delete_expired(session: Session, *, now: datetime) -> int:
    """Forget every waiting pending transfer that expired by ``now``, and every confirmed one
    older than :data:`CONFIRMED_KEPT`; returns how many."""
    result = session.execute(delete(PendingSend).where(_swept(now)))
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
    "CONFIRMED_KEPT",
    "Party",
    "PendingSendRecord",
    "PressedSend",
    "claim",
    "delete_expired",
    "delete_pending",
    "find_parties",
    "find_pending_by_message",
    "insert_pending",
    "list_ids_in_use",
    "lock_pressed",
]
