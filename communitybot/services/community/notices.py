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

from communitybot.core.community import CollectiveStatus, CollectiveView, UserInfo, UserSummary
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
    return uow.run_statement(lambda db: idempotency.notice_delivered(db, key=key))


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


def notice_to(
    user: UserInfo,
    kind: NoticeKind,
    event: str,
    amount: int,
    *,
    counterpart: UserSummary | None = None,
    subject: str = "",
    details: tuple[tuple[str, str | int], ...] = (),
) -> Notice:
    """A notice of ``kind`` and ``event`` to ``user`` at its Telegram id, with its balance as
    ``user`` stands (see :class:`~communitybot.core.notices.Notice` for the fields)."""
    return Notice(
        kind=kind,
        event=event,
        recipient=user.summary,
        tid=user.tid,
        amount=amount,
        balance=user.balance,
        counterpart=counterpart,
        subject=subject,
        details=details,
    )


def payment_notices(session: Session, view: CollectiveView) -> list[Notice]:
    """The requester's notice of a payment request that closed paid or denied (as it stands
    now: its balance after the payment), if the requester wants it."""
    if view.status not in (CollectiveStatus.PAID, CollectiveStatus.DENIED):
        return []
    creator = user_broker.get_user(session, user_id=view.creator.id)
    paid = view.status is CollectiveStatus.PAID
    notice = notice_to(
        creator,
        NoticeKind.PAYMENT,
        "paid" if paid else "denied",
        view.amount,
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
        notice_to(
            payers[UserId(payer)],
            NoticeKind.COMMUNISM,
            "charged",
            share,
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
            notice_to(
                me,
                NoticeKind.VOUCH,
                "settled_in" if mine > 0 else "settled_out",
                abs(settled),
                counterpart=other.summary,
            )
        )
    return wanted(session, notices)


def deposit_notices(
    session: Session,
    *,
    event: str,
    member: UserInfo,
    amount: int,
    actor: UserInfo | None = None,
    deposit_id: int | None = None,
) -> list[Notice]:
    """The member's notice of cash a treasurer recorded for them (``event`` ``deposit`` or
    ``withdraw``, ``actor`` the treasurer) or of their waiting deposit decided (``confirmed``,
    ``rejected``, with ``deposit_id``); ``member`` as it stands now."""
    notice = notice_to(
        member,
        NoticeKind.DEPOSIT,
        event,
        amount,
        counterpart=None if actor is None else actor.summary,
        details=() if deposit_id is None else (("id", deposit_id),),
    )
    return wanted(session, [notice])


def waiting_notices(
    session: Session,
    treasurers: Iterable[UserInfo],
    *,
    member: UserInfo,
    deposit_id: int,
    amount: int,
) -> list[Notice]:
    """The treasurers' notices that ``member``'s deposit ``deposit_id`` waits for one of them."""
    notices = [
        notice_to(
            treasurer,
            NoticeKind.DEPOSIT,
            "waiting",
            amount,
            counterpart=member.summary,
            details=(("id", deposit_id),),
        )
        for treasurer in treasurers
    ]
    return wanted(session, notices)


def reversal_notices(
    session: Session,
    *,
    original: int,
    reversal: int,
    amount: int,
    sender: UserInfo,
    receiver: UserInfo,
    actor: UserInfo | None,
) -> list[Notice]:
    """The notices of a reversal (``amount`` back from ``sender`` to ``receiver``) to both
    parties except ``actor`` (the balances as given: as they stand after the reversal)."""
    details: tuple[tuple[str, str | int], ...] = (
        ("original", original),
        ("reversal", reversal),
        ("sender", sender.name),
        ("receiver", receiver.name),
    )
    actor_id = None if actor is None else actor.id
    notices = [
        Notice(
            kind=NoticeKind.REVERSAL,
            event="reversed",
            recipient=party.summary,
            tid=party.tid if party.tid is not None and party.tid > 0 else None,
            amount=amount,
            balance=party.balance,
            counterpart=None if actor is None else actor.summary,
            details=details,
        )
        for party in (sender, receiver)
        if party.id != actor_id
    ]
    return wanted(session, notices)


def low_stock_notices(
    session: Session, treasurers: Iterable[UserInfo], *, article: str, stock: int
) -> list[Notice]:
    """The treasurers' notices that a sale took ``article`` down to ``stock``."""
    notices = [
        notice_to(
            treasurer, NoticeKind.LOW_STOCK, "low", 0, subject=article, details=(("stock", stock),)
        )
        for treasurer in treasurers
    ]
    return wanted(session, notices)


__all__ = [
    "charge_notices",
    "deposit_notices",
    "low_stock_notices",
    "notice_settings",
    "notice_to",
    "notices_delivered",
    "owed",
    "payment_notices",
    "reversal_notices",
    "set_notice",
    "still_owed",
    "vouch_notices",
    "waiting_notices",
    "wanted",
]
