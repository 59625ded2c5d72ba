"""Economy accounts: an index on ``economy_id`` alone, so locking every account of an economy
walks them in ascending id order (InnoDB secondary indexes end with the primary key).

Revision ID: 0004_economy_lock_index
Revises: 0003_economy
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004_economy_lock_index"
down_revision: str | None = "0003_economy"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add ``ix_economy_accounts_economy_id``."""
    op.create_index("ix_economy_accounts_economy_id", "economy_accounts", ["economy_id"])


def downgrade() -> None:
    """Drop ``ix_economy_accounts_economy_id``."""
    op.drop_index("ix_economy_accounts_economy_id", table_name="economy_accounts")
