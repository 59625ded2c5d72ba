"""The six documented tables of the community ledger.

Revision ID: 0001_community
Revises:
Create Date: 2026-11-21

Exactly as documented in community-database.rst: column order, types with display widths,
nullability, keys, defaults, ``ON UPDATE CURRENT_TIMESTAMP`` on ``users.accessed`` and
``externals.changed``; InnoDB and utf8mb4 on MySQL/MariaDB. Other dialects (the embedded SQLite
default) get the nearest plain types.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "0001_community"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MYSQL = ("mysql", "mariadb")
INT11 = sa.Integer().with_variant(mysql.INTEGER(display_width=11), *_MYSQL)
BIGINT20 = sa.BigInteger().with_variant(mysql.BIGINT(display_width=20), *_MYSQL)
MEDIUMINT9 = sa.Integer().with_variant(mysql.MEDIUMINT(display_width=9), *_MYSQL)
SMALLINT6 = sa.SmallInteger().with_variant(mysql.SMALLINT(display_width=6), *_MYSQL)
TABLE = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"}


def _timestamps() -> tuple[sa.TextClause, sa.TextClause]:
    now = sa.text("CURRENT_TIMESTAMP")
    if op.get_bind().dialect.name in _MYSQL:
        return now, sa.text("CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP")
    return now, now


def _id() -> sa.Column[int]:
    return sa.Column("id", INT11, primary_key=True, autoincrement=True, nullable=False)


def upgrade() -> None:
    """Create the six tables."""
    now, now_on_update = _timestamps()
    op.create_table(
        "users",
        _id(),
        sa.Column("tid", BIGINT20, nullable=True),
        sa.Column("username", sa.String(255), nullable=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("balance", MEDIUMINT9, nullable=False, server_default=sa.text("0")),
        sa.Column("permission", sa.Boolean(), nullable=False, server_default=sa.text("0")),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.text("1")),
        sa.Column("created", sa.TIMESTAMP(), nullable=False, server_default=now),
        sa.Column("accessed", sa.TIMESTAMP(), nullable=False, server_default=now_on_update),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("tid", name="uq_users_tid"),
        **TABLE,
    )
    op.create_table(
        "transactions",
        _id(),
        sa.Column("sender", INT11, nullable=False),
        sa.Column("receiver", INT11, nullable=False),
        sa.Column("amount", MEDIUMINT9, nullable=False),
        sa.Column("reason", sa.String(255), nullable=True),
        sa.Column("registered", sa.TIMESTAMP(), nullable=False, server_default=now),
        sa.PrimaryKeyConstraint("id", name="pk_transactions"),
        sa.ForeignKeyConstraint(["sender"], ["users.id"], name="fk_transactions_sender_users"),
        sa.ForeignKeyConstraint(["receiver"], ["users.id"], name="fk_transactions_receiver_users"),
        sa.Index("ix_transactions_sender", "sender"),
        sa.Index("ix_transactions_receiver", "receiver"),
        **TABLE,
    )
    op.create_table(
        "collectives",
        _id(),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.text("1")),
        sa.Column("amount", MEDIUMINT9, nullable=False),
        sa.Column("externals", SMALLINT6, nullable=True),
        sa.Column("description", sa.String(255), nullable=True),
        sa.Column("communistic", sa.Boolean(), nullable=False),
        sa.Column("creator", INT11, nullable=False),
        sa.Column("created", sa.TIMESTAMP(), nullable=False, server_default=now),
        sa.PrimaryKeyConstraint("id", name="pk_collectives"),
        sa.ForeignKeyConstraint(["creator"], ["users.id"], name="fk_collectives_creator_users"),
        sa.Index("ix_collectives_creator", "creator"),
        **TABLE,
    )
    op.create_table(
        "collectives_users",
        _id(),
        sa.Column("collectives_id", INT11, nullable=False),
        sa.Column("users_id", INT11, nullable=False),
        sa.Column("vote", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_collectives_users"),
        sa.ForeignKeyConstraint(
            ["collectives_id"],
            ["collectives.id"],
            name="fk_collectives_users_collectives_id_collectives",
        ),
        sa.ForeignKeyConstraint(
            ["users_id"], ["users.id"], name="fk_collectives_users_users_id_users"
        ),
        sa.Index("ix_collectives_users_collectives_id", "collectives_id"),
        sa.Index("ix_collectives_users_users_id", "users_id"),
        **TABLE,
    )
    op.create_table(
        "collective_messages",
        _id(),
        sa.Column("collectives_id", INT11, nullable=False),
        sa.Column("chat_id", BIGINT20, nullable=False),
        sa.Column("msg_id", INT11, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_collective_messages"),
        sa.ForeignKeyConstraint(
            ["collectives_id"],
            ["collectives.id"],
            name="fk_collective_messages_collectives_id_collectives",
        ),
        sa.Index("ix_collective_messages_collectives_id", "collectives_id"),
        **TABLE,
    )
    op.create_table(
        "externals",
        _id(),
        sa.Column("internal", INT11, nullable=True),
        sa.Column("external", INT11, nullable=False),
        sa.Column("changed", sa.TIMESTAMP(), nullable=False, server_default=now_on_update),
        sa.PrimaryKeyConstraint("id", name="pk_externals"),
        sa.UniqueConstraint("external", name="uq_externals_external"),
        sa.ForeignKeyConstraint(["internal"], ["users.id"], name="fk_externals_internal_users"),
        sa.ForeignKeyConstraint(["external"], ["users.id"], name="fk_externals_external_users"),
        sa.Index("ix_externals_internal", "internal"),
        **TABLE,
    )


def downgrade() -> None:
    """Drop the six tables, dependants first."""
    for table in (
        "externals",
        "collective_messages",
        "collectives_users",
        "collectives",
        "transactions",
        "users",
    ):
        op.drop_table(table)
