"""All SQL of ``pending_sends``: transfers waiting for their sender's Confirm or Abort."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from communitybot.core.ids import UserId
from communitybot.db.models.pending import PendingSend


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


def _record(row: PendingSend) -> PendingSendRecord:
    return PendingSendRecord(
        token=row.token,
        key=row.idempotency_key,
        sender=UserId(row.sender),
        receiver=UserId(row.receiver),
        amount=row.amount,
        reason=row.reason,
        chat_id=row.chat_id,
        msg_id=row.msg_id,
        created=row.created,
        expires=row.expires,
    )


def insert_pending(session: Session, *, record: PendingSendRecord) -> None:
    """Store a pending transfer (its token and its message are unique)."""
    session.execute(
        insert(PendingSend).values(
            token=record.token,
            idempotency_key=record.key,
            sender=record.sender,
            receiver=record.receiver,
            amount=record.amount,
            reason=record.reason,
            chat_id=record.chat_id,
            msg_id=record.msg_id,
            created=record.created,
            expires=record.expires,
        )
    )


def find_pending_by_message(
    session: Session, *, chat_id: int, msg_id: int
) -> PendingSendRecord | None:
    """The pending transfer shown by message ``msg_id`` of ``chat_id``, or ``None``."""
    row = session.scalar(
        select(PendingSend).where(PendingSend.chat_id == chat_id, PendingSend.msg_id == msg_id)
    )
    return None if row is None else _record(row)


def delete_pending(session: Session, *, token: str) -> bool:
    """Forget the pending transfer ``token``; ``False`` when it was gone already."""
    result = session.execute(delete(PendingSend).where(PendingSend.token == token))
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
    "PendingSendRecord",
    "delete_expired",
    "delete_pending",
    "find_pending_by_message",
    "insert_pending",
    "list_ids_in_use",
]
