"""Transfers waiting for their sender's Confirm (not part of the documented schema).

Revision ID: 0006_pending_sends
Revises: 0005_economy_ext
Create Date: 2026-11-23

A ``/send`` waits for Confirm in ``pending_sends`` instead of the bot's memory, so Confirm works
after a restart. The documented tables are not touched; the foreign keys only point at
``users.id``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "0006_pending_sends"
down_revision: str | None = "0005_economy_ext"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MYSQL = ("mysql", "mariadb")
INT11 = sa.Integer().with_variant(mysql.INTEGER(display_width=11), *_MYSQL)
WHEN = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), *_MYSQL)
TABLE = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"}


def upgrade() -> None:
    """Create ``pending_sends``."""
    t = "pending_sends"
    op.create_table(
        t,
        sa.Column("token", sa.String(16), nullable=False),
        sa.Column("idempotency_key", sa.String(191), nullable=False),
        sa.Column("sender", INT11, nullable=False),
        sa.Column("receiver", INT11, nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(255), nullable=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("msg_id", sa.BigInteger(), nullable=False),
        sa.Column("created", WHEN, nullable=False),
        sa.Column("expires", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("token", name=f"pk_{t}"),
        sa.UniqueConstraint("chat_id", "msg_id", name=f"uq_{t}_chat_id_msg_id"),
        sa.ForeignKeyConstraint(["sender"], ["users.id"], name=f"fk_{t}_sender_users"),
        sa.ForeignKeyConstraint(["receiver"], ["users.id"], name=f"fk_{t}_receiver_users"),
        **TABLE,
    )
    for column in ("sender", "receiver", "expires"):
        op.create_index(f"ix_{t}_{column}", t, [column])


def downgrade() -> None:
    """Drop ``pending_sends``."""
    op.drop_table("pending_sends")
