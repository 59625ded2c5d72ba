"""Migration 0006 adds ``pending_sends`` and touches no other table."""

from __future__ import annotations

import pytest

from communitybot.db import migrate as migrations
from tests.support.migrations import scratch_database


@pytest.mark.mysql_only
def test_pending_sends_migration_touches_only_its_own_table(database_url: str) -> None:
    with scratch_database(database_url, "pend") as (engine, tables):
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
