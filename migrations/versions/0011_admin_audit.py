"""The audit of administration and the signed tokens of bank notes (not part of the documented
schema).

Revision ID: 0011_admin_audit
Revises: 0010_api_requests
Create Date: 2026-12-01

``admin_audit`` holds one row per change of permissions, roles, accounts, tax brackets,
economies, applications and keys, groups and a member's standing: who, what, before and after,
written in the change's own transaction. ``economy_note_tokens`` holds what a bank note's JWT
names (its ``jti``, its recipient, the signing key's ``kid``). New tables only; the documented
tables are not touched.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "0011_admin_audit"
down_revision: str | None = "0010_api_requests"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MYSQL = ("mysql", "mariadb")
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), *_MYSQL)
TABLE = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"}


def upgrade() -> None:
    """Create ``admin_audit`` and ``economy_note_tokens``."""
    t = "admin_audit"
    op.create_table(
        t,
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(48), nullable=False),
        sa.Column("target", sa.String(64), nullable=False),
        sa.Column("economy_id", sa.BigInteger(), nullable=True),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
        **TABLE,
    )
    for columns in (("actor", "id"), ("target", "id"), ("kind", "id"), ("economy_id", "id")):
        op.create_index(f"ix_{t}_{'_'.join(columns)}", t, list(columns))
    op.create_index(f"ix_{t}_at", t, ["at"])

    t = "economy_note_tokens"
    op.create_table(
        t,
        sa.Column("note_id", ID, autoincrement=False, nullable=False),
        sa.Column("jti", sa.String(36), nullable=False),
        sa.Column("recipient_id", sa.BigInteger(), nullable=False),
        sa.Column("kid", sa.String(32), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["note_id"], ["economy_bank_notes.id"], name=f"fk_{t}_note_id_economy_bank_notes"
        ),
        sa.PrimaryKeyConstraint("note_id", name=f"pk_{t}"),
        sa.UniqueConstraint("jti", name=f"uq_{t}_jti"),
        **TABLE,
    )


def downgrade() -> None:
    """Drop both tables."""
    op.drop_table("economy_note_tokens")
    op.drop_table("admin_audit")
