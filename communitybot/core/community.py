"""Entities of the community ledger: frozen views the services return and the adapters present.

Nothing here is an ORM row. Amounts and balances are integer cents. Ids are the ``NewType`` ids of
:mod:`communitybot.core.ids`. The reasons of journal rows (:class:`TransactionKind` and the
functions that read and write them) are :mod:`communitybot.core.reasons`, re-exported here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from communitybot.core.ids import CollectiveId, TelegramId, TransactionId, UserId
from communitybot.core.reasons import (
    REASON_MAX,
    TEXT_MAX,
    TransactionKind,
    charged_shares,
    legacy_communism_reason,
    legacy_payment_description,
    make_reason,
    reason_collective,
    reason_kind,
)
from communitybot.core.rules import Consumable

if TYPE_CHECKING:  # core.notices names UserSummary of this module
    from communitybot.core.notices import Notice

CASH_BOX_TID = TelegramId(-1)
"""The ``users.tid`` of the cash box: the account of the community's physical cash.

No Telegram user has a negative id, so no update can ever act as it; the documented rule "exactly
one user with ``tid`` NULL" (the community user) stays true. The row is stored inactive, without a
username, so that it never acts, is never named and stays out of the rankings.
"""


@dataclass(frozen=True, slots=True)
class UserSummary:
    """Who someone is, for showing in lists: id, display name and Telegram username (no ``@``)."""

    id: UserId
    name: str
    username: str | None

    @property
    def mention(self) -> str:
        """``@username`` when known, else the name."""
        return f"@{self.username}" if self.username else self.name


@dataclass(frozen=True, slots=True)
class UserInfo:
    """One ``users`` row with its external status: everything the rules need to judge a user.

    ``permission`` is the stored vote flag; whether the user may vote right now is the decision
    of :func:`communitybot.core.community_standing.check_may` (active, internal and flagged, unless
    a stored rule says otherwise).
    ``external`` is true while an ``externals`` row names the user; ``voucher`` is the internal
    user answering for it (``None`` for internals and for externals without a voucher).
    """

    id: UserId
    tid: TelegramId | None
    name: str
    username: str | None
    balance: int
    permission: bool
    active: bool
    external: bool
    voucher: UserId | None
    created: datetime
    accessed: datetime

    @property
    def is_community(self) -> bool:
        """Whether this is the community user (the one row whose ``tid`` is NULL)."""
        return self.tid is None

    @property
    def is_cash_box(self) -> bool:
        """Whether this is the cash box (``tid`` :data:`CASH_BOX_TID`)."""
        return self.tid == CASH_BOX_TID

    @property
    def summary(self) -> UserSummary:
        """The short form of this user."""
        return UserSummary(id=self.id, name=self.name, username=self.username)

    @property
    def mention(self) -> str:
        """``@username`` when known, else the name."""
        return self.summary.mention


@dataclass(frozen=True, slots=True)
class TransferPreview:
    """What :func:`~communitybot.services.community.preview_send` checked: shown before Confirm."""

    sender: UserInfo
    receiver: UserInfo
    amount: int
    reason: str


@dataclass(frozen=True, slots=True)
class TransferReceipt:
    """The outcome of one transfer.

    On a replayed key, ``replayed`` is true and the balances are the current ones.
    ``notify_receiver`` says that the receiver's notification is owed: always after the first
    run, and on replays until the adapter has confirmed its delivery
    (:func:`~communitybot.services.community.notices_delivered`).
    """

    transaction_id: TransactionId
    sender: UserSummary
    receiver: UserSummary
    amount: int
    reason: str
    sender_balance: int
    receiver_balance: int
    replayed: bool
    notify_receiver: bool = False


@dataclass(frozen=True, slots=True)
class PendingTransfer:
    """A checked transfer waiting for its sender's Confirm or Abort.

    It is shown by message ``msg_id`` of chat ``chat_id``, whose buttons carry ``token``; only
    the sender may press them, until ``expires``. ``key`` is the idempotency key the transfer is
    made under; ``reason`` is the sender's text (without the journal's ``send:`` prefix).
    ``receiver_muted`` says that the receiver turned off the notice of money received, as read
    with the pending transfer when it was pressed (``None``: not read yet).
    """

    token: str
    key: str
    sender: UserSummary
    sender_tid: TelegramId | None
    receiver: UserSummary
    receiver_tid: TelegramId | None
    amount: int
    reason: str | None
    chat_id: int
    msg_id: int
    created: datetime
    expires: datetime
    receiver_muted: bool | None = None


@dataclass(frozen=True, slots=True)
class ConfirmedSend:
    """A confirmed pending transfer and the receipt of the transfer it made (or had made)."""

    pending: PendingTransfer
    receipt: TransferReceipt


class CollectiveKind(enum.Enum):
    """A payment request (``communistic = 0``) or a communism (``communistic = 1``)."""

    PAYMENT = "payment"
    COMMUNISM = "communism"


class CollectiveStatus(enum.Enum):
    """Where a collective stands.

    ``OPEN`` while ``collectives.active = 1``. A closed payment request is ``PAID`` or ``DENIED``
    by the votes, ``CANCELLED`` by its creator, or ``EXPIRED`` (closed by the bot after
    ``payment_expiry_hours`` without a decision; nothing paid); a closed communism is
    ``SETTLED`` (accepted) or ``CANCELLED``. ``CLOSED`` is a closed collective whose outcome
    was not recorded by this code (rows written by hand or by older software).
    """

    OPEN = "open"
    PAID = "paid"
    DENIED = "denied"
    SETTLED = "settled"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class Vote:
    """One vote on a payment request."""

    user: UserSummary
    approve: bool


@dataclass(frozen=True, slots=True)
class Share:
    """What one participant of a communism pays (or paid), in cents."""

    user: UserSummary
    amount: int


@dataclass(frozen=True, slots=True)
class CollectiveView:
    """A payment request or a communism as the adapters show it.

    ``members`` are the communism's participants in join order, the creator first (empty for
    payment requests). ``votes`` are the payment votes in the order given (empty for
    communisms). ``shares`` and ``external_shares`` are the communism split by
    :func:`communitybot.core.splits.split_amount`: while open a preview with the current
    participants, once settled what was paid. ``externals`` is 0 for payment requests.
    """

    id: CollectiveId
    kind: CollectiveKind
    status: CollectiveStatus
    creator: UserSummary
    amount: int
    description: str
    externals: int
    created: datetime
    members: tuple[UserSummary, ...] = ()
    votes: tuple[Vote, ...] = ()
    shares: tuple[Share, ...] = ()
    external_shares: tuple[int, ...] = ()

    @property
    def is_open(self) -> bool:
        """Whether users may still vote, join or leave."""
        return self.status is CollectiveStatus.OPEN

    @property
    def approvals(self) -> int:
        """Number of approving votes."""
        return sum(1 for v in self.votes if v.approve)

    @property
    def disapprovals(self) -> int:
        """Number of disapproving votes."""
        return sum(1 for v in self.votes if not v.approve)


@dataclass(frozen=True, slots=True)
class CollectiveReceipt:
    """The outcome of opening a collective or changing its externals.

    ``collective`` is the collective after the change; on a replayed idempotency key nothing
    changed, ``replayed`` is true and ``collective`` is the collective as it is now.
    """

    collective: CollectiveView
    replayed: bool


@dataclass(frozen=True, slots=True)
class VoteReceipt:
    """The outcome of a vote. ``transaction_id`` is set when this vote made the community pay.

    ``notices`` are owed to the requester when this vote decided (paid or denied), until the
    adapter confirms their delivery
    (:func:`~communitybot.services.community.notices_delivered`)."""

    collective: CollectiveView
    approve: bool
    decided: bool
    transaction_id: TransactionId | None
    replayed: bool
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True, slots=True)
class SettlementReceipt:
    """The outcome of accepting a communism: one journal row per paying participant;
    ``notices`` (each payer's charge) are owed until the adapter confirms their delivery."""

    collective: CollectiveView
    transaction_ids: tuple[TransactionId, ...]
    replayed: bool
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True, slots=True)
class CollectiveMessage:
    """A bot message that shows a collective (``collective_messages``), to be edited on change."""

    collective_id: CollectiveId
    chat_id: int
    msg_id: int


@dataclass(frozen=True, slots=True)
class ConsumeReceipt:
    """The outcome of consuming ``count`` × ``consumable``: ``amount`` went to the community.

    ``article_id`` is the article sold, ``stock`` what is left of it (``None``: not counted);
    ``low_stock`` says the sale took the stock to its warning level; then the treasurers are
    owed ``notices`` (kind ``low_stock``), until the adapter records their delivery.
    """

    transaction_id: TransactionId
    consumable: Consumable
    count: int
    amount: int
    balance: int
    replayed: bool
    article_id: int | None = None
    stock: int | None = None
    low_stock: bool = False
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True, slots=True)
class VouchInfo:
    """An external user and who vouches for it; ``balance`` is the external's balance."""

    external: UserSummary
    voucher: UserSummary | None
    balance: int
    changed: datetime


@dataclass(frozen=True, slots=True)
class VouchEndReceipt:
    """The end of vouching for ``external``.

    ``settled`` is the amount moved: positive when the external's credit went to the voucher,
    negative when the voucher paid the external's debt, 0 when nothing moved (then
    ``transaction_id`` is ``None``). ``cancelled`` are the external's own open collectives,
    cancelled in the same transaction: without a voucher it could neither settle nor cancel them.
    """

    external: UserSummary
    voucher: UserSummary
    settled: int
    transaction_id: TransactionId | None
    replayed: bool
    cancelled: tuple[CollectiveId, ...] = ()
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True, slots=True)
class ActivationReceipt:
    """The outcome of (de)activating a user; deactivating a voucher settles all its externals.

    ``notices`` (kind ``vouch``) tell the externals and the voucher of each settlement (not
    whoever acted), owed until the adapter records their delivery."""

    user: UserInfo
    settlements: tuple[VouchEndReceipt, ...]
    replayed: bool
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One journal row from one user's view: ``amount`` is positive when received."""

    transaction_id: TransactionId
    registered: datetime
    amount: int
    counterpart: UserSummary
    reason: str | None

    @property
    def kind(self) -> TransactionKind:
        """What the transaction was for, from its reason prefix."""
        return reason_kind(self.reason)

    def as_json(self) -> dict[str, object]:
        """The entry as exported (``/history`` files, ``/data``): amount in cents, the time in
        ISO 8601."""
        return {
            "id": int(self.transaction_id),
            "registered": self.registered.isoformat(),
            "amount": self.amount,
            "counterpart_id": int(self.counterpart.id),
            "counterpart": self.counterpart.name,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One ``transactions`` row as stored (for exports and audits)."""

    id: TransactionId
    sender: UserId
    receiver: UserId
    amount: int
    reason: str | None
    registered: datetime

    @property
    def kind(self) -> TransactionKind:
        """What the transaction was for, from its reason prefix."""
        return reason_kind(self.reason)


@dataclass(frozen=True, slots=True)
class HistoryPage:
    """A page of a user's history, newest first; ``total`` counts all the user's entries."""

    entries: tuple[HistoryEntry, ...]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True, slots=True)
class UserData:
    """Everything the bot stores about one user (``/data``)."""

    user: UserInfo
    voucher: UserSummary | None
    vouchees: tuple[UserSummary, ...]
    transactions: int
    open_collectives: tuple[CollectiveId, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """One inconsistency found by ``communitybot check``: a stable ``code`` and a detail."""

    code: str
    detail: str


HISTORY_CODES = frozenset({"unvouched_external_moved"})
"""Findings of ``communitybot check`` about journal rows that older software could write under
rules of its own (MateBot let externals without voucher receive money); an administrator may
accept them before a cut-off (:class:`HistoryAcceptance`). Broken invariants (balances, money
paid twice) can never be accepted."""


@dataclass(frozen=True, slots=True)
class HistoryAcceptance:
    """History an administrator accepted: findings ``code`` on journal rows registered before
    ``cutoff`` (``findings`` of them when it was recorded, ``covered`` now), with a ``note``."""

    id: int
    code: str
    cutoff: datetime
    findings: int
    note: str
    accepted: datetime
    covered: int = 0


@dataclass(frozen=True, slots=True)
class LedgerCheck:
    """What ``communitybot check`` found: the problems, and the accepted history it left out."""

    problems: tuple[Problem, ...]
    accepted: tuple[HistoryAcceptance, ...]


__all__ = [
    "CASH_BOX_TID",
    "HISTORY_CODES",
    "REASON_MAX",
    "TEXT_MAX",
    "ActivationReceipt",
    "CollectiveKind",
    "CollectiveMessage",
    "CollectiveReceipt",
    "CollectiveStatus",
    "CollectiveView",
    "ConfirmedSend",
    "ConsumeReceipt",
    "HistoryAcceptance",
    "HistoryEntry",
    "HistoryPage",
    "JournalEntry",
    "LedgerCheck",
    "PendingTransfer",
    "Problem",
    "SettlementReceipt",
    "Share",
    "TransactionKind",
    "TransferPreview",
    "TransferReceipt",
    "UserData",
    "UserInfo",
    "UserSummary",
    "Vote",
    "VoteReceipt",
    "VouchEndReceipt",
    "VouchInfo",
    "charged_shares",
    "legacy_communism_reason",
    "legacy_payment_description",
    "make_reason",
    "reason_collective",
    "reason_kind",
]
