"""Transfers waiting for their sender's Confirm or Abort, kept in ``pending_sends``.

A ``/send`` is checked (:func:`~communitybot.services.community.preview_send`), shown with
Confirm and Abort, and held here (:func:`hold_send`) for :data:`PENDING_SEND_TTL`, so a restart
of the bot loses nothing. A press names its token and the message it was pressed on; it counts
only on the message that shows that token, and only for the sender, who is checked before the
expiry.

Confirm (:func:`confirm_send`) is one transaction of four statements: one locking read of the
pending transfer with both users, the journal row, one ``UPDATE`` that adds both balances and
records the journal row on the pending transfer, ``COMMIT``. The pending row is the Confirm's
idempotency record: a press that finds it recorded answers with that transfer, so pressing
Confirm twice, at once, or again after a crash or an unknown commit outcome moves money once.

Nothing is deleted after a Confirm: expired rows, and confirmed ones after
:data:`~communitybot.db.brokers.pending_sends.CONFIRMED_KEPT` (a ``/send`` delivered again
within it finds its transfer made), are deleted by the sweep of :func:`hold_send`
(``sweep=True``; without, a hold is one statement), which the bot runs when its
:class:`SweepSchedule` says a transfer it held may have expired. Abort deletes its row, and so
does a Confirm whose transfer is refused (together with the expired ones).
"""

from __future__ import annotations

import heapq
import threading
from dataclasses import replace
from datetime import datetime, timedelta
from typing import TypedDict, Unpack

from sqlalchemy.orm import Session

from communitybot.core.community import (
    ConfirmedSend,
    PendingTransfer,
    TransactionKind,
    TransferReceipt,
    UserInfo,
    make_reason,
)
from communitybot.core.errors import (
    DomainError,
    NotPendingSendOwner,
    OutcomeUnknown,
    PendingSendExpired,
    UnknownPendingSend,
    UnknownUser,
)
from communitybot.core.ids import TelegramId, TransactionId, UserId
from communitybot.core.rules import CommunityRules
from communitybot.db.brokers import pending_sends as pending_broker
from communitybot.db.brokers.pending_sends import Party, PendingSendRecord, PressedSend
from communitybot.db.stores import CommunityStore
from communitybot.db.uow import CommitInDoubt, Reader, UnitOfWork
from communitybot.services.community.transfers import transfer

PENDING_SEND_TTL = timedelta(hours=1)
"""How long a ``/send`` waits for Confirm."""

SWEEP_INTERVAL = timedelta(minutes=5)
"""The shortest time between two sweeps a :class:`SweepSchedule` asks for."""


class SweepSchedule:
    """When a :func:`hold_send` of this process needs to forget expired pending transfers.

    A sweep is due on the first hold, and whenever a transfer this process held, and has not
    seen aborted, may have expired since the last sweep (those expiries are kept in memory,
    nothing else) and the last sweep is at least ``every`` ago: a confirmed transfer stays, as
    its Confirm's record, for a day, so under steady traffic some transfer expires all
    the time, and the interval keeps sweeps (three statements instead of one) to a few an hour.
    Rows held by another process are forgotten by this process's next sweep; an expired row
    left a while longer changes nothing (a press on it is refused as expired). Thread-safe:
    the worker threads share one.
    """

    def __init__(self, every: timedelta = SWEEP_INTERVAL) -> None:
        self._lock = threading.Lock()
        self._every = every
        self._expiries: list[tuple[datetime, str]] = []
        self._waiting: set[str] = set()
        self._last: datetime | None = None

    def due(self, now: datetime) -> bool:
        """Whether a hold at ``now`` should sweep; if so, the sweep counts as done."""
        with self._lock:
            while self._expiries and self._expiries[0][1] not in self._waiting:
                heapq.heappop(self._expiries)
            if self._last is not None:
                if not (self._expiries and self._expiries[0][0] <= now):
                    return False
                if now < self._last + self._every:
                    return False
            self._swept(now)
            return True

    def held(self, token: str, expires: datetime) -> None:
        """The transfer ``token``, which expires at ``expires``, was held."""
        with self._lock:
            heapq.heappush(self._expiries, (expires, token))
            self._waiting.add(token)

    def forgotten(self, token: str, swept: datetime | None = None) -> None:
        """The row of transfer ``token`` was deleted (aborted); ``swept``: with it everything
        that had expired by then."""
        with self._lock:
            self._waiting.discard(token)
            if swept is not None:
                self._swept(swept)

    def _swept(self, now: datetime) -> None:
        self._last = now if self._last is None else max(self._last, now)
        while self._expiries and self._expiries[0][0] <= now:
            self._waiting.discard(heapq.heappop(self._expiries)[1])


class DoubtfulConfirms:
    """The pending transfers whose Confirm this process answered with ``OutcomeUnknown``.

    Such a Confirm may have made the transfer without anybody telling the receiver; the next
    press of the same transfer in this process finds it made (a replay) and still owes the
    notice (:func:`confirm_send`'s ``owed``). Kept in memory only: no statement per transfer
    records a notice's delivery, so after a restart, or in another process, the replay does
    not tell the receiver (the money is right either way). Thread-safe.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: set[str] = set()

    def doubted(self, token: str) -> None:
        """The Confirm of ``token`` was answered "outcome unknown"."""
        with self._lock:
            self._tokens.add(token)

    def owed(self, token: str) -> bool:
        """Whether a replayed Confirm of ``token`` still owes the receiver's notice."""
        with self._lock:
            return token in self._tokens

    def settled(self, token: str) -> None:
        """A Confirm of ``token`` was answered with the transfer (or refused)."""
        with self._lock:
            self._tokens.discard(token)


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
    and Confirm checks again). With ``sweep``, pending transfers that expired by ``now``
    (confirmed or not) are deleted in the same transaction; without, the row is stored by one
    statement in autocommit mode and the expired ones are left to the next sweep. ``sender``
    and ``receiver`` are ids, or the users the preview has just read
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
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    now: datetime,
    owed: bool = False,
    **press: Unpack[Press],
) -> ConfirmedSend:
    """Confirm the pending transfer ``token`` pressed on message ``msg_id`` of ``chat_id``.

    One transaction of four statements: the pending transfer of the pressed message and both
    users locked at once (:func:`~communitybot.db.brokers.pending_sends.lock_pressed`), the
    press checked on what it read, the transfer checked and made by the money engine
    (:func:`~communitybot.services.community.transfers.transfer`: the journal row, then one
    ``UPDATE`` of both balances that also records the journal row on the pending transfer),
    ``COMMIT``. The recorded pending transfer is the Confirm's idempotency record: a press
    that finds it recorded (a second press, a redelivered one, one that waited for the first)
    answers with that transfer (``replayed`` true; the receiver is not told again) and moves
    nothing. The confirmed row stays for
    :data:`~communitybot.db.brokers.pending_sends.CONFIRMED_KEPT` (25 hours: Telegram may
    deliver the ``/send`` again for a day, and the Confirm of that new summary finds the
    transfer made under the key), then a sweep of :func:`hold_send` deletes it.

    A ``COMMIT`` whose outcome is unknown is retried: the retry finds the transfer recorded
    (then it is this call's own: the receiver is still owed the notice) or makes it. When the
    database stays away, ``OutcomeUnknown`` is raised and the transfer keeps waiting: Confirm
    again is safe; ``owed`` says that an earlier press was answered so (see
    :class:`DoubtfulConfirms`), and then a replay still owes the receiver's notice. A refused
    transfer is forgotten, together with every pending transfer expired by ``now`` (its
    message says it was not sent).

    Raises ``UnknownPendingSend`` (nothing waits under ``token`` on that message),
    ``NotPendingSendOwner`` (checked first: only the sender may press),
    ``PendingSendExpired``, and what :func:`~communitybot.services.community.send` raises but
    ``IdempotencyKeyConflict``; a refusal of the press changes nothing.
    """
    token = press["token"]
    made: set[int] = set()  # the journal rows this call wrote, should a COMMIT be retried
    keys: list[str] = []

    def work(session: Session) -> ConfirmedSend:
        locked = pending_broker.lock_pressed(
            session, chat_id=press["chat_id"], msg_id=press["msg_id"]
        )
        if locked is None:
            raise UnknownPendingSend(ref=token)
        record = locked.record
        pending = _checked(
            record, locked.sender, locked.receiver, locked.receiver_muted, now=now, **press
        )
        keys.append(record.key)
        if locked.transaction_id is not None:
            own = owed or int(locked.transaction_id) in made
            receipt = _replayed(locked, locked.transaction_id, notify=own)
            return ConfirmedSend(pending=pending, receipt=receipt)
        store = CommunityStore(
            session,
            rules,
            locked=(locked.users, locked.ruled),
            claim=pending_broker.claim(record.key),
        )
        try:
            receipt = transfer(
                session,
                rules,
                store,
                sender=pending.sender.id,
                receiver=pending.receiver.id,
                amount=record.amount,
                reason=make_reason(TransactionKind.SEND, record.reason),
                receiver_muted=locked.receiver_muted,
            )
        except DomainError as error:
            raise _TransferRefused(error) from error
        made.add(int(receipt.transaction_id))
        return ConfirmedSend(pending=pending, receipt=receipt)

    # The locking read holds the row the balance update claims, and found it unclaimed, so the
    # claim cannot be taken meanwhile: a ClaimTaken would be a bug, and rolls back.
    try:
        return uow.run_idempotent(work)
    except CommitInDoubt as doubt:
        # It may have gone through: the transfer keeps waiting, Confirm again is safe.
        key = keys[-1] if keys else token
        raise OutcomeUnknown(operation="send", key=key, seconds=doubt.seconds) from doubt
    except _TransferRefused as refused:
        _forget(uow, token, now=now)
        raise refused.error from None


class _TransferRefused(Exception):
    """The transfer a Confirm was to make was refused: roll back, forget the pending one."""

    def __init__(self, error: DomainError) -> None:
        super().__init__(str(error))
        self.error = error


def _replayed(locked: PressedSend, made: TransactionId, *, notify: bool) -> TransferReceipt:
    """The receipt of the transfer (journal row ``made``) a Confirm of ``locked`` made before,
    from the locked rows (no statement): the balances are those of now. The receiver is owed
    the notice only when ``notify`` (this very call made it, and its first ``COMMIT`` went
    unanswered; or an earlier press was answered "outcome unknown")."""
    record = locked.record
    sender, receiver = locked.users[UserId(record.sender)], locked.users[UserId(record.receiver)]
    return TransferReceipt(
        transaction_id=made,
        sender=sender.summary,
        receiver=receiver.summary,
        amount=record.amount,
        reason=make_reason(TransactionKind.SEND, record.reason),
        sender_balance=sender.balance,
        receiver_balance=receiver.balance,
        replayed=True,
        notify_receiver=notify and receiver.tid is not None and not locked.receiver_muted,
    )


def abort_send(uow: UnitOfWork, *, now: datetime, **press: Unpack[Press]) -> PendingTransfer:
    """Abort the pending transfer ``token`` pressed on message ``msg_id`` of ``chat_id``.

    Raises what :func:`confirm_send` raises before it moves money, and
    ``UnknownPendingSend`` when a Confirm made the transfer (then there is nothing to abort).
    """

    def work(session: Session) -> PendingTransfer:
        shown = pending_broker.find_pending_by_message(
            session, chat_id=press["chat_id"], msg_id=press["msg_id"]
        )
        if shown is None:
            raise UnknownPendingSend(ref=press["token"])
        record, sender, receiver, muted, made = shown
        pending = _checked(record, sender, receiver, muted, now=now, **press)
        # A Confirm made it (before, or since the read): the row is its record and stays.
        if made is not None or not pending_broker.delete_pending(session, token=record.token):
            raise UnknownPendingSend(ref=press["token"])
        return pending

    return uow.run(work)


def _checked(
    record: PendingSendRecord,
    sender: Party,
    receiver: Party,
    muted: bool,
    *,
    token: str,
    presser_tid: TelegramId,
    chat_id: int,
    msg_id: int,
    now: datetime,
) -> PendingTransfer:
    """The pending transfer a press may act on, checked in this order: a transfer waits on the
    pressed message (the caller found ``record`` by it), the presser is its sender, the press
    carries its token, it has not expired."""
    del chat_id, msg_id  # the caller found the record by them
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
    "SWEEP_INTERVAL",
    "DoubtfulConfirms",
    "Press",
    "SweepSchedule",
    "abort_send",
    "confirm_send",
    "hold_send",
]
