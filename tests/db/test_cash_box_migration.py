"""Migration 0013 adds the waiting deposits and the reversal links and no other table, gives a
treasurer role made before it the new treasurer actions, and its downgrade takes all back."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from communitybot.db import migrate as migrations
from tests.support.migrations import scratch_database

NEW_TABLES = {
    "cash_deposits",
    "transaction_reversals",
    "community_fees",
    "community_fee_charges",
}


@pytest.mark.mysql_only
def test_0013_adds_its_tables_and_extends_an_existing_treasurer(database_url: str) -> None:
    with scratch_database(database_url, "cash", counters=False) as (engine, tables):

        def rules() -> list[tuple[str, int, str, str, int]]:
            with engine.connect() as connection:
                rows = connection.execute(
                    text(
                        "SELECT subject_kind, subject_id, permission, scope_key, allowed "
                        "FROM economy_permissions ORDER BY permission, subject_id"
                    )
                )
                return [(r[0], int(r[1]), r[2], r[3], int(r[4])) for r in rows]

        before_0013 = (
            ScriptDirectory.from_config(migrations.alembic_config(engine))
            .get_revision("0013_cash_box")
            .down_revision
        )
        assert isinstance(before_0013, str)
        migrations.upgrade(engine, before_0013)
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO economies (id, currency_name, currency_unit, created_at) "
                    "VALUES (1, 'community', 'community', NOW())"
                )
            )
            connection.execute(text("INSERT INTO community_economy VALUES (1, 1, NOW())"))
            connection.execute(
                text(
                    "INSERT INTO community_roles (id, name, created_at) "
                    "VALUES (4, 'treasurer', NOW()), (5, 'door', NOW())"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO economy_permissions (subject_kind, subject_id, permission, "
                    "economy_id, scope_key, allowed) VALUES "
                    "('ROLE', 4, 'GRANT_VOTE', 1, '1/*', 1), "
                    "('ROLE', 4, 'CLOSE_COLLECTIVE', 1, '1/*', 1), "
                    "('ROLE', 5, 'GRANT_VOTE', 1, '1/*', 0)"
                )
            )
        before_tables, before_rules = tables(), rules()
        migrations.upgrade(engine, "0013_cash_box")
        after = tables()
        assert set(after) - set(before_tables) == NEW_TABLES
        assert {name: after[name] for name in before_tables} == before_tables
        for name in NEW_TABLES:
            assert "ENGINE=InnoDB" in after[name], name
        added = sorted(set(rules()) - set(before_rules))
        assert added == [
            ("ROLE", 4, "MANAGE_ARTICLES", "1/*", 1),
            ("ROLE", 4, "MANAGE_CASH", "1/*", 1),
            ("ROLE", 4, "MANAGE_FEES", "1/*", 1),
            ("ROLE", 4, "REVERSE", "1/*", 1),
        ]
        migrations.downgrade(engine, before_0013)
        assert (tables(), rules()) == (before_tables, before_rules)
