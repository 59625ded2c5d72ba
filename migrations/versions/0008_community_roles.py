"""The community on the core's permission model: its economy, roles and standing log (not part of
the documented schema).

Revision ID: 0008_community_roles
Revises: 0007_accepted_history
Create Date: 2026-12-02

The community's rules are rows of the core's ``economy_permissions``, scoped to the community's
economy; ``community_economy`` names that economy (written on the first rule or role, not here),
``community_roles`` and ``community_role_members`` hold its roles and who holds them, and
``community_standing_log`` who changed whose standing. New tables only: the documented tables
are not touched, the foreign keys only point at ``users.id``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "0008_community_roles"
down_revision: str | None = "0007_accepted_history"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MYSQL = ("mysql", "mariadb")
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
INT11 = sa.Integer().with_variant(mysql.INTEGER(display_width=11), *_MYSQL)
WHEN = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), *_MYSQL)
TABLE = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"}


def upgrade() -> None:
    """Create ``community_economy``, ``community_roles``, ``community_role_members`` and
    ``community_standing_log``."""
    t = "community_economy"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("economy_id", ID, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
        sa.UniqueConstraint("economy_id", name=f"uq_{t}_economy_id"),
        sa.ForeignKeyConstraint(
            ["economy_id"], ["economies.id"], name=f"fk_{t}_economy_id_economies"
        ),
        **TABLE,
    )
    t = "community_roles"
    op.create_table(
        t,
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
        sa.UniqueConstraint("name", name=f"uq_{t}_name"),
        **TABLE,
    )
    t = "community_role_members"
    op.create_table(
        t,
        sa.Column("role_id", ID, autoincrement=False, nullable=False),
        sa.Column("user_id", INT11, autoincrement=False, nullable=False),
        sa.Column("granted_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("role_id", "user_id", name=f"pk_{t}"),
        sa.ForeignKeyConstraint(
            ["role_id"], ["community_roles.id"], name=f"fk_{t}_role_id_community_roles"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=f"fk_{t}_user_id_users"),
        **TABLE,
    )
    op.create_index(f"ix_{t}_user_id", t, ["user_id"])
    t = "community_standing_log"
    op.create_table(
        t,
        sa.Column("id", ID, autoincrement=True, nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("actor_id", INT11, nullable=True),
        sa.Column("change", sa.String(32), nullable=False),
        sa.Column("subject", sa.String(48), nullable=False),
        sa.Column("detail", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=f"fk_{t}_actor_id_users"),
        **TABLE,
    )
    op.create_index(f"ix_{t}_actor_id", t, ["actor_id"])


def downgrade() -> None:
    """Drop the four tables, and the community's rules from ``economy_permissions`` (older code
    cannot read their permission names). The community's economy row stays, an empty economy."""
    op.execute(
        "DELETE FROM economy_permissions WHERE economy_id IN "
        "(SELECT economy_id FROM community_economy)"
    )
    op.drop_table("community_standing_log")
    op.drop_table("community_role_members")
    op.drop_table("community_roles")
    op.drop_table("community_economy")
