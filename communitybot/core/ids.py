"""Typed identifiers. ``NewType`` keeps a user id from being passed where a collective id is meant."""

from __future__ import annotations

from typing import NewType

UserId = NewType("UserId", int)
"""``users.id`` of the community ledger."""

TelegramId = NewType("TelegramId", int)
"""A Telegram user id (``users.tid``)."""

TransactionId = NewType("TransactionId", int)
"""``transactions.id`` of the community ledger."""

CollectiveId = NewType("CollectiveId", int)
"""``collectives.id``: a payment request or a communism."""

__all__ = ["CollectiveId", "TelegramId", "TransactionId", "UserId"]
