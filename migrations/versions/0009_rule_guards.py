"""Guard rows: what a rule's decision depends on, written by every such decision (not part of the
documented schema).

Revision ID: 0009_rule_guards
Revises: 0008_community_roles
Create Date: 2026-12-01

On a multi-primary cluster (Galera, Group Replication) a ``SELECT ... FOR UPDATE`` is local to
its node and only written rows conflict at commit. A decision that rests on rows it reads but
does not change (how many collectives are open, who is a member, which brackets exist) bumps the
``version`` of the guard row named after them, so two such decisions on two nodes conflict and
one is retried. A new table only; the documented tables are not touched.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_rule_guards"
down_revision: str | None = "0008_community_roles"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create ``rule_guards``."""
    op.create_table(
        "rule_guards",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_rule_guards"),
        mysql_engine="InnoDB",
        mysql_charset="utf8mb4",
    )


def downgrade() -> None:
    """Drop ``rule_guards``."""
    op.drop_table("rule_guards")
