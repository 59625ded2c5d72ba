"""Enums and entities of the economy core: frozen views the services return.

Nothing here is an ORM row. Amounts and balances are integers in the currency's minor unit
("cents"). Times are timezone-aware UTC datetimes.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from communitybot.core.ids import (
    AccountId,
    ApiKeyId,
    ApplicationId,
    EconomyId,
    GuildId,
    JournalEntryId,
    MemberId,
    NotificationId,
    RecurringTransferId,
    RoleId,
    TaxBracketId,
    TaxCycleId,
)

BALANCE_LIMIT = 10**14
"""Largest balance of an economy account, in minor units (a trillion currency units).

Bounded so that a balance times a rate in basis points still fits a signed BIGINT."""

NAME_MAX = 64
"""Longest account, application, tax bracket or currency name."""

UNIT_MAX = 16
"""Longest currency unit (``"€"``, ``"coins"``)."""

RATE_SCALE = 10_000
"""Tax rates are integers in basis points: 10,000 is 100 %, 250 is 2.5 %."""


class AccountType(enum.Enum):
    """What an account is for; decides owner defaults, taxes and transfer types."""

    USER = "USER"
    GOVERNMENT = "GOVERNMENT"
    CORPORATION = "CORPORATION"
    CHARITY = "CHARITY"
    FINANCIAL = "FINANCIAL"


class TransactionType(enum.Enum):
    """The tax-relevant kind of a transfer; derived from the accounts, never chosen by a user."""

    PERSONAL = "PERSONAL"
    INCOME = "INCOME"
    PURCHASE = "PURCHASE"


class TaxType(enum.Enum):
    """How a tax bracket computes what is due."""

    WEALTH_MARGINAL = "WEALTH_MARGINAL"
    """Each bracket taxes only the slice of the balance inside it."""
    WEALTH_FLAT = "WEALTH_FLAT"
    """The whole balance is taxed at the rate of the bracket it falls in."""
    INCOME = "INCOME"
    """Income received since the last cycle, marginally, like a progressive income tax."""
    VAT = "VAT"
    """Charged on each PURCHASE at the time of purchase, on top of the price."""

    @property
    def is_periodic(self) -> bool:
        """Whether a tax cycle collects it (everything but VAT)."""
        return self is not TaxType.VAT


class EntryKind(enum.Enum):
    """What a journal leg records."""

    TRANSFER = "TRANSFER"
    MINT = "MINT"
    """From the issuance account: money printed."""
    BURN = "BURN"
    """To the issuance account: money removed."""
    TAX = "TAX"
    """A tax payment: a cycle's wealth or income tax, or the VAT of a purchase."""


class KeyType(enum.Enum):
    """GRANT keys act on one account under a spending limit; MASTER keys act economy-wide."""

    GRANT = "GRANT"
    MASTER = "MASTER"


class RecurringStatus(enum.Enum):
    """Life of a recurring transfer."""

    ACTIVE = "ACTIVE"
    FINISHED = "FINISHED"
    CANCELLED = "CANCELLED"


class NotificationKind(enum.Enum):
    """What an outbox message tells its recipient."""

    BALANCE_UPDATE = "BALANCE_UPDATE"
    RECURRING_FAILED = "RECURRING_FAILED"


@dataclass(frozen=True, slots=True)
class Actor:
    """A person acting: their platform user id and the roles they hold where they act.

    The adapter fills ``role_ids`` from the chat platform; the CLI and stored actors (recurring
    transfers, API keys) use the roles recorded when the action was set up.
    """

    user_id: MemberId
    role_ids: frozenset[RoleId] = field(default_factory=frozenset)

    @property
    def label(self) -> str:
        """``"user:<id>"``, for errors and the journal."""
        return f"user:{self.user_id}"


@dataclass(frozen=True, slots=True)
class KeyActor:
    """An authenticated API key acting for its issuer, confined to its economy."""

    key_id: ApiKeyId
    economy_id: EconomyId
    key_type: KeyType
    account_id: AccountId | None
    issuer: Actor

    @property
    def label(self) -> str:
        """``"key:<id>"``, for errors and the journal."""
        return f"key:{self.key_id}"

    @property
    def user_id(self) -> MemberId:
        """The issuer: the person on whose authority the key acts."""
        return self.issuer.user_id


Principal = Actor | KeyActor
"""Whoever acts: a person or an API key."""


@dataclass(frozen=True, slots=True)
class Economy:
    """An economy: a currency and the accounts that hold it."""

    id: EconomyId
    currency_name: str
    currency_unit: str
    issuance_account_id: AccountId
    created_at: datetime
    deleted_at: datetime | None

    @property
    def is_deleted(self) -> bool:
        """Whether the economy was deleted (its names stay reserved)."""
        return self.deleted_at is not None


@dataclass(frozen=True, slots=True)
class Guild:
    """A chat server registered to an economy; ``is_owner`` for the one that created it."""

    guild_id: GuildId
    economy_id: EconomyId
    is_owner: bool


@dataclass(frozen=True, slots=True)
class Account:
    """An account; ``balance`` never goes below ``min_balance`` except on the issuance account."""

    id: AccountId
    economy_id: EconomyId
    name: str
    account_type: AccountType
    owner_id: MemberId | None
    balance: int
    min_balance: int
    is_issuance: bool
    created_at: datetime
    closed_at: datetime | None

    @property
    def is_open(self) -> bool:
        """Whether the account may still move money."""
        return self.closed_at is None


@dataclass(frozen=True, slots=True)
class EntryDetail:
    """What an economy's journal records beside a leg's accounts and amount."""

    kind: EntryKind
    transaction_type: TransactionType | None = None
    tax_type: TaxType | None = None
    tax_bracket_id: TaxBracketId | None = None


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One leg of money movement: ``amount`` from one account to another, and why."""

    id: JournalEntryId
    economy_id: EconomyId
    kind: EntryKind
    transaction_type: TransactionType | None
    tax_type: TaxType | None
    from_account_id: AccountId
    to_account_id: AccountId
    amount: int
    actor_id: MemberId | None
    key_id: ApiKeyId | None
    parent_id: JournalEntryId | None
    tax_bracket_id: TaxBracketId | None
    tax_cycle_id: TaxCycleId | None
    recurring_id: RecurringTransferId | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class TransferResult:
    """A transfer's main leg and its VAT legs (empty unless it was a taxed purchase)."""

    entry: JournalEntry
    taxes: tuple[JournalEntry, ...]

    @property
    def total_debited(self) -> int:
        """What left the payer: the amount plus its VAT."""
        return self.entry.amount + sum(t.amount for t in self.taxes)


@dataclass(frozen=True, slots=True)
class TaxBracket:
    """A tax bracket: ``rate`` basis points on ``[start, end)`` of accounts of ``affected_type``."""

    id: TaxBracketId
    economy_id: EconomyId
    name: str
    affected_type: AccountType
    tax_type: TaxType
    start: int
    end: int | None
    rate: int
    to_account_id: AccountId


@dataclass(frozen=True, slots=True)
class TaxCycle:
    """A tax run of one period: ``collected`` in ``payments`` journal legs so far; complete once
    ``finished_at`` is set (a cycle runs in chunks of accounts, see ``services.economy.taxes``)."""

    id: TaxCycleId
    economy_id: EconomyId
    period: str
    journal_watermark: int
    payments: int
    collected: int
    created_at: datetime
    finished_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RecurringTransfer:
    """A standing order: ``amount`` every ``interval_days`` from ``anchor_at`` on.

    Instalment ``n`` (1-based) is due at ``anchor_at + n * interval_days``; ``processed`` counts
    the instalments paid or failed so far, ``total`` caps them (``None``: until cancelled).
    """

    id: RecurringTransferId
    economy_id: EconomyId
    from_account_id: AccountId
    to_account_id: AccountId
    amount: int
    interval_days: int
    total: int | None
    processed: int
    paid: int
    failed: int
    transaction_type: TransactionType
    status: RecurringStatus
    creator_id: MemberId
    key_id: ApiKeyId | None
    anchor_at: datetime


@dataclass(frozen=True, slots=True)
class RecurringPayment:
    """One processed instalment: paid (``journal_id``) or failed (``failure`` names why)."""

    recurring_id: RecurringTransferId
    instalment: int
    journal_id: JournalEntryId | None
    failure: str | None
    due_at: datetime
    processed_at: datetime


@dataclass(frozen=True, slots=True)
class Application:
    """An API client owned by a member of an economy."""

    id: ApplicationId
    economy_id: EconomyId
    owner_id: MemberId
    name: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ApiKey:
    """An API key (never its secret). Usable when enabled, activated by its issuer, not deleted."""

    id: ApiKeyId
    application_id: ApplicationId
    economy_id: EconomyId
    issuer_id: MemberId
    key_type: KeyType
    account_id: AccountId | None
    spending_limit: int | None
    spent: int
    enabled: bool
    activated: bool
    deleted: bool
    created_at: datetime

    @property
    def unusable_reason(self) -> str | None:
        """Why the key cannot act (``"deleted"``, ``"disabled"``, ``"inactive"``), or ``None``."""
        if self.deleted:
            return "deleted"
        if not self.enabled:
            return "disabled"
        if not self.activated:
            return "inactive"
        return None


@dataclass(frozen=True, slots=True)
class IssuedKey:
    """A freshly created key and its token: the only time the secret is ever shown."""

    key: ApiKey
    token: str


@dataclass(frozen=True, slots=True)
class Notification:
    """A queued outbox message for ``recipient_id``; delivered by an adapter after commit."""

    id: NotificationId
    economy_id: EconomyId
    recipient_id: MemberId
    kind: NotificationKind
    account_id: AccountId
    journal_id: JournalEntryId | None
    recurring_id: RecurringTransferId | None
    amount: int
    detail: str
    created_at: datetime
    delivered_at: datetime | None


__all__ = [
    "BALANCE_LIMIT",
    "NAME_MAX",
    "RATE_SCALE",
    "UNIT_MAX",
    "Account",
    "AccountType",
    "Actor",
    "ApiKey",
    "Application",
    "Economy",
    "EntryDetail",
    "EntryKind",
    "Guild",
    "IssuedKey",
    "JournalEntry",
    "KeyActor",
    "KeyType",
    "Notification",
    "NotificationKind",
    "Principal",
    "RecurringPayment",
    "RecurringStatus",
    "RecurringTransfer",
    "TaxBracket",
    "TaxCycle",
    "TaxType",
    "TransactionType",
    "TransferResult",
]
