"""Idempotency keys of money-moving commands (not part of the documented schema).

Revision ID: 0002_operations
Revises: 0001_community
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_operations"
down_revision: str | None = "0001_community"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``operation_keys``."""
    op.create_table(
        "operation_keys",
        sa.Column("key", sa.String(191), nullable=False),
        sa.Column("scope", sa.String(32), nullable=False),
        sa.Column("result", sa.String(255), nullable=True),
        sa.Column(
            "created", sa.TIMESTAMP(), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")
        ),
        sa.PrimaryKeyConstraint("key", name="pk_operation_keys"),
        mysql_engine="InnoDB",
        mysql_charset="utf8mb4",
    )


def downgrade() -> None:
    """Drop ``operation_keys``."""
    op.drop_table("operation_keys")
