"""``UnitOfWork.run_idempotent`` when a COMMIT loses its connection (real server, cut network)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from communitybot.db import UnitOfWork, create_db_engine
from communitybot.db.models import OperationKey
from communitybot.db.uow import CommitInDoubt
from tests.support.netcut import CuttingProxy, cutting_proxy

pytestmark = pytest.mark.mysql_only


@pytest.fixture
def proxied(engine: Engine, database_url: str) -> Iterator[tuple[CuttingProxy, Engine]]:
    """A cutting proxy in front of the run's server, and an engine that talks through it."""
    url = engine.url
    with cutting_proxy(url.host or "127.0.0.1", url.port or 3306) as proxy:
        through_url = make_url(database_url).set(host="127.0.0.1", port=proxy.port)
        through = create_db_engine(through_url.render_as_string(hide_password=False))
        with through.connect() as warm:
            warm.execute(text("SELECT 1"))
        yield proxy, through
        through.dispose()


def _keys(uow: UnitOfWork) -> int:
    return int(uow.read(lambda s: s.scalar(select(func.count()).select_from(OperationKey))))


def test_a_retry_that_cannot_succeed_leaves_the_outcome_unknown(
    uow: UnitOfWork, proxied: tuple[CuttingProxy, Engine]
) -> None:
    """The first COMMIT went through unheard; the retry hits the row it wrote (a duplicate key,
    not a lock conflict). That is no answer about the first COMMIT: still in doubt."""
    proxy, through = proxied
    calls: list[int] = []

    def insert_key(session: Session) -> None:
        calls.append(1)
        session.execute(insert(OperationKey).values(key="k-in-doubt", scope="test"))

    proxy.cut_at_commit(deliver=True, refuse_for=0.2)
    with pytest.raises(CommitInDoubt):
        UnitOfWork(through, in_doubt_seconds=10).run_idempotent(insert_key)
    assert len(calls) >= 2  # the first try, connection attempts refused, the one that ran
    assert _keys(uow) == 1


def test_a_commit_that_did_not_reach_the_server_is_retried_once_more(
    uow: UnitOfWork, proxied: tuple[CuttingProxy, Engine]
) -> None:
    proxy, through = proxied
    calls: list[int] = []

    def insert_key(session: Session) -> str:
        calls.append(1)
        session.execute(insert(OperationKey).values(key="k-lost", scope="test"))
        return "done"

    proxy.cut_at_commit(deliver=False, refuse_for=0.2)
    assert UnitOfWork(through, in_doubt_seconds=10).run_idempotent(insert_key) == "done"
    assert len(calls) >= 2  # the first try, connection attempts refused, the one that ran
    assert _keys(uow) == 1


def test_without_a_lost_commit_run_idempotent_is_run(
    uow: UnitOfWork, proxied: tuple[CuttingProxy, Engine]
) -> None:
    """An ordinary error (here a duplicate key on the first try) is not an unknown outcome."""
    _proxy, through = proxied
    uow.run(lambda s: s.execute(insert(OperationKey).values(key="k-taken", scope="test")))
    calls: list[int] = []

    def insert_key(session: Session) -> None:
        calls.append(1)
        session.execute(insert(OperationKey).values(key="k-taken", scope="test"))

    with pytest.raises(Exception, match="Duplicate entry"):
        UnitOfWork(through, in_doubt_seconds=10).run_idempotent(insert_key)
    assert calls == [1]
