"""The unit of work commits, rolls back, and retries a whole function on a real deadlock."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import cast

import pymysql.connections
import pytest
from sqlalchemy import Connection, Engine, Table, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from communitybot.db import UnitOfWork, idempotency, is_lock_conflict
from communitybot.db.brokers.users import lock_users
from communitybot.db.ledger import add_to_balances
from communitybot.db.models import OperationKey, User
from communitybot.db.uow import LockConflictError
from tests.conftest import Snapshot
from tests.support.servers import dropped_connection

_USERS = cast(Table, User.__table__)


def _two_users(uow: UnitOfWork) -> tuple[int, int]:
    def make(session: Session) -> tuple[int, int]:
        ids = [
            session.execute(insert(User).values(tid=tid, name=f"u{tid}")).inserted_primary_key[0]
            for tid in (1, 2)
        ]
        return ids[0], ids[1]

    return uow.run(make)


def _record_statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on, every command PyMySQL sends (statements, ``COMMIT``, ``ROLLBACK``) is appended
    to the list returned, as text."""
    sent: list[str] = []
    real = pymysql.connections.Connection._execute_command

    def counting(connection: object, command: int, sql: str | bytes) -> object:
        sent.append(sql.decode() if isinstance(sql, bytes) else sql)
        return real(connection, command, sql)

    monkeypatch.setattr(pymysql.connections.Connection, "_execute_command", counting)
    return sent


def test_run_commits_and_returns(uow: UnitOfWork) -> None:
    first, second = _two_users(uow)
    assert uow.read(lambda s: s.scalar(select(func.count()).select_from(User))) == 2
    assert first < second


def test_exception_rolls_back_everything(uow: UnitOfWork, snapshot: Callable[[], Snapshot]) -> None:
    before = snapshot()

    def fails(session: Session) -> None:
        session.execute(insert(User).values(tid=7, name="seven"))
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        uow.run(fails)
    assert snapshot() == before


@pytest.mark.parametrize("how", ["read", "query"])
def test_a_read_never_commits(uow: UnitOfWork, snapshot: Callable[[], Snapshot], how: str) -> None:
    """``read`` (a session) and ``query`` (a bare connection) alike."""
    before = snapshot()

    def write(db: Session | Connection) -> None:
        db.execute(insert(_USERS).values(tid=8, name="eight"))

    reading = uow.read if how == "read" else uow.query
    if uow.reader is None:
        reading(write)  # rolled back
    else:
        with pytest.raises(OperationalError, match="READ ONLY"):  # autocommit, refused
            reading(write)
    assert snapshot() == before


@pytest.mark.mysql_only
def test_a_read_on_the_reader_needs_no_rollback(
    uow: UnitOfWork, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = _two_users(uow)
    sent = _record_statements(monkeypatch)
    for _ in range(2):
        assert uow.read(lambda s: s.scalar(select(User.name).where(User.id == first))) == "u1"
    assert len(sent) == 2
    assert all(statement.startswith("SELECT") for statement in sent)


@pytest.mark.mysql_only
def test_a_query_is_its_statements_alone(uow: UnitOfWork, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = _two_users(uow)

    def names(connection: Connection) -> list[str]:
        return [
            str(connection.scalar(select(_USERS.c.name).where(_USERS.c.id == user_id)))
            for user_id in (first, second)
        ]

    sent = _record_statements(monkeypatch)
    for _ in range(2):
        assert uow.query(names) == ["u1", "u2"]
    assert len(sent) == 4
    assert all(statement.startswith("SELECT") for statement in sent)


@pytest.mark.mysql_only
def test_a_statement_commits_by_itself_in_one_round_trip(
    uow: UnitOfWork, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = _two_users(uow)

    def rename(name: str) -> None:
        uow.run_statement(
            lambda s: s.execute(update(User).where(User.id == first).values(name=name))
        )

    rename("warm")  # the connection is made and set up
    sent = _record_statements(monkeypatch)
    rename("renamed")
    assert [statement.split()[0] for statement in sent] == ["UPDATE"]
    monkeypatch.undo()
    with engine.connect() as other:  # committed: another connection sees it
        assert other.scalar(select(User.name).where(User.id == first)) == "renamed"


@pytest.mark.mysql_only
def test_real_deadlock_is_retried_until_both_succeed(uow: UnitOfWork) -> None:
    """Two transactions lock two rows in opposite order; MariaDB kills one (1213) and the unit
    of work runs it again, so both transfers land exactly once."""
    first, second = _two_users(uow)
    barrier = threading.Barrier(2, timeout=20)
    attempts: dict[str, int] = {"a": 0, "b": 0}
    errors: list[BaseException] = []

    def crossing(name: str, order: tuple[int, int]) -> Callable[[Session], None]:
        def work(session: Session) -> None:
            attempts[name] += 1
            lock_users(session, user_ids=[order[0]])
            if attempts[name] == 1:
                barrier.wait()  # both now hold one row and reach for the other
            lock_users(session, user_ids=[order[1]])
            add_to_balances(session, _USERS, {order[0]: -1, order[1]: 1})

        return work

    def worker(name: str, order: tuple[int, int]) -> None:
        try:
            UnitOfWork(uow.engine, attempts=5, backoff_seconds=0.001).run(crossing(name, order))
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
    query = select(User.id, User.balance).where(User.id.in_([first, second]))
    balances = uow.read(lambda s: {row.id: row.balance for row in s.execute(query)})
    assert balances == {first: 0, second: 0}


def test_gives_up_after_the_allowed_attempts(uow: UnitOfWork) -> None:
    calls: list[int] = []

    class Deadlock(Exception):
        args = (1213, "Deadlock found when trying to get lock")

    def always_conflicts(session: Session) -> None:
        calls.append(1)
        raise OperationalError("SELECT 1", {}, Deadlock())

    limited = UnitOfWork(uow.engine, attempts=3, sleep=lambda _seconds: None)
    with pytest.raises(LockConflictError) as caught:
        limited.run(always_conflicts)
    assert caught.value.attempts == 3
    assert len(calls) == 3


@pytest.mark.mysql_only
@pytest.mark.parametrize("how", ["run", "query"])
def test_a_connection_closed_by_the_server_is_replaced_and_the_work_retried(
    uow: UnitOfWork, how: str
) -> None:
    """No pre-ping: a pooled connection the server has dropped fails once and is retried, in a
    session (``run``) or on a bare connection (``query``)."""
    calls: list[int] = []

    def work(db: Session | Connection) -> int:
        calls.append(1)
        return int(db.scalar(text("SELECT CONNECTION_ID()")))

    with dropped_connection(uow) as single:
        assert (single.run(work) if how == "run" else single.query(work)) > 0
    assert len(calls) == 2


def test_other_database_errors_are_not_retried(uow: UnitOfWork) -> None:
    calls: list[int] = []

    def duplicate(session: Session) -> None:
        calls.append(1)
        session.execute(insert(User).values(tid=5, name="a"))
        session.execute(insert(User).values(tid=5, name="b"))

    with pytest.raises(IntegrityError) as caught:
        uow.run(duplicate)
    assert not is_lock_conflict(caught.value)
    assert calls == [1]


def test_idempotency_key_claimed_once_and_result_kept(uow: UnitOfWork) -> None:
    def first(session: Session) -> bool:
        claimed = idempotency.claim(session, key="tg:update:1", scope="send")
        idempotency.record(session, key="tg:update:1", result="42")
        return claimed

    assert uow.run(first) is True
    assert uow.run(lambda s: idempotency.claim(s, key="tg:update:1", scope="send")) is False
    assert uow.read(lambda s: idempotency.stored_result(s, key="tg:update:1")) == "42"
    assert uow.read(lambda s: idempotency.stored_result(s, key="unknown")) is None
    assert uow.read(lambda s: s.scalar(select(func.count()).select_from(OperationKey))) == 1


def test_idempotency_claim_is_undone_with_its_transaction(uow: UnitOfWork) -> None:
    def claim_then_fail(session: Session) -> None:
        idempotency.claim(session, key="tg:update:2", scope="send")
        raise RuntimeError("the transfer was refused")

    with pytest.raises(RuntimeError):
        uow.run(claim_then_fail)
    assert uow.run(lambda s: idempotency.claim(s, key="tg:update:2", scope="send")) is True


@pytest.mark.parametrize("key", ["", "k" * 192])
def test_idempotency_key_length_is_checked(uow: UnitOfWork, key: str) -> None:
    with pytest.raises(ValueError, match="idempotency key"):
        uow.run(lambda s: idempotency.claim(s, key=key, scope="send"))
