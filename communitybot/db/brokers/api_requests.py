"""All SQL of ``api_requests``: the HTTP API's stored answers, by API key and idempotency key."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from communitybot.core.api import StoredAnswer
from communitybot.db.models.api import ApiRequestRow


def find_answer(session: Session, *, key_id: int, idempotency_key: str) -> StoredAnswer | None:
    """The answer stored for ``idempotency_key`` of API key ``key_id``, or ``None``."""
    row = session.execute(
        select(ApiRequestRow.fingerprint, ApiRequestRow.status, ApiRequestRow.body).where(
            ApiRequestRow.key_id == key_id,
            ApiRequestRow.idempotency_key == idempotency_key,
        )
    ).first()
    if row is None:
        return None
    return StoredAnswer(fingerprint=row[0], status=row[1], body=row[2], replayed=True)


def insert_answer(
    session: Session,
    *,
    key_id: int,
    idempotency_key: str,
    operation_key: str,
    answer: StoredAnswer,
    now: datetime,
) -> None:
    """Store ``answer`` (in the transaction of the movement it answers)."""
    session.add(
        ApiRequestRow(
            key_id=key_id,
            idempotency_key=idempotency_key,
            fingerprint=answer.fingerprint,
            operation_key=operation_key,
            status=answer.status,
            body=answer.body,
            created_at=now,
        )
    )
    session.flush()


__all__ = ["find_answer", "insert_answer"]
