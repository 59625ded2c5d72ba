"""Economy core: economies, guilds, accounts, journal, permissions, taxes, recurring transfers,
applications and API keys, subscriptions and the notification outbox.

Revision ID: 0003_economy
Revises: 0002_operations
Create Date: 2026-11-21

Own tables only; the six documented community tables are not touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "0003_economy"
down_revision: str | None = "0002_operations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MYSQL = ("mysql", "mariadb")
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
MONEY = sa.BigInteger()
WHEN = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), *_MYSQL)
TABLE = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"}
ZERO = sa.text("0")
EMPTY = sa.text("''")


def _id() -> sa.Column[int]:
    return sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False)


class _Ref(NamedTuple):
    """A column referencing ``target.id``; :func:`_table` adds its named foreign key."""

    column: str
    target: str
    nullable: bool = False
    name: str | None = None


def _ref(column: str, target: str, *, nullable: bool = False, name: str | None = None) -> _Ref:
    return _Ref(column, target, nullable, name)


def _table(name: str, *items: sa.SchemaItem | _Ref) -> None:
    flat: list[sa.SchemaItem] = []
    for item in items:
        if isinstance(item, _Ref):
            flat.append(sa.Column(item.column, ID, nullable=item.nullable))
            flat.append(
                sa.ForeignKeyConstraint(
                    [item.column],
                    [f"{item.target}.id"],
                    name=item.name or f"fk_{name}_{item.column}_{item.target}",
                )
            )
        else:
            flat.append(item)
    op.create_table(name, *flat, **TABLE)


def _index(table: str, *columns: str) -> None:
    op.create_index(f"ix_{table}_{'_'.join(columns)}", table, list(columns))


def _pk(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*columns, name=f"pk_{table}")


def _unique(table: str, *columns: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=f"uq_{table}_{'_'.join(columns)}")


def upgrade() -> None:
    """Create the economy tables."""
    _table(
        "economies",
        _id(),
        sa.Column("currency_name", sa.String(64), nullable=False),
        sa.Column("currency_unit", sa.String(16), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("deleted_at", WHEN, nullable=True),
        _pk("economies", "id"),
        _unique("economies", "currency_name"),
        _unique("economies", "currency_unit"),
    )

    _table(
        "economy_guilds",
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        _ref("economy_id", "economies"),
        sa.Column("is_owner", sa.Boolean(), nullable=False, server_default=ZERO),
        _pk("economy_guilds", "guild_id"),
    )
    _index("economy_guilds", "economy_id")

    _table(
        "economy_accounts",
        _id(),
        _ref("economy_id", "economies"),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("account_type", sa.String(16), nullable=False),
        sa.Column("owner_id", sa.BigInteger(), nullable=True),
        sa.Column("balance", MONEY, nullable=False, server_default=ZERO),
        sa.Column("min_balance", MONEY, nullable=False, server_default=ZERO),
        sa.Column("is_issuance", sa.Boolean(), nullable=False, server_default=ZERO),
        sa.Column("live", sa.Integer(), nullable=True),
        sa.Column("user_slot", sa.Integer(), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("closed_at", WHEN, nullable=True),
        _pk("economy_accounts", "id"),
        _unique("economy_accounts", "economy_id", "name", "live"),
        _unique("economy_accounts", "economy_id", "owner_id", "user_slot"),
    )
    _index("economy_accounts", "owner_id")

    _table(
        "economy_journal",
        _id(),
        _ref("economy_id", "economies"),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("transaction_type", sa.String(16), nullable=True),
        sa.Column("tax_type", sa.String(16), nullable=True),
        _ref("from_account_id", "economy_accounts"),
        _ref("to_account_id", "economy_accounts"),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        sa.Column("key_id", sa.BigInteger(), nullable=True),
        sa.Column("parent_id", sa.BigInteger(), nullable=True),
        sa.Column("tax_bracket_id", sa.BigInteger(), nullable=True),
        sa.Column("tax_cycle_id", sa.BigInteger(), nullable=True),
        sa.Column("recurring_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        _pk("economy_journal", "id"),
    )
    _index("economy_journal", "economy_id")
    _index("economy_journal", "from_account_id", "created_at")
    _index("economy_journal", "to_account_id", "created_at")
    _index("economy_journal", "tax_cycle_id")

    _table(
        "economy_permissions",
        _id(),
        sa.Column("subject_kind", sa.String(16), nullable=False),
        sa.Column("subject_id", sa.BigInteger(), nullable=False),
        sa.Column("permission", sa.String(32), nullable=False),
        _ref("economy_id", "economies", nullable=True),
        _ref("account_id", "economy_accounts", nullable=True),
        sa.Column("scope_key", sa.String(48), nullable=False),
        sa.Column("allowed", sa.Boolean(), nullable=False),
        _pk("economy_permissions", "id"),
        sa.UniqueConstraint(
            "subject_kind",
            "subject_id",
            "permission",
            "scope_key",
            name="uq_economy_permissions_rule",
        ),
    )
    _index("economy_permissions", "economy_id")
    _index("economy_permissions", "account_id")

    _table(
        "economy_tax_brackets",
        _id(),
        _ref("economy_id", "economies"),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("affected_type", sa.String(16), nullable=False),
        sa.Column("tax_type", sa.String(16), nullable=False),
        sa.Column("bracket_start", MONEY, nullable=False),
        sa.Column("bracket_end", MONEY, nullable=True),
        sa.Column("rate", sa.Integer(), nullable=False),
        _ref("to_account_id", "economy_accounts"),
        _pk("economy_tax_brackets", "id"),
        _unique("economy_tax_brackets", "economy_id", "name"),
    )
    _index("economy_tax_brackets", "to_account_id")

    _table(
        "economy_tax_cycles",
        _id(),
        _ref("economy_id", "economies"),
        sa.Column("period", sa.String(32), nullable=False),
        sa.Column("journal_watermark", sa.BigInteger(), nullable=False),
        sa.Column("payments", sa.Integer(), nullable=False, server_default=ZERO),
        sa.Column("collected", MONEY, nullable=False, server_default=ZERO),
        sa.Column("actor_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", WHEN, nullable=False),
        _pk("economy_tax_cycles", "id"),
        _unique("economy_tax_cycles", "economy_id", "period"),
    )

    _table(
        "economy_recurring_transfers",
        _id(),
        _ref("economy_id", "economies"),
        _ref("from_account_id", "economy_accounts"),
        _ref("to_account_id", "economy_accounts"),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("interval_days", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("processed", sa.Integer(), nullable=False, server_default=ZERO),
        sa.Column("paid", sa.Integer(), nullable=False, server_default=ZERO),
        sa.Column("failed", sa.Integer(), nullable=False, server_default=ZERO),
        sa.Column("transaction_type", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("creator_id", sa.BigInteger(), nullable=False),
        sa.Column("creator_roles", sa.String(1024), nullable=False, server_default=EMPTY),
        sa.Column("key_id", sa.BigInteger(), nullable=True),
        sa.Column("anchor_at", WHEN, nullable=False),
        sa.Column("next_due_at", WHEN, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        _pk("economy_recurring_transfers", "id"),
    )
    _index("economy_recurring_transfers", "economy_id")
    _index("economy_recurring_transfers", "from_account_id")
    _index("economy_recurring_transfers", "to_account_id")
    _index("economy_recurring_transfers", "status", "next_due_at")

    _table(
        "economy_recurring_payments",
        _ref(
            "recurring_id",
            "economy_recurring_transfers",
            name="fk_economy_recurring_payments_recurring_id",
        ),
        sa.Column("instalment", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("journal_id", sa.BigInteger(), nullable=True),
        sa.Column("failure", sa.String(64), nullable=True),
        sa.Column("due_at", WHEN, nullable=False),
        sa.Column("processed_at", WHEN, nullable=False),
        _pk("economy_recurring_payments", "recurring_id", "instalment"),
    )

    _table(
        "economy_applications",
        _id(),
        _ref("economy_id", "economies"),
        sa.Column("owner_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("deleted_at", WHEN, nullable=True),
        _pk("economy_applications", "id"),
    )
    _index("economy_applications", "economy_id")
    _index("economy_applications", "owner_id")

    _table(
        "economy_api_keys",
        _id(),
        _ref("application_id", "economy_applications"),
        _ref("economy_id", "economies"),
        sa.Column("issuer_id", sa.BigInteger(), nullable=False),
        sa.Column("issuer_roles", sa.String(1024), nullable=False, server_default=EMPTY),
        sa.Column("key_type", sa.String(16), nullable=False),
        _ref("account_id", "economy_accounts", nullable=True),
        sa.Column("spending_limit", MONEY, nullable=True),
        sa.Column("spent", MONEY, nullable=False, server_default=ZERO),
        sa.Column("enabled", sa.Boolean(), nullable=False, server_default=ZERO),
        sa.Column("activated", sa.Boolean(), nullable=False, server_default=ZERO),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=ZERO),
        sa.Column(
            "secret_hash",
            sa.VARBINARY(32).with_variant(sa.LargeBinary(), "sqlite"),
            nullable=False,
        ),
        sa.Column("created_at", WHEN, nullable=False),
        _pk("economy_api_keys", "id"),
    )
    _index("economy_api_keys", "application_id")
    _index("economy_api_keys", "economy_id")
    _index("economy_api_keys", "account_id")

    _table(
        "economy_subscriptions",
        _ref("account_id", "economy_accounts"),
        sa.Column("member_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        _pk("economy_subscriptions", "account_id", "member_id"),
    )

    _table(
        "economy_notifications",
        _id(),
        _ref("economy_id", "economies"),
        sa.Column("recipient_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        _ref("account_id", "economy_accounts"),
        sa.Column("journal_id", sa.BigInteger(), nullable=True),
        sa.Column("recurring_id", sa.BigInteger(), nullable=True),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("detail", sa.String(255), nullable=False, server_default=EMPTY),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("delivered_at", WHEN, nullable=True),
        _pk("economy_notifications", "id"),
    )
    _index("economy_notifications", "economy_id")
    _index("economy_notifications", "account_id")
    _index("economy_notifications", "delivered_at", "id")


def downgrade() -> None:
    """Drop the economy tables, dependants first."""
    for table in (
        "economy_notifications",
        "economy_subscriptions",
        "economy_api_keys",
        "economy_applications",
        "economy_recurring_payments",
        "economy_recurring_transfers",
        "economy_tax_cycles",
        "economy_tax_brackets",
        "economy_permissions",
        "economy_journal",
        "economy_accounts",
        "economy_guilds",
        "economies",
    ):
        op.drop_table(table)
