"""The request and response bodies of the HTTP API (pydantic), and their making from entities.

Amounts are integers in the currency's minor unit (cents); times are ISO 8601 with their zone
(UTC). Request bodies are strict: an unknown field, a number given as text or with a fraction,
or a value out of range is refused before any use case is asked.
"""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from communitybot.core.articles import BARCODE_MAX, Article
from communitybot.core.cash import CashReceipt
from communitybot.core.community import ConsumeReceipt, HistoryEntry, UserInfo
from communitybot.core.economy import (
    BALANCE_LIMIT,
    NAME_MAX,
    Account,
    Economy,
    JournalEntry,
    TransferResult,
)

ID_MAX = 2**63 - 1
"""Largest id a path or body may name (a signed BIGINT)."""

Id = Annotated[int, Field(ge=1, le=ID_MAX)]
REASON_MAX = 255
"""Longest reason of a deposit or withdrawal."""

Amount = Annotated[int, Field(gt=0, le=BALANCE_LIMIT, description="minor units (cents), > 0")]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)

    @classmethod
    def _copy(cls, source: object, **values: object) -> Self:
        """The body from the attributes of ``source`` named as its fields, each of ``values`` in
        place of its attribute; every time is given its zone (:func:`aware`)."""
        for name in cls.model_fields.keys() - values.keys():
            values[name] = getattr(source, name)
        return cls.model_validate(
            {name: aware(v) if isinstance(v, datetime) else v for name, v in values.items()}
        )


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def aware(moment: datetime) -> datetime:
    """``moment`` with its zone: the community's tables hold UTC without one."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _value(member: enum.Enum | None) -> str | None:
    return None if member is None else str(member.value)


class EconomyOut(_Out):
    """The economy a key belongs to."""

    id: int
    currency_name: str
    currency_unit: str
    created_at: datetime

    @classmethod
    def of(cls, economy: Economy) -> EconomyOut:
        """From the core's entity."""
        return cls._copy(economy)


class AccountOut(_Out):
    """An account with its balance."""

    id: int
    economy_id: int
    name: str
    type: str
    owner_id: int | None
    balance: int
    min_balance: int
    created_at: datetime
    closed_at: datetime | None

    @classmethod
    def of(cls, account: Account) -> AccountOut:
        """From the core's entity."""
        return cls._copy(account, type=account.account_type.value)


class AccountPage(_Out):
    """Accounts by id; ask again with ``after=next_after`` for more (``null``: no more)."""

    accounts: list[AccountOut]
    next_after: int | None


class EntryOut(_Out):
    """One journal leg: ``amount`` from one account to another."""

    id: int
    kind: str
    transaction_type: str | None
    tax_type: str | None
    from_account_id: int
    to_account_id: int
    amount: int
    actor_id: int | None
    key_id: int | None
    parent_id: int | None
    created_at: datetime

    @classmethod
    def of(cls, entry: JournalEntry) -> EntryOut:
        """From the core's entity."""
        return cls._copy(
            entry,
            kind=entry.kind.value,
            transaction_type=_value(entry.transaction_type),
            tax_type=_value(entry.tax_type),
        )


class EntryPage(_Out):
    """An account's journal legs in the order asked for."""

    transactions: list[EntryOut]


class TransferIn(_In):
    """A transfer: from an account (a GRANT key's own by default) to one named by id or name."""

    from_account_id: Id | None = None
    to_account_id: Id | None = None
    to_account_name: Annotated[str, Field(min_length=1, max_length=NAME_MAX)] | None = None
    amount: Amount

    @model_validator(mode="after")
    def _one_target(self) -> Self:
        if (self.to_account_id is None) == (self.to_account_name is None):
            msg = "name exactly one of to_account_id and to_account_name"
            raise ValueError(msg)
        return self


class TransferOut(_Out):
    """A transfer made: its leg, the VAT legs on top, and what left the payer."""

    transaction: EntryOut
    taxes: list[EntryOut]
    total_debited: int

    @classmethod
    def of(cls, result: TransferResult) -> TransferOut:
        """From the core's entity."""
        return cls(
            transaction=EntryOut.of(result.entry),
            taxes=[EntryOut.of(t) for t in result.taxes],
            total_debited=result.total_debited,
        )


class SubscriptionOut(_Out):
    """Whether the key's issuer follows an account's balance updates (``changed``: by this call)."""

    account_id: int
    subscribed: bool
    changed: bool


class MemberOut(_Out):
    """A member of the community (``community``: the community's own account, its treasury)."""

    id: int
    name: str
    username: str | None
    balance: int
    active: bool
    external: bool
    community: bool
    created_at: datetime
    last_seen_at: datetime

    @classmethod
    def of(cls, user: UserInfo) -> MemberOut:
        """From the community's entity."""
        return cls._copy(
            user, community=user.is_community, created_at=user.created, last_seen_at=user.accessed
        )


class MemberPage(_Out):
    """Members by id; ask again with ``after=next_after`` for more (``null``: no more)."""

    members: list[MemberOut]
    next_after: int | None


class Counterpart(_Out):
    """The other side of a member's transaction."""

    id: int
    name: str
    username: str | None


class MemberTransactionOut(_Out):
    """One row of a member's journal: ``amount`` positive when the member received it."""

    id: int
    amount: int
    counterpart: Counterpart
    reason: str | None
    created_at: datetime

    @classmethod
    def of(cls, entry: HistoryEntry) -> MemberTransactionOut:
        """From the community's entity."""
        who = entry.counterpart
        return cls._copy(
            entry,
            id=entry.transaction_id,
            counterpart=Counterpart._copy(who),
            created_at=entry.registered,
        )


class MemberTransactionPage(_Out):
    """A page of a member's journal, newest first; ``total`` counts all its rows."""

    transactions: list[MemberTransactionOut]
    total: int
    offset: int
    limit: int


class ArticleOut(_Out):
    """Something the community sells (a row of ``articles``), at ``price`` minor units;
    ``stock`` ``None``: not counted."""

    id: int
    name: str
    price: int
    description: str
    emoji: str
    barcode: str | None
    stock: int | None

    @classmethod
    def of(cls, article: Article) -> ArticleOut:
        """From the community's article."""
        return cls._copy(article)


class ArticleList(_Out):
    """Every article on sale, by id."""

    articles: list[ArticleOut]


class PurchaseIn(_In):
    """Charge a member for ``quantity`` × an article named by exactly one of its id, its
    barcode or its name."""

    article_id: Id | None = None
    barcode: Annotated[str, Field(min_length=1, max_length=BARCODE_MAX)] | None = None
    name: Annotated[str, Field(min_length=1, max_length=64)] | None = None
    quantity: Annotated[int, Field(ge=1, le=1000)] = 1

    @model_validator(mode="after")
    def _one_article(self) -> Self:
        named = [v for v in (self.article_id, self.barcode, self.name) if v is not None]
        if len(named) != 1:
            msg = "name exactly one of article_id, barcode and name"
            raise ValueError(msg)
        return self


class PurchaseOut(_Out):
    """A purchase made: the journal row, the article, what it cost and the member's balance
    after it."""

    transaction_id: int
    member_id: int
    article_id: int | None
    article_name: str
    quantity: int
    amount: int
    balance: int

    @classmethod
    def of(cls, member_id: int, receipt: ConsumeReceipt) -> PurchaseOut:
        """From the community's receipt."""
        return cls._copy(
            receipt,
            member_id=member_id,
            article_name=receipt.consumable.name,
            quantity=receipt.count,
        )


class CashIn(_In):
    """Cash put into the box for a member, or taken out by one: ``amount`` minor units."""

    amount: Amount
    reason: Annotated[str, Field(min_length=1, max_length=REASON_MAX)] | None = None


class CashOut(_Out):
    """A deposit or withdrawal booked: the journal row, the member's balance after it, and what
    the cash box should hold after it."""

    transaction_id: int | None
    member_id: int
    kind: str
    amount: int
    balance: int
    cash: int

    @classmethod
    def of(cls, receipt: CashReceipt) -> CashOut:
        """From the cash box's receipt."""
        return cls._copy(receipt, member_id=receipt.user.id, kind=receipt.kind.value)


class Problem(_Out):
    """An RFC 9457 problem (``application/problem+json``)."""

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    error: str | None = None
    data: dict[str, object] | None = None


__all__ = [
    "ID_MAX",
    "AccountOut",
    "AccountPage",
    "Amount",
    "ArticleList",
    "ArticleOut",
    "CashIn",
    "CashOut",
    "EconomyOut",
    "EntryOut",
    "EntryPage",
    "Id",
    "MemberOut",
    "MemberPage",
    "MemberTransactionOut",
    "MemberTransactionPage",
    "Problem",
    "PurchaseIn",
    "PurchaseOut",
    "SubscriptionOut",
    "TransferIn",
    "TransferOut",
    "aware",
]
