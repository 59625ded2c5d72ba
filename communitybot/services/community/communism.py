"""Communisms: a bill split among the participants, settled by its creator (see
:mod:`communitybot.services.community.collectives` for the locking and the journal reasons).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from communitybot.core.community import (
    CollectiveReceipt,
    CollectiveStatus,
    CollectiveView,
    SettlementReceipt,
    TransactionKind,
    UserInfo,
)
from communitybot.core.community_rules import Action, balance_limits, check_may
from communitybot.core.errors import (
    AlreadyParticipant,
    CreatorCannotLeave,
    DomainError,
    ExternalsOutOfRange,
    NotParticipant,
    SettlementRefused,
)
from communitybot.core.ids import CollectiveId, TelegramId
from communitybot.core.ledger import Leg, balance_problem
from communitybot.core.notices import NoticeKind
from communitybot.core.rules import CommunityRules
from communitybot.core.splits import split_amount
from communitybot.db.brokers import collectives as collective_broker
from communitybot.db.brokers import transactions as journal
from communitybot.db.brokers import users as user_broker
from communitybot.db.stores import CommunityStore
from communitybot.db.uow import UnitOfWork
from communitybot.services.community._common import (
    collective_reason,
    collective_view,
    communism_order,
    run_once,
)
from communitybot.services.community.collectives import (
    _COMMUNISM,
    _check_may_manage,
    _close,
    _create,
    _creator_only,
    _open_collective,
    _replayed_receipt,
    _view,
)
from communitybot.services.community.notices import charge_notices, owed, still_owed
from communitybot.services.community.standing import check_member, grants_for
from communitybot.services.ledger import move

SMALLINT_MAX = 32_767
"""Largest ``collectives.externals`` (``smallint(6)``)."""


def start_communism(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    creator_tid: TelegramId,
    amount: int,
    description: str,
    key: str,
) -> CollectiveReceipt:
    """Open a communism of ``amount`` cents with the creator as first participant, 0 externals.

    Internal users and vouched externals may start one. Idempotent under ``key`` like
    :func:`request_payment`. Raises ``UnknownUser``, ``InactiveUser``, ``ExternalNotAllowed``,
    ``AmountOutOfRange`` (1 to ``rules.max_amount``, the total of the bill),
    ``MissingDescription``, ``TooManyOpenCollectives``, ``IdempotencyKeyConflict``.
    """
    return _create(uow, rules, creator_tid, amount, description, Action.START_COMMUNISM, key)


def join_communism(
    uow: UnitOfWork, rules: CommunityRules, *, collective_id: CollectiveId, user_tid: TelegramId
) -> CollectiveView:
    """Join an open communism. Raises ``UnknownUser``, ``NotFound``,
    ``WrongCollectiveKind``, ``CollectiveClosed``, ``InactiveUser``, ``ExternalNotAllowed``,
    ``AlreadyParticipant``."""
    del rules  # who may join is the same for every community

    def work(session: Session) -> CollectiveView:
        user_id = user_broker.get_user_id_by_tid(session, tid=user_tid)
        record = _open_collective(session, collective_id, _COMMUNISM)
        user = user_broker.get_user(session, user_id=user_id)
        check_member(session, user, Action.JOIN_COMMUNISM)
        if collective_broker.find_member(session, collective_id=record.id, user_id=user.id):
            raise AlreadyParticipant(collective_id=record.id, user_id=user.id)
        collective_broker.add_member(session, collective_id=record.id, user_id=user.id, vote=False)
        return _view(session, record.id)

    return uow.run(work)


def leave_communism(
    uow: UnitOfWork, *, collective_id: CollectiveId, user_tid: TelegramId
) -> CollectiveView:
    """Leave an open communism. Raises ``UnknownUser``, ``NotFound``,
    ``WrongCollectiveKind``, ``CollectiveClosed``, ``NotParticipant``, ``CreatorCannotLeave``."""

    def work(session: Session) -> CollectiveView:
        user_id = user_broker.get_user_id_by_tid(session, tid=user_tid)
        record = _open_collective(session, collective_id, _COMMUNISM)
        user = user_broker.get_user(session, user_id=user_id)
        _check_may_manage(session, user)
        if user.id == record.creator:
            raise CreatorCannotLeave(collective_id=record.id, user_id=user.id)
        if collective_broker.find_member(session, collective_id=record.id, user_id=user.id) is None:
            raise NotParticipant(collective_id=record.id, user_id=user.id)
        collective_broker.remove_member(session, collective_id=record.id, user_id=user.id)
        return _view(session, record.id)

    return uow.run(work)


def change_externals(
    uow: UnitOfWork, *, collective_id: CollectiveId, actor_tid: TelegramId, delta: int, key: str
) -> CollectiveReceipt:
    """Raise (``delta`` > 0) or lower the number of externals of an open communism; creator only.

    Idempotent under ``key``: a replayed key changes nothing and answers with the communism as
    it is now and ``replayed=True``. Raises ``UnknownUser``, ``NotFound``,
    ``WrongCollectiveKind``, ``CollectiveClosed``, ``NotCollectiveCreator``, ``InactiveUser``,
    ``ExternalNotAllowed``, ``ExternalsOutOfRange`` (below 0 or above the SMALLINT column),
    ``IdempotencyKeyConflict``.
    """

    def act(session: Session) -> tuple[CollectiveReceipt, dict[str, Any]]:
        record = _open_collective(session, collective_id, _COMMUNISM)
        _creator_only(session, record, actor_tid)
        externals = (record.externals or 0) + delta
        if not 0 <= externals <= SMALLINT_MAX:
            raise ExternalsOutOfRange(
                collective_id=record.id, externals=externals, maximum=SMALLINT_MAX
            )
        collective_broker.set_externals(session, collective_id=record.id, externals=externals)
        view = _view(session, record.id)
        return CollectiveReceipt(collective=view, replayed=False), {"collective": record.id}

    return run_once(uow, key=key, op="change_externals", act=act, replay=_replayed_receipt)


def accept_communism(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    collective_id: CollectiveId,
    actor_tid: TelegramId,
    key: str,
) -> SettlementReceipt:
    """Settle an open communism; creator only.

    The amount is split by :func:`communitybot.core.splits.split_amount` among the participants
    (creator first, then in join order) and the externals. Every participant but the creator pays
    its share to the creator (reason ``communism: #<id> <description>``). Every participant's
    debt limit and range is checked first; then all shares move in one transaction, or none.
    Raises ``UnknownUser``, ``NotFound``, ``WrongCollectiveKind``, ``CollectiveClosed``,
    ``NotCollectiveCreator``, ``InactiveUser``, ``SettlementRefused`` (listing every problem),
    ``IdempotencyKeyConflict``.
    """

    def replay(session: Session, data: dict[str, Any]) -> SettlementReceipt:
        settled = collective_broker.get_collective(session, collective_id=data["collective"])
        rows = journal.list_by_reason(
            session, reason=collective_reason(TransactionKind.COMMUNISM, settled)
        )
        view = collective_view(session, settled)
        paid = [r for r in rows if r.receiver == settled.creator]
        charges = [(r.sender, r.amount) for r in paid]
        return SettlementReceipt(
            collective=view,
            transaction_ids=tuple(r.id for r in paid),
            replayed=True,
            notices=tuple(charge_notices(session, view, charges)) if still_owed(data) else (),
        )

    def act(session: Session) -> tuple[SettlementReceipt, dict[str, Any]]:
        record = _open_collective(session, collective_id, _COMMUNISM)
        _creator_only(session, record, actor_tid)
        members = collective_broker.list_members(session, collective_id=record.id)
        ordered = [m.id for m in communism_order(record.creator, [m.user for m in members])]
        if record.creator not in ordered:  # rows written by other software
            ordered.insert(0, record.creator)
        split = split_amount(record.amount, ordered, record.externals or 0)
        reason = collective_reason(TransactionKind.COMMUNISM, record)
        legs = [
            Leg(user_id, record.creator, share, reason)
            for user_id, share in split.shares
            if user_id != record.creator and share != 0
        ]

        def all_can_pay(locked: Mapping[int, UserInfo]) -> None:
            grants = grants_for(session, *locked.values())
            problems: list[DomainError | None] = []
            for leg in legs:
                payer = locked[leg.from_id]
                try:
                    check_may(payer, Action.JOIN_COMMUNISM, grants[payer.id])
                except DomainError as refusal:
                    problems.append(refusal)
                    continue
                limits = balance_limits(payer, rules)
                problems.append(balance_problem(payer.id, payer.balance, -leg.amount, limits))
            if legs:
                creator, incoming = locked[record.creator], sum(leg.amount for leg in legs)
                limits = balance_limits(creator, None)
                problems.append(balance_problem(creator.id, creator.balance, incoming, limits))
            found = tuple(problem for problem in problems if problem is not None)
            if found:
                raise SettlementRefused(collective_id=record.id, problems=found)

        moved = move(CommunityStore(session, rules), legs, check=all_can_pay)
        _close(session, record, CollectiveStatus.SETTLED)
        view = _view(session, record.id)
        notices = charge_notices(session, view, [(leg.from_id, leg.amount) for leg in legs])
        return SettlementReceipt(
            collective=view,
            transaction_ids=tuple(moved.entries),
            replayed=False,
            notices=tuple(notices),
        ), {"collective": record.id, **owed(notices, NoticeKind.COMMUNISM)}

    return run_once(uow, key=key, op="accept", act=act, replay=replay)


__all__ = [
    "accept_communism",
    "change_externals",
    "join_communism",
    "leave_communism",
    "start_communism",
]
