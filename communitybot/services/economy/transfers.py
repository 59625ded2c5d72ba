"""Moving money: transfers (typed and taxed), printing and removing funds, the journal.

Each money-moving call is one transaction through the money engine
(:func:`communitybot.services.ledger.move` over :class:`~communitybot.db.stores.EconomyStore`)
and carries an idempotency key: a replayed key returns the first outcome and moves nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping
from datetime import datetime
from functools import partial
from typing import Any, TextIO

from sqlalchemy.orm import Session

from communitybot.core.clock import Clock
from communitybot.core.economy import (
    Account,
    EntryDetail,
    EntryKind,
    JournalEntry,
    Permission,
    Principal,
    TaxType,
    TransactionType,
    TransferResult,
    check_amount,
    derive_transaction_type,
    vat_for,
)
from communitybot.core.errors import IssuanceAccountForbidden, SelfTransfer
from communitybot.core.ids import AccountId, JournalEntryId, RecurringTransferId
from communitybot.core.ledger import Leg
from communitybot.db.brokers.economy import accounts as account_broker
from communitybot.db.brokers.economy import economies as economy_broker
from communitybot.db.brokers.economy import journal as journal_broker
from communitybot.db.brokers.economy import taxes as tax_broker
from communitybot.db.idempotency import run_once
from communitybot.db.stores import EconomyStore
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy._common import (
    SYSTEM_CLOCK,
    authorize,
    authorized_account,
    read_viewable,
    same_economy,
)
from communitybot.services.ledger import move

EXPORT_PAGE = 1000
"""Journal rows read per transaction while exporting."""

CSV_COLUMNS = (
    "id",
    "created_at",
    "kind",
    "transaction_type",
    "tax_type",
    "from_account_id",
    "to_account_id",
    "amount",
    "signed_amount",
    "actor_id",
    "key_id",
    "parent_id",
    "tax_bracket_id",
    "tax_cycle_id",
    "recurring_id",
)
"""Columns of :func:`export_journal_csv`; amounts in minor units, ``signed_amount`` as seen
from the exported account (negative when money left it)."""


def transfer_legs(
    session: Session, *, payer: Account, payee: Account, amount: int
) -> list[Leg[EntryDetail]]:
    """The legs of a transfer: the payment with its derived type, then any VAT on top.

    Refuses a self-transfer, mixing economies and the issuance account.
    """
    check_amount(amount)
    if payer.id == payee.id:
        raise SelfTransfer(account_id=payer.id)
    same_economy(payer.economy_id, payee.economy_id)
    for account in (payer, payee):
        if account.is_issuance:
            raise IssuanceAccountForbidden(account_id=account.id)
    kind = derive_transaction_type(payer.account_type, payee.account_type)
    legs = [Leg(payer.id, payee.id, amount, EntryDetail(EntryKind.TRANSFER, transaction_type=kind))]
    if kind is TransactionType.PURCHASE:
        brackets = tax_broker.list_brackets(
            session, economy_id=payer.economy_id, tax_type=TaxType.VAT
        )
        for bracket, tax in vat_for(brackets, payer_type=payer.account_type, price=amount):
            if bracket.to_account_id != payer.id:
                vat = EntryDetail(EntryKind.TAX, tax_type=TaxType.VAT, tax_bracket_id=bracket.id)
                legs.append(Leg(payer.id, bracket.to_account_id, tax, vat))
    return legs


def execute_transfer(
    session: Session,
    principal: Principal,
    *,
    from_account_id: AccountId,
    to_account_id: AccountId,
    amount: int,
    now: datetime,
    recurring_id: RecurringTransferId | None = None,
) -> TransferResult:
    """A transfer inside the caller's transaction (used by :func:`transfer` and the tick)."""
    payer = account_broker.get_account(session, account_id=from_account_id)
    payee = account_broker.get_account(session, account_id=to_account_id)
    economy_broker.get_economy(session, economy_id=payer.economy_id)
    legs = transfer_legs(session, payer=payer, payee=payee, amount=amount)

    def may_pay(locked: Mapping[int, Account]) -> None:
        authorize(session, principal, Permission.TRANSFER_FUNDS, account=locked[payer.id])

    store = EconomyStore(
        session,
        payer.economy_id,
        principal=principal,
        now=now,
        detail="transfer" if recurring_id is None else f"recurring:{recurring_id}",
        recurring_id=recurring_id,
    )
    entries = move(store, legs, check=may_pay).entries
    return TransferResult(entry=entries[0], taxes=tuple(entries[1:]))


def _stored_transfer(session: Session, data: dict[str, Any]) -> TransferResult:
    entry = journal_broker.get_entry(session, entry_id=JournalEntryId(data["entry"]))
    return TransferResult(
        entry=entry, taxes=tuple(journal_broker.list_children(session, parent_id=entry.id))
    )


def transfer(
    uow: UnitOfWork,
    principal: Principal,
    *,
    from_account_id: AccountId,
    to_account_id: AccountId,
    amount: int,
    idempotency_key: str,
    clock: Clock = SYSTEM_CLOCK,
) -> TransferResult:
    """Pay ``amount`` from one account to another; the type and any VAT follow from the accounts.

    Needs ``TRANSFER_FUNDS`` on the paying account. A PURCHASE (to a CORPORATION) pays the VAT
    of the brackets for the payer's type on top of the price. Refuses with
    ``AmountOutOfRange``, ``SelfTransfer``, ``CrossEconomy``, ``IssuanceAccountForbidden``,
    ``AccountClosed``, ``NotFound``, ``NotPermitted``, ``ApiKeyUnusable``,
    ``InsufficientBalance``, ``BalanceOutOfRange``, ``SpendingLimitExceeded``,
    ``IdempotencyKeyConflict``; nothing changes then.
    """

    def act(session: Session) -> tuple[TransferResult, dict[str, Any]]:
        result = execute_transfer(
            session,
            principal,
            from_account_id=from_account_id,
            to_account_id=to_account_id,
            amount=amount,
            now=clock.now(),
        )
        return result, {"entry": result.entry.id}

    return run_once(
        uow, key=idempotency_key, op="economy.transfer", act=act, replay=_stored_transfer
    )


def issue_entry(
    session: Session,
    principal: Principal,
    *,
    account_id: AccountId,
    amount: int,
    now: datetime,
    kind: EntryKind,
    check: Callable[[Mapping[int, Account]], None],
    detail: str | None = None,
) -> JournalEntry:
    """One MINT (from the economy's issuance account) or BURN (into it) leg through the money
    engine, in the caller's transaction; ``check`` sees the locked rows and refuses by raising
    (whoever acts must be allowed to). ``detail`` tells the notifications what happened (the
    operation's name unless given)."""
    account = account_broker.get_account(session, account_id=account_id)
    economy = economy_broker.get_economy(session, economy_id=account.economy_id)
    if account.is_issuance:
        raise IssuanceAccountForbidden(account_id=account.id)
    issuance = economy.issuance_account_id
    source, target = (issuance, account.id) if kind is EntryKind.MINT else (account.id, issuance)
    store = EconomyStore(
        session,
        economy.id,
        principal=principal,
        now=now,
        detail=kind.value.lower() if detail is None else detail,
    )
    leg = Leg(source, target, amount, EntryDetail(kind))
    (entry,) = move(store, [leg], check=check).entries
    return entry


def _issue(
    uow: UnitOfWork,
    principal: Principal,
    account_id: AccountId,
    amount: int,
    idempotency_key: str,
    clock: Clock,
    kind: EntryKind,
) -> JournalEntry:
    operation = kind.value.lower()
    check_amount(amount)

    def replay(session: Session, data: dict[str, Any]) -> JournalEntry:
        return journal_broker.get_entry(session, entry_id=JournalEntryId(data["entry"]))

    def act(session: Session) -> tuple[JournalEntry, dict[str, Any]]:
        def may_manage(locked: Mapping[int, Account]) -> None:
            authorize(session, principal, Permission.MANAGE_FUNDS, account=locked[account_id])

        entry = issue_entry(
            session,
            principal,
            account_id=account_id,
            amount=amount,
            now=clock.now(),
            kind=kind,
            check=may_manage,
        )
        return entry, {"entry": entry.id}

    return run_once(uow, key=idempotency_key, op=f"economy.{operation}", act=act, replay=replay)


def print_funds(
    uow: UnitOfWork,
    principal: Principal,
    *,
    account_id: AccountId,
    amount: int,
    idempotency_key: str,
    clock: Clock = SYSTEM_CLOCK,
) -> JournalEntry:
    """Mint ``amount`` into an account: a MINT leg from the economy's issuance account.

    Needs ``MANAGE_FUNDS`` on the account. Refuses like :func:`transfer` (and never for the
    issuance account's own balance, which goes negative by what was minted).
    """
    return _issue(uow, principal, account_id, amount, idempotency_key, clock, EntryKind.MINT)


def remove_funds(
    uow: UnitOfWork,
    principal: Principal,
    *,
    account_id: AccountId,
    amount: int,
    idempotency_key: str,
    clock: Clock = SYSTEM_CLOCK,
) -> JournalEntry:
    """Burn ``amount`` from an account: a BURN leg to the issuance account.

    Needs ``MANAGE_FUNDS`` on the account; the account may not go below its limit.
    """
    return _issue(uow, principal, account_id, amount, idempotency_key, clock, EntryKind.BURN)


def journal(
    uow: UnitOfWork,
    principal: Principal,
    *,
    account_id: AccountId,
    limit: int | None = 10,
    oldest_first: bool = False,
    before: datetime | None = None,
    after: datetime | None = None,
) -> list[JournalEntry]:
    """The journal legs from or to an account (newest first unless ``oldest_first``).

    ``before``/``after`` bound the time (exclusive); ``limit`` ``None`` returns all. Needs
    ``VIEW_BALANCE`` on the account.
    """

    read = partial(
        journal_broker.list_entries,
        account_id=account_id,
        limit=limit,
        oldest_first=oldest_first,
        before=before,
        after=after,
    )
    return read_viewable(uow, principal, account_id, read)


def _csv_row(entry: JournalEntry, account_id: AccountId) -> list[object]:
    signed = -entry.amount if entry.from_account_id == account_id else entry.amount
    return [
        entry.id,
        entry.created_at.isoformat(),
        entry.kind.value,
        "" if entry.transaction_type is None else entry.transaction_type.value,
        "" if entry.tax_type is None else entry.tax_type.value,
        entry.from_account_id,
        entry.to_account_id,
        entry.amount,
        signed,
        "" if entry.actor_id is None else entry.actor_id,
        "" if entry.key_id is None else entry.key_id,
        "" if entry.parent_id is None else entry.parent_id,
        "" if entry.tax_bracket_id is None else entry.tax_bracket_id,
        "" if entry.tax_cycle_id is None else entry.tax_cycle_id,
        "" if entry.recurring_id is None else entry.recurring_id,
    ]


def export_journal_csv(
    uow: UnitOfWork,
    principal: Principal,
    *,
    account_id: AccountId,
    out: TextIO,
    before: datetime | None = None,
    after: datetime | None = None,
) -> int:
    """Write an account's journal, oldest first, as CSV (:data:`CSV_COLUMNS`); return the rows.

    Needs ``VIEW_BALANCE`` on the account. Reads in pages of :data:`EXPORT_PAGE` rows.
    """

    def check(session: Session) -> None:
        authorized_account(session, principal, Permission.VIEW_BALANCE, account_id)

    uow.read(check)
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    written, last_id = 0, 0
    while True:
        page = uow.read(
            partial(
                journal_broker.list_entries,
                account_id=account_id,
                limit=EXPORT_PAGE,
                oldest_first=True,
                before=before,
                after=after,
                after_id=last_id,
            )
        )
        for entry in page:
            writer.writerow(_csv_row(entry, account_id))
        written += len(page)
        if len(page) < EXPORT_PAGE:
            return written
        last_id = page[-1].id


__all__ = [
    "CSV_COLUMNS",
    "EXPORT_PAGE",
    "execute_transfer",
    "export_journal_csv",
    "issue_entry",
    "journal",
    "print_funds",
    "remove_funds",
    "transfer",
    "transfer_legs",
]
