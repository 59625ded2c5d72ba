"""Fixtures shared by every test: a real database per run, a clean database per test.

Storage tests run on a MySQL-compatible server (see ``tests/support/servers.py``). Each run
creates its own database ``cbtest_<random>``, migrates it to head and drops it at the end; after
every test that used it, every table is emptied. ``pytest --sqlite`` runs the same persistence
tests on the embedded SQLite default instead, leaving out the tests marked ``mysql_only``.
``pytest --cluster URL1,URL2,URL3`` runs only the tests marked ``cluster``, on a database created on
the first node of a cluster, with the worker threads of each test spread over the nodes (see
``tests/support/cluster.py``; ``scripts/galera start`` starts such a cluster).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, delete, select, text
from sqlalchemy.engine import URL, make_url

from communitybot.core.clock import ManualClock
from communitybot.db import UnitOfWork, create_db_engine
from communitybot.db import migrate as migrations
from communitybot.db.models import Base
from tests.support.cluster import CLUSTER_SYNC_WAIT, SpreadUnitOfWork, cluster_servers
from tests.support.servers import mysql_server

Snapshot = dict[str, list[tuple[object, ...]]]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--sqlite",
        action="store_true",
        help="run the persistence tests on SQLite (the embedded default) instead of MySQL",
    )
    parser.addoption(
        "--cluster",
        default=os.environ.get("COMMUNITYBOT_TEST_CLUSTER") or None,
        metavar="URL1,URL2,...",
        help="run only the tests marked cluster, their worker threads spread over these nodes "
        "of one cluster (default: COMMUNITYBOT_TEST_CLUSTER; `scripts/galera start` prints them)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--cluster"):
        if config.getoption("--sqlite"):
            raise pytest.UsageError("--cluster and --sqlite exclude each other")
        _keep(config, items, lambda item: item.get_closest_marker("cluster") is not None)
        return
    _keep(config, items, lambda item: item.get_closest_marker("cluster_only") is None)
    if not config.getoption("--sqlite"):
        return
    kept = [item for item in items if item.get_closest_marker("mysql_only") is None]
    deselected = [item for item in items if item.get_closest_marker("mysql_only") is not None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


def _keep(
    config: pytest.Config, items: list[pytest.Item], wanted: Callable[[pytest.Item], bool]
) -> None:
    deselected = [item for item in items if not wanted(item)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if wanted(item)]


@pytest.fixture(scope="session")
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """URL of a fresh, migrated database that lives as long as the test run."""
    if request.config.getoption("--sqlite"):
        path: Path = tmp_path_factory.mktemp("db") / "communitybot.sqlite3"
        url = f"sqlite:///{path}"
        engine = create_db_engine(url)
        migrations.upgrade(engine)
        engine.dispose()
        yield url
        return
    cluster = request.config.getoption("--cluster")
    if cluster:
        # Galera replicates the DDL to every node in order (TOI), and the test engines'
        # wsrep_sync_wait makes their reads wait until their node has applied it.
        yield from _fresh_mysql_database(cluster_servers(cluster)[0])
        return
    with contextlib.ExitStack() as stack:
        try:
            server, _origin = stack.enter_context(mysql_server())
        except RuntimeError as error:
            pytest.exit(str(error), returncode=3)
        yield from _fresh_mysql_database(server)


def _fresh_mysql_database(server: URL) -> Iterator[str]:
    name = f"cbtest_{secrets.token_hex(4)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
    url = server.set(database=name).render_as_string(hide_password=False)
    engine = create_db_engine(url)
    migrations.upgrade(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
        admin.dispose()


@pytest.fixture(scope="session")
def node_urls(request: pytest.FixtureRequest, database_url: str) -> list[str]:
    """The run's database on each node of the ``--cluster``; only ``database_url`` without."""
    cluster = request.config.getoption("--cluster")
    if not cluster:
        return [database_url]
    name = make_url(database_url).database
    return [
        server.set(database=name).render_as_string(hide_password=False)
        for server in cluster_servers(cluster)
    ]


@pytest.fixture(scope="session")
def node_engines(node_urls: list[str]) -> Iterator[list[Engine]]:
    """One engine per node (one engine, the run's, without ``--cluster``)."""
    sync_wait = CLUSTER_SYNC_WAIT if len(node_urls) > 1 else None
    engines = [create_db_engine(url, wsrep_sync_wait=sync_wait) for url in node_urls]
    yield engines
    for engine in engines:
        engine.dispose()


@pytest.fixture(scope="session")
def engine(node_engines: list[Engine]) -> Engine:
    """The engine of the run's database (shared; tables are emptied after each test); on a
    cluster, the first node's."""
    return node_engines[0]


def empty_all_tables(engine: Engine) -> None:
    """Delete every row of every mapped table, dependants first."""
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))


@pytest.fixture(scope="session")
def reader(node_urls: list[str]) -> Iterator[Engine]:
    """The engine the run's unit of work reads with: autocommit connections to the first node,
    as ``build_container`` makes them."""
    sync_wait = CLUSTER_SYNC_WAIT if len(node_urls) > 1 else None
    engine = create_db_engine(node_urls[0], wsrep_sync_wait=sync_wait, autocommit=True)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def statements(node_urls: list[str]) -> Iterator[Engine]:
    """The engine the run's unit of work runs single statements with: autocommit connections
    that may write, to the first node, as ``build_container`` makes them."""
    sync_wait = CLUSTER_SYNC_WAIT if len(node_urls) > 1 else None
    engine = create_db_engine(
        node_urls[0], wsrep_sync_wait=sync_wait, autocommit=True, read_only=False
    )
    yield engine
    engine.dispose()


@pytest.fixture
def uow(
    engine: Engine, node_engines: list[Engine], reader: Engine, statements: Engine
) -> Iterator[UnitOfWork]:
    """A unit of work on the run's database, reading in autocommit mode; every table is emptied
    after the test. On a ``--cluster``, each thread's calls run on its own node with the default
    retries."""
    if len(node_engines) > 1:
        yield SpreadUnitOfWork([UnitOfWork(e) for e in node_engines])
    else:
        # SQLite has no autocommit engine that may write: single statements run as a
        # transaction there, as build_container does it.
        single = None if engine.dialect.name == "sqlite" else statements
        yield UnitOfWork(engine, attempts=8, reader=reader, statements=single)
    empty_all_tables(engine)


@pytest.fixture
def snapshot(engine: Engine) -> Callable[[], Snapshot]:
    """A function returning every row of every table, to assert that a refusal changed nothing."""

    def take() -> Snapshot:
        with engine.connect() as connection:
            return {
                table.name: sorted(
                    (tuple(row) for row in connection.execute(select(table))), key=repr
                )
                for table in Base.metadata.sorted_tables
            }

    return take


@pytest.fixture
def clock() -> ManualClock:
    """A clock that moves only when the test says so."""
    return ManualClock()
