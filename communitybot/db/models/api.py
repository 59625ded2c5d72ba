"""``api_requests``: the answers of the HTTP API's money-moving requests, by idempotency key.

Not part of the documented schema (a new table of its own, migration ``0010_api_requests``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import SmallInteger, String, Text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column

from communitybot.db.models._base import Base
from communitybot.db.models.economy import ID, UtcDateTime

# compared byte for byte on MySQL/MariaDB (their default collation ignores case)
KEY_TEXT = String(128).with_variant(
    mysql.VARCHAR(128, charset="ascii", collation="ascii_bin"), "mysql", "mariadb"
)


class ApiRequestRow(Base):
    """One money-moving request of an API key, under the client's ``Idempotency-Key``.

    Written in the same transaction as the movement it made (together with the engine's own key
    in ``operation_keys``, named by ``operation_key``), so it exists exactly when the money
    moved. ``fingerprint`` is the SHA-256 of the request (method, path, body); ``status`` and
    ``body`` are the answer given, replayed to a repeated request.
    """

    __tablename__ = "api_requests"

    key_id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=False)
    idempotency_key: Mapped[str] = mapped_column(KEY_TEXT, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    operation_key: Mapped[str] = mapped_column(String(191))
    status: Mapped[int] = mapped_column(SmallInteger)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


__all__ = ["ApiRequestRow"]
