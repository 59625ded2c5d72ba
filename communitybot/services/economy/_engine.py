"""The economy's transfer engine: the same rules as the community ledger.

Every movement is a list of legs executed in the caller's transaction: all touched balance rows
locked in ascending id order, the caller's permission check run on the locked rows, every limit
checked (account limits, the balance bound, the API key's spending limit), then relative balance
updates, one journal row per leg, and the subscribers' notifications queued in the outbox.
Nothing is written before every check has passed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from communitybot.core.economy import (
    Account,
    EntryKind,
    JournalEntry,
    KeyActor,
    Principal,
    TaxType,
    TransactionType,
    check_credit,
    check_debit,
)
from communitybot.core.errors import NotFound, SpendingLimitExceeded
from communitybot.core.ids import (
    AccountId,
    EconomyId,
    JournalEntryId,
    RecurringTransferId,
    TaxBracketId,
)
from communitybot.db.brokers.economy import accounts as account_broker
from communitybot.db.brokers.economy import journal as journal_broker
from communitybot.db.brokers.economy import keys as key_broker
from communitybot.db.brokers.economy import notifications as outbox
from communitybot.services.economy._common import open_account, same_economy


@dataclass(frozen=True, slots=True)
class Leg:
    """One movement of ``amount`` from one account to another, with what it is."""

    from_id: AccountId
    to_id: AccountId
    amount: int
    kind: EntryKind
    transaction_type: TransactionType | None = None
    tax_type: TaxType | None = None
    tax_bracket_id: TaxBracketId | None = None


Check = Callable[[Mapping[AccountId, Account]], None]
"""A check run on the locked accounts before anything is written (permissions, types)."""


def net_deltas(legs: Sequence[Leg]) -> dict[AccountId, int]:
    """The balance change of each account the legs touch."""
    deltas: dict[AccountId, int] = {}
    for leg in legs:
        deltas[leg.from_id] = deltas.get(leg.from_id, 0) - leg.amount
        deltas[leg.to_id] = deltas.get(leg.to_id, 0) + leg.amount
    return deltas


def lock_for(
    session: Session,
    *,
    economy_id: EconomyId,
    ids: Sequence[AccountId],
    system_ids: Collection[AccountId] = (),
) -> dict[AccountId, Account]:
    """Lock the accounts in ascending id order; each must exist, be open and in the economy.

    ``system_ids`` names system accounts (stored closed, e.g. the bank note vault) that the
    calling service moves money through on purpose.
    """
    locked = account_broker.lock_accounts(session, ids=ids)
    for account_id in sorted(set(ids)):
        account = locked.get(account_id)
        if account is None:
            raise NotFound(kind="account", ref=str(account_id))
        same_economy(economy_id, account.economy_id)
        if account_id not in system_ids:
            open_account(account)
    return locked


def move(
    session: Session,
    *,
    economy_id: EconomyId,
    principal: Principal,
    legs: Sequence[Leg],
    now: datetime,
    check: Check,
    detail: str,
    recurring_id: RecurringTransferId | None = None,
    system_ids: Collection[AccountId] = (),
) -> list[JournalEntry]:
    """Execute ``legs`` as one movement; return the journal entries (the first is the parent).

    ``system_ids``: system accounts the legs may touch although stored closed (:func:`lock_for`).
    """
    deltas = net_deltas(legs)
    accounts = lock_for(session, economy_id=economy_id, ids=list(deltas), system_ids=system_ids)
    check(accounts)
    for account_id, delta in sorted(deltas.items()):
        account = accounts[account_id]
        if account.is_issuance:
            continue
        if delta < 0:
            check_debit(
                account_id=account_id,
                balance=account.balance,
                needed=-delta,
                limit=account.min_balance,
            )
        elif delta > 0:
            check_credit(account_id=account_id, balance=account.balance, delta=delta)
    if isinstance(principal, KeyActor):
        spending = sum(leg.amount for leg in legs if not accounts[leg.from_id].is_issuance)
        if spending and not key_broker.spend(session, key_id=principal.key_id, amount=spending):
            key = key_broker.get_key(session, key_id=principal.key_id)
            raise SpendingLimitExceeded(
                key_id=key.id, limit=key.spending_limit or 0, spent=key.spent, amount=spending
            )
    account_broker.add_to_account_balances(session, deltas=deltas)
    actor_id = principal.user_id
    key_id = principal.key_id if isinstance(principal, KeyActor) else None
    entries: list[JournalEntry] = []
    parent: JournalEntryId | None = None
    for leg in legs:
        entry_id = journal_broker.insert_entry(
            session,
            economy_id=economy_id,
            kind=leg.kind,
            from_account_id=leg.from_id,
            to_account_id=leg.to_id,
            amount=leg.amount,
            now=now,
            transaction_type=leg.transaction_type,
            tax_type=leg.tax_type,
            actor_id=actor_id,
            key_id=key_id,
            parent_id=parent,
            tax_bracket_id=leg.tax_bracket_id,
            recurring_id=recurring_id,
        )
        entries.append(
            JournalEntry(
                id=entry_id,
                economy_id=economy_id,
                kind=leg.kind,
                transaction_type=leg.transaction_type,
                tax_type=leg.tax_type,
                from_account_id=leg.from_id,
                to_account_id=leg.to_id,
                amount=leg.amount,
                actor_id=actor_id,
                key_id=key_id,
                parent_id=parent,
                tax_bracket_id=leg.tax_bracket_id,
                tax_cycle_id=None,
                recurring_id=recurring_id,
                created_at=now,
            )
        )
        parent = parent or entry_id
    outbox.enqueue_balance_updates(
        session,
        economy_id=economy_id,
        journal_id=entries[0].id,
        deltas=deltas,
        detail=detail,
        now=now,
    )
    return entries


__all__ = ["Check", "Leg", "lock_for", "move", "net_deltas"]
