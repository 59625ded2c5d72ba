"""Notifications about movements that touch a member, and the kinds each member turned off.

A money-moving service that owes notices (:class:`~communitybot.core.notices.Notice`) keeps only
those its recipients want (:func:`wanted`, one read inside its transaction) and, when any are
left, marks them owed in its idempotency key's stored data (:func:`owed`: ``"notify": 1`` and
the kind). The adapter delivers them after commit and then calls :func:`notices_delivered` with
the key; a replay of the key before that hands the notices out again. This is the mechanism
``/send`` has always used for the receiver's notice, with a kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from communitybot.core.community import CollectiveStatus, CollectiveView
from communitybot.core.ids import TelegramId, UserId
from communitybot.core.notices import NOTICE_KIND_FIELD, Notice, NoticeKind
from communitybot.db import idempotency
from communitybot.db.brokers import books as book_broker
from communitybot.db.brokers import users as user_broker
from communitybot.db.uow import UnitOfWork


def wanted(session: Session, notices: Iterable[Notice]) -> list[Notice]:
    """The notices whose recipients have not turned their kind off (one read; none for an empty
    list). Notices to the community user or to people without a Telegram id are dropped."""
    candidates = [n for n in notices if n.tid is not None]
    if not candidates:
        return []
    off = book_broker.list_opted_out(session, user_ids={n.recipient.id for n in candidates})
    return [n for n in candidates if (n.recipient.id, n.kind.value) not in off]


def owed(notices: Sequence[Notice], kind: NoticeKind) -> dict[str, Any]:
    """The stored data that marks notices of ``kind`` owed, or nothing when there are none."""
    if not notices:
        return {}
    return {idempotency.NOTICE_OWED: 1, NOTICE_KIND_FIELD: kind.value}


def still_owed(data: dict[str, Any]) -> bool:
    """Whether the stored data of a replayed key still owes its notices."""
    return bool(data.get(idempotency.NOTICE_OWED))


def notices_delivered(uow: UnitOfWork, *, key: str) -> bool:
    """Record that the notices the operation of ``key`` owed were delivered (or cannot be);
    ``False`` when none were owed any more. Adapters call it once they have sent them."""
    return uow.run_statement(lambda session: idempotency.notice_delivered(session, key=key))


def notice_settings(uow: UnitOfWork, *, tid: TelegramId) -> frozenset[NoticeKind]:
    """The kinds of notices the user of ``tid`` turned off. Raises ``UnknownUser``."""

    def work(session: Session) -> frozenset[NoticeKind]:
        user_id = user_broker.get_user_id_by_tid(session, tid=tid)
        off = book_broker.list_opted_out(session, user_ids=[user_id])
        known = {kind.value: kind for kind in NoticeKind}
        return frozenset(known[kind] for _, kind in off if kind in known)

    return uow.read(work)


def set_notice(
    uow: UnitOfWork, *, tid: TelegramId, kind: NoticeKind, enabled: bool
) -> frozenset[NoticeKind]:
    """Turn notices of ``kind`` on or off for the user of ``tid``; the kinds now off (doing it
    twice changes nothing). Raises ``UnknownUser``."""

    def work(session: Session) -> None:
        user_id = user_broker.get_user_id_by_tid(session, tid=tid)
        if enabled:
            book_broker.opt_in(session, user_id=user_id, kind=kind.value)
        else:
            book_broker.opt_out(session, user_id=user_id, kind=kind.value, now=datetime.now(UTC))

    uow.run(work)
    return notice_settings(uow, tid=tid)


# --- the notices of each kind of movement ---------------------------------------------------


def payment_notices(session: Session, view: CollectiveView) -> list[Notice]:
    """The requester's notice of a payment request that closed paid or denied (as it stands
    now: its balance after the payment), if the requester wants it."""
    if view.status not in (CollectiveStatus.PAID, CollectiveStatus.DENIED):
        return []
    creator = user_broker.get_user(session, user_id=view.creator.id)
    paid = view.status is CollectiveStatus.PAID
    notice = Notice(
        kind=NoticeKind.PAYMENT,
        event="paid" if paid else "denied",
        recipient=creator.summary,
        tid=creator.tid,
        amount=view.amount,
        balance=creator.balance,
        subject=view.description,
    )
    return wanted(session, [notice])


def charge_notices(
    session: Session, view: CollectiveView, charges: Sequence[tuple[int, int]]
) -> list[Notice]:
    """Each payer's notice of its share of a settled communism: (payer id, share) pairs, with
    the payers' balances as they are now (after the settlement)."""
    payers = user_broker.get_many(session, user_ids=[payer for payer, _ in charges])
    notices = [
        Notice(
            kind=NoticeKind.COMMUNISM,
            event="charged",
            recipient=payers[UserId(payer)].summary,
            tid=payers[UserId(payer)].tid,
            amount=share,
            balance=payers[UserId(payer)].balance,
            counterpart=view.creator,
            subject=view.description,
        )
        for payer, share in charges
        if UserId(payer) in payers
    ]
    return wanted(session, notices)


def vouch_notices(
    session: Session, *, external: int, voucher: int, settled: int, actor: int
) -> list[Notice]:
    """The notices of a settlement at the end of vouching, to the external and the voucher
    except whoever acted: ``settled`` positive when the external's credit went to the voucher,
    negative when the voucher paid its debt; none when nothing moved."""
    if settled == 0:
        return []
    people = user_broker.get_many(session, user_ids=[external, voucher])
    guest, backer = people[UserId(external)], people[UserId(voucher)]
    notices = []
    for me, other, mine in ((guest, backer, -settled), (backer, guest, settled)):
        if me.id == actor:
            continue
        notices.append(
            Notice(
                kind=NoticeKind.VOUCH,
                event="settled_in" if mine > 0 else "settled_out",
                recipient=me.summary,
                tid=me.tid,
                amount=abs(settled),
                balance=me.balance,
                counterpart=other.summary,
            )
        )
    return wanted(session, notices)


__all__ = [
    "charge_notices",
    "notice_settings",
    "notices_delivered",
    "owed",
    "payment_notices",
    "set_notice",
    "still_owed",
    "vouch_notices",
    "wanted",
]
