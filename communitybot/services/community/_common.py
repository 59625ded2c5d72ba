"""Pieces the community services share: user references, idempotent replays, collective views."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

from communitybot.core.community import (
    CollectiveKind,
    CollectiveStatus,
    CollectiveView,
    Share,
    TransactionKind,
    UserInfo,
    UserSummary,
    Vote,
    charged_shares,
    legacy_communism_reason,
    make_reason,
)
from communitybot.core.ids import CollectiveId, TransactionId, UserId
from communitybot.core.splits import split_amount
from communitybot.db import idempotency
from communitybot.db.brokers import collectives as collective_broker
from communitybot.db.brokers import transactions as transaction_broker
from communitybot.db.brokers import users as user_broker
from communitybot.db.idempotency import run_once
from communitybot.db.uow import Reader

T = TypeVar("T")

UserRef = UserId | str
"""A user named by its ``users.id`` or by its Telegram username (with or without ``@``)."""

_SCOPE_PREFIX = "community."


def resolve_user_id(session: Session, ref: UserRef) -> UserId:
    """The id a :data:`UserRef` names (not checked to exist for ids; the lock does that)."""
    if isinstance(ref, str):
        return user_broker.get_user_id_by_username(session, username=ref)
    return UserId(ref)


def read_user(db: Reader, ref: UserRef) -> UserInfo:
    """The user a :data:`UserRef` names, in one statement. Raises ``UnknownUser`` and
    ``AmbiguousUsername``."""
    if isinstance(ref, str):
        return user_broker.get_user_by_username(db, username=ref)
    return user_broker.get_user(db, user_id=ref)


def journal_claim(
    transaction_id: TransactionId | int | None, *, sender: int, receiver: int, amount: int
) -> dict[str, Any]:
    """The stored data by which an idempotency key claims the journal row it wrote: its id, its
    parties and its amount, so ``communitybot check`` can prove that the key and the row agree.
    Without a row (``transaction_id`` ``None``) the key claims nothing."""
    if transaction_id is None:
        return {"tx": None}
    return {"tx": int(transaction_id), "from": sender, "to": receiver, "amount": amount}


def _outcome_key(collective_id: int) -> str:
    return f"community:collective:{collective_id}:outcome"


def record_outcome(session: Session, *, collective_id: int, status: CollectiveStatus) -> None:
    """Store how a collective closed (paid, denied, settled, cancelled).

    The caller holds the collective's row lock and has just closed it; a collective reopened by
    hand and closed again gets its new outcome.
    """
    key = _outcome_key(collective_id)
    if not idempotency.claim(
        session, key=key, scope=f"{_SCOPE_PREFIX}outcome", result=status.value
    ):
        idempotency.record(session, key=key, result=status.value)


def stored_outcome(session: Session, *, collective_id: int) -> CollectiveStatus:
    """How a closed collective ended; :attr:`CollectiveStatus.CLOSED` when not recorded."""
    stored = idempotency.stored_result(session, key=_outcome_key(collective_id))
    try:
        return CollectiveStatus(stored) if stored else CollectiveStatus.CLOSED
    except ValueError:
        return CollectiveStatus.CLOSED


def lock_open_collectives(session: Session, *, creators: list[UserId]) -> list[CollectiveId]:
    """Lock the open collectives of ``creators`` in ascending id order and return their ids.

    Collective rows are locked before balance rows everywhere; a service that will lock users
    and then close their collectives calls this first. The creators' guard rows are written
    first, so that a collective opened on another node of a cluster at once conflicts.
    """
    collective_broker.guard_open_collectives(session, creators=creators)
    ids = sorted(
        {
            cid
            for creator in creators
            for cid in collective_broker.list_open_ids(session, creator=creator)
        }
    )
    for collective_id in ids:
        collective_broker.lock_collective(session, collective_id=collective_id)
    return ids


def cancel_open_collectives(session: Session, *, creator: UserId) -> tuple[CollectiveId, ...]:
    """Cancel every open collective of ``creator`` (no money moves); returns their ids.

    The caller should have locked them with :func:`lock_open_collectives` before locking any
    balance row; any opened since are locked here.
    """
    cancelled = tuple(lock_open_collectives(session, creators=[creator]))
    for collective_id in cancelled:
        collective_broker.close_collective(session, collective_id=collective_id)
        record_outcome(session, collective_id=collective_id, status=CollectiveStatus.CANCELLED)
    return cancelled


def collective_view(session: Session, record: collective_broker.CollectiveRecord) -> CollectiveView:
    """The frozen view of a collective with its members, votes and (for communisms) shares."""
    members = collective_broker.list_members(session, collective_id=record.id)
    creator = user_broker.summaries(session, user_ids=[record.creator])[record.creator]
    status = (
        CollectiveStatus.OPEN if record.active else stored_outcome(session, collective_id=record.id)
    )
    base: dict[str, Any] = {
        "id": record.id,
        "status": status,
        "creator": creator,
        "amount": record.amount,
        "description": record.description or "",
        "created": record.created,
    }
    if not record.communistic:
        return CollectiveView(
            kind=CollectiveKind.PAYMENT,
            externals=0,
            votes=tuple(Vote(user=m.user, approve=m.vote) for m in members),
            **base,
        )
    ordered = communism_order(record.creator, [m.user for m in members])
    externals = record.externals or 0
    shares: tuple[Share, ...] = ()
    external_shares: tuple[int, ...] = ()
    if ordered or externals:
        split = split_amount(max(record.amount, 0), ordered, externals)
        shares = tuple(Share(user=who, amount=cents) for who, cents in split.shares)
        external_shares = split.external_shares
    if status is CollectiveStatus.CLOSED:
        shares, external_shares = _charged(session, record, ordered)
    return CollectiveView(
        kind=CollectiveKind.COMMUNISM,
        externals=externals,
        members=tuple(ordered),
        shares=shares,
        external_shares=external_shares,
        **base,
    )


def _charged(
    session: Session,
    record: collective_broker.CollectiveRecord,
    ordered: list[UserSummary],
) -> tuple[tuple[Share, ...], tuple[int, ...]]:
    """The shares of a communism closed by other software (no outcome of ours recorded), as its
    journal rows say (MateBot v0.2 charged everyone the rounded-up share); none when the journal
    has none (cancelled, or only the creator and externals took part)."""
    description = record.description or ""
    reasons = [
        collective_reason(TransactionKind.COMMUNISM, record),
        legacy_communism_reason(record.id, description),
    ]
    paid: dict[UserId, int] = transaction_broker.paid_to(
        session, receiver=record.creator, reasons=reasons
    )
    if not paid:
        return (), ()
    by_id = {m.id: m for m in ordered}
    charged, externals = charged_shares(
        list(by_id), UserId(record.creator), paid, record.externals or 0
    )
    return tuple(Share(user=by_id[who], amount=cents) for who, cents in charged), externals


def collective_reason(kind: TransactionKind, record: collective_broker.CollectiveRecord) -> str:
    """The journal reason of money moved by a collective: ``pay: #12 <description>``."""
    return make_reason(kind, f"#{record.id} {record.description or ''}")


def communism_order(creator: UserId, members: list[UserSummary]) -> list[UserSummary]:
    """Participants in split order: the creator first, then the others as they joined."""
    first = [m for m in members if m.id == creator]
    return first + [m for m in members if m.id != creator]


__all__ = [
    "UserRef",
    "cancel_open_collectives",
    "collective_reason",
    "collective_view",
    "communism_order",
    "journal_claim",
    "lock_open_collectives",
    "read_user",
    "record_outcome",
    "resolve_user_id",
    "run_once",
    "stored_outcome",
]
