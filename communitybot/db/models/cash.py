"""The community's cash and corrections (migration ``0013_cash_box``).

Not part of the documented schema. The cash box itself is a ``users`` row (``tid`` -1, see
:data:`~communitybot.core.community.CASH_BOX_TID`); here are the deposits waiting for a treasurer,
the links from each reversal to the journal row it reverses (the ``transactions`` table stays as
documented), and the membership fees with each member's charges.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from communitybot.db.models._base import MYSQL_TABLE_ARGS, Base
from communitybot.db.models.community import INT11
from communitybot.db.models.economy import ID, UtcDateTime


class CashDepositRow(Base):
    """``cash_deposits``: cash a member recorded as put into the box.

    ``status`` is ``pending`` until a treasurer confirms (``transaction_id``: the journal row
    that booked it) or rejects it (``decided_by``, ``decided``).
    """

    __tablename__ = "cash_deposits"

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

    reversal_id: Mapped[int] = mapped_column(
        INT11, ForeignKey("transactions.id"), primary_key=True, autoincrement=False
    )
    original_id: Mapped[int] = mapped_column(INT11, ForeignKey("transactions.id"), unique=True)
    actor_id: Mapped[int | None] = mapped_column(INT11, ForeignKey("users.id"), index=True)
    created: Mapped[datetime] = mapped_column(UtcDateTime())


class CommunityFeeRow(Base):
    """``community_fees``: ``amount`` every ``interval_days`` (``total`` times, or until
    stopped), from ``user_id``, from the holders of ``role_id``, or (neither) from every active
    internal member; ``processed`` instalments are done, the next is due at ``next_due_at``."""

    __tablename__ = "community_fees"
    __table_args__ = (Index(None, "status", "next_due_at"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(INT11, primary_key=True, autoincrement=True)
    amount: Mapped[int] = mapped_column(Integer)
    interval_days: Mapped[int] = mapped_column(Integer)
    total: Mapped[int | None] = mapped_column(Integer)
    user_id: Mapped[int | None] = mapped_column(INT11, ForeignKey("users.id"), index=True)
    role_id: Mapped[int | None] = mapped_column(ID, ForeignKey("community_roles.id"), index=True)
    description: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16))
    processed: Mapped[int] = mapped_column(Integer)
    creator_id: Mapped[int | None] = mapped_column(INT11, ForeignKey("users.id"), index=True)
    anchor_at: Mapped[datetime] = mapped_column(UtcDateTime())
    next_due_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CommunityFeeChargeRow(Base):
    """``community_fee_charges``: member ``user_id``'s charge of instalment ``instalment``,
    paid (``transaction_id``) or failed (``failure``); ``notified`` once the member was told.
    The primary key makes a second charge of one instalment impossible."""

    __tablename__ = "community_fee_charges"

    fee_id: Mapped[int] = mapped_column(
        INT11, ForeignKey("community_fees.id"), primary_key=True, autoincrement=False
    )
    instalment: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(
        INT11, ForeignKey("users.id"), primary_key=True, autoincrement=False, index=True
    )
    transaction_id: Mapped[int | None] = mapped_column(
        INT11, ForeignKey("transactions.id"), index=True
    )
    failure: Mapped[str | None] = mapped_column(String(64))
    notified: Mapped[bool] = mapped_column(Boolean, index=True)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime())
    processed_at: Mapped[datetime] = mapped_column(UtcDateTime())


__all__ = ["CashDepositRow", "CommunityFeeChargeRow", "CommunityFeeRow", "TransactionReversalRow"]
