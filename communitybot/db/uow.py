"""The unit of work: one short transaction per call, rolled back unless it succeeds, retried on
lock conflicts.

Services hand :meth:`UnitOfWork.run` a function of a session; brokers and helpers never commit.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

T = TypeVar("T")

MAX_BACKOFF_SECONDS = 0.5
"""Longest pause between two attempts of a unit of work."""

LOCK_CONFLICT_CODES = frozenset({1213, 1205, 1020})
"""MySQL errors that mean "try again": deadlock, lock wait timeout, record changed."""


def is_retryable(error: BaseException) -> bool:
    """Whether running the whole unit of work again may succeed: a lock conflict, or a pooled
    connection the server had closed (SQLAlchemy invalidates it and the next try reconnects)."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    return is_lock_conflict(error)


def is_lock_conflict(error: BaseException) -> bool:
    """Whether ``error`` is a lock conflict worth retrying the whole unit of work for."""
    if not isinstance(error, DBAPIError):
        return False
    original = error.orig
    args = getattr(original, "args", ())
    if args and isinstance(args[0], int):
        return args[0] in LOCK_CONFLICT_CODES
    return "database is locked" in str(original)


class LockConflictError(Exception):
    """A unit of work kept hitting lock conflicts after every allowed attempt."""

    def __init__(self, attempts: int) -> None:
        super().__init__(f"gave up after {attempts} attempts on lock conflicts")
        self.attempts = attempts


class UnitOfWork:
    """Runs functions of a :class:`~sqlalchemy.orm.Session` in one transaction each.

    ``run`` begins a transaction, calls the function, commits when it returns and rolls back when
    it raises. A lock conflict (MySQL 1213, 1205, 1020, or a busy SQLite) or a dead pooled
    connection retries the whole function up to ``attempts`` times with a short jittered back-off,
    so the function must not have effects outside the database. (Should a connection die during
    ``COMMIT`` itself, the retry of a money-moving service finds its idempotency key and replays.)
    """

    def __init__(
        self,
        engine: Engine,
        *,
        attempts: int = 5,
        backoff_seconds: float = 0.01,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.engine = engine
        self.attempts = attempts
        self._backoff = backoff_seconds
        self._sleep = sleep
        self._sessions = sessionmaker(engine, expire_on_commit=False, autoflush=False)

    def _pause(self, attempt: int) -> float:
        """Exponential back-off with full jitter: conflicting workers spread out instead of
        meeting again at the same moment."""
        ceiling: float = min(MAX_BACKOFF_SECONDS, self._backoff * 2.0 ** (attempt - 1))
        return ceiling * (0.5 + random.random() / 2)  # noqa: S311 - jitter, not secrecy

    def run(self, fn: Callable[[Session], T]) -> T:
        """Call ``fn(session)`` in one transaction and commit; retry it whole on lock conflicts."""
        return self._with_retries(fn, commit=True)

    def read(self, fn: Callable[[Session], T]) -> T:
        """Call ``fn(session)`` in a transaction that is rolled back: for queries only."""
        return self._with_retries(fn, commit=False)

    def _with_retries(self, fn: Callable[[Session], T], *, commit: bool) -> T:
        for attempt in range(1, self.attempts + 1):
            try:
                # Leaving the block closes the session, which rolls back whatever was not
                # committed: a read, or a function that raised.
                with self._sessions() as session:
                    result = fn(session)
                    if commit:
                        session.commit()
                    return result
            except DBAPIError as error:
                if not is_retryable(error):
                    raise
                if attempt == self.attempts:
                    if is_lock_conflict(error):
                        raise LockConflictError(self.attempts) from error
                    raise
                log.info("attempt %d failed, retrying: %s", attempt, error.orig)
                self._sleep(self._pause(attempt))
        raise LockConflictError(self.attempts)  # pragma: no cover - the loop returns or raises


__all__ = [
    "LOCK_CONFLICT_CODES",
    "LockConflictError",
    "UnitOfWork",
    "is_lock_conflict",
    "is_retryable",
]
