"""Recurring transfers and the tick that pays them.

Instalment ``n`` is due ``n`` intervals after the transfer was set up; :func:`tick` pays every due
instalment, each in its own short transaction, catching up missed ones on the original grid.
Each payment re-checks funds and the creator's permission at that moment. A refused payment is
recorded as failed (not retried) and its creator is notified through the outbox. Each
instalment is recorded once under the (transfer, instalment) key while the transfer's row is
locked, so ticks running twice, or at once, pay once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from communitybot.core.clock import Clock
from communitybot.core.economy import (
    Actor,
    KeyActor,
    NotificationKind,
    Permission,
    Principal,
    RecurringPayment,
    RecurringStatus,
    RecurringTransfer,
    check_amount,
    derive_transaction_type,
    due_at,
    is_finished,
    validate_schedule,
)
from communitybot.core.errors import (
    ApiKeyUnusable,
    DomainError,
    IssuanceAccountForbidden,
    SelfTransfer,
)
from communitybot.core.ids import AccountId, MemberId, RecurringTransferId
from communitybot.db.brokers.economy import accounts as account_broker
from communitybot.db.brokers.economy import economies as economy_broker
from communitybot.db.brokers.economy import keys as key_broker
from communitybot.db.brokers.economy import notifications as outbox
from communitybot.db.brokers.economy import recurring as recurring_broker
from communitybot.db.idempotency import run_once
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy._common import (
    SYSTEM_CLOCK,
    authorize,
    authorized_account,
    open_account,
    read_viewable,
    roles_of,
    roles_text,
    same_economy,
)
from communitybot.services.economy.transfers import execute_transfer

TICK_BATCH = 1000
"""Recurring transfers looked at per round of a tick."""


def create_recurring_transfer(
    uow: UnitOfWork,
    principal: Principal,
    *,
    from_account_id: AccountId,
    to_account_id: AccountId,
    amount: int,
    interval_days: int,
    total: int | None = None,
    idempotency_key: str,
    clock: Clock = SYSTEM_CLOCK,
) -> RecurringTransfer:
    """Pay ``amount`` every ``interval_days`` days, ``total`` times (``None``: until cancelled).

    The first instalment is due one interval from now. The transaction type follows from the
    accounts, as for one-off transfers. Needs ``CREATE_RECURRING_TRANSFERS`` on the paying
    account now, and ``TRANSFER_FUNDS`` there at each payment. A replayed ``idempotency_key``
    returns the standing order the first call created and creates no second one.
    """
    check_amount(amount)
    validate_schedule(interval_days=interval_days, total=total)
    if from_account_id == to_account_id:
        raise SelfTransfer(account_id=from_account_id)

    def replay(session: Session, data: dict[str, Any]) -> RecurringTransfer:
        return recurring_broker.get_recurring(
            session, recurring_id=RecurringTransferId(data["recurring"])
        )

    def act(session: Session) -> tuple[RecurringTransfer, dict[str, Any]]:
        payer = open_account(account_broker.get_account(session, account_id=from_account_id))
        payee = open_account(account_broker.get_account(session, account_id=to_account_id))
        economy_broker.get_economy(session, economy_id=payer.economy_id)
        same_economy(payer.economy_id, payee.economy_id)
        for account in (payer, payee):
            if account.is_issuance:
                raise IssuanceAccountForbidden(account_id=account.id)
        authorize(session, principal, Permission.CREATE_RECURRING_TRANSFERS, account=payer)
        anchor = clock.now()
        creator = principal.issuer if isinstance(principal, KeyActor) else principal
        recurring_id = recurring_broker.insert_recurring(
            session,
            economy_id=payer.economy_id,
            from_account_id=payer.id,
            to_account_id=payee.id,
            amount=amount,
            interval_days=interval_days,
            total=total,
            transaction_type=derive_transaction_type(payer.account_type, payee.account_type),
            creator_id=creator.user_id,
            creator_roles=roles_text(creator.role_ids),
            key_id=principal.key_id if isinstance(principal, KeyActor) else None,
            anchor_at=anchor,
            next_due_at=due_at(anchor, interval_days=interval_days, index=1),
        )
        created = recurring_broker.get_recurring(session, recurring_id=recurring_id)
        return created, {"recurring": created.id}

    return run_once(uow, key=idempotency_key, op="economy.create_recurring", act=act, replay=replay)


def cancel_recurring_transfer(
    uow: UnitOfWork, principal: Principal, *, recurring_id: RecurringTransferId
) -> RecurringTransfer:
    """Stop a recurring transfer. Its creator may; others need ``CREATE_RECURRING_TRANSFERS``
    on the paying account."""

    def run(session: Session) -> RecurringTransfer:
        recurring, _roles = recurring_broker.lock_recurring(session, recurring_id=recurring_id)
        if recurring.creator_id != principal.user_id or isinstance(principal, KeyActor):
            authorized_account(
                session, principal, Permission.CREATE_RECURRING_TRANSFERS, recurring.from_account_id
            )
        if recurring.status is RecurringStatus.ACTIVE:
            recurring_broker.set_status(
                session, recurring_id=recurring.id, status=RecurringStatus.CANCELLED
            )
        return recurring_broker.get_recurring(session, recurring_id=recurring.id)

    return uow.run(run)


def list_recurring_transfers(
    uow: UnitOfWork, principal: Principal, *, account_id: AccountId
) -> list[RecurringTransfer]:
    """Recurring transfers from or to an account. Needs ``VIEW_BALANCE`` on it."""

    read = partial(recurring_broker.list_for_account, account_id=account_id)
    return read_viewable(uow, principal, account_id, read)


def recurring_payments(
    uow: UnitOfWork, principal: Principal, *, recurring_id: RecurringTransferId
) -> list[RecurringPayment]:
    """The processed instalments of a recurring transfer. Needs ``VIEW_BALANCE`` on the payer."""

    def run(session: Session) -> list[RecurringPayment]:
        recurring = recurring_broker.get_recurring(session, recurring_id=recurring_id)
        authorized_account(session, principal, Permission.VIEW_BALANCE, recurring.from_account_id)
        return recurring_broker.list_instalments(session, recurring_id=recurring_id)

    return uow.read(run)


@dataclass(frozen=True, slots=True)
class TickReport:
    """What one tick did."""

    paid: int = 0
    failed: int = 0
    finished: int = 0

    def __add__(self, other: TickReport) -> TickReport:
        return TickReport(
            paid=self.paid + other.paid,
            failed=self.failed + other.failed,
            finished=self.finished + other.finished,
        )


def _creator(session: Session, recurring: RecurringTransfer, roles: str) -> Principal:
    """Who pays at tick time: the creator (with the roles recorded), or their key."""
    creator = Actor(MemberId(recurring.creator_id), roles_of(roles))
    if recurring.key_id is None:
        return creator
    key = key_broker.find_key(session, key_id=recurring.key_id)
    if key is None:
        raise ApiKeyUnusable(key_id=recurring.key_id, reason="deleted")
    return KeyActor(
        key_id=key.id,
        economy_id=key.economy_id,
        key_type=key.key_type,
        account_id=key.account_id,
        issuer=creator,
    )


def _process_next(
    session: Session, *, recurring_id: RecurringTransferId, now: datetime
) -> TickReport | None:
    """Process the next due instalment of one transfer; ``None`` when nothing is due."""
    recurring, roles = recurring_broker.lock_recurring(session, recurring_id=recurring_id)
    if recurring.status is not RecurringStatus.ACTIVE:
        return None
    index = recurring.processed + 1
    when = due_at(recurring.anchor_at, interval_days=recurring.interval_days, index=index)
    if when > now or is_finished(total=recurring.total, processed=recurring.processed):
        return None
    failure: DomainError | None = None
    journal_id = None
    try:
        with session.begin_nested():
            result = execute_transfer(
                session,
                _creator(session, recurring, roles),
                from_account_id=recurring.from_account_id,
                to_account_id=recurring.to_account_id,
                amount=recurring.amount,
                now=now,
                recurring_id=recurring.id,
            )
            journal_id = result.entry.id
    except DomainError as error:
        failure = error
    recurring_broker.record_instalment(
        session,
        recurring_id=recurring.id,
        instalment=index,
        journal_id=journal_id,
        failure=None if failure is None else type(failure).__name__,
        due_at=when,
        now=now,
    )
    finished = is_finished(total=recurring.total, processed=index)
    recurring_broker.advance(
        session,
        recurring_id=recurring.id,
        processed=index,
        paid=failure is None,
        next_due_at=due_at(
            recurring.anchor_at, interval_days=recurring.interval_days, index=index + 1
        ),
        finished=finished,
    )
    if failure is not None:
        outbox.enqueue(
            session,
            economy_id=recurring.economy_id,
            recipient_id=recurring.creator_id,
            kind=NotificationKind.RECURRING_FAILED,
            account_id=recurring.from_account_id,
            amount=recurring.amount,
            detail=f"instalment {index}: {failure}",
            now=now,
            recurring_id=recurring.id,
        )
    return TickReport(
        paid=int(failure is None), failed=int(failure is not None), finished=int(finished)
    )


def tick(uow: UnitOfWork, *, clock: Clock = SYSTEM_CLOCK) -> TickReport:
    """Pay every instalment due by ``clock.now()``, one short transaction per instalment.

    Triggered from outside (``communitybot economy tick``, a timer). Safe to run twice or
    concurrently: each instalment is processed once.
    """
    now = clock.now()
    report = TickReport()
    seen_empty: set[RecurringTransferId] = set()
    while True:
        due = [
            r
            for r in uow.read(lambda s: recurring_broker.list_due_ids(s, now=now, limit=TICK_BATCH))
            if r not in seen_empty
        ]
        if not due:
            return report
        for recurring_id in due:
            while True:
                step = uow.run(partial(_process_next, recurring_id=recurring_id, now=now))
                if step is None:
                    seen_empty.add(recurring_id)
                    break
                report += step


__all__ = [
    "TICK_BATCH",
    "TickReport",
    "cancel_recurring_transfer",
    "create_recurring_transfer",
    "list_recurring_transfers",
    "recurring_payments",
    "tick",
]
