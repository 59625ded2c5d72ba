"""Migration 0008 adds the community's economy link, roles, holders and standing log, and no
other table; its downgrade takes the community's rules out of ``economy_permissions``."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from communitybot.db import create_db_engine
from communitybot.db import migrate as migrations

NEW_TABLES = {
    "community_economy",
    "community_roles",
    "community_role_members",
    "community_standing_log",
}

_COUNTER = re.compile(r" AUTO_INCREMENT=\d+")


@pytest.mark.mysql_only
def test_0008_adds_only_the_community_standing_tables(database_url: str) -> None:
    server = make_url(database_url)
    scratch = f"{server.database}_roles"
    admin = create_engine(server.set(database=""), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE `{scratch}` CHARACTER SET utf8mb4"))
    engine = create_db_engine(server.set(database=scratch).render_as_string(hide_password=False))

    def tables() -> dict[str, str]:
        with engine.connect() as connection:
            names = [r[0] for r in connection.execute(text("SHOW TABLES"))]
            return {  # the counters move with the rows this test writes and deletes
                name: _COUNTER.sub(
                    "", connection.execute(text(f"SHOW CREATE TABLE `{name}`")).one()[1]
                )
                for name in names
                if name != "alembic_version"
            }

    try:
        migrations.upgrade(engine, "0007_accepted_history")
        before = tables()
        migrations.upgrade(engine, "0008_community_roles")
        after = tables()
        assert set(after) - set(before) == NEW_TABLES
        assert {name: after[name] for name in before} == before
        for name in NEW_TABLES:
            assert "ENGINE=InnoDB" in after[name], name
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO economies (id, currency_name, currency_unit, created_at) "
                    "VALUES (1, 'community', 'community', NOW()), (2, 'coins', 'c', NOW())"
                )
            )
            connection.execute(text("INSERT INTO community_economy VALUES (1, 1, NOW())"))
            connection.execute(
                text(
                    "INSERT INTO economy_permissions (subject_kind, subject_id, permission, "
                    "economy_id, scope_key, allowed) VALUES "
                    "('ROLE', 1, 'GRANT_VOTE', 1, '1/*', 1), "
                    "('USER', 7, 'TRANSFER_FUNDS', 2, '2/*', 1)"
                )
            )
        migrations.downgrade(engine, "0007_accepted_history")
        with engine.connect() as connection:
            left = connection.execute(text("SELECT permission FROM economy_permissions")).scalars()
            assert list(left) == ["TRANSFER_FUNDS"]
            connection.execute(text("DELETE FROM economy_permissions"))
            connection.execute(text("DELETE FROM economies"))
            connection.commit()
        assert tables() == before
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS `{scratch}`"))
        admin.dispose()
