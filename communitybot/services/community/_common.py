"""Pieces the community services share: user references, idempotent replays, collective views."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from communitybot.core.community import (
    CollectiveKind,
    CollectiveStatus,
    CollectiveView,
    Share,
    UserInfo,
    UserSummary,
    Vote,
)
from communitybot.core.errors import DomainError, IdempotencyKeyConflict, UnknownUser
from communitybot.core.ids import UserId
from communitybot.core.splits import split_amount
from communitybot.db import idempotency
from communitybot.db.brokers import collectives as collective_broker
from communitybot.db.brokers import users as user_broker
from communitybot.db.uow import UnitOfWork

T = TypeVar("T")

UserRef = UserId | str
"""A user named by its ``users.id`` or by its Telegram username (with or without ``@``)."""

_SCOPE_PREFIX = "community."


def resolve_user_id(session: Session, ref: UserRef) -> UserId:
    """The id a :data:`UserRef` names (not checked to exist for ids; the lock does that)."""
    if isinstance(ref, str):
        return user_broker.get_user_id_by_username(session, username=ref)
    return UserId(ref)


def lock_users(session: Session, user_ids: list[UserId]) -> dict[UserId, UserInfo]:
    """Lock the users in ascending id order; :class:`UnknownUser` when one is missing."""
    locked = user_broker.lock_users(session, user_ids=user_ids)
    for user_id in user_ids:
        if user_id not in locked:
            raise UnknownUser(ref=f"#{user_id}")
    return locked


class _AlreadyDone(Exception):
    """The idempotency key was claimed by an earlier run: roll back and replay it."""


def _stored_data(session: Session, *, key: str, op: str) -> dict[str, Any] | None:
    """What the run that claimed ``key`` stored, ``None`` when the key is unused.

    :class:`IdempotencyKeyConflict` when the key was used for a different operation.
    """
    stored = idempotency.stored_result(session, key=key)
    if stored is None:
        return None
    try:
        data = json.loads(stored)
    except ValueError:
        data = None
    if not isinstance(data, dict) or data.get("op") != op:
        used_for = str(data.get("op")) if isinstance(data, dict) else "another operation"
        raise IdempotencyKeyConflict(key=key, used_for=used_for, wanted=op)
    return data


def run_once(
    uow: UnitOfWork,
    *,
    key: str,
    op: str,
    act: Callable[[Session], tuple[T, dict[str, Any]]],
    replay: Callable[[Session, dict[str, Any]], T],
) -> T:
    """Run the money-moving ``act`` at most once per idempotency ``key``.

    ``act(session)`` does the work in one transaction and returns its result and the data a
    replay needs. The key is claimed at the end of that same transaction, together with the data
    (one ``INSERT IGNORE``), so it exists exactly when the work was committed. When the key was
    claimed already — by an earlier command, or by a concurrent one that committed first (the
    insert waits for it) — the transaction is rolled back and ``replay(session, data)`` answers
    from the stored data instead. A refusal (:class:`DomainError`) of a replayed command, e.g.
    a vote that finds its own earlier vote, is answered by the replay as well.
    """
    scope = f"{_SCOPE_PREFIX}{op}"

    def work(session: Session) -> T:
        result, data = act(session)
        payload = json.dumps({"op": op, **data}, separators=(",", ":"), sort_keys=True)
        if not idempotency.claim(session, key=key, scope=scope, result=payload):
            raise _AlreadyDone
        return result

    try:
        return uow.run(work)
    except (_AlreadyDone, DomainError) as error:
        stored = uow.read(lambda session: _stored_data(session, key=key, op=op))
        if stored is None:
            if isinstance(error, _AlreadyDone):  # pragma: no cover - a claimed key has its data
                raise IdempotencyKeyConflict(key=key, used_for="unknown", wanted=op) from None
            raise
    return uow.read(lambda session: replay(session, stored))


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
    return CollectiveView(
        kind=CollectiveKind.COMMUNISM,
        externals=externals,
        members=tuple(ordered),
        shares=shares,
        external_shares=external_shares,
        **base,
    )


def communism_order(creator: UserId, members: list[UserSummary]) -> list[UserSummary]:
    """Participants in split order: the creator first, then the others as they joined."""
    first = [m for m in members if m.id == creator]
    return first + [m for m in members if m.id != creator]


__all__ = [
    "UserRef",
    "collective_view",
    "communism_order",
    "lock_users",
    "record_outcome",
    "resolve_user_id",
    "run_once",
    "stored_outcome",
]
