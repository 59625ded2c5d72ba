"""Migration 0006 adds ``pending_sends`` and touches no other table."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from communitybot.db import create_db_engine
from communitybot.db import migrate as migrations


@pytest.mark.mysql_only
def test_pending_sends_migration_touches_only_its_own_table(database_url: str) -> None:
    server = make_url(database_url)
    scratch = f"{server.database}_pend"
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
        migrations.upgrade(engine, "0005_economy_ext")
        before = tables()
        migrations.upgrade(engine, "0006_pending_sends")
        after = tables()
        assert set(after) - set(before) == {"pending_sends"}
        assert {name: after[name] for name in before} == before
        created = after["pending_sends"]
        assert "ENGINE=InnoDB" in created
        assert "CHARSET=utf8mb4" in created
        assert "REFERENCES `users` (`id`)" in created
        migrations.downgrade(engine, "0005_economy_ext")
        assert tables() == before
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS `{scratch}`"))
        admin.dispose()
