"""The HTTP API's answers to money-moving requests, by key and idempotency key (not part of the
documented schema).

Revision ID: 0010_api_requests
Revises: 0009_rule_guards
Create Date: 2026-12-01

A request that moved money writes its row in the same transaction as the movement (next to the
engine's own idempotency key in ``operation_keys``): a repeated ``Idempotency-Key`` with the
same request gets the stored answer again, one with another request is refused. A new table
only; the documented tables are not touched.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "0010_api_requests"
down_revision: str | None = "0009_rule_guards"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
KEY_TEXT = sa.String(128).with_variant(
    mysql.VARCHAR(128, charset="ascii", collation="ascii_bin"), "mysql", "mariadb"
)


def upgrade() -> None:
    """Create ``api_requests``."""
    op.create_table(
        "api_requests",
        sa.Column("key_id", ID, nullable=False, autoincrement=False),
        sa.Column("idempotency_key", KEY_TEXT, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("operation_key", sa.String(191), nullable=False),
        sa.Column("status", sa.SmallInteger(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("key_id", "idempotency_key", name="pk_api_requests"),
        mysql_engine="InnoDB",
        mysql_charset="utf8mb4",
    )


def downgrade() -> None:
    """Drop ``api_requests``."""
    op.drop_table("api_requests")
