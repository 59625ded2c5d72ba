"""Members' own choices (migration ``0015_member_prefs``): the notifications they turned off and
the statement reminders they were sent. The documented tables are not touched (``users.id`` is
only referred to)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from communitybot.db.models._base import Base
from communitybot.db.models.community import INT11
from communitybot.db.models.economy import UtcDateTime


class NoticeOptOutRow(Base):
    """``member_notice_optouts``: user ``user_id`` is not told about movements of ``kind``
    (a :class:`~communitybot.core.notices.NoticeKind` value); no row means they are told."""

    __tablename__ = "member_notice_optouts"

    user_id: Mapped[int] = mapped_column(
        INT11, ForeignKey("users.id"), primary_key=True, autoincrement=False
    )
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class StatementReminderRow(Base):
    """``statement_reminders``: a low-balance reminder went to ``user_id`` for ``period``
    (``2026-11``) at ``balance``; its key makes it at most one per member and period."""

    __tablename__ = "statement_reminders"

    user_id: Mapped[int] = mapped_column(
        INT11, ForeignKey("users.id"), primary_key=True, autoincrement=False
    )
    period: Mapped[str] = mapped_column(String(16), primary_key=True)
    balance: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime())


__all__ = ["NoticeOptOutRow", "StatementReminderRow"]
