"""A pending transfer records the journal row its Confirm made (not part of the documented schema).

Revision ID: 0018_pending_send_claims
Revises: 0017_tax_cycle_chunks
Create Date: 2026-12-01

Confirm used to make the transfer under an idempotency key in ``operation_keys`` and then delete
the pending transfer. The pending transfer is now the Confirm's idempotency record itself: the
statement that moves the money also sets ``transaction_id`` to the journal row it wrote, on
every pending transfer of the same ``idempotency_key`` that has none yet (indexed for that), and
a press that finds it set answers with that transfer instead of making it again. Confirmed rows
are deleted with the expired ones. Only ``pending_sends`` (a side table) changes.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "0018_pending_send_claims"
down_revision: str | None = "0017_tax_cycle_chunks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INT11 = sa.Integer().with_variant(mysql.INTEGER(display_width=11), "mysql", "mariadb")
T = "pending_sends"


def upgrade() -> None:
    """Add ``transaction_id`` (a foreign key to ``transactions.id``) and index the key."""
    with op.batch_alter_table(T) as table:
        table.add_column(sa.Column("transaction_id", INT11, nullable=True))
        table.create_foreign_key(
            f"fk_{T}_transaction_id_transactions", "transactions", ["transaction_id"], ["id"]
        )
        table.create_index(f"ix_{T}_idempotency_key", ["idempotency_key"])


def downgrade() -> None:
    """Drop the column, its foreign key and the index of the key."""
    with op.batch_alter_table(T) as table:
        table.drop_index(f"ix_{T}_idempotency_key")
        table.drop_constraint(f"fk_{T}_transaction_id_transactions", type_="foreignkey")
        table.drop_column("transaction_id")
