"""The six documented tables of the community ledger (``docs``: community-database.rst).

Column order, types with display widths, nullability, keys and defaults match the documentation
exactly on MySQL/MariaDB; other dialects get the nearest plain types. ``ON UPDATE
CURRENT_TIMESTAMP`` of ``users.accessed`` and ``externals.changed`` is created by the migration on
MySQL; the ORM also sets those columns on every update so other dialects behave alike.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import TIMESTAMP as SA_TIMESTAMP
from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, SmallInteger, String, func, text
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.schema import Table

from communitybot.db.models._base import Base

_MYSQL = ("mysql", "mariadb")

INT11 = Integer().with_variant(mysql.INTEGER(display_width=11), *_MYSQL)
BIGINT20 = BigInteger().with_variant(mysql.BIGINT(display_width=20), *_MYSQL)
MEDIUMINT9 = Integer().with_variant(mysql.MEDIUMINT(display_width=9), *_MYSQL)
SMALLINT6 = SmallInteger().with_variant(mysql.SMALLINT(display_width=6), *_MYSQL)
TIMESTAMP = SA_TIMESTAMP()
NOW = text("CURRENT_TIMESTAMP")


class User(Base):
    """``users``: every member, external and the one community user (``tid`` NULL)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(INT11, primary_key=True, autoincrement=True)
    tid: Mapped[int | None] = mapped_column(BIGINT20, unique=True)
    username: Mapped[str | None] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(255))
    balance: Mapped[int] = mapped_column(MEDIUMINT9, server_default=text("0"))
    permission: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))
    active: Mapped[bool] = mapped_column(Boolean, server_default=text("1"))
    created: Mapped[datetime] = mapped_column(TIMESTAMP, server_default=NOW)
    accessed: Mapped[datetime] = mapped_column(
        TIMESTAMP, server_default=NOW, onupdate=func.current_timestamp()
    )


class Transaction(Base):
    """``transactions``: the journal; a balance is what a user received minus what it sent."""

    __tablename__ = "transactions"

    id: Mapped[int] = mapped_column(INT11, primary_key=True, autoincrement=True)
    sender: Mapped[int] = mapped_column(INT11, ForeignKey("users.id"), index=True)
    receiver: Mapped[int] = mapped_column(INT11, ForeignKey("users.id"), index=True)
    amount: Mapped[int] = mapped_column(MEDIUMINT9)
    reason: Mapped[str | None] = mapped_column(String(255))
    registered: Mapped[datetime] = mapped_column(TIMESTAMP, server_default=NOW)


class Collective(Base):
    """``collectives``: a payment request (``communistic`` false) or a communism (true)."""

    __tablename__ = "collectives"

    id: Mapped[int] = mapped_column(INT11, primary_key=True, autoincrement=True)
    active: Mapped[bool] = mapped_column(Boolean, server_default=text("1"))
    amount: Mapped[int] = mapped_column(MEDIUMINT9)
    externals: Mapped[int | None] = mapped_column(SMALLINT6)
    description: Mapped[str | None] = mapped_column(String(255))
    communistic: Mapped[bool] = mapped_column(Boolean)
    creator: Mapped[int] = mapped_column(INT11, ForeignKey("users.id"), index=True)
    created: Mapped[datetime] = mapped_column(TIMESTAMP, server_default=NOW)


class CollectiveUser(Base):
    """``collectives_users``: a participant of a communism or a vote on a payment request."""

    __tablename__ = "collectives_users"

    id: Mapped[int] = mapped_column(INT11, primary_key=True, autoincrement=True)
    collectives_id: Mapped[int] = mapped_column(INT11, ForeignKey("collectives.id"), index=True)
    users_id: Mapped[int] = mapped_column(INT11, ForeignKey("users.id"), index=True)
    vote: Mapped[bool] = mapped_column(Boolean)


class CollectiveMessage(Base):
    """``collective_messages``: every bot message showing a collective, to edit all copies."""

    __tablename__ = "collective_messages"

    id: Mapped[int] = mapped_column(INT11, primary_key=True, autoincrement=True)
    collectives_id: Mapped[int] = mapped_column(INT11, ForeignKey("collectives.id"), index=True)
    chat_id: Mapped[int] = mapped_column(BIGINT20)
    msg_id: Mapped[int] = mapped_column(INT11)


class External(Base):
    """``externals``: a user is external while a row names it; ``internal`` is its voucher."""

    __tablename__ = "externals"

    id: Mapped[int] = mapped_column(INT11, primary_key=True, autoincrement=True)
    internal: Mapped[int | None] = mapped_column(INT11, ForeignKey("users.id"), index=True)
    external: Mapped[int] = mapped_column(INT11, ForeignKey("users.id"), unique=True)
    changed: Mapped[datetime] = mapped_column(
        TIMESTAMP, server_default=NOW, onupdate=func.current_timestamp()
    )


COMMUNITY_TABLES = (
    User.__table__,
    Transaction.__table__,
    Collective.__table__,
    CollectiveUser.__table__,
    CollectiveMessage.__table__,
    External.__table__,
)
"""The six documented tables."""

# users, transactions (the journal) and externals as Core tables, for statements on their columns
USERS = cast(Table, User.__table__)
JOURNAL = cast(Table, Transaction.__table__)
EXTERNALS = cast(Table, External.__table__)

__all__ = [
    "COMMUNITY_TABLES",
    "EXTERNALS",
    "JOURNAL",
    "USERS",
    "Collective",
    "CollectiveMessage",
    "CollectiveUser",
    "External",
    "Transaction",
    "User",
]
