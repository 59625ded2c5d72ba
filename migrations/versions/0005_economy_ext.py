"""Economy extensions: groups of currencies, exchange rates and exchanges, bank notes, expense
categories, lines of credit and payment authorisations.

Revision ID: 0005_economy_ext
Revises: 0004_economy_lock_index
Create Date: 2026-11-22

Own tables only; neither the six documented community tables nor the earlier economy tables are
touched.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "0005_economy_ext"
down_revision: str | None = "0004_economy_lock_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MYSQL = ("mysql", "mariadb")
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
MONEY = sa.BigInteger()
WHEN = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), *_MYSQL)
SECRET_HASH = sa.VARBINARY(32).with_variant(sa.LargeBinary(), "sqlite")
TABLE = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"}

TABLES = (
    "economy_authorization_lines",
    "economy_payment_authorizations",
    "economy_lines_of_credit",
    "economy_expense_categories",
    "economy_bank_notes",
    "economy_note_vaults",
    "economy_exchange_credits",
    "economy_exchanges",
    "economy_exchange_rates",
    "economy_group_guilds",
    "economy_group_currencies",
    "economy_groups",
)
"""Every table of this revision, dependants first."""


def _id() -> sa.Column[int]:
    return sa.Column("id", ID, primary_key=True, autoincrement=True, nullable=False)


def _ref(
    table: str, column: str, target: str, *, nullable: bool = False, name: str | None = None
) -> list[sa.SchemaItem]:
    """A column referencing ``target.id`` and its named foreign key."""
    return [
        sa.Column(column, ID, nullable=nullable, autoincrement=False),
        sa.ForeignKeyConstraint(
            [column], [f"{target}.id"], name=name or f"fk_{table}_{column}_{target}"
        ),
    ]


def _pk(table: str, *columns: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*columns, name=f"pk_{table}")


def _unique(table: str, *columns: str, name: str | None = None) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(*columns, name=name or f"uq_{table}_{'_'.join(columns)}")


def _index(table: str, *columns: str) -> None:
    op.create_index(f"ix_{table}_{'_'.join(columns)}", table, list(columns))


def _money(name: str) -> sa.Column[int]:
    return sa.Column(name, MONEY, nullable=False)


def _big(name: str, *, nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, sa.BigInteger(), nullable=nullable)


def _when(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, WHEN, nullable=nullable)


def _text(name: str, length: int, *, nullable: bool = False) -> sa.Column[str]:
    return sa.Column(name, sa.String(length), nullable=nullable)


def _groups() -> None:
    t = "economy_groups"
    op.create_table(
        t,
        _id(),
        _text("kind", 16),
        _text("name", 64),
        sa.Column("global_slot", sa.Integer(), nullable=True),
        _big("guild_id", nullable=True),
        *_ref(t, "primary_economy_id", "economies", nullable=True),
        _when("created_at"),
        _pk(t, "id"),
        _unique(t, "name"),
        _unique(t, "global_slot"),
        _unique(t, "guild_id"),
        **TABLE,
    )
    _index(t, "primary_economy_id")

    t = "economy_group_currencies"
    op.create_table(
        t,
        *_ref(t, "economy_id", "economies"),
        *_ref(t, "group_id", "economy_groups"),
        _when("added_at"),
        _pk(t, "economy_id"),
        **TABLE,
    )
    _index(t, "group_id")

    t = "economy_group_guilds"
    op.create_table(
        t,
        *_ref(t, "group_id", "economy_groups"),
        sa.Column("guild_id", sa.BigInteger(), autoincrement=False, nullable=False),
        _when("joined_at"),
        _pk(t, "group_id", "guild_id"),
        **TABLE,
    )
    _index(t, "guild_id")

    t = "economy_exchange_rates"
    op.create_table(
        t,
        _id(),
        *_ref(t, "group_id", "economy_groups"),
        *_ref(t, "from_economy_id", "economies"),
        *_ref(t, "to_economy_id", "economies"),
        sa.Column("numerator", sa.Integer(), nullable=False),
        sa.Column("denominator", sa.Integer(), nullable=False),
        _big("set_by"),
        _when("updated_at"),
        _pk(t, "id"),
        _unique(t, "from_economy_id", "to_economy_id"),
        **TABLE,
    )
    _index(t, "group_id")
    _index(t, "to_economy_id")


def _exchanges() -> None:
    t = "economy_exchanges"
    op.create_table(
        t,
        _id(),
        _big("group_id"),
        *_ref(t, "from_economy_id", "economies"),
        _big("to_economy_id"),
        *_ref(t, "from_account_id", "economy_accounts", name=f"fk_{t}_from_account_id"),
        _big("to_account_id"),
        _big("owner_id"),
        _money("amount_in"),
        _money("amount_out"),
        sa.Column("numerator", sa.Integer(), nullable=False),
        sa.Column("denominator", sa.Integer(), nullable=False),
        _text("state", 16),
        _big("actor_id"),
        _big("burn_entry_id"),
        _big("credit_entry_id", nullable=True),
        _big("refund_entry_id", nullable=True),
        _text("failure", 64, nullable=True),
        _when("created_at"),
        _when("settled_at", nullable=True),
        _pk(t, "id"),
        **TABLE,
    )
    _index(t, "from_economy_id")
    _index(t, "state", "created_at")
    _index(t, "from_account_id", "state")

    t = "economy_exchange_credits"
    op.create_table(
        t,
        sa.Column("exchange_id", sa.BigInteger(), autoincrement=False, nullable=False),
        *_ref(t, "economy_id", "economies"),
        _text("outcome", 16),
        _big("entry_id", nullable=True),
        _text("failure", 64, nullable=True),
        _when("created_at"),
        _pk(t, "exchange_id"),
        **TABLE,
    )
    _index(t, "economy_id")


def _notes() -> None:
    t = "economy_note_vaults"
    op.create_table(
        t,
        *_ref(t, "economy_id", "economies"),
        *_ref(t, "account_id", "economy_accounts"),
        _when("created_at"),
        _pk(t, "economy_id"),
        _unique(t, "account_id"),
        **TABLE,
    )

    t = "economy_bank_notes"
    op.create_table(
        t,
        _id(),
        *_ref(t, "economy_id", "economies"),
        *_ref(t, "issuer_account_id", "economy_accounts", name=f"fk_{t}_issuer_account_id"),
        *_ref(t, "vault_account_id", "economy_accounts", name=f"fk_{t}_vault_account_id"),
        _money("amount"),
        sa.Column("secret_hash", SECRET_HASH, nullable=False),
        _text("state", 16),
        _big("issued_by"),
        _big("key_id", nullable=True),
        _big("issue_entry_id"),
        _big("settle_entry_id", nullable=True),
        _big("redeemed_by", nullable=True),
        _big("redeemed_account_id", nullable=True),
        _when("expires_at", nullable=True),
        _when("created_at"),
        _when("settled_at", nullable=True),
        _pk(t, "id"),
        **TABLE,
    )
    _index(t, "economy_id")
    _index(t, "vault_account_id")
    _index(t, "issuer_account_id", "state")
    _index(t, "state", "expires_at")


def _authorizations() -> None:
    t = "economy_expense_categories"
    op.create_table(
        t,
        _id(),
        *_ref(t, "economy_id", "economies"),
        _text("code", 32),
        _text("name", 64),
        _text("description", 255, nullable=True),
        _text("reference", 255, nullable=True),
        _when("created_at"),
        _pk(t, "id"),
        _unique(t, "economy_id", "code"),
        _unique(t, "economy_id", "name"),
        **TABLE,
    )

    t = "economy_lines_of_credit"
    op.create_table(
        t,
        _id(),
        *_ref(t, "economy_id", "economies"),
        *_ref(t, "account_id", "economy_accounts", name=f"fk_{t}_account_id"),
        _big("holder_id"),
        *_ref(t, "category_id", "economy_expense_categories", name=f"fk_{t}_category_id"),
        _text("name", 64),
        _text("period", 16),
        _money("credits_limit"),
        _money("expensed_credits"),
        _text("period_key", 16),
        sa.Column("live", sa.Integer(), nullable=True),
        _when("created_at"),
        _when("terminated_at", nullable=True),
        _pk(t, "id"),
        _unique(t, "account_id", "holder_id", "category_id", "live", name=f"uq_{t}_slot"),
        _unique(t, "account_id", "name", "live", name=f"uq_{t}_name"),
        **TABLE,
    )
    _index(t, "economy_id")
    _index(t, "holder_id")
    _index(t, "category_id")

    t = "economy_payment_authorizations"
    op.create_table(
        t,
        _id(),
        *_ref(t, "economy_id", "economies", name=f"fk_{t}_economy_id"),
        _big("entry_id"),
        *_ref(t, "from_account_id", "economy_accounts", name=f"fk_{t}_from_account"),
        *_ref(t, "to_account_id", "economy_accounts", name=f"fk_{t}_to_account"),
        _big("holder_id"),
        _big("key_id", nullable=True),
        _money("amount"),
        _when("created_at"),
        _pk(t, "id"),
        **TABLE,
    )
    _index(t, "economy_id")
    _index(t, "from_account_id")
    _index(t, "to_account_id")

    t = "economy_authorization_lines"
    op.create_table(
        t,
        *_ref(
            t, "authorization_id", "economy_payment_authorizations", name=f"fk_{t}_authorization_id"
        ),
        *_ref(t, "line_id", "economy_lines_of_credit", name=f"fk_{t}_line_id"),
        _text("period_key", 16),
        _money("amount"),
        _pk(t, "authorization_id", "line_id"),
        **TABLE,
    )
    _index(t, "line_id")


def upgrade() -> None:
    """Create the tables of the economy extensions."""
    _groups()
    _exchanges()
    _notes()
    _authorizations()


def downgrade() -> None:
    """Drop the tables of the economy extensions, dependants first."""
    for table in TABLES:
        op.drop_table(table)
