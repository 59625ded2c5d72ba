"""Idempotency keys: a replayed command moves money at most once.

A money-moving service calls :func:`claim` first in its transaction. The key's row is inserted in
that same transaction, so it exists exactly when the money moved. A concurrent replay blocks on the
row until the first transaction ends and then sees it; a replay after commit finds it at once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import CursorResult, insert, select, update
from sqlalchemy.orm import Session

from communitybot.db.models.operations import OperationKey

MAX_KEY_LENGTH = 191


def claim(session: Session, *, key: str, scope: str) -> bool:
    """Record ``key`` for this transaction; ``False`` when the key was used already.

    On ``False`` the caller must not act again and returns :func:`stored_result` instead.
    """
    if not key or len(key) > MAX_KEY_LENGTH:
        msg = f"idempotency key must be 1..{MAX_KEY_LENGTH} characters"
        raise ValueError(msg)
    statement = (
        insert(OperationKey)
        .values(key=key, scope=scope[:32])
        .prefix_with("IGNORE", dialect="mysql")
        .prefix_with("IGNORE", dialect="mariadb")
        .prefix_with("OR IGNORE", dialect="sqlite")
    )
    result: CursorResult[Any] = session.execute(statement)  # type: ignore[assignment]
    return result.rowcount == 1


def record(session: Session, *, key: str, result: str) -> None:
    """Store the outcome of the operation that claimed ``key`` (e.g. the journal row id)."""
    session.execute(update(OperationKey).where(OperationKey.key == key).values(result=result[:255]))


def stored_result(session: Session, *, key: str) -> str | None:
    """The outcome recorded for ``key``, or ``None`` when there is none."""
    return session.scalar(select(OperationKey.result).where(OperationKey.key == key))


__all__ = ["MAX_KEY_LENGTH", "claim", "record", "stored_result"]
