"""Sending money from one member to another: one locked, journaled, idempotent transaction."""

from __future__ import annotations

from communitybot.core.community import TransferPreview, TransferReceipt
from communitybot.core.ids import TelegramId
from communitybot.core.rules import CommunityRules
from communitybot.db.uow import UnitOfWork
from communitybot.services.community.users import UserRef


def preview_send(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    sender_tid: TelegramId,
    receiver: UserRef,
    amount: int,
    reason: str | None = None,
) -> TransferPreview:
    """Check a transfer without moving money, for the Confirm/Abort summary.

    Raises exactly what :func:`send` would raise right now; :func:`send` checks again.
    """
    ...


def send(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    sender_tid: TelegramId,
    receiver: UserRef,
    amount: int,
    reason: str | None,
    key: str,
) -> TransferReceipt:
    """Move ``amount`` cents from the user of ``sender_tid`` to ``receiver``.

    One transaction: both rows locked in ascending id order, relative updates, the journal row
    with reason ``send: <reason>``. Under a replayed ``key`` nothing moves and the first receipt
    comes back with ``replayed=True``.

    Raises ``UnknownUser``, ``InactiveUser``, ``ExternalNotAllowed`` (an external without voucher
    on either side), ``CommunityUserNotAllowed`` (never sends), ``SelfTransfer``,
    ``AmountNotPositive``, ``AmountTooLarge`` (``rules.max_amount``), ``DebtLimitExceeded``,
    ``BalanceOutOfRange``, ``IdempotencyKeyConflict``.
    """
    ...


__all__ = ["preview_send", "send"]
