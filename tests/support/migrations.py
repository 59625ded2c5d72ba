"""A scratch database for tests that walk the migrations one revision at a time."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from communitybot.db import create_db_engine

Tables = Callable[[], dict[str, str]]
"""Every table of the scratch database (``alembic_version`` aside) with its ``SHOW CREATE``."""

_COUNTER = re.compile(r" AUTO_INCREMENT=\d+", re.ASCII)


@contextmanager
def scratch_database(
    database_url: str, suffix: str, *, counters: bool = True
) -> Iterator[tuple[Engine, Tables]]:
    """An empty database beside the run's own, and a reader of its tables; dropped afterwards.

    ``counters`` False leaves the tables' ``AUTO_INCREMENT`` counters out of what the reader
    returns, for a test that writes and deletes rows between two readings.
    """
    server = make_url(database_url)
    scratch = f"{server.database}_{suffix}"
    admin = create_engine(server.set(database=""), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE `{scratch}` CHARACTER SET utf8mb4"))
    engine = create_db_engine(server.set(database=scratch).render_as_string(hide_password=False))

    def tables() -> dict[str, str]:
        with engine.connect() as connection:
            names = [r[0] for r in connection.execute(text("SHOW TABLES"))]
            shown = {
                name: connection.execute(text(f"SHOW CREATE TABLE `{name}`")).one()[1]
                for name in names
                if name != "alembic_version"
            }
            if counters:
                return shown
            return {name: _COUNTER.sub("", create) for name, create in shown.items()}

    try:
        yield engine, tables
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS `{scratch}`"))
        admin.dispose()
