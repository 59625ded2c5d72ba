"""Sending money from one member to another: one locked, journaled, idempotent transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from communitybot.core.community import (
    TransactionKind,
    TransferPreview,
    TransferReceipt,
    UserInfo,
    make_reason,
)
from communitybot.core.community_rules import check_transfer
from communitybot.core.ids import TransactionId, UserId
from communitybot.core.ledger import Leg
from communitybot.core.rules import CommunityRules
from communitybot.db import idempotency
from communitybot.db.brokers import transactions as journal
from communitybot.db.brokers import users as user_broker
from communitybot.db.stores import CommunityStore
from communitybot.db.uow import Reader, UnitOfWork
from communitybot.services.community._common import (
    UserRef,
    journal_claim,
    resolve_user_id,
    run_once,
)
from communitybot.services.community.standing import grants_for
from communitybot.services.ledger import move

_OP = "send"


def preview_send(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    sender: UserId,
    receiver: UserRef,
    amount: int,
    reason: str | None = None,
) -> TransferPreview:
    """Check a transfer without moving money, for the Confirm/Abort summary.

    Raises exactly what :func:`send` would raise right now; :func:`send` checks again.
    """
    stored_reason = make_reason(TransactionKind.SEND, reason)

    def work(db: Reader) -> TransferPreview:
        source, target, ruled = user_broker.get_pair_ruled(db, user_id=sender, other=receiver)
        check_transfer(
            rules,
            sender=source,
            receiver=target,
            amount=amount,
            grants=grants_for(db, source, target, ruled=ruled),
        )
        return TransferPreview(sender=source, receiver=target, amount=amount, reason=stored_reason)

    # Core statements only: a bare connection of the reader, no session around one SELECT.
    return uow.query(work)


def send(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    sender: UserId,
    receiver: UserRef,
    amount: int,
    reason: str | None,
    key: str,
    receiver_muted: bool = False,
) -> TransferReceipt:
    """Move ``amount`` cents from the user ``sender`` to ``receiver``.

    ``sender`` is the id of the acting user, which the adapter has just resolved from the
    authenticated account (and refreshed, see :func:`refresh_user`); unlike the other commands, a
    transfer takes the id rather than the Telegram id because it is the hot path, and looking the
    id up again would be one more statement in its transaction.

    One transaction through the money engine (:func:`communitybot.services.ledger.move`): both
    rows locked in ascending id order, relative updates, the journal row with reason
    ``send: <reason>``. Under a replayed ``key`` nothing moves and the first receipt
    comes back with ``replayed=True``. The receipt's ``notify_receiver`` stays true on replays
    until :func:`~communitybot.services.community.notices_delivered` is called with ``key``; it
    is not owed to a receiver without a Telegram id, nor when ``receiver_muted`` says the
    receiver turned the notice of money received off
    (:func:`~communitybot.services.community.confirm_send` reads that with the pending
    transfer; it makes the transfer with :func:`transfer`, recorded on the pending transfer
    instead of under ``key``). A commit whose
    outcome stays unknown raises ``OutcomeUnknown``; sending again under the same ``key`` is
    safe.

    Raises ``UnknownUser``, ``InactiveUser``, ``ExternalNotAllowed`` (an external without voucher
    on either side), ``CommunityUserNotAllowed`` (never sends), ``SelfTransfer``,
    ``AmountOutOfRange`` (1 to ``rules.max_amount``), ``InsufficientBalance``,
    ``BalanceOutOfRange``, ``IdempotencyKeyConflict``.
    """
    stored_reason = make_reason(TransactionKind.SEND, reason)

    def act(session: Session) -> tuple[TransferReceipt, dict[str, Any]]:
        receiver_id = resolve_user_id(session, receiver)
        # The lock also says which of the two have rules of their own: usually neither, and
        # then no statement reads rules.
        store = CommunityStore(session, rules, read_ruled=True)
        receipt = transfer(
            session,
            rules,
            store,
            sender=sender,
            receiver=receiver_id,
            amount=amount,
            reason=stored_reason,
            receiver_muted=receiver_muted,
        )
        return receipt, {
            **journal_claim(
                receipt.transaction_id,
                sender=receipt.sender.id,
                receiver=receipt.receiver.id,
                amount=amount,
            ),
            **({idempotency.NOTICE_OWED: 1} if receipt.notify_receiver else {}),
        }

    return run_once(uow, key=key, op=_OP, act=act, replay=_replayed)


def transfer(
    session: Session,
    rules: CommunityRules,
    store: CommunityStore,
    *,
    sender: UserId,
    receiver: UserId,
    amount: int,
    reason: str,
    receiver_muted: bool = False,
) -> TransferReceipt:
    """The transfer of :func:`send` in the caller's transaction, over ``store`` (which locks the
    two users, or was handed them locked, and says which have rules of their own): checked on
    the locked rows, then moved by the engine with the journal ``reason`` (``send: ...``).
    The caller records the key. Raises what :func:`send` raises but ``IdempotencyKeyConflict``.
    """

    def may_send(locked: Mapping[int, UserInfo]) -> None:
        source, target = locked[sender], locked[receiver]
        grants = grants_for(session, source, target, ruled=store.ruled)
        check_transfer(rules, sender=source, receiver=target, amount=amount, grants=grants)

    moved = move(store, [Leg(sender, receiver, amount, reason)], check=may_send)
    [transaction_id] = moved.entries
    source, target = moved.rows[sender], moved.rows[receiver]
    return TransferReceipt(
        transaction_id=transaction_id,
        sender=source.summary,
        receiver=target.summary,
        amount=amount,
        reason=reason,
        sender_balance=source.balance - amount,
        receiver_balance=target.balance + amount,
        replayed=False,
        notify_receiver=target.tid is not None and not receiver_muted,
    )


def _replayed(session: Session, data: dict[str, Any]) -> TransferReceipt:
    row = journal.get_transaction(session, transaction_id=TransactionId(data["tx"]))
    sender = user_broker.get_user(session, user_id=row.sender)
    receiver = user_broker.get_user(session, user_id=row.receiver)
    return TransferReceipt(
        transaction_id=row.id,
        sender=sender.summary,
        receiver=receiver.summary,
        amount=row.amount,
        reason=row.reason or "",
        sender_balance=sender.balance,
        receiver_balance=receiver.balance,
        replayed=True,
        notify_receiver=bool(data.get(idempotency.NOTICE_OWED)),
    )


__all__ = ["preview_send", "send", "transfer"]
