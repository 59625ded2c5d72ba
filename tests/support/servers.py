"""Where the tests get a MySQL-compatible server from, and what they do to its connections.

In order: ``COMMUNITYBOT_TEST_DATABASE_URL``; the local server on 127.0.0.1:3306 (root, no password)
when it answers; a MySQL container through testcontainers when a Docker engine is reachable.
Otherwise the run stops with a message saying how to provide a server. There is no silent skip
and no fallback to SQLite (that is the explicit ``--sqlite`` option).
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Iterator

from sqlalchemy import text
from sqlalchemy.engine import URL, make_url

from communitybot.db import UnitOfWork, create_db_engine

LOCAL_SERVER = "mysql+pymysql://root@127.0.0.1:3306/"
HOW_TO_PROVIDE = (
    "no MySQL-compatible server for the tests: set COMMUNITYBOT_TEST_DATABASE_URL "
    "(e.g. mysql+pymysql://user:pass@host:3306/), start a local MariaDB on 127.0.0.1:3306 "
    "(root, no password; `start-stop-daemon --start --oknodo --background "
    "--exec /usr/sbin/mariadbd -- --user=mysql`), or make a Docker engine reachable for "
    "testcontainers"
)


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def _docker_reachable() -> bool:
    try:
        import docker  # type: ignore[import-untyped]

        docker.from_env().ping()
    except Exception:  # noqa: BLE001 - whatever fails, there is no usable Docker engine
        return False
    return True


@contextlib.contextmanager
def mysql_server() -> Iterator[tuple[URL, str]]:
    """Yield the server URL (without a database) and where it came from."""
    configured = os.environ.get("COMMUNITYBOT_TEST_DATABASE_URL")
    if configured:
        yield make_url(configured).set(database=""), "COMMUNITYBOT_TEST_DATABASE_URL"
        return
    if _answers("127.0.0.1", 3306):
        yield make_url(LOCAL_SERVER), "local server 127.0.0.1:3306"
        return
    if _docker_reachable():
        from testcontainers.mysql import MySqlContainer

        with MySqlContainer("mysql:8.4", dialect="pymysql") as container:
            url = make_url(container.get_connection_url()).set(
                username="root", password=container.root_password, database=""
            )
            yield url, "testcontainers mysql:8.4"
        return
    raise RuntimeError(HOW_TO_PROVIDE)


@contextlib.contextmanager
def dropped_connection(uow: UnitOfWork) -> Iterator[UnitOfWork]:
    """A unit of work on its own engine whose one pooled connection the server has just closed
    (``KILL CONNECTION``): its next transaction finds the connection dead."""
    engine = create_db_engine(uow.engine.url.render_as_string(hide_password=False))
    try:
        single = UnitOfWork(engine, attempts=3, sleep=lambda _seconds: None)
        victim = single.read(lambda s: s.scalar(text("SELECT CONNECTION_ID()")))
        with uow.engine.connect() as admin:
            admin.execute(text(f"KILL CONNECTION {int(victim)}"))
        yield single
    finally:
        engine.dispose()
