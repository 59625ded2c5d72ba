"""Migration 0007 adds ``accepted_history`` and touches no other table."""

from __future__ import annotations

import pytest

from communitybot.db import migrate as migrations
from tests.support.migrations import scratch_database


@pytest.mark.mysql_only
def test_0007_adds_only_accepted_history(database_url: str) -> None:
    with scratch_database(database_url, "hist") as (engine, tables):
        migrations.upgrade(engine, "0006_pending_sends")
        before = tables()
        migrations.upgrade(engine, "0007_accepted_history")
        after = tables()
        assert set(after) - set(before) == {"accepted_history"}
        assert {name: after[name] for name in before} == before
        assert "ENGINE=InnoDB" in after["accepted_history"]
        migrations.downgrade(engine, "0006_pending_sends")
        assert tables() == before
