"""Transfers waiting for their sender's Confirm or Abort, kept in ``pending_sends``.

A ``/send`` is checked (:func:`~communitybot.services.community.preview_send`), shown with
Confirm and Abort, and held here (:func:`hold_send`) for :data:`PENDING_SEND_TTL`, so a restart
of the bot loses nothing. A press names its token and the message it was pressed on; it counts
only on the message that shows that token, and only for the sender, who is checked before the
expiry. Confirm makes the transfer with :func:`~communitybot.services.community.send` under the
pending transfer's idempotency key, so pressing it twice (or again after a crash) moves money
once. Expired rows are cleaned up on access: the statement that forgets a confirmed (or
refused) transfer forgets every expired one with it, and :func:`hold_send` deletes them first
unless told not to (``sweep=False``: then it is one statement). The bot sweeps when its
:class:`SweepSchedule` says one of the transfers it held may have expired.
"""

from __future__ import annotations

import heapq
import threading
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TypedDict, Unpack

from sqlalchemy.orm import Session

from communitybot.core.community import ConfirmedSend, PendingTransfer, UserInfo
from communitybot.core.errors import (
    DomainError,
    NotPendingSendOwner,
    OutcomeUnknown,
    PendingSendExpired,
    UnknownPendingSend,
    UnknownUser,
)
from communitybot.core.ids import TelegramId, UserId
from communitybot.core.rules import CommunityRules
from communitybot.db.brokers import pending_sends as pending_broker
from communitybot.db.brokers.pending_sends import Party, PendingSendRecord
from communitybot.db.uow import Reader, UnitOfWork
from communitybot.services.community.transfers import send

PENDING_SEND_TTL = timedelta(hours=1)
"""How long a ``/send`` waits for Confirm."""


class SweepSchedule:
    """When a :func:`hold_send` of this process needs to forget expired pending transfers.

    A sweep is due on the first hold, and whenever a transfer this process held, and has not
    seen confirmed or aborted, may have expired since the last sweep (those expiries are kept
    in memory, nothing else); :func:`confirm_send` sweeps every time anyway, in the statement
    that forgets its own transfer. Rows held by another process are forgotten by this
    process's next sweep or by any Confirm; an expired row left a while longer changes
    nothing (a press on it is refused as expired). Thread-safe: the worker threads share one.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._expiries: list[tuple[datetime, str]] = []
        self._waiting: set[str] = set()
        self._started = False

    def due(self, now: datetime) -> bool:
        """Whether a hold at ``now`` should sweep; if so, the sweep counts as done."""
        with self._lock:
            while self._expiries and self._expiries[0][1] not in self._waiting:
                heapq.heappop(self._expiries)
            if self._started and not (self._expiries and self._expiries[0][0] <= now):
                return False
            self._started = True
            self._swept(now)
            return True

    def held(self, token: str, expires: datetime) -> None:
        """The transfer ``token``, which expires at ``expires``, was held."""
        with self._lock:
            heapq.heappush(self._expiries, (expires, token))
            self._waiting.add(token)

    def forgotten(self, token: str, swept: datetime | None = None) -> None:
        """The transfer ``token`` was confirmed or aborted; a Confirm also forgot everything
        that had expired by its time (``swept``)."""
        with self._lock:
            self._waiting.discard(token)
            if swept is not None:
                self._swept(swept)

    def _swept(self, now: datetime) -> None:
        while self._expiries and self._expiries[0][0] <= now:
            self._waiting.discard(heapq.heappop(self._expiries)[1])


def hold_send(
    uow: UnitOfWork,
    *,
    token: str,
    key: str,
    sender: UserId | UserInfo,
    receiver: UserId | UserInfo,
    amount: int,
    reason: str | None,
    chat_id: int,
    msg_id: int,
    now: datetime,
    ttl: timedelta = PENDING_SEND_TTL,
    sweep: bool = True,
) -> PendingTransfer:
    """Keep a checked transfer for its sender's Confirm or Abort until ``now + ttl``.

    ``token`` is what the buttons of message ``msg_id`` in ``chat_id`` carry; ``key`` is the
    idempotency key the transfer will be made under. Nothing is checked here (the preview was,
    and Confirm checks again). With ``sweep``, pending transfers that expired by ``now`` are
    deleted in the same transaction; without, the row is stored by one statement in autocommit
    mode and the expired ones are left to the next Confirm (:func:`confirm_send` forgets them
    with its own). ``sender`` and ``receiver`` are ids, or the users the preview has just read
    (then they are not read again). Raises ``UnknownUser`` when a user is missing.
    """
    given = {
        user.id: Party(user.summary, user.tid)
        for user in (sender, receiver)
        if isinstance(user, UserInfo)
    }
    sender_id, receiver_id = (u.id if isinstance(u, UserInfo) else u for u in (sender, receiver))
    record = PendingSendRecord(
        token=token,
        key=key,
        sender=sender_id,
        receiver=receiver_id,
        amount=amount,
        reason=reason,
        chat_id=chat_id,
        msg_id=msg_id,
        created=now,
        expires=now + ttl,
    )

    def parties(db: Reader) -> dict[UserId, Party]:
        found = given
        if len(given) < 2:
            found = pending_broker.find_parties(db, user_ids=(sender_id, receiver_id))
        for user_id in (sender_id, receiver_id):
            if user_id not in found:
                raise UnknownUser(ref=f"#{user_id}")
        return found

    def work(session: Session) -> dict[UserId, Party]:
        pending_broker.delete_expired(session, now=now)
        found = parties(session)
        pending_broker.insert_pending(session, record=record)
        return found

    if sweep:
        found = uow.run(work)
    else:
        found = given if len(given) == 2 else uow.query(parties)
        uow.run_statement(lambda db: pending_broker.insert_pending(db, record=record))
    return _transfer(record, found[sender_id], found[receiver_id])


class Press(TypedDict):
    """A press of a pending transfer's Confirm or Abort button: the ``token`` it carries, the
    Telegram id of who pressed it, and the message (``msg_id`` of ``chat_id``) it was on."""

    token: str
    presser_tid: TelegramId
    chat_id: int
    msg_id: int


def confirm_send(
    uow: UnitOfWork, rules: CommunityRules, *, now: datetime, **press: Unpack[Press]
) -> ConfirmedSend:
    """Confirm the pending transfer ``token`` pressed on message ``msg_id`` of ``chat_id``.

    The transfer is made by :func:`~communitybot.services.community.send` under the pending
    transfer's key (a replay answers with the first receipt, ``replayed`` true) and then
    forgotten, together with every pending transfer expired by ``now`` (one statement); a
    refused transfer is forgotten as well (its message says it was not sent).
    Raises ``UnknownPendingSend`` (nothing waits under ``token`` on that message),
    ``NotPendingSendOwner`` (checked first: only the sender may press),
    ``PendingSendExpired``, and whatever :func:`~communitybot.services.community.send` raises.
    """
    token = press["token"]
    pending = uow.query(lambda db: _pressed(db, now=now, **press))
    try:
        receipt = send(
            uow,
            rules,
            sender=pending.sender.id,
            receiver=pending.receiver.id,
            amount=pending.amount,
            reason=pending.reason,
            key=pending.key,
            receiver_muted=bool(pending.receiver_muted),
        )
    except OutcomeUnknown:
        raise  # it may have gone through: the transfer keeps waiting, Confirm again is safe
    except DomainError:
        _forget(uow, token, now=now)
        raise
    _forget(uow, token, now=now)
    return ConfirmedSend(pending=pending, receipt=receipt)


def abort_send(uow: UnitOfWork, *, now: datetime, **press: Unpack[Press]) -> PendingTransfer:
    """Abort the pending transfer ``token`` pressed on message ``msg_id`` of ``chat_id``.

    Raises what :func:`confirm_send` raises before it moves money.
    """

    def work(session: Session) -> PendingTransfer:
        pending = _pressed(session, now=now, **press)
        pending_broker.delete_pending(session, token=press["token"])
        return pending

    return uow.run(work)


def _pressed(
    db: Reader,
    token: str,
    presser_tid: TelegramId,
    chat_id: int,
    msg_id: int,
    now: datetime,
) -> PendingTransfer:
    """The pending transfer a press may act on, checked in this order: a transfer waits on the
    pressed message, the presser is its sender, the press carries its token, it has not
    expired."""
    shown = pending_broker.find_pending_by_message(db, chat_id=chat_id, msg_id=msg_id)
    if shown is None:
        raise UnknownPendingSend(ref=token)
    record, sender, receiver, muted = shown
    pending = replace(_transfer(record, sender, receiver), receiver_muted=muted)
    if pending.sender_tid != presser_tid:
        raise NotPendingSendOwner(token=token, user_id=pending.sender.id)
    if record.token != token:
        raise UnknownPendingSend(ref=token)
    if now >= record.expires:
        raise PendingSendExpired(token=token)
    return pending


def _forget(uow: UnitOfWork, token: str, *, now: datetime) -> None:
    uow.run_statement(lambda db: pending_broker.delete_pending(db, token=token, expired_by=now))


def _transfer(record: PendingSendRecord, sender: Party, receiver: Party) -> PendingTransfer:
    return PendingTransfer(
        token=record.token,
        key=record.key,
        sender=sender.user,
        sender_tid=sender.tid,
        receiver=receiver.user,
        receiver_tid=receiver.tid,
        amount=record.amount,
        reason=record.reason,
        chat_id=record.chat_id,
        msg_id=record.msg_id,
        created=record.created,
        expires=record.expires,
    )


__all__ = [
    "PENDING_SEND_TTL",
    "Press",
    "SweepSchedule",
    "abort_send",
    "confirm_send",
    "hold_send",
]
