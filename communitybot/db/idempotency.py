"""Idempotency keys: a replayed command moves money at most once.

A money-moving service calls :func:`claim` in its transaction. The key's row is inserted in that
same transaction, so it exists exactly when the money moved. A concurrent replay blocks on the
row until the first transaction ends and then sees it; a replay after commit finds it at once.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from communitybot.db.models.operations import OperationKey

MAX_KEY_LENGTH = 191
MAX_RESULT_LENGTH = 255

_KEYS = cast(Table, OperationKey.__table__)
_CLAIM = (
    insert(_KEYS)
    .values(key=bindparam("key"), scope=bindparam("scope"), result=bindparam("result"))
    .prefix_with("IGNORE", dialect="mysql")
    .prefix_with("IGNORE", dialect="mariadb")
    .prefix_with("OR IGNORE", dialect="sqlite")
)
_RECORD = update(_KEYS).where(_KEYS.c.key == bindparam("k")).values(result=bindparam("result"))
_STORED = select(_KEYS.c.result).where(_KEYS.c.key == bindparam("key"))


def claim(session: Session, *, key: str, scope: str, result: str | None = None) -> bool:
    """Record ``key`` (and the operation's ``result``) in this transaction; ``False`` when the key
    was used already.

    On ``False`` the caller must not act again: it rolls back and answers from
    :func:`stored_result`. Claiming at the end of the transaction, with the result, saves the
    separate :func:`record` statement; a concurrent claim of the same key waits for this
    transaction and then sees the key.
    """
    if not key or len(key) > MAX_KEY_LENGTH:
        msg = f"idempotency key must be 1..{MAX_KEY_LENGTH} characters"
        raise ValueError(msg)
    _check_result(result)
    outcome: CursorResult[Any] = session.connection().execute(
        _CLAIM, {"key": key, "scope": scope[:32], "result": result}
    )
    return outcome.rowcount == 1


def record(session: Session, *, key: str, result: str) -> None:
    """Store the outcome of the operation that claimed ``key`` (e.g. the journal row id)."""
    _check_result(result)
    session.execute(_RECORD, {"k": key, "result": result})


def _check_result(result: str | None) -> None:
    if result is not None and len(result) > MAX_RESULT_LENGTH:
        msg = f"an operation result is at most {MAX_RESULT_LENGTH} characters"
        raise ValueError(msg)


def stored_result(session: Session, *, key: str) -> str | None:
    """The outcome recorded for ``key``, or ``None`` when there is none."""
    return session.scalar(_STORED, {"key": key})


__all__ = ["MAX_KEY_LENGTH", "MAX_RESULT_LENGTH", "claim", "record", "stored_result"]
