"""Tables of the economy core (migrations ``0003_economy*``); the community tables stay untouched.

Money columns are BIGINT minor units. Times are ``DATETIME(6)`` in UTC, read back as aware
datetimes. Enums are stored by name in short VARCHARs. Uniqueness that must ignore closed or
deleted rows uses a nullable marker column (``live``, ``user_slot``): 1 while the row counts, NULL
once it does not, since a UNIQUE index lets NULLs repeat on every dialect.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects import mysql
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import VARBINARY

from communitybot.core.community_standing import Action
from communitybot.core.economy import (
    AccountType,
    EntryKind,
    KeyType,
    NotificationKind,
    Permission,
    RecurringStatus,
    SubjectKind,
    TaxType,
    TransactionType,
)
from communitybot.db.models._base import MYSQL_TABLE_ARGS, Base

_MYSQL = ("mysql", "mariadb")

ID = BigInteger().with_variant(Integer(), "sqlite")
"""Surrogate keys: BIGINT, and SQLite's INTEGER so it auto-increments there."""

MONEY = BigInteger()
"""Amounts and balances in minor units."""


class UtcDateTime(TypeDecorator[datetime]):
    """``DATETIME(6)`` holding UTC; binds aware datetimes and returns aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> Any:
        """Microsecond precision on MySQL/MariaDB."""
        if dialect.name in _MYSQL:
            return dialect.type_descriptor(mysql.DATETIME(fsp=6))
        return dialect.type_descriptor(DateTime())

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Aware datetimes are stored as naive UTC; naive ones are refused."""
        if value is None:
            return None
        if value.tzinfo is None:
            msg = "economy timestamps must be timezone-aware"
            raise ValueError(msg)
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Stored naive UTC becomes aware UTC."""
        return None if value is None else value.replace(tzinfo=UTC)


def stored_enum(kind: type[enum.Enum], length: int) -> Enum:
    """An enum column type stored by name in a VARCHAR of ``length`` (no native ENUM, no CHECK)."""
    return Enum(kind, native_enum=False, create_constraint=False, length=length)


ACCOUNT_TYPE = stored_enum(AccountType, 16)
TRANSACTION_TYPE = stored_enum(TransactionType, 16)
TAX_TYPE = stored_enum(TaxType, 16)
ENTRY_KIND = stored_enum(EntryKind, 16)
KEY_TYPE = stored_enum(KeyType, 16)
RECURRING_STATUS = stored_enum(RecurringStatus, 16)
NOTIFICATION_KIND = stored_enum(NotificationKind, 32)
SUBJECT_KIND = stored_enum(SubjectKind, 16)

RULE_NAMES: dict[str, enum.Enum] = {
    member.name: member for vocabulary in (Permission, Action) for member in vocabulary
}
"""Every permission a rule can name, by its stored name: the economies' and the community's."""

if len(RULE_NAMES) != len(Permission) + len(Action):  # pragma: no cover - a naming mistake
    msg = "an economy Permission and a community Action share a name"
    raise RuntimeError(msg)


class RuleNameType(TypeDecorator[enum.Enum]):
    """A rule's permission, stored by name in a ``VARCHAR(32)``: an economy
    :class:`~communitybot.core.economy.Permission` or a community
    :class:`~communitybot.core.community_standing.Action` (their names never coincide)."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: enum.Enum | None, dialect: Dialect) -> str | None:
        """The member's name."""
        return None if value is None else value.name

    def process_result_value(self, value: str | None, dialect: Dialect) -> enum.Enum | None:
        """The member of that name."""
        return None if value is None else RULE_NAMES[value]


PERMISSION = RuleNameType()


class EconomyRow(Base):
    """``economies``: a currency; names stay reserved after deletion."""

    __tablename__ = "economies"

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    currency_name: Mapped[str] = mapped_column(String(64), unique=True)
    currency_unit: Mapped[str] = mapped_column(String(16), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class GuildRow(Base):
    """``economy_guilds``: a chat server registered to one economy."""

    __tablename__ = "economy_guilds"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    economy_id: Mapped[int] = mapped_column(ID, ForeignKey("economies.id"), index=True)
    is_owner: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))


class AccountRow(Base):
    """``economy_accounts``: balances; the issuance account holds minus what was minted."""

    __tablename__ = "economy_accounts"
    __table_args__ = (
        UniqueConstraint("economy_id", "name", "live"),
        UniqueConstraint("economy_id", "owner_id", "user_slot"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    economy_id: Mapped[int] = mapped_column(ID, ForeignKey("economies.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    account_type: Mapped[AccountType] = mapped_column(ACCOUNT_TYPE)
    owner_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    balance: Mapped[int] = mapped_column(MONEY, server_default=text("0"))
    min_balance: Mapped[int] = mapped_column(MONEY, server_default=text("0"))
    is_issuance: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))
    live: Mapped[int | None] = mapped_column(Integer)
    user_slot: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class JournalRow(Base):
    """``economy_journal``: every leg of money movement, written with the balance change."""

    __tablename__ = "economy_journal"
    __table_args__ = (
        Index(None, "from_account_id", "created_at"),
        Index(None, "to_account_id", "created_at"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    economy_id: Mapped[int] = mapped_column(ID, ForeignKey("economies.id"), index=True)
    kind: Mapped[EntryKind] = mapped_column(ENTRY_KIND)
    transaction_type: Mapped[TransactionType | None] = mapped_column(TRANSACTION_TYPE)
    tax_type: Mapped[TaxType | None] = mapped_column(TAX_TYPE)
    from_account_id: Mapped[int] = mapped_column(ID, ForeignKey("economy_accounts.id"))
    to_account_id: Mapped[int] = mapped_column(ID, ForeignKey("economy_accounts.id"))
    amount: Mapped[int] = mapped_column(MONEY)
    actor_id: Mapped[int | None] = mapped_column(BigInteger)
    key_id: Mapped[int | None] = mapped_column(BigInteger)
    parent_id: Mapped[int | None] = mapped_column(BigInteger)
    tax_bracket_id: Mapped[int | None] = mapped_column(BigInteger)
    tax_cycle_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    recurring_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PermissionRow(Base):
    """``economy_permissions``: one grant or denial; ``scope_key`` makes it unique per scope."""

    __tablename__ = "economy_permissions"
    __table_args__ = (
        UniqueConstraint(
            "subject_kind",
            "subject_id",
            "permission",
            "scope_key",
            name="uq_economy_permissions_rule",
        ),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    subject_kind: Mapped[SubjectKind] = mapped_column(SUBJECT_KIND)
    subject_id: Mapped[int] = mapped_column(BigInteger)
    permission: Mapped[enum.Enum] = mapped_column(PERMISSION)
    economy_id: Mapped[int | None] = mapped_column(ID, ForeignKey("economies.id"), index=True)
    account_id: Mapped[int | None] = mapped_column(
        ID, ForeignKey("economy_accounts.id"), index=True
    )
    scope_key: Mapped[str] = mapped_column(String(48))
    allowed: Mapped[bool] = mapped_column(Boolean)


class TaxBracketRow(Base):
    """``economy_tax_brackets``: ``rate`` basis points on ``[bracket_start, bracket_end)``."""

    __tablename__ = "economy_tax_brackets"
    __table_args__ = (UniqueConstraint("economy_id", "name"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    economy_id: Mapped[int] = mapped_column(ID, ForeignKey("economies.id"))
    name: Mapped[str] = mapped_column(String(64))
    affected_type: Mapped[AccountType] = mapped_column(ACCOUNT_TYPE)
    tax_type: Mapped[TaxType] = mapped_column(TAX_TYPE)
    bracket_start: Mapped[int] = mapped_column(MONEY)
    bracket_end: Mapped[int | None] = mapped_column(MONEY)
    rate: Mapped[int] = mapped_column(Integer)
    to_account_id: Mapped[int] = mapped_column(ID, ForeignKey("economy_accounts.id"), index=True)


class TaxCycleRow(Base):
    """``economy_tax_cycles``: one per economy and period, so a period is taxed once.

    A cycle runs in chunks of accounts by ascending id: ``accounts_through`` is the highest
    account id assessed so far, ``finished_at`` is set by the last chunk. The income a cycle counts
    is fixed when it opens: journal ids in ``(income_since, journal_watermark]``, and where ids
    interleave the rows created up to ``late_until`` (and after ``late_since``).
    """

    __tablename__ = "economy_tax_cycles"
    __table_args__ = (UniqueConstraint("economy_id", "period"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    economy_id: Mapped[int] = mapped_column(ID, ForeignKey("economies.id"))
    period: Mapped[str] = mapped_column(String(32))
    journal_watermark: Mapped[int] = mapped_column(BigInteger)
    payments: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    collected: Mapped[int] = mapped_column(MONEY, server_default=text("0"))
    actor_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    income_since: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    late_since: Mapped[datetime | None] = mapped_column(UtcDateTime())
    late_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    accounts_through: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class RecurringTransferRow(Base):
    """``economy_recurring_transfers``: a standing order and how far it has run."""

    __tablename__ = "economy_recurring_transfers"
    __table_args__ = (Index(None, "status", "next_due_at"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    economy_id: Mapped[int] = mapped_column(ID, ForeignKey("economies.id"), index=True)
    from_account_id: Mapped[int] = mapped_column(ID, ForeignKey("economy_accounts.id"), index=True)
    to_account_id: Mapped[int] = mapped_column(ID, ForeignKey("economy_accounts.id"), index=True)
    amount: Mapped[int] = mapped_column(MONEY)
    interval_days: Mapped[int] = mapped_column(Integer)
    total: Mapped[int | None] = mapped_column(Integer)
    processed: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    paid: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    failed: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    transaction_type: Mapped[TransactionType] = mapped_column(TRANSACTION_TYPE)
    status: Mapped[RecurringStatus] = mapped_column(RECURRING_STATUS)
    creator_id: Mapped[int] = mapped_column(BigInteger)
    creator_roles: Mapped[str] = mapped_column(String(1024), server_default=text("''"))
    key_id: Mapped[int | None] = mapped_column(BigInteger)
    anchor_at: Mapped[datetime] = mapped_column(UtcDateTime())
    next_due_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class RecurringPaymentRow(Base):
    """``economy_recurring_payments``: each instalment once, paid or failed (with the reason)."""

    __tablename__ = "economy_recurring_payments"

    recurring_id: Mapped[int] = mapped_column(
        ID,
        ForeignKey(
            "economy_recurring_transfers.id", name="fk_economy_recurring_payments_recurring_id"
        ),
        primary_key=True,
        autoincrement=False,
    )
    instalment: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    journal_id: Mapped[int | None] = mapped_column(BigInteger)
    failure: Mapped[str | None] = mapped_column(String(64))
    due_at: Mapped[datetime] = mapped_column(UtcDateTime())
    processed_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ApplicationRow(Base):
    """``economy_applications``: an API client owned by a member."""

    __tablename__ = "economy_applications"

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    economy_id: Mapped[int] = mapped_column(ID, ForeignKey("economies.id"), index=True)
    owner_id: Mapped[int] = mapped_column(BigInteger, index=True)
    name: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    deleted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ApiKeyRow(Base):
    """``economy_api_keys``: only the SHA-256 of the secret is kept."""

    __tablename__ = "economy_api_keys"

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    application_id: Mapped[int] = mapped_column(
        ID, ForeignKey("economy_applications.id"), index=True
    )
    economy_id: Mapped[int] = mapped_column(ID, ForeignKey("economies.id"), index=True)
    issuer_id: Mapped[int] = mapped_column(BigInteger)
    issuer_roles: Mapped[str] = mapped_column(String(1024), server_default=text("''"))
    key_type: Mapped[KeyType] = mapped_column(KEY_TYPE)
    account_id: Mapped[int | None] = mapped_column(
        ID, ForeignKey("economy_accounts.id"), index=True
    )
    spending_limit: Mapped[int | None] = mapped_column(MONEY)
    spent: Mapped[int] = mapped_column(MONEY, server_default=text("0"))
    enabled: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))
    activated: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))
    deleted: Mapped[bool] = mapped_column(Boolean, server_default=text("0"))
    secret_hash: Mapped[bytes] = mapped_column(VARBINARY(32).with_variant(LargeBinary(), "sqlite"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SubscriptionRow(Base):
    """``economy_subscriptions``: who hears about an account's balance updates."""

    __tablename__ = "economy_subscriptions"

    account_id: Mapped[int] = mapped_column(
        ID, ForeignKey("economy_accounts.id"), primary_key=True, autoincrement=False
    )
    member_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class NotificationRow(Base):
    """``economy_notifications``: the outbox; written with the change, delivered after commit."""

    __tablename__ = "economy_notifications"
    __table_args__ = (Index(None, "delivered_at", "id"), MYSQL_TABLE_ARGS)

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    economy_id: Mapped[int] = mapped_column(ID, ForeignKey("economies.id"), index=True)
    recipient_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[NotificationKind] = mapped_column(NOTIFICATION_KIND)
    account_id: Mapped[int] = mapped_column(ID, ForeignKey("economy_accounts.id"), index=True)
    journal_id: Mapped[int | None] = mapped_column(BigInteger)
    recurring_id: Mapped[int | None] = mapped_column(BigInteger)
    amount: Mapped[int] = mapped_column(MONEY)
    detail: Mapped[str] = mapped_column(String(255), server_default=text("''"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


ECONOMY_TABLES = (
    EconomyRow.__table__,
    GuildRow.__table__,
    AccountRow.__table__,
    JournalRow.__table__,
    PermissionRow.__table__,
    TaxBracketRow.__table__,
    TaxCycleRow.__table__,
    RecurringTransferRow.__table__,
    RecurringPaymentRow.__table__,
    ApplicationRow.__table__,
    ApiKeyRow.__table__,
    SubscriptionRow.__table__,
    NotificationRow.__table__,
)
"""Every table of the economy core."""

__all__ = [
    "ECONOMY_TABLES",
    "AccountRow",
    "ApiKeyRow",
    "ApplicationRow",
    "EconomyRow",
    "GuildRow",
    "JournalRow",
    "NotificationRow",
    "PermissionRow",
    "RecurringPaymentRow",
    "RecurringTransferRow",
    "SubscriptionRow",
    "TaxBracketRow",
    "TaxCycleRow",
    "UtcDateTime",
]
