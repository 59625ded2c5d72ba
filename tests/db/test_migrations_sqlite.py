"""The same migrations build and remove the embedded SQLite database."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect

from communitybot.db import create_db_engine
from communitybot.db import migrate as migrations
from communitybot.db.models import COMMUNITY_TABLES


def test_sqlite_upgrade_check_and_downgrade(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'embedded.sqlite3'}")
    try:
        migrations.upgrade(engine)
        tables = set(inspect(engine).get_table_names())
        assert {t.name for t in COMMUNITY_TABLES} <= tables
        config = migrations.alembic_config(engine)
        with engine.connect() as connection:
            config.attributes["connection"] = connection
            command.check(config)  # raises when models and migrations drift
        migrations.downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()
