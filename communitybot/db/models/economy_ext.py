"""Tables of the economy extensions (migration ``0005_economy_ext``): economy groups, exchange
rates and exchanges, bank notes, expense categories, lines of credit and payment authorisations.

Same conventions as :mod:`communitybot.db.models.economy`: BIGINT minor units, UTC
``DATETIME(6)``, enums by name, nullable ``live`` markers for uniqueness among open rows.

An exchange touches two economies in two transactions (see
:mod:`communitybot.services.economy.exchange`). Its source-side record
(``economy_exchanges``) has foreign keys only into the source economy and its target-side
record (``economy_exchange_credits``) only into the target economy, so neither transaction takes
a lock (a foreign key check is a shared lock) on the other economy's rows.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import VARBINARY

from communitybot.core.economy import (
    CreditOutcome,
    CreditPeriod,
    ExchangeState,
    GroupKind,
    NoteState,
)
from communitybot.db.models._base import MYSQL_TABLE_ARGS, Base
from communitybot.db.models.economy import ID, MONEY, UtcDateTime, stored_enum

GROUP_KIND = stored_enum(GroupKind, 16)
EXCHANGE_STATE = stored_enum(ExchangeState, 16)
CREDIT_OUTCOME = stored_enum(CreditOutcome, 16)
NOTE_STATE = stored_enum(NoteState, 16)
CREDIT_PERIOD = stored_enum(CreditPeriod, 16)


class EconomyGroupRow(Base):
    """``economy_groups``: GLOBAL (at most one: ``global_slot``), LOCAL, or SINGLE (one guild)."""

    __tablename__ = "economy_groups"

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    kind: Mapped[GroupKind] = mapped_column(GROUP_KIND)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    global_slot: Mapped[int | None] = mapped_column(Integer, unique=True)
    guild_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    primary_economy_id: Mapped[int | None] = mapped_column(
        ID, ForeignKey("economies.id"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class GroupCurrencyRow(Base):
    """``economy_group_currencies``: the group of an economy (one group per economy)."""

    __tablename__ = "economy_group_currencies"

    economy_id: Mapped[int] = mapped_column(
        ID, ForeignKey("economies.id"), primary_key=True, autoincrement=False
    )
    group_id: Mapped[int] = mapped_column(ID, ForeignKey("economy_groups.id"), index=True)
    added_at: Mapped[datetime] = mapped_column(UtcDateTime())


class GroupGuildRow(Base):
    """``economy_group_guilds``: the guilds that joined a group."""

    __tablename__ = "economy_group_guilds"

    group_id: Mapped[int] = mapped_column(
        ID, ForeignKey("economy_groups.id"), primary_key=True, autoincrement=False
    )
    guild_id: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=False, index=True
    )
    joined_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ExchangeRateRow(Base):
    """``economy_exchange_rates``: one direction between two currencies of a group."""

    __tablename__ = "economy_exchange_rates"
    __table_args__ = (
        UniqueConstraint("from_economy_id", "to_economy_id"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    group_id: Mapped[int] = mapped_column(ID, ForeignKey("economy_groups.id"), index=True)
    from_economy_id: Mapped[int] = mapped_column(ID, ForeignKey("economies.id"))
    to_economy_id: Mapped[int] = mapped_column(ID, ForeignKey("economies.id"), index=True)
    numerator: Mapped[int] = mapped_column(Integer)
    denominator: Mapped[int] = mapped_column(Integer)
    set_by: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ExchangeRow(Base):
    """``economy_exchanges``: the source side of an exchange, with its state.

    Written with the BURN leg in the source economy; ``to_economy_id`` and ``to_account_id``
    are plain numbers (no foreign key into the target economy).
    """

    __tablename__ = "economy_exchanges"
    __table_args__ = (
        Index(None, "state", "created_at"),
        Index(None, "from_account_id", "state"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    group_id: Mapped[int] = mapped_column(BigInteger)
    from_economy_id: Mapped[int] = mapped_column(ID, ForeignKey("economies.id"), index=True)
    to_economy_id: Mapped[int] = mapped_column(BigInteger)
    from_account_id: Mapped[int] = mapped_column(
        ID, ForeignKey("economy_accounts.id", name="fk_economy_exchanges_from_account_id")
    )
    to_account_id: Mapped[int] = mapped_column(BigInteger)
    owner_id: Mapped[int] = mapped_column(BigInteger)
    amount_in: Mapped[int] = mapped_column(MONEY)
    amount_out: Mapped[int] = mapped_column(MONEY)
    numerator: Mapped[int] = mapped_column(Integer)
    denominator: Mapped[int] = mapped_column(Integer)
    state: Mapped[ExchangeState] = mapped_column(EXCHANGE_STATE)
    actor_id: Mapped[int] = mapped_column(BigInteger)
    burn_entry_id: Mapped[int] = mapped_column(BigInteger)
    credit_entry_id: Mapped[int | None] = mapped_column(BigInteger)
    refund_entry_id: Mapped[int | None] = mapped_column(BigInteger)
    failure: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    settled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ExchangeCreditRow(Base):
    """``economy_exchange_credits``: the target side's one decision about an exchange.

    The primary key on ``exchange_id`` makes the decision unique: MINTED (with the MINT leg) or
    VOIDED, never both. ``exchange_id`` is a plain number (no key into the source side).
    """

    __tablename__ = "economy_exchange_credits"

    exchange_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    economy_id: Mapped[int] = mapped_column(ID, ForeignKey("economies.id"), index=True)
    outcome: Mapped[CreditOutcome] = mapped_column(CREDIT_OUTCOME)
    entry_id: Mapped[int | None] = mapped_column(BigInteger)
    failure: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class NoteVaultRow(Base):
    """``economy_note_vaults``: the system account holding an economy's outstanding notes."""

    __tablename__ = "economy_note_vaults"

    economy_id: Mapped[int] = mapped_column(
        ID, ForeignKey("economies.id"), primary_key=True, autoincrement=False
    )
    account_id: Mapped[int] = mapped_column(ID, ForeignKey("economy_accounts.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class BankNoteRow(Base):
    """``economy_bank_notes``: one-time notes. A note's code is a signed token (its ``jti``,
    recipient and key in ``economy_note_tokens``); ``secret_hash`` keeps the SHA-256 of the
    ``jti``."""

    __tablename__ = "economy_bank_notes"
    __table_args__ = (
        Index(None, "issuer_account_id", "state"),
        Index(None, "state", "expires_at"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    economy_id: Mapped[int] = mapped_column(ID, ForeignKey("economies.id"), index=True)
    issuer_account_id: Mapped[int] = mapped_column(
        ID, ForeignKey("economy_accounts.id", name="fk_economy_bank_notes_issuer_account_id")
    )
    vault_account_id: Mapped[int] = mapped_column(
        ID,
        ForeignKey("economy_accounts.id", name="fk_economy_bank_notes_vault_account_id"),
        index=True,
    )
    amount: Mapped[int] = mapped_column(MONEY)
    secret_hash: Mapped[bytes] = mapped_column(VARBINARY(32).with_variant(LargeBinary(), "sqlite"))
    state: Mapped[NoteState] = mapped_column(NOTE_STATE)
    issued_by: Mapped[int] = mapped_column(BigInteger)
    key_id: Mapped[int | None] = mapped_column(BigInteger)
    issue_entry_id: Mapped[int] = mapped_column(BigInteger)
    settle_entry_id: Mapped[int | None] = mapped_column(BigInteger)
    redeemed_by: Mapped[int | None] = mapped_column(BigInteger)
    redeemed_account_id: Mapped[int | None] = mapped_column(BigInteger)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    settled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ExpenseCategoryRow(Base):
    """``economy_expense_categories``: code and name unique per economy."""

    __tablename__ = "economy_expense_categories"
    __table_args__ = (
        UniqueConstraint("economy_id", "code"),
        UniqueConstraint("economy_id", "name"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    economy_id: Mapped[int] = mapped_column(ID, ForeignKey("economies.id"))
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(64))
    description: Mapped[str | None] = mapped_column(String(255))
    reference: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class LineOfCreditRow(Base):
    """``economy_lines_of_credit``: what a holder may spend from an account in one category.

    ``expensed_credits`` counts the period ``period_key``; ``live`` is 1 while the line is open
    (so a terminated line frees its name and its holder/category slot).
    """

    __tablename__ = "economy_lines_of_credit"
    __table_args__ = (
        UniqueConstraint(
            "account_id", "holder_id", "category_id", "live", name="uq_economy_lines_of_credit_slot"
        ),
        UniqueConstraint("account_id", "name", "live", name="uq_economy_lines_of_credit_name"),
        MYSQL_TABLE_ARGS,
    )

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    economy_id: Mapped[int] = mapped_column(ID, ForeignKey("economies.id"), index=True)
    account_id: Mapped[int] = mapped_column(
        ID, ForeignKey("economy_accounts.id", name="fk_economy_lines_of_credit_account_id")
    )
    holder_id: Mapped[int] = mapped_column(BigInteger, index=True)
    category_id: Mapped[int] = mapped_column(
        ID,
        ForeignKey("economy_expense_categories.id", name="fk_economy_lines_of_credit_category_id"),
        index=True,
    )
    name: Mapped[str] = mapped_column(String(64))
    period: Mapped[CreditPeriod] = mapped_column(CREDIT_PERIOD)
    credits_limit: Mapped[int] = mapped_column(MONEY)
    expensed_credits: Mapped[int] = mapped_column(MONEY)
    period_key: Mapped[str] = mapped_column(String(16))
    live: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    terminated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class PaymentAuthorizationRow(Base):
    """``economy_payment_authorizations``: a payment booked against lines of credit."""

    __tablename__ = "economy_payment_authorizations"

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    economy_id: Mapped[int] = mapped_column(
        ID,
        ForeignKey("economies.id", name="fk_economy_payment_authorizations_economy_id"),
        index=True,
    )
    entry_id: Mapped[int] = mapped_column(BigInteger)
    from_account_id: Mapped[int] = mapped_column(
        ID,
        ForeignKey("economy_accounts.id", name="fk_economy_payment_authorizations_from_account"),
        index=True,
    )
    to_account_id: Mapped[int] = mapped_column(
        ID,
        ForeignKey("economy_accounts.id", name="fk_economy_payment_authorizations_to_account"),
        index=True,
    )
    holder_id: Mapped[int] = mapped_column(BigInteger)
    key_id: Mapped[int | None] = mapped_column(BigInteger)
    amount: Mapped[int] = mapped_column(MONEY)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AuthorizationLineRow(Base):
    """``economy_authorization_lines``: what one authorisation consumed from one line."""

    __tablename__ = "economy_authorization_lines"

    authorization_id: Mapped[int] = mapped_column(
        ID,
        ForeignKey(
            "economy_payment_authorizations.id",
            name="fk_economy_authorization_lines_authorization_id",
        ),
        primary_key=True,
        autoincrement=False,
    )
    line_id: Mapped[int] = mapped_column(
        ID,
        ForeignKey("economy_lines_of_credit.id", name="fk_economy_authorization_lines_line_id"),
        primary_key=True,
        autoincrement=False,
        index=True,
    )
    period_key: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column(MONEY)


ECONOMY_EXT_TABLES = (
    EconomyGroupRow.__table__,
    GroupCurrencyRow.__table__,
    GroupGuildRow.__table__,
    ExchangeRateRow.__table__,
    ExchangeRow.__table__,
    ExchangeCreditRow.__table__,
    NoteVaultRow.__table__,
    BankNoteRow.__table__,
    ExpenseCategoryRow.__table__,
    LineOfCreditRow.__table__,
    PaymentAuthorizationRow.__table__,
    AuthorizationLineRow.__table__,
)
"""Every table of the economy extensions."""

__all__ = [
    "CREDIT_OUTCOME",
    "CREDIT_PERIOD",
    "ECONOMY_EXT_TABLES",
    "EXCHANGE_STATE",
    "GROUP_KIND",
    "NOTE_STATE",
    "AuthorizationLineRow",
    "BankNoteRow",
    "EconomyGroupRow",
    "ExchangeCreditRow",
    "ExchangeRateRow",
    "ExchangeRow",
    "ExpenseCategoryRow",
    "GroupCurrencyRow",
    "GroupGuildRow",
    "LineOfCreditRow",
    "NoteVaultRow",
    "PaymentAuthorizationRow",
]
