"""The cash box: deposits, withdrawals, waiting deposits and counts, through the one engine.

The cash box is the ``users`` row with ``tid`` -1 (:mod:`communitybot.core.cash`), made by the
first cash command. A deposit moves money from the cash box to the member (``deposit: ...``), a
withdrawal from the member to the cash box (``withdraw: ...``); the box's balance is the cash it
should hold, negated. A member's own deposit waits for a treasurer (``cash_deposits``) unless
``rules.cash_self_service``; a treasurer (``MANAGE_CASH``) records directly, for anyone. A count
writes the difference between the cash box and the community user (``cashbox: ...``).

Every command is one transaction under its idempotency key; notices to the member a treasurer
acted for (and to the treasurers, of a deposit that waits for them) are owed in the key's data
until the adapter records their delivery (:mod:`~communitybot.services.community.notices`, kind
``deposit``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Required, TypedDict, Unpack

from sqlalchemy.orm import Session

from communitybot.core.cash import (
    CashBoxView,
    CashReceipt,
    CountReceipt,
    DepositDecision,
    DepositStatus,
    cash_held,
    count_reason,
)
from communitybot.core.clock import Clock, SystemClock
from communitybot.core.community import TransactionKind, UserInfo, make_reason
from communitybot.core.community_rules import check_amount
from communitybot.core.community_standing import Action
from communitybot.core.errors import CashBoxShort, DepositNotPending, DomainError, InvalidAmount
from communitybot.core.ids import TelegramId, TransactionId, UserId
from communitybot.core.ledger import Leg
from communitybot.core.notices import Notice, NoticeKind
from communitybot.core.rules import CommunityRules
from communitybot.db.brokers import cash as cash_broker
from communitybot.db.brokers import transactions as journal
from communitybot.db.brokers import users as user_broker
from communitybot.db.stores import CommunityStore
from communitybot.db.uow import UnitOfWork
from communitybot.services.community._common import (
    UserRef,
    journal_claim,
    resolve_user_id,
    run_once,
)
from communitybot.services.community.notices import (
    deposit_notices,
    owed,
    still_owed,
    waiting_notices,
)
from communitybot.services.community.standing import check_member, treasurers
from communitybot.services.ledger import move

_SYSTEM_CLOCK = SystemClock()


@dataclass(frozen=True, slots=True)
class _Parties:
    """Who acts, for whom, and whether it is booked at once."""

    actor: UserInfo
    member: UserInfo
    direct: bool
    treasurer: bool


def _parties(
    session: Session,
    rules: CommunityRules,
    *,
    tid: TelegramId,
    member: UserRef | None,
    action: Action,
) -> _Parties:
    """The actor and the member; a treasurer books at once, for anyone; a member only for
    themselves (``action``), a deposit booked at once only under ``cash_self_service``."""
    actor = user_broker.get_user_by_tid(session, tid=tid)
    if member is not None:
        target = user_broker.get_user(session, user_id=resolve_user_id(session, member))
        if target.id != actor.id:
            check_member(session, actor, Action.MANAGE_CASH)
            return _Parties(actor=actor, member=target, direct=True, treasurer=True)
    check_member(session, actor, action)
    treasurer = _may(session, actor, Action.MANAGE_CASH)
    direct = action is Action.WITHDRAW or treasurer or rules.cash_self_service
    return _Parties(actor=actor, member=actor, direct=direct, treasurer=treasurer)


def _may(session: Session, user: UserInfo, action: Action) -> bool:
    try:
        check_member(session, user, action)
    except DomainError:
        return False
    return True


def _book(
    session: Session,
    rules: CommunityRules,
    *,
    member: UserInfo,
    amount: int,
    kind: TransactionKind,
    reason: str | None,
) -> tuple[TransactionId, int, int]:
    """Move a deposit or withdrawal through the engine; the journal row, the member's balance
    and the cash held afterwards."""
    box = cash_broker.ensure_cash_box(session)
    legs = (
        [Leg(box, member.id, amount, make_reason(kind, reason))]
        if kind is TransactionKind.DEPOSIT
        else [Leg(member.id, box, amount, make_reason(kind, reason))]
    )

    def fits(locked: Mapping[int, UserInfo]) -> None:
        check_member(session, locked[member.id], Action.RECEIVE)
        held = cash_held(locked[box].balance)
        if kind is TransactionKind.WITHDRAW and amount > held:
            raise CashBoxShort(cash=held, amount=amount)

    moved = move(CommunityStore(session, rules), legs, check=fits)
    [transaction_id] = moved.entries
    delta = amount if kind is TransactionKind.DEPOSIT else -amount
    cash = cash_held(moved.rows[box].balance - delta)
    return TransactionId(transaction_id), moved.rows[member.id].balance + delta, cash


def _claim(
    transaction_id: int | None, member: int, box: int, amount: int, kind: TransactionKind
) -> dict[str, Any]:
    if kind is TransactionKind.DEPOSIT:
        return journal_claim(transaction_id, sender=box, receiver=member, amount=amount)
    return journal_claim(transaction_id, sender=member, receiver=box, amount=amount)


class CashCommand(TypedDict, total=False):
    """What :func:`deposit` and :func:`withdraw` are told: the acting member's Telegram id
    ``tid``, ``amount`` cents, an optional ``reason``, the command's idempotency ``key``, the
    ``member`` a treasurer acts for (the actor when missing), and the ``clock``."""

    tid: Required[TelegramId]
    amount: Required[int]
    reason: str | None
    key: Required[str]
    member: UserRef | None
    clock: Clock


def _cash_command(
    uow: UnitOfWork,
    rules: CommunityRules,
    kind: TransactionKind,
    *,
    tid: TelegramId,
    amount: int,
    reason: str | None = None,
    key: str,
    member: UserRef | None = None,
    clock: Clock = _SYSTEM_CLOCK,
) -> CashReceipt:
    check_amount(amount)
    action = Action.DEPOSIT if kind is TransactionKind.DEPOSIT else Action.WITHDRAW
    text = (reason or "").strip() or None

    def act(session: Session) -> tuple[CashReceipt, dict[str, Any]]:
        parties = _parties(session, rules, tid=tid, member=member, action=action)
        if not parties.treasurer:
            check_amount(amount, maximum=rules.max_amount)
        who = parties.member
        notify = who.id != parties.actor.id
        if not parties.direct:
            check_member(session, who, Action.RECEIVE)
            deposit_id = cash_broker.insert_deposit(
                session,
                user_id=who.id,
                amount=amount,
                reason=text,
                status=DepositStatus.PENDING,
                now=clock.now(),
            )
            waiting = waiting_notices(
                session, treasurers(session), member=who, deposit_id=deposit_id, amount=amount
            )
            receipt = CashReceipt(
                user=who.summary,
                amount=amount,
                kind=kind,
                transaction_id=None,
                deposit=cash_broker.get_deposit(session, deposit_id=deposit_id),
                balance=who.balance,
                cash=cash_held(cash_broker.cash_box_balance(session)),
                replayed=False,
                notices=tuple(waiting),
            )
            data = {"tx": None, "deposit": deposit_id, "kind": kind.value}
            return receipt, {**data, **owed(waiting, NoticeKind.DEPOSIT)}
        transaction_id, balance, cash = _book(
            session, rules, member=who, amount=amount, kind=kind, reason=text
        )
        if kind is TransactionKind.DEPOSIT:
            cash_broker.insert_deposit(
                session,
                user_id=who.id,
                amount=amount,
                reason=text,
                status=DepositStatus.CONFIRMED,
                now=clock.now(),
                decided_by=parties.actor.id,
                transaction_id=transaction_id,
            )
        notices = (
            deposit_notices(
                session,
                event=kind.value,
                member=replace(who, balance=balance),
                amount=amount,
                actor=parties.actor,
            )
            if notify
            else []
        )
        receipt = CashReceipt(
            user=who.summary,
            amount=amount,
            kind=kind,
            transaction_id=transaction_id,
            deposit=None,
            balance=balance,
            cash=cash,
            replayed=False,
            for_member=notify,
            notices=tuple(notices),
        )
        box = cash_broker.ensure_cash_box(session)
        data = {
            **_claim(transaction_id, who.id, box, amount, kind),
            "kind": kind.value,
            "actor": parties.actor.id,
            **owed(notices, NoticeKind.DEPOSIT),
        }
        return receipt, data

    def replay(session: Session, data: dict[str, Any]) -> CashReceipt:
        actor_id = data.get("actor")
        notices: list[Notice] = []
        if data.get("deposit") is not None:
            deposit = cash_broker.get_deposit(session, deposit_id=data["deposit"])
            user = user_broker.get_user(session, user_id=deposit.user.id)
            tx = None
            if still_owed(data):
                notices = waiting_notices(
                    session, treasurers(session), member=user, deposit_id=deposit.id, amount=amount
                )
        else:
            row = journal.get_transaction(session, transaction_id=data["tx"])
            deposit = None
            user = user_broker.get_user(
                session, user_id=row.receiver if kind is TransactionKind.DEPOSIT else row.sender
            )
            tx = row.id
            if still_owed(data) and actor_id is not None:
                actor = user_broker.get_user(session, user_id=actor_id)
                notices = deposit_notices(
                    session, event=kind.value, member=user, amount=amount, actor=actor
                )
        return CashReceipt(
            user=user.summary,
            amount=amount,
            kind=kind,
            transaction_id=tx,
            deposit=deposit,
            balance=user.balance,
            cash=cash_held(cash_broker.cash_box_balance(session)),
            replayed=True,
            for_member=actor_id is not None and actor_id != user.id,
            notices=tuple(notices),
        )

    return run_once(uow, key=key, op=f"cash.{kind.value}", act=act, replay=replay)


def deposit(uow: UnitOfWork, rules: CommunityRules, **command: Unpack[CashCommand]) -> CashReceipt:
    """Record ``amount`` cents of cash put into the box, by the member with Telegram id ``tid``
    (or, by a treasurer, for ``member``).

    A treasurer's deposit (``MANAGE_CASH``), or any under ``rules.cash_self_service``, is booked
    at once: the cash box pays the member (reason ``deposit: <reason>``). Otherwise it waits in
    ``cash_deposits`` for a treasurer (:func:`decide_deposit`) and no money moves. Raises
    ``AmountOutOfRange`` (1 to ``rules.max_amount``; a treasurer's only within the balance
    column), ``UnknownUser``, what ``check_member``
    raises (``DEPOSIT``; ``MANAGE_CASH`` for someone else; ``RECEIVE`` of the member),
    ``BalanceOutOfRange``, ``IdempotencyKeyConflict``.
    """
    return _cash_command(uow, rules, TransactionKind.DEPOSIT, **command)


def withdraw(uow: UnitOfWork, rules: CommunityRules, **command: Unpack[CashCommand]) -> CashReceipt:
    """Record ``amount`` cents of cash taken out of the box: the member pays the cash box
    (reason ``withdraw: <reason>``), at once, within the member's debt limit.

    Raises ``AmountOutOfRange``, ``UnknownUser``, what ``check_member`` raises (``WITHDRAW``;
    ``MANAGE_CASH`` for someone else), ``CashBoxShort`` (the box should not hold that much),
    ``InsufficientBalance``, ``BalanceOutOfRange``, ``IdempotencyKeyConflict``.
    """
    return _cash_command(uow, rules, TransactionKind.WITHDRAW, **command)


def decide_deposit(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    tid: TelegramId,
    deposit_id: int,
    confirm: bool,
    key: str,
    clock: Clock = _SYSTEM_CLOCK,
) -> DepositDecision:
    """A treasurer confirms (books) or rejects the waiting deposit ``deposit_id``.

    Raises ``UnknownUser``, what ``check_member`` raises for ``MANAGE_CASH``, ``NotFound``
    (kind ``deposit``), ``DepositNotPending``, the engine's refusals, ``IdempotencyKeyConflict``.
    """

    def act(session: Session) -> tuple[DepositDecision, dict[str, Any]]:
        actor = user_broker.get_user_by_tid(session, tid=tid)
        check_member(session, actor, Action.MANAGE_CASH)
        waiting = cash_broker.lock_deposit(session, deposit_id=deposit_id)
        if waiting.status is not DepositStatus.PENDING:
            raise DepositNotPending(deposit_id=deposit_id, status=waiting.status.value)
        member = user_broker.get_user(session, user_id=waiting.user.id)
        transaction_id: TransactionId | None = None
        balance = member.balance
        cash = cash_held(cash_broker.cash_box_balance(session))
        if confirm:
            transaction_id, balance, cash = _book(
                session,
                rules,
                member=member,
                amount=waiting.amount,
                kind=TransactionKind.DEPOSIT,
                reason=waiting.reason,
            )
        cash_broker.decide_deposit(
            session,
            deposit_id=deposit_id,
            status=DepositStatus.CONFIRMED if confirm else DepositStatus.REJECTED,
            decided_by=actor.id,
            transaction_id=transaction_id,
            now=clock.now(),
        )
        notices = deposit_notices(
            session,
            event="confirmed" if confirm else "rejected",
            member=replace(member, balance=balance),
            amount=waiting.amount,
            deposit_id=deposit_id,
        )
        decision = DepositDecision(
            deposit=cash_broker.get_deposit(session, deposit_id=deposit_id),
            balance=balance,
            cash=cash,
            replayed=False,
            notices=tuple(notices),
        )
        box = cash_broker.ensure_cash_box(session) if confirm else 0
        claim = (
            _claim(transaction_id, member.id, box, waiting.amount, TransactionKind.DEPOSIT)
            if confirm
            else {"tx": None}
        )
        return decision, {**claim, "deposit": deposit_id, **owed(notices, NoticeKind.DEPOSIT)}

    def replay(session: Session, data: dict[str, Any]) -> DepositDecision:
        decided = cash_broker.get_deposit(session, deposit_id=data["deposit"])
        member = user_broker.get_user(session, user_id=decided.user.id)
        notices = (
            deposit_notices(
                session,
                event=decided.status.value,
                member=member,
                amount=decided.amount,
                deposit_id=decided.id,
            )
            if still_owed(data)
            else []
        )
        return DepositDecision(
            deposit=decided,
            balance=member.balance,
            cash=cash_held(cash_broker.cash_box_balance(session)),
            replayed=True,
            notices=tuple(notices),
        )

    return run_once(uow, key=key, op="cash.decide", act=act, replay=replay)


def cash_box(uow: UnitOfWork, *, tid: TelegramId | None = None) -> CashBoxView:
    """What the cash box should hold, and for a treasurer (``tid`` ``None``: the administrator)
    the deposits waiting for one. Raises ``UnknownUser``."""

    def read(session: Session) -> CashBoxView:
        treasurer = tid is None or _may(
            session, user_broker.get_user_by_tid(session, tid=tid), Action.MANAGE_CASH
        )
        pending = cash_broker.list_pending_deposits(session) if treasurer else []
        return CashBoxView(
            cash=cash_held(cash_broker.cash_box_balance(session)),
            pending=tuple(pending),
            treasurer=treasurer,
        )

    return uow.read(read)


def count_cash_box(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    tid: TelegramId | None,
    counted: int,
    note: str | None = None,
    key: str,
) -> CountReceipt:
    """Record that the box holds ``counted`` cents: the difference to what it should hold is
    one journal row between the cash box and the community user (``cashbox: counted ...,
    expected ...: <note>``); none when they agree. ``tid`` ``None``: the administrator.

    Raises ``InvalidAmount`` (a negative count), ``UnknownUser``, what ``check_member`` raises
    for ``MANAGE_CASH``, ``BalanceOutOfRange``, ``ConfigurationError`` (no community user),
    ``IdempotencyKeyConflict``.
    """
    if counted < 0:
        raise InvalidAmount(text=str(counted), reason="negative")

    def act(session: Session) -> tuple[CountReceipt, dict[str, Any]]:
        if tid is not None:
            check_member(session, user_broker.get_user_by_tid(session, tid=tid), Action.MANAGE_CASH)
        box = cash_broker.ensure_cash_box(session)
        community = user_broker.get_community_user_id(session)
        locked = user_broker.lock_users(session, user_ids=[box, community])
        expected = cash_held(locked[box].balance)
        difference = counted - expected
        transaction_id: TransactionId | None = None
        claim: dict[str, Any] = {"tx": None}
        if difference:
            reason = count_reason(counted=counted, expected=expected, note=note)
            # more cash than expected: the box "pays" the community; less: the community pays
            source, target = (box, community) if difference > 0 else (community, box)
            moved = move(
                CommunityStore(session, rules), [Leg(source, target, abs(difference), reason)]
            )
            [transaction_id] = moved.entries
            claim = journal_claim(
                transaction_id, sender=source, receiver=target, amount=abs(difference)
            )
        receipt = CountReceipt(
            counted=counted,
            expected=expected,
            difference=difference,
            transaction_id=transaction_id,
            replayed=False,
        )
        return receipt, {**claim, "counted": counted, "expected": expected}

    def replay(session: Session, data: dict[str, Any]) -> CountReceipt:
        return CountReceipt(
            counted=data["counted"],
            expected=data["expected"],
            difference=data["counted"] - data["expected"],
            transaction_id=data["tx"],
            replayed=True,
        )

    return run_once(uow, key=key, op="cash.count", act=act, replay=replay)


def find_cash_box(uow: UnitOfWork) -> UserId | None:
    """The cash box's user id, ``None`` before the first cash command."""
    return uow.read(cash_broker.find_cash_box_id)


__all__ = [
    "CashCommand",
    "cash_box",
    "count_cash_box",
    "decide_deposit",
    "deposit",
    "find_cash_box",
    "withdraw",
]
