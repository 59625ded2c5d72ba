"""What only a real multi-primary cluster shows (``pytest --cluster``; deselected without it):
reads on another node right after a write, a node leaving the primary component. (Income
committed late under a lower id: tests/services/economy/test_taxes_cluster.py.)"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pymysql
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from communitybot.db import UnitOfWork, create_db_engine
from communitybot.services import community as svc
from tests.support.community import World
from tests.support.community import new_key as community_key

pytestmark = [pytest.mark.mysql_only, pytest.mark.cluster, pytest.mark.cluster_only]


@pytest.fixture
def engines(node_urls: list[str]) -> Iterator[list[Engine]]:
    """Engines made by a test, disposed after it."""
    made: list[Engine] = []
    yield made
    for engine in made:
        engine.dispose()


def _engine(made: list[Engine], url: str, **options: Any) -> Engine:
    engine = create_db_engine(url, **options)
    made.append(engine)
    return engine


# --- read your writes ---------------------------------------------------------------------


def test_with_wsrep_sync_wait_a_read_on_another_node_sees_the_acknowledged_write(
    uow: UnitOfWork, node_urls: list[str], engines: list[Engine]
) -> None:
    """Each transfer is acknowledged on the first node and at once read on the second: with
    ``database_wsrep_sync_wait = 1`` the read waits for it (without, 115 to 206 reads of 750
    were stale in issue 14)."""
    writer = UnitOfWork(_engine(engines, node_urls[0]))
    reader = World(UnitOfWork(_engine(engines, node_urls[1], wsrep_sync_wait=1)))
    world = World(writer)
    alice = world.user("Alice", balance=5_000)
    bob = world.user("Bob")
    stale = 0
    for sent in range(1, 151):
        svc.send(
            writer, world.rules, sender=alice.id, receiver=bob.id, amount=1, reason="ryw",
            key=community_key(),
        )  # fmt: skip
        if reader.balance(bob) != sent:
            stale += 1
    assert stale == 0


def test_the_sync_wait_setting_reaches_the_session_only_where_the_variable_exists(
    node_urls: list[str], engines: list[Engine]
) -> None:
    engine = _engine(engines, node_urls[1], wsrep_sync_wait=1)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT @@SESSION.wsrep_sync_wait")) == 1
    plain = _engine(engines, node_urls[1])
    with plain.connect() as connection:
        assert connection.scalar(text("SELECT @@SESSION.wsrep_sync_wait")) == 0


# --- a node outside the primary component (1047) --------------------------------------------


class _Admin:
    """Plain PyMySQL connections to one node for SHOW and SET GLOBAL, which a node outside the
    primary component still answers (SQLAlchemy's own first queries it would refuse)."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        self.params = {
            "host": parsed.host or "127.0.0.1",
            "port": parsed.port or 3306,
            "user": parsed.username or "root",
            "password": parsed.password or "",
            "autocommit": True,
        }

    def run(self, sql: str, *args: str) -> tuple[Any, ...] | None:
        connection = pymysql.connect(**self.params)  # type: ignore[arg-type]
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, args or None)
                return cursor.fetchone()
        finally:
            connection.close()

    def status(self, name: str) -> str:
        row = self.run("SHOW GLOBAL STATUS LIKE %s", name)
        return "" if row is None else str(row[1])

    def provider_option(self, name: str) -> str:
        row = self.run("SHOW VARIABLES LIKE 'wsrep_provider_options'")
        assert row is not None
        for option in str(row[1]).split(";"):
            key, _, value = option.partition("=")
            if key.strip() == name:
                return value.strip()
        raise AssertionError(f"no provider option {name}")

    def set_provider_options(self, options: str) -> None:
        self.run("SET GLOBAL wsrep_provider_options = %s", options)


def _wait(condition: Any, what: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not {what} after {seconds}s"
        time.sleep(0.5)


@pytest.fixture
def isolated_last_node(node_urls: list[str]) -> Iterator[str]:
    """The last node cut off from the others (``gmcast.isolate``), so that it leaves the primary
    component and answers 1047; afterwards it rejoins and the cluster is whole again."""
    admins = [_Admin(url) for url in node_urls]
    timeouts = {
        name: admins[0].provider_option(name)
        for name in ("evs.suspect_timeout", "evs.inactive_timeout")
    }
    try:
        # Galera's own defaults, so that the cut is noticed in seconds rather than after the
        # harness's generous minute (shorter ones split a loaded cluster)
        for admin in admins:
            admin.set_provider_options("evs.suspect_timeout=PT5S;evs.inactive_timeout=PT15S")
        admins[-1].set_provider_options("gmcast.isolate=1")
        _wait(lambda: admins[-1].status("wsrep_ready") == "OFF", "isolated")
        _wait(lambda: admins[0].status("wsrep_cluster_size") == str(len(admins) - 1), "evicted")
        assert admins[0].status("wsrep_cluster_status") == "Primary"
        yield node_urls[-1]
    finally:
        admins[-1].set_provider_options("gmcast.isolate=0")
        _rejoin(admins)
        restore = ";".join(f"{name}={value}" for name, value in timeouts.items())
        for admin in admins:
            admin.set_provider_options(restore)


def _rejoin(admins: list[_Admin]) -> None:
    def whole() -> bool:
        return all(
            admin.status("wsrep_cluster_size") == str(len(admins))
            and admin.status("wsrep_local_state_comment") == "Synced"
            for admin in admins
        )

    try:
        _wait(whole, "whole again", seconds=90)
    except AssertionError:
        # no primary component left (a loaded machine can split it): make the first node's
        # component the primary one, the others join it
        if admins[0].status("wsrep_cluster_status") != "Primary":
            admins[0].set_provider_options("pc.bootstrap=YES")
        _wait(whole, "whole again after bootstrapping the first node", seconds=300)


def test_a_node_outside_the_primary_component_is_left_for_the_next_server(
    uow: UnitOfWork, node_urls: list[str], engines: list[Engine], request: pytest.FixtureRequest
) -> None:
    last, first = node_urls[-1], node_urls[0]
    engine = _engine(engines, last, failover_urls=[first])
    failing_over = UnitOfWork(engine)
    world = World(failing_over)
    alice = world.user("Alice", balance=1_000)
    bob = world.user("Bob")
    assert failing_over.read(lambda s: s.scalar(text("SELECT @@port"))) == make_url(last).port

    request.getfixturevalue("isolated_last_node")
    # the pooled connection's next statement gets 1047; the retry runs on the first node
    svc.send(
        failing_over, world.rules, sender=alice.id, receiver=bob.id, amount=250, reason="1047",
        key=community_key(),
    )  # fmt: skip
    assert failing_over.read(lambda s: s.scalar(text("SELECT @@port"))) == make_url(first).port
    # a new engine checks readiness when it connects and passes the node over
    fresh = UnitOfWork(_engine(engines, last, failover_urls=[first]))
    assert fresh.read(lambda s: s.scalar(text("SELECT @@port"))) == make_url(first).port
    checked = World(uow)
    assert (checked.balance(alice), checked.balance(bob)) == (750, 250)
