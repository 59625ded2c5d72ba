"""Membership fees on the community, through the core's recurring engine and the money engine.

:func:`create_fee` sets a fee up (a treasurer's, ``MANAGE_FEES``); :func:`run_due_fees` charges
every instalment due by the clock, catching up missed ones on the original grid
(:func:`~communitybot.core.economy.due_at`), one short transaction per fee instalment: the fee row
locked, every payer locked in ascending id order with the community user, each payer that its
debt limit lets pay charged (one ``fee: ...`` journal row each, through
:func:`~communitybot.services.ledger.move`), each one that cannot recorded as failed with the
reason. Every charge is one ``community_fee_charges`` row (its primary key: once per member and
instalment), so runs twice or at once charge once. The members are told after the commit
(:func:`fee_notices`, :func:`fee_notice_delivered`: notice kind ``fee``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy.orm import Session

from communitybot.core.clock import Clock, SystemClock
from communitybot.core.community_rules import balance_limits, check_amount
from communitybot.core.community_standing import Action
from communitybot.core.economy import due_at, is_finished, validate_schedule
from communitybot.core.errors import DomainError
from communitybot.core.fees import MONTH_DAYS, Fee, FeeNotice, FeeRun, FeeStatus, fee_reason
from communitybot.core.ids import TelegramId, UserId
from communitybot.core.ledger import Leg, balance_problem
from communitybot.core.notices import Notice, NoticeKind
from communitybot.core.rules import CommunityRules
from communitybot.db.brokers import fees as fee_broker
from communitybot.db.brokers import standing as standing_broker
from communitybot.db.brokers import users as user_broker
from communitybot.db.stores import CommunityStore
from communitybot.db.uow import UnitOfWork
from communitybot.services.community._common import UserRef, resolve_user_id, run_once
from communitybot.services.community.notices import wanted
from communitybot.services.community.standing import check_actor, log_change
from communitybot.services.ledger import move

_SYSTEM_CLOCK = SystemClock()
_TEXT_MAX = 200


def create_fee(
    uow: UnitOfWork,
    *,
    tid: TelegramId | None,
    amount: int,
    description: str,
    interval_days: int = MONTH_DAYS,
    total: int | None = None,
    user: UserRef | None = None,
    role: str | None = None,
    key: str,
    clock: Clock = _SYSTEM_CLOCK,
) -> Fee:
    """Charge ``amount`` every ``interval_days`` (``total`` times, or until stopped) to
    ``user``, to the holders of ``role``, or (neither) to every active internal member; the
    first instalment is due one interval from now. Idempotent under ``key``.

    Raises ``AmountOutOfRange``, ``InvalidSchedule``, ``UnknownUser``, ``NotFound`` (no such
    role), what ``check_actor`` raises for ``MANAGE_FEES``, ``IdempotencyKeyConflict``.
    """
    check_amount(amount)
    validate_schedule(interval_days=interval_days, total=total)
    text = " ".join(description.split())[:_TEXT_MAX]

    def act(session: Session) -> tuple[Fee, dict[str, Any]]:
        actor = check_actor(session, tid, Action.MANAGE_FEES)
        user_id = (
            None
            if user is None
            else user_broker.get_user(session, user_id=resolve_user_id(session, user)).id
        )
        role_id = None if role is None else standing_broker.get_role(session, name=role).id
        anchor = clock.now()
        fee_id = fee_broker.insert_fee(
            session,
            amount=amount,
            interval_days=interval_days,
            total=total,
            user_id=user_id,
            role_id=role_id,
            description=text,
            creator_id=actor,
            anchor_at=anchor,
            next_due_at=due_at(anchor, interval_days=interval_days, index=1),
        )
        log_change(
            session,
            actor_id=actor,
            change="create_fee",
            subject=f"fee:{fee_id}",
            detail=f"{amount} {text}"[:255],
            after={
                "amount": amount,
                "description": text,
                "interval_days": interval_days,
                "total": total,
                "user_id": user_id,
                "role_id": role_id,
            },
        )
        return fee_broker.get_fee(session, fee_id=fee_id), {"tx": None, "fee": fee_id}

    def replay(session: Session, data: dict[str, Any]) -> Fee:
        return fee_broker.get_fee(session, fee_id=data["fee"])

    return run_once(uow, key=key, op="fee.create", act=act, replay=replay)


def cancel_fee(uow: UnitOfWork, *, tid: TelegramId | None, fee_id: int) -> Fee:
    """Stop fee ``fee_id`` (charges made stay). Raises ``NotFound``, what ``check_actor``
    raises for ``MANAGE_FEES``."""

    def work(session: Session) -> Fee:
        actor = check_actor(session, tid, Action.MANAGE_FEES)
        fee = fee_broker.get_fee(session, fee_id=fee_id, lock=True)
        if fee.status is FeeStatus.ACTIVE:
            fee_broker.set_status(session, fee_id=fee_id, status=FeeStatus.CANCELLED)
            log_change(
                session,
                actor_id=actor,
                change="cancel_fee",
                subject=f"fee:{fee_id}",
                before={"status": FeeStatus.ACTIVE.value},
                after={"status": FeeStatus.CANCELLED.value},
            )
        return fee_broker.get_fee(session, fee_id=fee_id)

    return uow.run(work)


def list_fees(uow: UnitOfWork) -> tuple[Fee, ...]:
    """Every active fee, by id."""
    return tuple(uow.read(fee_broker.list_fees))


def run_due_fees(uow: UnitOfWork, rules: CommunityRules, *, clock: Clock = _SYSTEM_CLOCK) -> FeeRun:
    """Charge every fee instalment due by ``clock.now()``, one transaction per instalment.

    Run by the bot itself on a timer (and by anyone: a second run at once charges nothing twice).
    """
    now = clock.now()
    run = FeeRun()
    for fee_id in uow.read(lambda session: fee_broker.list_due_ids(session, now=now)):
        while True:
            step = uow.run(partial(_next_instalment, rules=rules, fee_id=fee_id, now=now))
            if step is None:
                break
            run = FeeRun(
                instalments=run.instalments + 1,
                paid=run.paid + step.paid,
                failed=run.failed + step.failed,
            )
    return run


def _next_instalment(
    session: Session, *, rules: CommunityRules, fee_id: int, now: datetime
) -> FeeRun | None:
    """Charge the next due instalment of one fee; ``None`` when none is due."""
    fee = fee_broker.get_fee(session, fee_id=fee_id, lock=True)
    index = fee.processed + 1
    when = due_at(fee.anchor_at, interval_days=fee.interval_days, index=index)
    if fee.status is not FeeStatus.ACTIVE or when > now:
        return None
    payers = fee_broker.payers(session, fee=fee, role_id=fee_broker.role_id_of(fee.id, session))
    community = user_broker.get_community_user_id(session)
    locked = user_broker.lock_users(session, user_ids=[*payers, community])
    failures: dict[UserId, str] = {}
    for payer in payers:
        row = locked[payer]
        problem = balance_problem(payer, row.balance, -fee.amount, balance_limits(row, rules))
        if problem is not None:
            failures[payer] = type(problem).__name__
    paying = [p for p in payers if p not in failures]
    reason = fee_reason(fee.description, instalment=index, total=fee.total)
    entries: dict[UserId, int] = {}
    try:
        with session.begin_nested():
            moved = move(
                CommunityStore(session, rules),
                [Leg(p, community, fee.amount, reason) for p in paying],
            )
        entries = dict(zip(paying, (int(e) for e in moved.entries), strict=True))
    except DomainError as error:  # the community's balance cannot take it all
        failures.update({p: type(error).__name__ for p in paying})
    for payer in payers:
        fee_broker.record_charge(
            session,
            fee_id=fee.id,
            instalment=index,
            user_id=payer,
            transaction_id=entries.get(payer),
            failure=failures.get(payer),
            due_at=when,
            now=now,
        )
    fee_broker.advance(
        session,
        fee_id=fee.id,
        processed=index,
        next_due_at=due_at(fee.anchor_at, interval_days=fee.interval_days, index=index + 1),
        finished=is_finished(total=fee.total, processed=index),
    )
    return FeeRun(instalments=1, paid=len(entries), failed=len(failures))


def fee_notices(uow: UnitOfWork, *, limit: int = 200) -> tuple[FeeNotice, ...]:
    """The fee charges whose member has not been told yet (paid or failed), oldest first, each
    with its :class:`~communitybot.core.notices.Notice` (kind ``fee``). A charge whose member
    turned fee notices off, or has no Telegram id, is recorded as told at once and not
    returned."""

    def work(session: Session) -> tuple[FeeNotice, ...]:
        pending = fee_broker.list_unnotified(session, limit=limit)
        people = user_broker.get_many(session, user_ids=[p.user_id for p in pending])
        built = {
            (p.fee_id, p.instalment, p.user_id): Notice(
                kind=NoticeKind.FEE,
                event="paid" if p.failure is None else "failed",
                recipient=people[p.user_id].summary,
                tid=None if p.tid is None else TelegramId(p.tid),
                amount=p.amount,
                balance=p.balance,
                subject=p.description,
            )
            for p in pending
            if p.user_id in people
        }
        told = set(wanted(session, built.values()))
        owed: list[FeeNotice] = []
        for p in pending:
            notice = built.get((p.fee_id, p.instalment, p.user_id))
            if notice in told:
                owed.append(replace(p, notice=notice))
            else:
                fee_broker.mark_notified(
                    session, fee_id=p.fee_id, instalment=p.instalment, user_id=p.user_id
                )
        return tuple(owed)

    return uow.run(work)


def fee_notice_delivered(uow: UnitOfWork, *, fee_id: int, instalment: int, user_id: int) -> bool:
    """Record that the member was told of a charge (or cannot be told); ``False`` when it was
    recorded already."""
    return uow.run_statement(
        lambda db: fee_broker.mark_notified(
            db, fee_id=fee_id, instalment=instalment, user_id=user_id
        )
    )


__all__ = [
    "cancel_fee",
    "create_fee",
    "fee_notice_delivered",
    "fee_notices",
    "list_fees",
    "run_due_fees",
]
