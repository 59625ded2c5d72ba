"""The administration's tables (migration ``0011_admin_audit``): the audit of every change of
permissions, accounts, brackets, economies, keys, groups and standing, and the signed tokens of
bank notes. The six documented tables are not touched.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from communitybot.core.audit import KIND_MAX, REF_MAX
from communitybot.db.models._base import MYSQL_TABLE_ARGS, Base
from communitybot.db.models.economy import ID, UtcDateTime

JTI_MAX = 36
"""Longest ``jti`` of a bank note's token (a UUID in its text form)."""

KID_MAX = 32
"""Longest name of a signing key (``kid``)."""


class AuditRow(Base):
    """``admin_audit``: one change of administration, written in the change's own transaction
    and never edited. ``before`` and ``after`` are JSON objects (``NULL`` for something new or
    removed); ``actor`` and ``target`` name things as :mod:`communitybot.core.audit` says."""

    __tablename__ = "admin_audit"
    __table_args__ = (
        Index(None, "actor", "id"),
        Index(None, "target", "id"),
        Index(None, "kind", "id"),
        Index(None, "economy_id", "id"),
        Index(None, "at"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor: Mapped[str] = mapped_column(String(REF_MAX))
    kind: Mapped[str] = mapped_column(String(KIND_MAX))
    target: Mapped[str] = mapped_column(String(REF_MAX))
    economy_id: Mapped[int | None] = mapped_column(BigInteger)
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)


class NoteTokenRow(Base):
    """``economy_note_tokens``: the signed token (JWT) of a bank note: its unique ``jti``, whom
    it is signed over to (``recipient_id``) and the signing key's name (``kid``). A note is
    found by its ``jti`` and redeemed once (the note's state)."""

    __tablename__ = "economy_note_tokens"

    note_id: Mapped[int] = mapped_column(
        ID, ForeignKey("economy_bank_notes.id"), primary_key=True, autoincrement=False
    )
    jti: Mapped[str] = mapped_column(String(JTI_MAX), unique=True)
    recipient_id: Mapped[int] = mapped_column(BigInteger)
    kid: Mapped[str] = mapped_column(String(KID_MAX))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


__all__ = ["JTI_MAX", "KID_MAX", "AuditRow", "NoteTokenRow"]
