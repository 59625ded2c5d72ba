"""Migration 0008 adds the community's economy link, roles, holders and standing log, and no
other table; its downgrade takes the community's rules out of ``economy_permissions``."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from communitybot.db import migrate as migrations
from tests.support.migrations import scratch_database

NEW_TABLES = {
    "community_economy",
    "community_roles",
    "community_role_members",
    "community_standing_log",
}


@pytest.mark.mysql_only
def test_0008_adds_only_the_community_standing_tables(database_url: str) -> None:
    with scratch_database(database_url, "roles", counters=False) as (engine, tables):
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
