"""The community's cash and corrections: waiting deposits, reversal links, membership fees,
treasurer grants (not part of the documented schema).

Revision ID: 0013_cash_box
Revises: 0012_reaction_mints
Create Date: 2026-12-01

``cash_deposits`` holds the cash members recorded as put into the cash box, waiting for a
treasurer; ``transaction_reversals`` links each reversal row of the journal to the row it
reverses (unique: a row is reversed at most once); ``community_fees`` are the membership fees,
``community_fee_charges`` each member's charge of each instalment (paid or failed, told or not).
The cash box itself is a ``users`` row with ``tid`` -1, made by the first cash command; the six
documented tables are not changed.

The built-in role ``treasurer`` is created with a grant of every treasurer action; a role
created before this revision gets the new ones (``MANAGE_CASH``, ``REVERSE``,
``MANAGE_ARTICLES``, ``MANAGE_FEES``) here, copied from its rule about ``GRANT_VOTE`` (a grant
stays a grant, a denial a denial).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "0013_cash_box"
down_revision: str | None = "0012_reaction_mints"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MYSQL = ("mysql", "mariadb")
INT11 = sa.Integer().with_variant(mysql.INTEGER(display_width=11), *_MYSQL)
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), *_MYSQL)
TABLE = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"}

NEW_TREASURER_ACTIONS = ("MANAGE_CASH", "REVERSE", "MANAGE_ARTICLES", "MANAGE_FEES")


def upgrade() -> None:
    """Create ``cash_deposits`` and ``transaction_reversals``; extend existing treasurers."""
    t = "cash_deposits"
    op.create_table(
        t,
        sa.Column("id", INT11, autoincrement=True, nullable=False),
        sa.Column("user_id", INT11, nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(255), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created", WHEN, nullable=False),
        sa.Column("decided", WHEN, nullable=True),
        sa.Column("decided_by", INT11, nullable=True),
        sa.Column("transaction_id", INT11, nullable=True),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=f"fk_{t}_user_id_users"),
        sa.ForeignKeyConstraint(["decided_by"], ["users.id"], name=f"fk_{t}_decided_by_users"),
        sa.ForeignKeyConstraint(
            ["transaction_id"], ["transactions.id"], name=f"fk_{t}_transaction_id_transactions"
        ),
        **TABLE,
    )
    for column in ("user_id", "status", "decided_by", "transaction_id"):
        op.create_index(f"ix_{t}_{column}", t, [column])

    t = "transaction_reversals"
    op.create_table(
        t,
        sa.Column("reversal_id", INT11, autoincrement=False, nullable=False),
        sa.Column("original_id", INT11, nullable=False),
        sa.Column("actor_id", INT11, nullable=True),
        sa.Column("created", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("reversal_id", name=f"pk_{t}"),
        sa.UniqueConstraint("original_id", name=f"uq_{t}_original_id"),
        sa.ForeignKeyConstraint(
            ["reversal_id"], ["transactions.id"], name=f"fk_{t}_reversal_id_transactions"
        ),
        sa.ForeignKeyConstraint(
            ["original_id"], ["transactions.id"], name=f"fk_{t}_original_id_transactions"
        ),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=f"fk_{t}_actor_id_users"),
        **TABLE,
    )
    op.create_index(f"ix_{t}_actor_id", t, ["actor_id"])

    t = "community_fees"
    op.create_table(
        t,
        sa.Column("id", INT11, autoincrement=True, nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("interval_days", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("user_id", INT11, nullable=True),
        sa.Column("role_id", ID, nullable=True),
        sa.Column("description", sa.String(255), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("processed", sa.Integer(), nullable=False),
        sa.Column("creator_id", INT11, nullable=True),
        sa.Column("anchor_at", WHEN, nullable=False),
        sa.Column("next_due_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=f"fk_{t}_user_id_users"),
        sa.ForeignKeyConstraint(
            ["role_id"], ["community_roles.id"], name=f"fk_{t}_role_id_community_roles"
        ),
        sa.ForeignKeyConstraint(["creator_id"], ["users.id"], name=f"fk_{t}_creator_id_users"),
        **TABLE,
    )
    for column in ("user_id", "role_id", "creator_id"):
        op.create_index(f"ix_{t}_{column}", t, [column])
    op.create_index(f"ix_{t}_status_next_due_at", t, ["status", "next_due_at"])

    t = "community_fee_charges"
    op.create_table(
        t,
        sa.Column("fee_id", INT11, autoincrement=False, nullable=False),
        sa.Column("instalment", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("user_id", INT11, autoincrement=False, nullable=False),
        sa.Column("transaction_id", INT11, nullable=True),
        sa.Column("failure", sa.String(64), nullable=True),
        sa.Column("notified", sa.Boolean(), nullable=False),
        sa.Column("due_at", WHEN, nullable=False),
        sa.Column("processed_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("fee_id", "instalment", "user_id", name=f"pk_{t}"),
        sa.ForeignKeyConstraint(
            ["fee_id"], ["community_fees.id"], name=f"fk_{t}_fee_id_community_fees"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=f"fk_{t}_user_id_users"),
        sa.ForeignKeyConstraint(
            ["transaction_id"], ["transactions.id"], name=f"fk_{t}_transaction_id_transactions"
        ),
        **TABLE,
    )
    for column in ("user_id", "transaction_id", "notified"):
        op.create_index(f"ix_{t}_{column}", t, [column])

    for action in NEW_TREASURER_ACTIONS:
        op.execute(
            sa.text(
                "INSERT INTO economy_permissions "
                "(subject_kind, subject_id, permission, economy_id, account_id, scope_key, "
                "allowed) "
                "SELECT p.subject_kind, p.subject_id, :action, p.economy_id, p.account_id, "
                "p.scope_key, p.allowed FROM economy_permissions p "
                "JOIN community_roles r ON p.subject_id = r.id "
                "WHERE p.subject_kind = 'ROLE' AND r.name = 'treasurer' "
                "AND p.permission = 'GRANT_VOTE' AND NOT EXISTS ("
                "SELECT 1 FROM economy_permissions q WHERE q.subject_kind = p.subject_kind "
                "AND q.subject_id = p.subject_id AND q.permission = :action "
                "AND q.scope_key = p.scope_key)"
            ).bindparams(action=action)
        )


def downgrade() -> None:
    """Drop both tables and the treasurer grants this revision added."""
    op.drop_table("community_fee_charges")
    op.drop_table("community_fees")
    op.drop_table("transaction_reversals")
    op.drop_table("cash_deposits")
    for action in NEW_TREASURER_ACTIONS:
        op.execute(
            sa.text("DELETE FROM economy_permissions WHERE permission = :action").bindparams(
                action=action
            )
        )
