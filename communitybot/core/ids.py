"""Typed identifiers: ``NewType`` keeps a user id from standing where a collective id is meant."""

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

# --- economy ---

EconomyId = NewType("EconomyId", int)
"""``economies.id``: one economy with its own currency."""

AccountId = NewType("AccountId", int)
"""``economy_accounts.id``: an account in an economy."""

MemberId = NewType("MemberId", int)
"""A chat platform's user id (Discord or Telegram) acting in an economy."""

RoleId = NewType("RoleId", int)
"""A chat platform's role id; permissions may be granted to roles."""

GuildId = NewType("GuildId", int)
"""A chat server (Discord guild, Telegram chat) registered to an economy."""

JournalEntryId = NewType("JournalEntryId", int)
"""``economy_journal.id``: one leg of money movement in an economy."""

PermissionRuleId = NewType("PermissionRuleId", int)
"""``economy_permissions.id``: one grant or denial."""

TaxBracketId = NewType("TaxBracketId", int)
"""``economy_tax_brackets.id``."""

TaxCycleId = NewType("TaxCycleId", int)
"""``economy_tax_cycles.id``: one tax run of one period."""

RecurringTransferId = NewType("RecurringTransferId", int)
"""``economy_recurring_transfers.id``."""

ApplicationId = NewType("ApplicationId", int)
"""``economy_applications.id``: an API client owned by a member."""

ApiKeyId = NewType("ApiKeyId", int)
"""``economy_api_keys.id``."""

NotificationId = NewType("NotificationId", int)
"""``economy_notifications.id``: one queued message in the outbox."""

__all__ = [
    "AccountId",
    "ApiKeyId",
    "ApplicationId",
    "CollectiveId",
    "EconomyId",
    "GuildId",
    "JournalEntryId",
    "MemberId",
    "NotificationId",
    "PermissionRuleId",
    "RecurringTransferId",
    "RoleId",
    "TaxBracketId",
    "TaxCycleId",
    "TelegramId",
    "TransactionId",
    "UserId",
]
