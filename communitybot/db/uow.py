"""The unit of work: one short transaction per call, rolled back unless it succeeds, retried on
lock conflicts.

Services hand :meth:`UnitOfWork.run` a function of a session; brokers and helpers never commit.
A function made safe to repeat by the idempotency key it claims goes to
:meth:`UnitOfWork.run_idempotent`, which also rides out a connection lost during ``COMMIT``.
"""

from __future__ import annotations

import copy
import logging
import random
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import TypeAlias, TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from communitybot.db.engine import error_code

log = logging.getLogger(__name__)

T = TypeVar("T")

Reader: TypeAlias = Session | Connection
"""What a query runs its statements on: a session (inside any unit of work) or the bare
connection of :meth:`UnitOfWork.query`. Broker functions that only run Core statements take
either."""

_H = TypeVar("_H", Session, Connection)

MAX_BACKOFF_SECONDS = 0.5
"""Longest pause between two attempts of a unit of work."""

ATTEMPTS = 20
"""Attempts of a unit of work by default. Sized for multi-primary clusters, where every
certification conflict of a hot row is one failed attempt: with 5, 1.6% of transfers on hot rows
gave up on a 3-node Galera cluster; with 20, none did."""

BULK_ATTEMPTS = 60
"""Attempts of a bulk job (a tax cycle) by default, see :meth:`UnitOfWork.for_bulk`."""

BULK_MAX_BACKOFF_SECONDS = 5.0
"""Longest pause between two attempts of a bulk job."""

LOCK_CONFLICT_CODES = frozenset({1213, 1205, 1020, 3101, 9007, 8002, 8022})
"""Server errors that mean "another transaction won, try again": deadlock (and a Galera
certification failure), lock wait timeout, record changed (MariaDB), a transaction rolled back by
Group Replication's certification (3101), TiDB's write conflict (9007), its ``SELECT ... FOR
UPDATE`` conflict (8002) and its retryable transaction error (8022)."""

NODE_NOT_READY_CODES = frozenset({1047})
"""A Galera node that is not part of the primary component ("WSREP has not yet prepared node for
application use"): another attempt reaches it when it has rejoined, or reaches the next
configured server (see ``create_db_engine``)."""

_SQLITE_BUSY = frozenset({5, 6})
"""SQLite's ``SQLITE_BUSY`` and ``SQLITE_LOCKED`` (primary result codes)."""


def _chain(error: BaseException) -> Iterator[BaseException]:
    """``error`` and every exception it was raised from or while handling, each once."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _codes(error: BaseException) -> Iterator[int]:
    """The server error codes anywhere in ``error``'s chain: of each SQLAlchemy ``DBAPIError``'s
    driver error and of driver errors met on their own (a PyMySQL error's first argument)."""
    for link in _chain(error):
        code = error_code(link.orig if isinstance(link, DBAPIError) else link)
        if code is not None:
            yield code


CONNECTION_LOST_CODES = frozenset({1053, 1927, 2002, 2003, 2006, 2013, 2055, 4031})
"""MySQL/MariaDB client and server errors that mean the connection is gone or cannot be made:
server shutdown, connection killed, cannot connect (socket, TCP), server gone away, lost during
a query, lost while reading, disconnected for inactivity."""

IN_DOUBT_SECONDS = 10.0
"""How long :meth:`UnitOfWork.run_idempotent` keeps retrying after a ``COMMIT`` whose outcome
is unknown, unless told otherwise."""


def is_retryable(error: BaseException) -> bool:
    """Whether running the whole unit of work again may succeed.

    Yes for a lock conflict (:func:`is_lock_conflict`), a Galera node not ready (1047), a server
    that cannot be reached or a connection lost (:data:`CONNECTION_LOST_CODES`: the retry
    reconnects, to the next configured server if there are several; a unit of work that moves
    money claims an idempotency key, so running it again cannot move money twice), and a pooled
    connection SQLAlchemy invalidated because the server had closed it. Anywhere in the
    exception chain.
    """
    for link in _chain(error):
        if isinstance(link, DBAPIError) and link.connection_invalidated:
            return True
    if is_lock_conflict(error):
        return True
    return any(
        code in NODE_NOT_READY_CODES or code in CONNECTION_LOST_CODES for code in _codes(error)
    )


def is_connection_lost(error: BaseException) -> bool:
    """Whether ``error`` says the connection to the server died or could not be made."""
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    code = next(iter(getattr(error.orig, "args", ())), None)
    return isinstance(code, int) and code in CONNECTION_LOST_CODES


def is_lock_conflict(error: BaseException) -> bool:
    """Whether ``error`` is a lock conflict worth retrying the whole unit of work for.

    The conflict may sit anywhere in the exception chain (``__cause__``/``__context__``): a
    deadlock inside a savepoint rolls the whole transaction back, so leaving the savepoint fails
    with 1305 (``SAVEPOINT ... does not exist``) raised while handling the 1213. A busy or locked
    SQLite database counts too.
    """
    if any(code in LOCK_CONFLICT_CODES for code in _codes(error)):
        return True
    for link in _chain(error):
        driver_error = link.orig if isinstance(link, DBAPIError) else link
        code = getattr(driver_error, "sqlite_errorcode", None)
        if isinstance(code, int) and code & 0xFF in _SQLITE_BUSY:
            return True
    return False


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
    it raises. Whatever :func:`is_retryable` accepts (a lock conflict or certification failure, a
    cluster node not ready, a lost or refused connection) retries the whole function up to
    ``attempts`` times with a jittered exponential back-off of at most ``max_backoff_seconds``,
    so the function must not have effects outside the database. :meth:`for_bulk` gives a bulk
    job more attempts and longer pauses.

    A connection that dies during ``COMMIT`` leaves the outcome unknown. ``run`` retries the
    function like any dead connection; :meth:`run_idempotent`, for functions that claim an
    idempotency key, keeps retrying for up to ``in_doubt_seconds`` (the key makes a retry of a
    committed function find its own work) and then raises :class:`CommitInDoubt`.

    :meth:`read` runs on ``reader`` when given: an engine of the same database whose connections
    stay in autocommit mode (``create_db_engine(..., autocommit=True)``), so a read ends without
    a ``ROLLBACK`` round trip. :meth:`query` is the same read for Core statements only, on a bare
    connection instead of a session. :meth:`run_statement` runs on ``statements`` when given: an
    engine whose connections are in autocommit mode and may write, so one statement commits
    without a ``COMMIT`` round trip.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        attempts: int = ATTEMPTS,
        backoff_seconds: float = 0.01,
        max_backoff_seconds: float = MAX_BACKOFF_SECONDS,
        bulk_attempts: int = BULK_ATTEMPTS,
        sleep: Callable[[float], None] = time.sleep,
        in_doubt_seconds: float = IN_DOUBT_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
        reader: Engine | None = None,
        statements: Engine | None = None,
    ) -> None:
        self.engine = engine
        self.reader = reader
        self.statements = statements
        self.attempts = attempts
        self.bulk_attempts = bulk_attempts
        self.in_doubt_seconds = in_doubt_seconds
        self._backoff = backoff_seconds
        self._max_backoff = max_backoff_seconds
        self._sleep = sleep
        self._monotonic = monotonic
        self._sessions = sessionmaker(engine, expire_on_commit=False, autoflush=False)
        self._reads = sessionmaker(reader or engine, expire_on_commit=False, autoflush=False)

    def _pause(self, attempt: int) -> float:
        """Exponential back-off with full jitter: conflicting workers spread out instead of
        meeting again at the same moment."""
        ceiling: float = min(self._max_backoff, self._backoff * 2.0 ** (attempt - 1))
        return ceiling * (0.5 + random.random() / 2)  # noqa: S311 - jitter, not secrecy

    def for_bulk(self) -> UnitOfWork:
        """The same unit of work for a bulk job (a tax cycle): ``bulk_attempts`` attempts and
        pauses of up to :data:`BULK_MAX_BACKOFF_SECONDS`.

        On a multi-primary cluster a job that writes many rows loses certification to every small
        transfer that commits on another node meanwhile; pausing longer lets it find a quieter
        moment instead of giving up after a few tries.
        """
        bulk = copy.copy(self)
        bulk.attempts = max(self.attempts, self.bulk_attempts)
        bulk._backoff = max(self._backoff, 0.05)
        bulk._max_backoff = max(self._max_backoff, BULK_MAX_BACKOFF_SECONDS)
        return bulk

    def run(self, fn: Callable[[Session], T]) -> T:
        """Call ``fn(session)`` in one transaction and commit; retry it whole on lock conflicts."""
        return self._with_retries(fn, commit=True, sessions=self._sessions)

    def run_idempotent(self, fn: Callable[[Session], T]) -> T:
        """Like :meth:`run`, for a function that claims an idempotency key in its transaction.

        When the connection dies during ``COMMIT`` the work may or may not have been committed.
        The function is then run again (the key lets it find its own committed work) for up to
        ``in_doubt_seconds``, also while the server refuses connections; when the database
        stays away that long, :class:`CommitInDoubt` is raised, never the connection error.
        """
        return self._with_retries(fn, commit=True, idempotent=True, sessions=self._sessions)

    def read(self, fn: Callable[[Session], T]) -> T:
        """Call ``fn(session)`` for queries only: on the reader in autocommit mode, else in a
        transaction that is rolled back."""
        return self._with_retries(fn, commit=False, sessions=self._reads)

    def query(self, fn: Callable[[Connection], T]) -> T:
        """Like :meth:`read`, for Core statements only (no ORM objects, no ``session.get``):
        ``fn`` gets a bare :class:`~sqlalchemy.engine.Connection` of the reader, in autocommit
        mode, else one whose transaction is rolled back. It skips the session's own work (its
        transaction, the ORM's execution path), which is most of the cost of a short read."""
        return self._with_retries(fn, commit=False, sessions=(self.reader or self.engine).connect)

    def read_once(self, fn: Callable[[Session], T]) -> T:
        """Like :meth:`read`, but one attempt: a lost connection is raised at once (a health
        check must answer quickly, not wait out the retries)."""
        with self._reads() as session:
            return fn(session)

    def run_statement(self, fn: Callable[[Connection], T]) -> T:
        """Call ``fn(connection)``, which makes one Core write that is safe to repeat, committed
        by itself: on a bare connection of ``statements`` in autocommit mode when given (one
        round trip, and no session set up around it), else in a transaction of its own on the
        engine. Retried like :meth:`run`."""
        if self.statements is None:
            return self._with_retries(fn, commit=True, sessions=self.engine.connect)
        return self._with_retries(fn, commit=False, sessions=self.statements.connect)

    def _with_retries(
        self,
        fn: Callable[[_H], T],
        *,
        commit: bool,
        idempotent: bool = False,
        sessions: Callable[[], AbstractContextManager[_H]],
    ) -> T:
        attempt = 0
        in_doubt_until: float | None = None
        while True:
            attempt += 1
            committing = False
            try:
                # Leaving the block closes the session (or connection), which rolls back whatever
                # was not committed: a read, or a function that raised.
                with sessions() as session:
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
    "ATTEMPTS",
    "BULK_ATTEMPTS",
    "BULK_MAX_BACKOFF_SECONDS",
    "CONNECTION_LOST_CODES",
    "IN_DOUBT_SECONDS",
    "LOCK_CONFLICT_CODES",
    "MAX_BACKOFF_SECONDS",
    "NODE_NOT_READY_CODES",
    "CommitInDoubt",
    "LockConflictError",
    "Reader",
    "UnitOfWork",
    "is_connection_lost",
    "is_lock_conflict",
    "is_retryable",
]
