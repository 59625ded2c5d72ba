"""Exchanging money between two currencies of a group, as a recoverable two-step saga.

Why two transactions. An exchange burns in the source economy A and mints in the target economy
B. ARCHITECTURE.md rules that no transaction spans two economies, so that economies can live on
different shards (and a distributed engine never needs a cross-shard commit). So each step is
one short transaction in **one** economy, and a record with states ties them together:

1. **burn** (economy A, under the caller's idempotency key through ``run_once``): lock the source
   account and A's issuance account in ascending id order, check ``TRANSFER_FUNDS``, the owner
   and the limit, write the BURN leg and the exchange record (``PENDING``, with the rate and the
   amount to credit fixed now). Its foreign keys point into A only.
2. **credit** (economy B): lock the target account and B's issuance account, then write B's one
   decision about the exchange, keyed by the exchange id (a primary key, so there is exactly one
   decision, ever): ``MINTED`` with the MINT leg, or ``VOIDED`` when B refuses (the target was
   closed, its owner changed, B was deleted, the balance bound). Running it again finds the
   decision and changes nothing.
3. **settle** (economy A): with the exchange row locked and still ``PENDING``, mark it
   ``COMPLETED``, or — when B voided it — give the amount back with a MINT leg from A's issuance
   account and mark it ``REVERSED``. Once final, nothing changes any more.

Before step 1 a read checks everything a refusal can be known for (accounts, owner, group, rate,
permissions on both accounts, B's balance bound), so a refused exchange changes no row at all.
If the process stops between the steps, :func:`recover_exchanges` (``communitybot economy
recover-exchanges``, from a timer) drives every ``PENDING`` exchange older than a grace period to
its end by running steps 2 and 3 again; both are idempotent and race-safe with a late original
call, because step 2 locks the same target rows and its decision is unique, and step 3 changes
only a ``PENDING`` row it holds locked. Each economy's invariant (minted − burned = balances)
holds after every step, since every step only moves money through its own issuance account.

Rounding: ``amount_in * numerator // denominator`` is credited; the fraction stays burned (the
house keeps it). See :mod:`communitybot.core.economy._exchange` for worked examples.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from communitybot.core.clock import Clock
from communitybot.core.economy import (
    Account,
    Actor,
    CreditOutcome,
    EntryDetail,
    EntryKind,
    Exchange,
    ExchangeQuote,
    ExchangeRate,
    ExchangeState,
    Permission,
    Principal,
    account_limits,
    check_amount,
    quote,
)
from communitybot.core.errors import (
    DomainError,
    ExchangeAccountMismatch,
    ExchangeReversed,
    IssuanceAccountForbidden,
    NotFound,
    NotInSameGroup,
)
from communitybot.core.ids import (
    AccountId,
    EconomyId,
    ExchangeId,
    JournalEntryId,
    MemberId,
)
from communitybot.core.ledger import Leg, check_movement
from communitybot.db.brokers.economy import accounts as account_broker
from communitybot.db.brokers.economy import economies as economy_broker
from communitybot.db.brokers.economy import exchanges as exchange_broker
from communitybot.db.brokers.economy import groups as group_broker
from communitybot.db.idempotency import run_once, stored_data
from communitybot.db.stores import EconomyStore
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy._common import (
    SYSTEM_CLOCK,
    authorize,
    open_account,
    read_viewable,
    viewable_record,
)
from communitybot.services.ledger import move

_MINT = EntryDetail(EntryKind.MINT)

OPERATION = "economy.exchange"
"""The idempotency operation name of :func:`exchange`."""

RECOVERY_GRACE = timedelta(minutes=1)
"""How old a ``PENDING`` exchange must be before :func:`recover_exchanges` takes it over."""

RECOVERY_BATCH = 100
"""Exchanges read per batch while recovering."""


def _rate(
    session: Session, *, from_economy_id: EconomyId, to_economy_id: EconomyId
) -> ExchangeRate:
    """The rate between two currencies of one group (group membership checked too)."""
    group_id = group_broker.group_id_of(session, economy_id=from_economy_id)
    if group_id is None or group_broker.group_id_of(session, economy_id=to_economy_id) != group_id:
        raise NotInSameGroup(
            economy_id=from_economy_id, other_economy_id=to_economy_id, group_id=group_id
        )
    rate = group_broker.find_rate(
        session, from_economy_id=from_economy_id, to_economy_id=to_economy_id
    )
    if rate is None:
        raise NotFound(kind="exchange_rate", ref=f"{from_economy_id}>{to_economy_id}")
    return rate


def quote_exchange(
    uow: UnitOfWork, *, from_economy_id: EconomyId, to_economy_id: EconomyId, amount: int
) -> ExchangeQuote:
    """What exchanging ``amount`` would credit now (nothing moves). Refuses like :func:`exchange`
    (``NotInSameGroup``, ``NotFound``, ``AmountOutOfRange``, ``ExchangeTooSmall``)."""
    return uow.read(
        lambda session: quote(
            _rate(session, from_economy_id=from_economy_id, to_economy_id=to_economy_id), amount
        )
    )


def _same_owner(source: Account, target: Account) -> None:
    if source.owner_id is None or source.owner_id != target.owner_id:
        raise ExchangeAccountMismatch(
            account_id=source.id,
            owner_id=source.owner_id,
            other_account_id=target.id,
            other_owner_id=target.owner_id,
        )


@dataclass(frozen=True, slots=True)
class _Plan:
    """What the read before the burn established about the target side."""

    to_economy_id: EconomyId
    owner_id: MemberId


def _precheck(
    session: Session,
    principal: Principal,
    *,
    from_account_id: AccountId,
    to_account_id: AccountId,
    amount: int,
) -> _Plan:
    """Every refusal that can be known before money moves (a read: no locks, no writes)."""
    source = open_account(account_broker.get_account(session, account_id=from_account_id))
    target = open_account(account_broker.get_account(session, account_id=to_account_id))
    for account in (source, target):
        economy_broker.get_economy(session, economy_id=account.economy_id)
        if account.is_issuance:
            raise IssuanceAccountForbidden(account_id=account.id)
    _same_owner(source, target)
    rate = _rate(session, from_economy_id=source.economy_id, to_economy_id=target.economy_id)
    offer = quote(rate, amount)
    authorize(session, principal, Permission.TRANSFER_FUNDS, account=source)
    authorize(session, principal, Permission.LOGIN_AS_ACCOUNT, account=target)
    check_movement(
        {target.id: offer.amount_out},
        {target.id: target.balance},
        {target.id: account_limits(target)},
    )
    assert source.owner_id is not None
    return _Plan(to_economy_id=target.economy_id, owner_id=source.owner_id)


def _burn(
    session: Session,
    principal: Principal,
    *,
    from_account_id: AccountId,
    to_account_id: AccountId,
    amount: int,
    plan: _Plan,
    now: datetime,
) -> tuple[ExchangeId, dict[str, Any]]:
    """Step 1, in the source economy only: the BURN leg and the ``PENDING`` record."""
    source = account_broker.get_account(session, account_id=from_account_id)
    economy = economy_broker.get_economy(session, economy_id=source.economy_id)
    if source.is_issuance:
        raise IssuanceAccountForbidden(account_id=source.id)
    rate = _rate(session, from_economy_id=economy.id, to_economy_id=plan.to_economy_id)
    offer = quote(rate, amount)

    def may_exchange(locked: Mapping[int, Account]) -> None:
        current = locked[source.id]
        authorize(session, principal, Permission.TRANSFER_FUNDS, account=current)
        if current.owner_id != plan.owner_id:
            raise ExchangeAccountMismatch(
                account_id=current.id,
                owner_id=current.owner_id,
                other_account_id=to_account_id,
                other_owner_id=plan.owner_id,
            )

    store = EconomyStore(session, economy.id, principal=principal, now=now, detail="exchange")
    burn = Leg(source.id, economy.issuance_account_id, amount, EntryDetail(EntryKind.BURN))
    (entry,) = move(store, [burn], check=may_exchange).entries
    exchange_id = exchange_broker.insert_exchange(
        session,
        group_id=rate.group_id,
        from_economy_id=economy.id,
        to_economy_id=plan.to_economy_id,
        from_account_id=source.id,
        to_account_id=to_account_id,
        owner_id=plan.owner_id,
        amount_in=amount,
        amount_out=offer.amount_out,
        numerator=offer.numerator,
        denominator=offer.denominator,
        actor_id=principal.user_id,
        burn_entry_id=entry.id,
        now=now,
    )
    return exchange_id, {"exchange": exchange_id}


Decision = tuple[CreditOutcome, JournalEntryId | None, str | None]
"""The target side's decision: outcome, MINT leg, why it was voided."""


def _credit(session: Session, *, exchange: Exchange, now: datetime) -> Decision:
    """Step 2, in the target economy only: mint once, or void once; idempotent."""
    economy = economy_broker.find_economy(session, economy_id=exchange.to_economy_id)
    ids = [exchange.to_account_id]
    if economy is not None:
        ids.append(economy.issuance_account_id)
    account_broker.lock_accounts(session, ids=ids)
    decided = exchange_broker.find_credit(session, exchange_id=exchange.id)
    if decided is not None:
        return decided
    try:
        with session.begin_nested():
            if economy is None:
                raise NotFound(kind="economy", ref=str(exchange.to_economy_id))

            def still_theirs(locked: Mapping[int, Account]) -> None:
                target = locked[exchange.to_account_id]
                if target.is_issuance or target.owner_id != exchange.owner_id:
                    raise ExchangeAccountMismatch(
                        account_id=exchange.from_account_id,
                        owner_id=exchange.owner_id,
                        other_account_id=target.id,
                        other_owner_id=target.owner_id,
                    )

            store = EconomyStore(
                session, economy.id, principal=Actor(exchange.actor_id), now=now, detail="exchange"
            )
            mint = Leg(
                economy.issuance_account_id, exchange.to_account_id, exchange.amount_out, _MINT
            )
            (entry,) = move(store, [mint], check=still_theirs).entries
    except DomainError as error:
        decision: Decision = (CreditOutcome.VOIDED, None, type(error).__name__)
    else:
        decision = (CreditOutcome.MINTED, entry.id, None)
    outcome, entry_id, failure = decision
    exchange_broker.insert_credit(
        session,
        exchange_id=exchange.id,
        economy_id=exchange.to_economy_id,
        outcome=outcome,
        entry_id=entry_id,
        failure=failure,
        now=now,
    )
    return decision


class _Settled(Exception):
    """The exchange was final already: roll back and read it."""


def _settle(
    session: Session, *, exchange_id: ExchangeId, decision: Decision, now: datetime
) -> Exchange:
    """Step 3, in the source economy only: complete, or refund and reverse; once."""
    outcome, entry_id, failure = decision
    if outcome is CreditOutcome.MINTED:
        exchange = exchange_broker.lock_exchange(session, exchange_id=exchange_id)
        if exchange.state is ExchangeState.PENDING:
            exchange_broker.finish_exchange(
                session,
                exchange_id=exchange_id,
                state=ExchangeState.COMPLETED,
                credit_entry_id=entry_id,
                now=now,
            )
        return exchange_broker.get_exchange(session, exchange_id=exchange_id)
    exchange = exchange_broker.get_exchange(session, exchange_id=exchange_id)
    if exchange.state.is_final:
        return exchange
    economy = economy_broker.get_economy(session, economy_id=exchange.from_economy_id)

    def still_pending(_locked: Mapping[int, Account]) -> None:
        if exchange_broker.lock_exchange(session, exchange_id=exchange_id).state.is_final:
            raise _Settled

    store = EconomyStore(
        session, economy.id, principal=Actor(exchange.actor_id), now=now, detail="exchange_reversed"
    )
    mint = Leg(economy.issuance_account_id, exchange.from_account_id, exchange.amount_in, _MINT)
    (refund,) = move(store, [mint], check=still_pending).entries
    exchange_broker.finish_exchange(
        session,
        exchange_id=exchange_id,
        state=ExchangeState.REVERSED,
        refund_entry_id=refund.id,
        failure=failure,
        now=now,
    )
    return exchange_broker.get_exchange(session, exchange_id=exchange_id)


def _drive(uow: UnitOfWork, exchange_id: ExchangeId, clock: Clock) -> Exchange:
    """Run steps 2 and 3 of an exchange (again); return it as it ends up."""
    exchange = uow.read(partial(exchange_broker.get_exchange, exchange_id=exchange_id))
    if exchange.state.is_final:
        return exchange
    decision = uow.run(partial(_credit, exchange=exchange, now=clock.now()))
    try:
        return uow.run(
            partial(_settle, exchange_id=exchange_id, decision=decision, now=clock.now())
        )
    except _Settled:
        return uow.read(partial(exchange_broker.get_exchange, exchange_id=exchange_id))


def _outcome(exchange: Exchange) -> Exchange:
    if exchange.state is ExchangeState.REVERSED:
        raise ExchangeReversed(exchange_id=exchange.id, reason=exchange.failure or "")
    return exchange


def exchange(
    uow: UnitOfWork,
    principal: Principal,
    *,
    from_account_id: AccountId,
    to_account_id: AccountId,
    amount: int,
    idempotency_key: str,
    clock: Clock = SYSTEM_CLOCK,
) -> Exchange:
    """Exchange ``amount`` from an account into the same owner's account in another currency of
    the group, at the rate set for that direction, rounded down (the fraction is the house's).

    Needs ``TRANSFER_FUNDS`` on the source account and ``LOGIN_AS_ACCOUNT`` on the target
    account (an API key, confined to its economy, cannot). Returns the ``COMPLETED`` exchange.
    Refuses, changing nothing, with ``AmountOutOfRange``, ``ExchangeTooSmall``, ``NotFound``,
    ``AccountClosed``, ``IssuanceAccountForbidden``, ``ExchangeAccountMismatch``,
    ``NotInSameGroup``, ``NotFound``, ``LacksPermission``, ``InsufficientBalance``,
    ``BalanceOutOfRange``, ``IdempotencyKeyConflict``. Should the target side refuse
    after the burn (the target closed meanwhile), the amount is given back and
    ``ExchangeReversed`` raised. A replayed key answers with the first exchange (completing it
    first if it was left half-done).
    """
    check_amount(amount)

    def replayed() -> ExchangeId | None:
        data = uow.read(lambda session: stored_data(session, key=idempotency_key, op=OPERATION))
        return None if data is None else ExchangeId(data["exchange"])

    try:
        plan = uow.read(
            partial(
                _precheck,
                principal=principal,
                from_account_id=from_account_id,
                to_account_id=to_account_id,
                amount=amount,
            )
        )
    except DomainError:
        earlier = replayed()
        if earlier is None:
            raise
        return _outcome(_drive(uow, earlier, clock))
    exchange_id = run_once(
        uow,
        key=idempotency_key,
        op=OPERATION,
        act=partial(
            _burn,
            principal=principal,
            from_account_id=from_account_id,
            to_account_id=to_account_id,
            amount=amount,
            plan=plan,
            now=clock.now(),
        ),
        replay=lambda _session, data: ExchangeId(data["exchange"]),
    )
    return _outcome(_drive(uow, exchange_id, clock))


@dataclass(frozen=True, slots=True)
class RecoveryReport:
    """What one recovery run did: exchanges completed, reversed, and ``stuck`` ones (their
    refund was refused, e.g. the source economy was deleted meanwhile; they stay ``PENDING``)."""

    completed: int = 0
    reversed: int = 0
    stuck: tuple[ExchangeId, ...] = ()


def recover_exchanges(
    uow: UnitOfWork,
    *,
    clock: Clock = SYSTEM_CLOCK,
    older_than: timedelta = RECOVERY_GRACE,
) -> RecoveryReport:
    """Finish every ``PENDING`` exchange created more than ``older_than`` ago: credit it, or
    void it and give the amount back. Safe to run at any time, twice, or concurrently with the
    exchanges themselves."""
    before = clock.now() - older_than
    completed = reversed_ = 0
    stuck: list[ExchangeId] = []
    seen: set[ExchangeId] = set()
    while True:
        batch = [
            e
            for e in uow.read(
                partial(exchange_broker.list_pending_ids, before=before, limit=RECOVERY_BATCH)
            )
            if e not in seen
        ]
        if not batch:
            return RecoveryReport(completed=completed, reversed=reversed_, stuck=tuple(stuck))
        for exchange_id in batch:
            seen.add(exchange_id)
            try:
                done = _drive(uow, exchange_id, clock)
            except DomainError:
                stuck.append(exchange_id)
                continue
            if done.state is ExchangeState.COMPLETED:
                completed += 1
            elif done.state is ExchangeState.REVERSED:
                reversed_ += 1


def get_exchange(uow: UnitOfWork, principal: Principal, *, exchange_id: ExchangeId) -> Exchange:
    """An exchange. Needs ``VIEW_BALANCE`` on its source account."""

    fetch = partial(exchange_broker.get_exchange, exchange_id=exchange_id)
    return viewable_record(uow, principal, fetch, lambda found: found.from_account_id)


def list_exchanges(
    uow: UnitOfWork, principal: Principal, *, account_id: AccountId, limit: int = 50
) -> list[Exchange]:
    """The exchanges from or to an account, newest first. Needs ``VIEW_BALANCE`` on it."""

    read = partial(exchange_broker.list_exchanges, account_id=account_id, limit=limit)
    return read_viewable(uow, principal, account_id, read)


__all__ = [
    "OPERATION",
    "RECOVERY_BATCH",
    "RECOVERY_GRACE",
    "RecoveryReport",
    "exchange",
    "get_exchange",
    "list_exchanges",
    "quote_exchange",
    "recover_exchanges",
]
