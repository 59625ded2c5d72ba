"""A scratch database for tests that walk the migrations one revision at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from communitybot.db import create_db_engine

Tables = Callable[[], dict[str, str]]
"""Every table of the scratch database (``alembic_version`` aside) with its ``SHOW CREATE``."""


@contextmanager
def scratch_database(database_url: str, suffix: str) -> Iterator[tuple[Engine, Tables]]:
    """An empty database beside the run's own, and a reader of its tables; dropped afterwards."""
    server = make_url(database_url)
    scratch = f"{server.database}_{suffix}"
    admin = create_engine(server.set(database=""), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE `{scratch}` CHARACTER SET utf8mb4"))
    engine = create_db_engine(server.set(database=scratch).render_as_string(hide_password=False))

    def tables() -> dict[str, str]:
        with engine.connect() as connection:
            names = [r[0] for r in connection.execute(text("SHOW TABLES"))]
            return {
                name: connection.execute(text(f"SHOW CREATE TABLE `{name}`")).one()[1]
                for name in names
                if name != "alembic_version"
            }

    try:
        yield engine, tables
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS `{scratch}`"))
        admin.dispose()
