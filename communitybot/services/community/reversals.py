"""Undo and reversal: a new journal row that moves a transaction's amount back and names it.

History is never edited: the reversal is an ordinary ``transactions`` row from the original's
receiver to its sender (reason ``reversal: #<id> <original reason>``, so it shows in ``/history``
of both parties), linked to the original in ``transaction_reversals`` (unique: a row is reversed
at most once, whichever key tries). It goes through the one money engine: the party paying back
keeps its debt limit, and a reversal that does not fit is refused with the engine's reason. A
reversed purchase gives its items back to the article (``uses`` down, the stock up).

A member undoes their own last transfer or purchase within ``rules.undo_window_seconds``
(:func:`undo_last`, action ``UNDO``); a treasurer reverses any row (:func:`reverse`, action
``REVERSE``). Both are idempotent under the command's key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from communitybot.core.cash import ReversalReceipt, cash_held, check_undo, reversal_reason
from communitybot.core.clock import Clock, SystemClock
from communitybot.core.community import JournalEntry, UserInfo
from communitybot.core.community_standing import Action
from communitybot.core.errors import AlreadyReversed, CashBoxShort, NothingToUndo, NotUndoable
from communitybot.core.ids import TelegramId, TransactionId
from communitybot.core.ledger import Leg
from communitybot.core.notices import Notice, NoticeKind
from communitybot.core.rules import CommunityRules
from communitybot.db.brokers import articles as article_broker
from communitybot.db.brokers import cash as cash_broker
from communitybot.db.brokers import history as history_broker
from communitybot.db.brokers import transactions as journal
from communitybot.db.brokers import users as user_broker
from communitybot.db.stores import CommunityStore
from communitybot.db.uow import UnitOfWork
from communitybot.services.community._common import journal_claim, run_once
from communitybot.services.community.notices import owed, reversal_notices, still_owed
from communitybot.services.community.standing import check_member
from communitybot.services.ledger import move

_UNDO = "undo"
_REVERSE = "reverse"


_SYSTEM_CLOCK = SystemClock()


def undo_last(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    tid: TelegramId,
    key: str,
    clock: Clock = _SYSTEM_CLOCK,
) -> ReversalReceipt:
    """Reverse the last row the member with Telegram id ``tid`` sent, if it is their own
    transfer or purchase and younger than ``rules.undo_window_seconds`` (database time).

    Raises ``UnknownUser``, what ``check_member`` raises for ``UNDO``, ``NothingToUndo``,
    ``NotUndoable``, ``UndoWindowClosed``, ``AlreadyReversed``, the engine's
    ``InsufficientBalance`` / ``BalanceOutOfRange`` (the receiver cannot pay it back),
    ``IdempotencyKeyConflict``.
    """
    window = timedelta(seconds=rules.undo_window_seconds)

    def act(session: Session) -> tuple[ReversalReceipt, dict[str, Any]]:
        actor = user_broker.get_user_by_tid(session, tid=tid)
        check_member(session, actor, Action.UNDO)
        original = cash_broker.find_last_sent(session, user_id=actor.id)
        if original is None:
            raise NothingToUndo(user_id=actor.id)
        check_undo(
            original, actor_id=actor.id, now=history_broker.database_now(session), window=window
        )
        return _reverse(session, rules, original, actor, now=clock.now())

    return run_once(uow, key=key, op=_UNDO, act=act, replay=_replayed)


def reverse(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    tid: TelegramId | None,
    transaction_id: int,
    key: str,
    clock: Clock = _SYSTEM_CLOCK,
) -> ReversalReceipt:
    """Reverse journal row ``transaction_id``: the treasurer's correction (``tid`` ``None``:
    the administrator at the command line).

    Raises ``UnknownUser``, what ``check_member`` raises for ``REVERSE``, ``NotFound`` (kind
    ``transaction``), ``NotUndoable`` (reason ``reversal``: it is a reversal itself),
    ``AlreadyReversed``, ``CashBoxShort`` (a deposit reversed takes more cash out of the box
    than it should hold), ``InsufficientBalance`` / ``BalanceOutOfRange``,
    ``IdempotencyKeyConflict``.
    """

    def act(session: Session) -> tuple[ReversalReceipt, dict[str, Any]]:
        actor = None
        if tid is not None:
            actor = user_broker.get_user_by_tid(session, tid=tid)
            check_member(session, actor, Action.REVERSE)
        original = journal.get_transaction(session, transaction_id=transaction_id)
        return _reverse(session, rules, original, actor, now=clock.now())

    return run_once(uow, key=key, op=_REVERSE, act=act, replay=_replayed)


def _reverse(
    session: Session,
    rules: CommunityRules,
    original: JournalEntry,
    actor: UserInfo | None,
    *,
    now: datetime,
) -> tuple[ReversalReceipt, dict[str, Any]]:
    """Write the reversal of ``original`` through the engine, after the parties are locked."""
    if cash_broker.is_reversal(session, transaction_id=original.id):
        raise NotUndoable(transaction_id=original.id, reason="reversal")

    def not_reversed(locked: Mapping[int, UserInfo]) -> None:
        # read after the parties' locks: a concurrent reversal of the same row has committed
        done = cash_broker.find_reversal_of(session, original_id=original.id)
        if done is not None:
            raise AlreadyReversed(transaction_id=original.id, reversal_id=done)
        # money back into the cash box (a deposit reversed) takes cash out of it, as a
        # withdrawal does: never more than the box should hold
        if original.sender == cash_broker.find_cash_box_id(session):
            held = cash_held(locked[original.sender].balance)
            if original.amount > held:
                raise CashBoxShort(cash=held, amount=original.amount)

    reason = reversal_reason(original)
    moved = move(
        CommunityStore(session, rules),
        [Leg(original.receiver, original.sender, original.amount, reason)],
        check=not_reversed,
    )
    [reversal_id] = moved.entries
    article_broker.take_back_sale(session, transaction_id=original.id)
    cash_broker.insert_reversal(
        session,
        reversal_id=reversal_id,
        original_id=original.id,
        actor_id=None if actor is None else actor.id,
        now=now,
    )
    sender, receiver = moved.rows[original.receiver], moved.rows[original.sender]
    balances: dict[int, int] = {
        sender.id: sender.balance - original.amount,
        receiver.id: receiver.balance + original.amount,
    }
    notices = reversal_notices(
        session,
        original=original.id,
        reversal=reversal_id,
        amount=original.amount,
        sender=replace(sender, balance=balances[sender.id]),
        receiver=replace(receiver, balance=balances[receiver.id]),
        actor=actor,
    )
    receipt = _receipt(
        original.id,
        TransactionId(reversal_id),
        original.amount,
        reason,
        sender,
        receiver,
        actor=actor,
        balances=balances,
        replayed=False,
        notices=tuple(notices),
    )
    data = {
        **journal_claim(
            reversal_id, sender=sender.id, receiver=receiver.id, amount=original.amount
        ),
        "original": original.id,
        "actor": None if actor is None else actor.id,
        **owed(notices, NoticeKind.REVERSAL),
    }
    return receipt, data


def _receipt(
    original_id: TransactionId,
    reversal_id: TransactionId,
    amount: int,
    reason: str,
    sender: UserInfo,
    receiver: UserInfo,
    *,
    actor: UserInfo | None,
    balances: Mapping[int, int],
    replayed: bool,
    notices: tuple[Notice, ...],
) -> ReversalReceipt:
    actor_id = None if actor is None else actor.id
    return ReversalReceipt(
        original_id=original_id,
        reversal_id=reversal_id,
        amount=amount,
        reason=reason,
        sender=sender.summary,
        receiver=receiver.summary,
        actor_balance=None if actor_id is None else balances.get(actor_id),
        replayed=replayed,
        notices=notices,
    )


def _replayed(session: Session, data: dict[str, Any]) -> ReversalReceipt:
    row = journal.get_transaction(session, transaction_id=data["tx"])
    sender = user_broker.get_user(session, user_id=row.sender)
    receiver = user_broker.get_user(session, user_id=row.receiver)
    actor = (
        None if data.get("actor") is None else user_broker.get_user(session, user_id=data["actor"])
    )
    notices = (
        reversal_notices(
            session,
            original=data["original"],
            reversal=row.id,
            amount=row.amount,
            sender=sender,
            receiver=receiver,
            actor=actor,
        )
        if still_owed(data)
        else []
    )
    return _receipt(
        TransactionId(data["original"]),
        row.id,
        row.amount,
        row.reason or "",
        sender,
        receiver,
        actor=actor,
        balances={int(sender.id): sender.balance, int(receiver.id): receiver.balance},
        replayed=True,
        notices=tuple(notices),
    )


__all__ = ["reverse", "undo_last"]
