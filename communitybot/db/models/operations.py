"""Operational tables that are not part of the documented schema: idempotency keys, the history
an administrator accepted, and the guard rows of the rules."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from communitybot.db.models._base import Base
from communitybot.db.models.community import TIMESTAMP


class OperationKey(Base):
    """One row per money-moving command already carried out, keyed by its idempotency key.

    The row is inserted in the same transaction as the money movement, so a replayed command
    finds it and returns the stored ``result`` instead of moving money again.
    """

    __tablename__ = "operation_keys"

    key: Mapped[str] = mapped_column(String(191), primary_key=True)
    scope: Mapped[str] = mapped_column(String(32))
    result: Mapped[str | None] = mapped_column(String(255))
    created: Mapped[datetime] = mapped_column(TIMESTAMP, server_default=text("CURRENT_TIMESTAMP"))


class AcceptedHistory(Base):
    """``accepted_history``: an administrator accepted the findings of ``communitybot check``
    with ``code`` on journal rows registered before ``cutoff``, written by older software under
    rules of its own (``communitybot check accept``). History itself is never edited.

    ``findings`` is how many findings the acceptance covered when it was recorded.
    """

    __tablename__ = "accepted_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(64))
    cutoff: Mapped[datetime] = mapped_column(DateTime)
    findings: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(255))
    accepted: Mapped[datetime] = mapped_column(DateTime, server_default=text("CURRENT_TIMESTAMP"))


class RuleGuard(Base):
    """``rule_guards``: one row per thing a rule's decision depends on (``collective:12``,
    ``open:5``, ``tax_brackets:3``), whose ``version`` every such decision raises.

    On a multi-primary cluster only written rows conflict at commit, so two decisions that read
    the same rows on two nodes write this row too (``db/brokers/guards.py``), and one retries.
    """

    __tablename__ = "rule_guards"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)


__all__ = ["AcceptedHistory", "OperationKey", "RuleGuard"]
