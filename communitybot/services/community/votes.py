"""Governance of payment requests beyond casting a vote: withdrawing a vote while the request
is open, and closing requests that stayed undecided for ``payment_expiry_hours``.

Both lock the ``collectives`` row first (after its guard row), like every decision on a
collective, so a withdrawal, a vote and the expiry job on the same request are serialised, on
every node of a cluster too.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session

from communitybot.core.community import CollectiveStatus, CollectiveView, VoteReceipt
from communitybot.core.errors import NotVoted
from communitybot.core.ids import CollectiveId, TelegramId
from communitybot.core.rules import CommunityRules
from communitybot.db.brokers import collectives as collective_broker
from communitybot.db.brokers import history as history_broker
from communitybot.db.brokers import users as user_broker
from communitybot.db.uow import UnitOfWork
from communitybot.services.community._common import run_once
from communitybot.services.community.collectives import (
    _PAYMENT,
    _check_may_manage,
    _close,
    _open_collective,
    get_collective,
    vote_outcome,
    vote_replay,
)


def retract_vote(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    collective_id: CollectiveId,
    voter_tid: TelegramId,
    key: str,
) -> VoteReceipt:
    """Withdraw the vote of ``voter_tid`` on an open payment request (``approve`` of the receipt
    is the vote withdrawn).

    The request is then decided on the votes that remain, as after any vote: withdrawing an
    approval can let the disapprovals lead by ``payment_denial`` (denied), withdrawing a
    disapproval can let the approvals lead by ``payment_consent`` (paid, in the same
    transaction). Idempotent under ``key``. Raises ``UnknownUser``, ``NotFound``,
    ``WrongCollectiveKind``, ``CollectiveClosed``, ``InactiveUser``, ``ExternalNotAllowed``,
    ``NotVoted``, and what paying raises (``InactiveUser`` of the creator,
    ``BalanceOutOfRange``).
    """

    def act(session: Session) -> tuple[VoteReceipt, dict[str, Any]]:
        voter_id = user_broker.get_user_id_by_tid(session, tid=voter_tid)
        record = _open_collective(session, collective_id, _PAYMENT)
        voter = user_broker.get_user(session, user_id=voter_id)
        _check_may_manage(session, voter)
        earlier = collective_broker.find_member(session, collective_id=record.id, user_id=voter.id)
        if earlier is None:
            raise NotVoted(collective_id=record.id, user_id=voter.id)
        collective_broker.remove_member(session, collective_id=record.id, user_id=voter.id)
        return vote_outcome(session, rules, record, earlier.vote)

    return run_once(uow, key=key, op="retract_vote", act=act, replay=vote_replay)


def expire_payment_requests(uow: UnitOfWork, rules: CommunityRules) -> tuple[CollectiveView, ...]:
    """Close every open payment request opened ``rules.payment_expiry_hours`` ago or longer as
    ``EXPIRED`` (nothing is paid); the closed ones, so their messages can be brought up to date.

    Ages are measured on the database's clock, against ``collectives.created``. Each request is
    closed in its own short transaction, after locking it and finding it still open and old
    (a deciding vote at the same moment wins or waits). Nothing happens when the setting is 0.
    """
    hours = rules.payment_expiry_hours
    if hours <= 0:
        return ()

    def due(session: Session) -> list[CollectiveId]:
        cutoff = history_broker.database_now(session) - timedelta(hours=hours)
        return collective_broker.list_open_requests_before(session, created_before=cutoff)

    expired: list[CollectiveView] = []
    for collective_id in uow.read(due):

        def close(session: Session, collective_id: CollectiveId = collective_id) -> bool:
            record = collective_broker.lock_collective(session, collective_id=collective_id)
            cutoff = history_broker.database_now(session) - timedelta(hours=hours)
            if not record.active or record.communistic or record.created >= cutoff:
                return False
            _close(session, record, CollectiveStatus.EXPIRED)
            return True

        if uow.run(close):
            expired.append(get_collective(uow, collective_id=collective_id))
    return tuple(expired)


__all__ = ["expire_payment_requests", "retract_vote"]
