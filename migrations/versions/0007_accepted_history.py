"""History an administrator accepted: findings of ``communitybot check`` on journal rows that
older software wrote under its own rules (not part of the documented schema).

Revision ID: 0007_accepted_history
Revises: 0006_pending_sends
Create Date: 2026-12-01

A new table only; the journal and the six documented tables are not touched.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_accepted_history"
down_revision: str | None = "0006_pending_sends"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``accepted_history``."""
    op.create_table(
        "accepted_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("cutoff", sa.DateTime(), nullable=False),
        sa.Column("findings", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(255), nullable=False),
        sa.Column(
            "accepted", sa.DateTime(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")
        ),
        sa.PrimaryKeyConstraint("id", name="pk_accepted_history"),
        mysql_engine="InnoDB",
        mysql_charset="utf8mb4",
    )


def downgrade() -> None:
    """Drop ``accepted_history``."""
    op.drop_table("accepted_history")
