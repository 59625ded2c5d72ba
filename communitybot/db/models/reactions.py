"""``economy_reaction_mints`` (migration ``0012_reaction_mints``): the mints made by an emoji
reaction, one per (message, reactor)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from communitybot.db.models._base import MYSQL_TABLE_ARGS, Base
from communitybot.db.models.economy import ID, MONEY, UtcDateTime


class ReactionMintRow(Base):
    """A MINT leg ``entry_id`` of ``amount`` into ``account_id`` (the author's USER account),
    made because ``reactor_id`` reacted to message ``message_id`` on UTC day ``day``."""

    __tablename__ = "economy_reaction_mints"
    __table_args__ = (
        UniqueConstraint("message_id", "reactor_id"),
        Index(None, "reactor_id", "day"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    economy_id: Mapped[int] = mapped_column(ID, ForeignKey("economies.id"))
    message_id: Mapped[int] = mapped_column(BigInteger)
    reactor_id: Mapped[int] = mapped_column(BigInteger)
    author_id: Mapped[int] = mapped_column(BigInteger)
    account_id: Mapped[int] = mapped_column(ID, ForeignKey("economy_accounts.id"))
    entry_id: Mapped[int] = mapped_column(ID, ForeignKey("economy_journal.id"))
    amount: Mapped[int] = mapped_column(MONEY)
    day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


__all__ = ["ReactionMintRow"]
