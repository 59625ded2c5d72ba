"""The community's cash and corrections (migration ``0013_cash_box``).

Not part of the documented schema. The cash box itself is a ``users`` row (``tid`` -1, see
:data:`~communitybot.core.community.CASH_BOX_TID`); here are the deposits waiting for a treasurer
and the links from each reversal to the journal row it reverses (the ``transactions`` table stays
as documented).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from communitybot.db.models._base import MYSQL_TABLE_ARGS, Base
from communitybot.db.models.community import INT11
from communitybot.db.models.economy import UtcDateTime


class CashDepositRow(Base):
    """``cash_deposits``: cash a member recorded as put into the box.

    ``status`` is ``pending`` until a treasurer confirms (``transaction_id``: the journal row
    that booked it) or rejects it (``decided_by``, ``decided``).
    """

    __tablename__ = "cash_deposits"
    __table_args__ = MYSQL_TABLE_ARGS

    id: Mapped[int] = mapped_column(INT11, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(INT11, ForeignKey("users.id"), index=True)
    amount: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), index=True)
    created: Mapped[datetime] = mapped_column(UtcDateTime())
    decided: Mapped[datetime | None] = mapped_column(UtcDateTime())
    decided_by: Mapped[int | None] = mapped_column(INT11, ForeignKey("users.id"), index=True)
    transaction_id: Mapped[int | None] = mapped_column(
        INT11, ForeignKey("transactions.id"), index=True
    )


class TransactionReversalRow(Base):
    """``transaction_reversals``: journal row ``reversal_id`` reverses ``original_id``.

    ``original_id`` is unique: a row is reversed at most once, whichever command tries.
    ``actor_id`` is who reversed it (``None``: the administrator at the command line).
    """

    __tablename__ = "transaction_reversals"
    __table_args__ = MYSQL_TABLE_ARGS

    reversal_id: Mapped[int] = mapped_column(
        INT11, ForeignKey("transactions.id"), primary_key=True, autoincrement=False
    )
    original_id: Mapped[int] = mapped_column(INT11, ForeignKey("transactions.id"), unique=True)
    actor_id: Mapped[int | None] = mapped_column(INT11, ForeignKey("users.id"), index=True)
    created: Mapped[datetime] = mapped_column(UtcDateTime())


__all__ = ["CashDepositRow", "TransactionReversalRow"]
