"""Mints by emoji reaction: one row per (message, reactor) that minted (not part of the
documented schema).

Revision ID: 0012_reaction_mints
Revises: 0011_admin_audit
Create Date: 2026-12-01

A member allowed to (``MINT_BY_REACTION``) reacts to a message with the configured emoji; the
message's author receives a MINT leg of the money engine. The row makes the mint idempotent per
(message, reactor) — the unique key — and lets the daily cap of a reactor be summed per UTC day.
A new table only; the documented tables are not touched.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "0012_reaction_mints"
down_revision: str | None = "0011_admin_audit"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")
T = "economy_reaction_mints"


def _ref(column: str, target: str) -> list[sa.SchemaItem]:
    return [
        sa.Column(column, ID, nullable=False, autoincrement=False),
        sa.ForeignKeyConstraint([column], [f"{target}.id"], name=f"fk_{T}_{column}_{target}"),
    ]


def upgrade() -> None:
    """Create ``economy_reaction_mints``."""
    op.create_table(
        T,
        sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False),
        *_ref("economy_id", "economies"),
        sa.Column("message_id", sa.BigInteger(), nullable=False),
        sa.Column("reactor_id", sa.BigInteger(), nullable=False),
        sa.Column("author_id", sa.BigInteger(), nullable=False),
        *_ref("account_id", "economy_accounts"),
        *_ref("entry_id", "economy_journal"),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{T}"),
        sa.UniqueConstraint("message_id", "reactor_id", name=f"uq_{T}_message_id_reactor_id"),
        mysql_engine="InnoDB",
        mysql_charset="utf8mb4",
    )
    op.create_index(f"ix_{T}_reactor_id_day", T, ["reactor_id", "day"])


def downgrade() -> None:
    """Drop ``economy_reaction_mints``."""
    op.drop_index(f"ix_{T}_reactor_id_day", table_name=T)
    op.drop_table(T)
