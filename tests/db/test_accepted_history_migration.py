"""Migration 0007 adds ``accepted_history`` and touches no other table."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from communitybot.db import create_db_engine
from communitybot.db import migrate as migrations


@pytest.mark.mysql_only
def test_0007_adds_only_accepted_history(database_url: str) -> None:
    server = make_url(database_url)
    scratch = f"{server.database}_hist"
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
        migrations.upgrade(engine, "0006_pending_sends")
        before = tables()
        migrations.upgrade(engine, "0007_accepted_history")
        after = tables()
        assert set(after) - set(before) == {"accepted_history"}
        assert {name: after[name] for name in before} == before
        assert "ENGINE=InnoDB" in after["accepted_history"]
        migrations.downgrade(engine, "0006_pending_sends")
        assert tables() == before
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS `{scratch}`"))
        admin.dispose()
