"""Driver statements: the hot path's SQL on the DBAPI cursor, with SQLAlchemy's errors and retries.

On MariaDB these run on the driver cursor; with ``--sqlite`` the same tests cover the fallback
through ``Connection.execute``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import bindparam, insert, literal, null, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from communitybot.db import UnitOfWork
from communitybot.db.driver import DRIVER_DIALECTS, DriverStatement
from communitybot.db.models import User
from tests.conftest import Snapshot
from tests.support.servers import dropped_connection

_USERS = User.__table__
_INSERT = DriverStatement(
    insert(_USERS).values(tid=bindparam("tid"), name=bindparam("name"), username=null())
)
_BY_TID = DriverStatement(
    select(_USERS.c.id, _USERS.c.name, _USERS.c.balance).where(_USERS.c.tid == bindparam("tid"))
)


def test_rows_rowcount_and_inserted_id(uow: UnitOfWork) -> None:
    def work(session: Session) -> tuple[int | None, int]:
        inserted = _INSERT.run(session, {"tid": 77, "name": "Ada"})
        return inserted.lastrowid, inserted.rowcount

    user_id, count = uow.run(work)
    assert count == 1
    assert user_id is not None
    found = uow.read(lambda s: _BY_TID.run(s, {"tid": 77}))
    assert [tuple(row) for row in found.rows] == [(user_id, "Ada", 0)]
    assert found.lastrowid is None
    assert not uow.read(lambda s: _BY_TID.run(s, {"tid": 78})).rows


def test_runs_in_the_unit_of_works_transaction(
    uow: UnitOfWork, snapshot: Callable[[], Snapshot]
) -> None:
    before = snapshot()

    def inserts_then_fails(session: Session) -> None:
        _INSERT.run(session, {"tid": 5, "name": "gone"})
        raise RuntimeError("refused after the insert")

    with pytest.raises(RuntimeError):
        uow.run(inserts_then_fails)
    assert snapshot() == before


def test_driver_errors_arrive_as_sqlalchemy_errors(
    uow: UnitOfWork, snapshot: Callable[[], Snapshot]
) -> None:
    uow.run(lambda s: _INSERT.run(s, {"tid": 9, "name": "first"}))
    before = snapshot()
    with pytest.raises(IntegrityError) as caught:
        uow.run(lambda s: _INSERT.run(s, {"tid": 9, "name": "second"}))
    assert caught.value.orig is not None
    assert snapshot() == before


@pytest.mark.mysql_only
@pytest.mark.parametrize(
    "statement",
    [
        select(_USERS.c.id).where(_USERS.c.id.in_(bindparam("ids", expanding=True))),
        select(_USERS.c.id).where(_USERS.c.id == literal(3)),
    ],
    ids=["expanding", "literal default"],
)
def test_parameters_must_be_plain_and_required(uow: UnitOfWork, statement: object) -> None:
    """Only on the driver path: the fallback through SQLAlchemy accepts every statement."""
    dialect = uow.engine.dialect
    assert (dialect.name, dialect.driver) in DRIVER_DIALECTS
    driver = DriverStatement(statement)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="plain required bindparam"):
        uow.read(lambda s: driver.run(s, {"ids": [1]}))


@pytest.mark.mysql_only
def test_a_dropped_connection_is_invalidated_and_the_work_retried(uow: UnitOfWork) -> None:
    """The server closed the pooled connection: the driver error invalidates it, and the unit of
    work runs the function again on a new connection."""
    calls: list[int] = []

    def work(session: Session) -> int | None:
        calls.append(1)
        return _INSERT.run(session, {"tid": 31, "name": "after the drop"}).lastrowid

    with dropped_connection(uow) as single:
        assert single.run(work) is not None
    assert len(calls) == 2
    assert len(uow.read(lambda s: _BY_TID.run(s, {"tid": 31})).rows) == 1
