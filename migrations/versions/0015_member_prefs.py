"""Members' own choices: which notifications they turned off, and which statement reminders they
were sent (not part of the documented schema).

Revision ID: 0015_member_prefs
Revises: 0014_articles
Create Date: 2026-12-01

``member_notice_optouts`` holds one row per member and kind of notification the member turned
off (``/notify``); no row means the member is told. ``statement_reminders`` holds one row per
member and period a low-balance reminder went out for, so a member hears it at most once per
period. New tables only; the documented tables are not touched, the foreign keys only point at
``users.id``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "0015_member_prefs"
down_revision: str | None = "0014_articles"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MYSQL = ("mysql", "mariadb")
INT11 = sa.Integer().with_variant(mysql.INTEGER(display_width=11), *_MYSQL)
WHEN = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), *_MYSQL)
TABLE = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"}


def upgrade() -> None:
    """Create ``member_notice_optouts`` and ``statement_reminders``."""
    t = "member_notice_optouts"
    op.create_table(
        t,
        sa.Column("user_id", INT11, autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("user_id", "kind", name=f"pk_{t}"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=f"fk_{t}_user_id_users"),
        **TABLE,
    )
    t = "statement_reminders"
    op.create_table(
        t,
        sa.Column("user_id", INT11, autoincrement=False, nullable=False),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("balance", sa.Integer(), nullable=False),
        sa.Column("sent_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("user_id", "period", name=f"pk_{t}"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=f"fk_{t}_user_id_users"),
        **TABLE,
    )


def downgrade() -> None:
    """Drop both tables."""
    op.drop_table("statement_reminders")
    op.drop_table("member_notice_optouts")
