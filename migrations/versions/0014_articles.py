"""Articles at run time: ``articles`` and ``article_sales`` (not part of the documented schema).

Revision ID: 0014_articles
Revises: 0013_cash_box
Create Date: 2026-12-01

A treasurer adds, reprices and deactivates articles from the chat; a price change makes a new
row and deactivates the old one, which names its successor (``replaced_by``), so every sale
(``article_sales``: journal row, article, count) keeps its article and price. The configured
consumables seed the table on first use, once. The six documented tables are not changed.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "0014_articles"
down_revision: str | None = "0013_cash_box"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_MYSQL = ("mysql", "mariadb")
INT11 = sa.Integer().with_variant(mysql.INTEGER(display_width=11), *_MYSQL)
WHEN = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), *_MYSQL)
TABLE = {"mysql_engine": "InnoDB", "mysql_charset": "utf8mb4"}


def upgrade() -> None:
    """Create ``articles`` and ``article_sales``."""
    t = "articles"
    op.create_table(
        t,
        sa.Column("id", INT11, autoincrement=True, nullable=False),
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("name_key", sa.String(32), nullable=True),
        sa.Column("price", sa.Integer(), nullable=False),
        sa.Column("emoji", sa.String(16), nullable=False),
        sa.Column("description", sa.String(255), nullable=False),
        sa.Column("barcode", sa.String(64), nullable=True),
        sa.Column("barcode_key", sa.String(64), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("stock", sa.Integer(), nullable=True),
        sa.Column("low_stock", sa.Integer(), nullable=True),
        sa.Column("uses", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("replaced_by", INT11, nullable=True),
        sa.Column("created", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name=f"pk_{t}"),
        sa.UniqueConstraint("name_key", name=f"uq_{t}_name_key"),
        sa.UniqueConstraint("barcode_key", name=f"uq_{t}_barcode_key"),
        sa.ForeignKeyConstraint(["replaced_by"], ["articles.id"], name=f"fk_{t}_replaced_by_{t}"),
        **TABLE,
    )
    op.create_index(f"ix_{t}_replaced_by", t, ["replaced_by"])
    t = "article_sales"
    op.create_table(
        t,
        sa.Column("transaction_id", INT11, autoincrement=False, nullable=False),
        sa.Column("article_id", INT11, nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("transaction_id", name=f"pk_{t}"),
        sa.ForeignKeyConstraint(
            ["transaction_id"], ["transactions.id"], name=f"fk_{t}_transaction_id_transactions"
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=f"fk_{t}_article_id_articles"
        ),
        **TABLE,
    )
    op.create_index(f"ix_{t}_article_id", t, ["article_id"])


def downgrade() -> None:
    """Drop both tables."""
    op.drop_table("article_sales")
    op.drop_table("articles")
