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

EconomyGroupId = NewType("EconomyGroupId", int)
"""``economy_groups.id``: a global, local or single group of currencies (economies)."""

ExchangeRateId = NewType("ExchangeRateId", int)
"""``economy_exchange_rates.id``: the rate of one direction between two currencies of a group."""

ExchangeId = NewType("ExchangeId", int)
"""``economy_exchanges.id``: one exchange of money from one currency into another."""

BankNoteId = NewType("BankNoteId", int)
"""``economy_bank_notes.id``: a one-time note of a fixed amount."""

ExpenseCategoryId = NewType("ExpenseCategoryId", int)
"""``economy_expense_categories.id``: a kind of expense payments are authorised against."""

LineOfCreditId = NewType("LineOfCreditId", int)
"""``economy_lines_of_credit.id``: what a member may spend from an account in one category."""

PaymentAuthorizationId = NewType("PaymentAuthorizationId", int)
"""``economy_payment_authorizations.id``: one payment booked against lines of credit."""

__all__ = [
    "AccountId",
    "ApiKeyId",
    "ApplicationId",
    "BankNoteId",
    "CollectiveId",
    "EconomyGroupId",
    "EconomyId",
    "ExchangeId",
    "ExchangeRateId",
    "ExpenseCategoryId",
    "GuildId",
    "JournalEntryId",
    "LineOfCreditId",
    "MemberId",
    "NotificationId",
    "PaymentAuthorizationId",
    "PermissionRuleId",
    "RecurringTransferId",
    "RoleId",
    "TaxBracketId",
    "TaxCycleId",
    "TelegramId",
    "TransactionId",
    "UserId",
]
