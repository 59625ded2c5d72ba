"""Which errors retry a unit of work: the real exception objects, PyMySQL's errors wrapped by
SQLAlchemy as the engine raises them, alone and in exception chains."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pymysql
import pytest
from sqlalchemy import Table, insert, select
from sqlalchemy.dialects import mysql
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from communitybot.db.brokers.users import lock_users
from communitybot.db.ledger import add_to_balances
from communitybot.db.models import User
from communitybot.db.uow import UnitOfWork, is_lock_conflict, is_retryable

_USERS = cast(Table, User.__table__)

DIALECT = mysql.dialect()  # type: ignore[no-untyped-call]


def wrapped(code: int, message: str, kind: type[pymysql.err.MySQLError]) -> DBAPIError:
    """A PyMySQL error as SQLAlchemy raises it from a statement."""
    error = DBAPIError.instance(
        "SELECT 1", {}, kind(code, message), pymysql.err.Error, dialect=DIALECT
    )
    assert isinstance(error, DBAPIError)
    return error


def raised_while_handling(first: BaseException, second: BaseException) -> BaseException:
    """``second`` raised inside ``except`` of ``first``: Python sets ``__context__``."""
    try:
        try:
            raise first
        except BaseException:  # noqa: BLE001 - the point is the implicit chaining
            raise second  # noqa: B904 - implicit chaining wanted
    except BaseException as error:  # noqa: BLE001
        return error


OPS = pymysql.err.OperationalError

LOCK_CONFLICTS = [
    (1213, "Deadlock found when trying to get lock; try restarting transaction"),
    (1205, "Lock wait timeout exceeded; try restarting transaction"),
    (1020, "Record has changed since last read in table 'users'"),
    (3101, "Plugin instructed the server to rollback the current transaction."),
    (9007, "Write conflict, txnStartTS=1, conflictStartTS=2 [try again later]"),
    (8002, "[tikv:8002]can not retry select for update statement"),
    (8022, "Error: KV error safe to retry Write conflict [try again later]"),
]


@pytest.mark.parametrize(("code", "message"), LOCK_CONFLICTS)
def test_lock_conflicts_of_every_supported_server(code: int, message: str) -> None:
    error = wrapped(code, message, OPS)
    assert isinstance(error, OperationalError)
    assert is_lock_conflict(error)
    assert is_retryable(error)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (1047, "WSREP has not yet prepared node for application use"),
        (2003, "Can't connect to MySQL server on '127.0.0.1' ([Errno 111] Connection refused)"),
        (2006, "MySQL server has gone away"),
        (2013, "Lost connection to MySQL server during query"),
    ],
)
def test_node_not_ready_and_lost_connections_retry_but_are_no_lock_conflict(
    code: int, message: str
) -> None:
    error = wrapped(code, message, OPS)
    assert is_retryable(error)
    assert not is_lock_conflict(error)


@pytest.mark.parametrize(
    ("code", "message", "kind"),
    [
        (1062, "Duplicate entry '5' for key 'tid'", pymysql.err.IntegrityError),
        (1305, "SAVEPOINT sa_savepoint_1 does not exist", OPS),
        (1146, "Table 'cb.nope' doesn't exist", pymysql.err.ProgrammingError),
        (1406, "Data too long for column 'name' at row 1", pymysql.err.DataError),
    ],
)
def test_other_errors_do_not_retry(
    code: int, message: str, kind: type[pymysql.err.MySQLError]
) -> None:
    error = wrapped(code, message, kind)
    assert not is_retryable(error)
    assert not is_lock_conflict(error)


def test_a_savepoint_gone_after_a_deadlock_is_a_lock_conflict() -> None:
    """A deadlock inside a savepoint rolls back the whole transaction; leaving the savepoint
    then fails with 1305, raised while handling the 1213."""
    deadlock = wrapped(*LOCK_CONFLICTS[0], OPS)
    gone = wrapped(1305, "SAVEPOINT sa_savepoint_1 does not exist", OPS)
    error = raised_while_handling(deadlock, gone)
    assert error is gone
    assert error.__context__ is deadlock
    assert is_lock_conflict(error)
    assert is_retryable(error)


def test_a_conflict_given_as_the_cause_counts_too() -> None:
    gone = wrapped(1305, "SAVEPOINT sa_savepoint_1 does not exist", OPS)
    gone.__cause__ = wrapped(9007, "Write conflict", OPS)
    assert is_lock_conflict(gone)


def test_a_node_not_ready_deep_in_the_chain_retries() -> None:
    error = raised_while_handling(
        wrapped(1047, "WSREP has not yet prepared node for application use", OPS),
        wrapped(1305, "SAVEPOINT sa_savepoint_1 does not exist", OPS),
    )
    assert is_retryable(error)
    assert not is_lock_conflict(error)


def test_a_duplicate_after_a_duplicate_is_still_no_conflict() -> None:
    error = raised_while_handling(
        wrapped(1062, "Duplicate entry", pymysql.err.IntegrityError),
        wrapped(1062, "Duplicate entry", pymysql.err.IntegrityError),
    )
    assert isinstance(error, IntegrityError)
    assert not is_retryable(error)


def test_a_self_referencing_chain_ends() -> None:
    error = wrapped(1062, "Duplicate entry", pymysql.err.IntegrityError)
    error.__context__ = error
    assert not is_retryable(error)


def test_a_busy_sqlite_database_is_a_lock_conflict(tmp_path: Path) -> None:
    path = tmp_path / "busy.sqlite3"
    holder = sqlite3.connect(path, timeout=0, isolation_level=None)
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(sqlite3.OperationalError) as caught:
            other.execute("BEGIN IMMEDIATE")
    finally:
        holder.close()
        other.close()
    error = DBAPIError.instance("BEGIN IMMEDIATE", {}, caught.value, sqlite3.Error)
    assert is_lock_conflict(error)
    other_error = DBAPIError.instance(
        "SELECT", {}, sqlite3.OperationalError("no such table: x"), sqlite3.Error
    )
    assert not is_lock_conflict(other_error)


def test_the_unit_of_work_retries_a_savepoint_lost_to_a_deadlock(uow: UnitOfWork) -> None:
    calls: list[int] = []
    deadlock = wrapped(*LOCK_CONFLICTS[0], OPS)

    def once_deadlocked(_session: object) -> str:
        calls.append(1)
        if len(calls) == 1:
            raise raised_while_handling(
                deadlock, wrapped(1305, "SAVEPOINT sa_savepoint_1 does not exist", OPS)
            )
        return "done"

    sleeps: list[float] = []
    retrying = UnitOfWork(uow.engine, sleep=sleeps.append)
    assert retrying.run(once_deadlocked) == "done"
    assert len(calls) == 2
    assert len(sleeps) == 1


def test_defaults_are_sized_for_clusters_and_bulk_jobs_wait_longer(uow: UnitOfWork) -> None:
    default = UnitOfWork(uow.engine)
    assert default.attempts == 20
    bulk = default.for_bulk()
    assert bulk.attempts == 60
    assert bulk.engine is default.engine
    # the bulk job pauses longer: its tenth pause is seconds, a small unit's stays under 0.5 s
    assert max(default._pause(10) for _ in range(50)) <= 0.5
    assert min(bulk._pause(10) for _ in range(50)) >= 2.5
    assert default.attempts == 20  # the original is left as it was


@pytest.mark.mysql_only
def test_a_real_deadlock_inside_a_savepoint_is_retried(uow: UnitOfWork) -> None:
    """Two transactions cross inside savepoints: the server kills one (1213), which takes the
    savepoint with it, so leaving the savepoint raises 1305; the unit of work sees the deadlock
    in the chain and runs the whole function again, and both moves land once."""
    first, second = _two_users(uow)
    barrier = threading.Barrier(2, timeout=20)
    attempts = {"a": 0, "b": 0}
    surfaced: list[BaseException] = []
    errors: list[BaseException] = []

    def crossing(name: str, order: tuple[int, int]) -> Callable[[Session], None]:
        def work(session: Session) -> None:
            attempts[name] += 1
            lock_users(session, user_ids=[order[0]])
            try:
                with session.begin_nested():
                    if attempts[name] == 1:
                        barrier.wait()  # both hold one row and reach for the other
                    lock_users(session, user_ids=[order[1]])
            except DBAPIError as error:
                surfaced.append(error)
                raise
            add_to_balances(session, _USERS, {order[0]: -1, order[1]: 1})

        return work

    def worker(name: str, order: tuple[int, int]) -> None:
        try:
            UnitOfWork(uow.engine, backoff_seconds=0.001).run(crossing(name, order))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [
        threading.Thread(target=worker, args=("a", (first, second))),
        threading.Thread(target=worker, args=("b", (second, first))),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(attempts.values()) == [1, 2]
    (error,) = surfaced
    assert getattr(error.orig, "args", (None,))[0] == 1305
    assert any(
        isinstance(link, DBAPIError) and getattr(link.orig, "args", (None,))[0] == 1213
        for link in (error.__cause__, error.__context__)
    )
    query = select(User.id, User.balance).where(User.id.in_([first, second]))
    balances = uow.read(lambda s: {row.id: row.balance for row in s.execute(query)})
    assert balances == {first: 0, second: 0}


def _two_users(uow: UnitOfWork) -> tuple[int, int]:
    def make(session: Session) -> tuple[int, int]:
        ids = [
            session.execute(insert(User).values(tid=tid, name=f"u{tid}")).inserted_primary_key[0]
            for tid in (1, 2)
        ]
        return ids[0], ids[1]

    return uow.run(make)
