"""Transfers waiting for their sender's Confirm (migration ``0006_pending_sends``).

Not part of the documented schema. A ``/send`` is checked and shown with Confirm and Abort; what
was checked waits here, so that a Confirm works after the bot restarted. Nothing here is money:
the transfer is made, and checked again, when Confirm is pressed, and then recorded here
(``transaction_id``, migration ``0018_pending_send_claims``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from communitybot.db.models._base import MYSQL_TABLE_ARGS, Base
from communitybot.db.models.community import INT11
from communitybot.db.models.economy import UtcDateTime


class PendingSend(Base):
    """``pending_sends``: one checked transfer per summary message, under its button token.

    ``chat_id`` and ``msg_id`` name the bot's message that shows the summary (one pending
    transfer per message); ``idempotency_key`` is the key the transfer is made under (derived
    from the command message), so a Confirm pressed twice moves money once. ``reason`` is the
    text the sender gave, without the ``send:`` prefix of the journal. ``transaction_id`` is the
    journal row the Confirm made (``NULL`` while the transfer waits): set by the statement that
    moved the money, on every row of the same key, it makes the row the Confirm's idempotency
    record. A confirmed row stays for 25 hours (``CONFIRMED_KEPT``), then is swept.
    """

    __tablename__ = "pending_sends"
    __table_args__ = (UniqueConstraint("chat_id", "msg_id"), MYSQL_TABLE_ARGS)

    token: Mapped[str] = mapped_column(String(16), primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(191), index=True)
    sender: Mapped[int] = mapped_column(INT11, ForeignKey("users.id"), index=True)
    receiver: Mapped[int] = mapped_column(INT11, ForeignKey("users.id"), index=True)
    amount: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(String(255))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    msg_id: Mapped[int] = mapped_column(BigInteger)
    created: Mapped[datetime] = mapped_column(UtcDateTime())
    expires: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    transaction_id: Mapped[int | None] = mapped_column(INT11, ForeignKey("transactions.id"))


__all__ = ["PendingSend"]
