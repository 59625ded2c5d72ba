"""The unit of work: one short transaction per call, rolled back unless it succeeds, retried on
lock conflicts.

Services hand :meth:`UnitOfWork.run` a function of a session; brokers and helpers never commit.
A function made safe to repeat by the idempotency key it claims goes to
:meth:`UnitOfWork.run_idempotent`, which also rides out a connection lost during ``COMMIT``.
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

CONNECTION_LOST_CODES = frozenset({1053, 1927, 2002, 2003, 2006, 2013, 2055, 4031})
"""MySQL/MariaDB client and server errors that mean the connection is gone or cannot be made:
server shutdown, connection killed, cannot connect (socket, TCP), server gone away, lost during
a query, lost while reading, disconnected for inactivity."""

IN_DOUBT_SECONDS = 10.0
"""How long :meth:`UnitOfWork.run_idempotent` keeps retrying after a ``COMMIT`` whose outcome
is unknown, unless told otherwise."""


def is_retryable(error: BaseException) -> bool:
    """Whether running the whole unit of work again may succeed: a lock conflict, or a pooled
    connection the server had closed (SQLAlchemy invalidates it and the next try reconnects)."""
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    return is_lock_conflict(error)


def is_connection_lost(error: BaseException) -> bool:
    """Whether ``error`` says the connection to the server died or could not be made."""
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    code = next(iter(getattr(error.orig, "args", ())), None)
    return isinstance(code, int) and code in CONNECTION_LOST_CODES


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


class CommitInDoubt(Exception):
    """A ``COMMIT`` lost its connection and retrying for up to ``seconds`` did not settle it
    (the database stayed away, or a retry failed in a way another retry cannot mend): whether
    the transaction was committed is not known. Only :meth:`UnitOfWork.run_idempotent` raises
    it; its caller answers that the outcome is unknown and that the same key is safe to retry.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(f"outcome of a COMMIT unknown after retrying for up to {seconds}s")
        self.seconds = seconds


class UnitOfWork:
    """Runs functions of a :class:`~sqlalchemy.orm.Session` in one transaction each.

    ``run`` begins a transaction, calls the function, commits when it returns and rolls back when
    it raises. A lock conflict (MySQL 1213, 1205, 1020, or a busy SQLite) or a dead pooled
    connection retries the whole function up to ``attempts`` times with a short jittered back-off,
    so the function must not have effects outside the database.

    A connection that dies during ``COMMIT`` leaves the outcome unknown. ``run`` retries the
    function like any dead connection; :meth:`run_idempotent`, for functions that claim an
    idempotency key, keeps retrying for up to ``in_doubt_seconds`` (the key makes a retry of a
    committed function find its own work) and then raises :class:`CommitInDoubt`.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        attempts: int = 5,
        backoff_seconds: float = 0.01,
        sleep: Callable[[float], None] = time.sleep,
        in_doubt_seconds: float = IN_DOUBT_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self.attempts = attempts
        self.in_doubt_seconds = in_doubt_seconds
        self._backoff = backoff_seconds
        self._sleep = sleep
        self._monotonic = monotonic
        self._sessions = sessionmaker(engine, expire_on_commit=False, autoflush=False)

    def _pause(self, attempt: int) -> float:
        """Exponential back-off with full jitter: conflicting workers spread out instead of
        meeting again at the same moment."""
        ceiling: float = min(MAX_BACKOFF_SECONDS, self._backoff * 2.0 ** (attempt - 1))
        return ceiling * (0.5 + random.random() / 2)  # noqa: S311 - jitter, not secrecy

    def run(self, fn: Callable[[Session], T]) -> T:
        """Call ``fn(session)`` in one transaction and commit; retry it whole on lock conflicts."""
        return self._with_retries(fn, commit=True)

    def run_idempotent(self, fn: Callable[[Session], T]) -> T:
        """Like :meth:`run`, for a function that claims an idempotency key in its transaction.

        When the connection dies during ``COMMIT`` the work may or may not have been committed.
        The function is then run again (the key lets it find its own committed work) for up to
        ``in_doubt_seconds``, also while the server refuses connections; when the database
        stays away that long, :class:`CommitInDoubt` is raised, never the connection error.
        """
        return self._with_retries(fn, commit=True, idempotent=True)

    def read(self, fn: Callable[[Session], T]) -> T:
        """Call ``fn(session)`` in a transaction that is rolled back: for queries only."""
        return self._with_retries(fn, commit=False)

    def _with_retries(
        self, fn: Callable[[Session], T], *, commit: bool, idempotent: bool = False
    ) -> T:
        attempt = 0
        in_doubt_until: float | None = None
        while True:
            attempt += 1
            committing = False
            try:
                # Leaving the block closes the session, which rolls back whatever was not
                # committed: a read, or a function that raised.
                with self._sessions() as session:
                    result = fn(session)
                    if commit:
                        committing = True
                        session.commit()
                    return result
            except DBAPIError as error:
                lost_commit = committing and is_connection_lost(error)
                if idempotent and (in_doubt_until is not None or lost_commit):
                    in_doubt_until = self._in_doubt(error, attempt, in_doubt_until)
                    continue
                if not is_retryable(error):
                    raise
                if attempt >= self.attempts:
                    if is_lock_conflict(error):
                        raise LockConflictError(self.attempts) from error
                    raise
                log.info("attempt %d failed, retrying: %s", attempt, error.orig)
                self._sleep(self._pause(attempt))

    def _in_doubt(self, error: DBAPIError, attempt: int, until: float | None) -> float:
        """One failed attempt of an idempotent function since (or at) a ``COMMIT`` that lost its
        connection: return the deadline to go on retrying until, or raise."""
        if until is None:
            until = self._monotonic() + self.in_doubt_seconds
            log.warning("connection lost during COMMIT, retrying the same key: %s", error.orig)
        elif not (is_connection_lost(error) or is_retryable(error)):
            # Retrying cannot help, and the first COMMIT may still have gone through.
            raise CommitInDoubt(self.in_doubt_seconds) from error
        if self._monotonic() >= until:
            raise CommitInDoubt(self.in_doubt_seconds) from error
        log.info("attempt %d after an unknown COMMIT failed, retrying: %s", attempt, error.orig)
        self._sleep(min(self._pause(attempt), max(until - self._monotonic(), 0.0)))
        return until


__all__ = [
    "CONNECTION_LOST_CODES",
    "IN_DOUBT_SECONDS",
    "LOCK_CONFLICT_CODES",
    "CommitInDoubt",
    "LockConflictError",
    "UnitOfWork",
    "is_connection_lost",
    "is_lock_conflict",
    "is_retryable",
]
