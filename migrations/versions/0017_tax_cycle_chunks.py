"""Tax cycles run in chunks of accounts and can be resumed (not part of the documented schema).

Revision ID: 0017_tax_cycle_chunks
Revises: 0015_member_prefs
Create Date: 2026-12-01

A cycle used to be one transaction over every account of an economy. On a multi-primary cluster
every transfer committed on another node meanwhile made it fail certification, so under steady
traffic it never landed. A cycle now fixes what it counts when it opens (``income_since``,
``late_since``, ``late_until``) and then assesses the accounts chunk by chunk, each chunk its own
short transaction that records how far it got (``accounts_through``); the last one sets
``finished_at``. Cycles from before this revision were complete: they get ``finished_at`` =
``created_at``. Only ``economy_tax_cycles`` (an economy table) changes.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "0017_tax_cycle_chunks"
down_revision: str | None = "0015_member_prefs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHEN = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")


def upgrade() -> None:
    """Add the progress columns; mark the existing cycles finished."""
    with op.batch_alter_table("economy_tax_cycles") as table:
        table.add_column(
            sa.Column("income_since", sa.BigInteger(), nullable=False, server_default="0")
        )
        table.add_column(sa.Column("late_since", WHEN, nullable=True))
        table.add_column(sa.Column("late_until", WHEN, nullable=True))
        table.add_column(
            sa.Column("accounts_through", sa.BigInteger(), nullable=False, server_default="0")
        )
        table.add_column(sa.Column("finished_at", WHEN, nullable=True))
    op.execute("UPDATE economy_tax_cycles SET finished_at = created_at")


def downgrade() -> None:
    """Drop the progress columns."""
    with op.batch_alter_table("economy_tax_cycles") as table:
        for column in ("finished_at", "accounts_through", "late_until", "late_since"):
            table.drop_column(column)
        table.drop_column("income_since")
