"""Collectives: payment requests voted on by the members, and communisms that split a bill.

Every state change locks the ``collectives`` row first (``SELECT ... FOR UPDATE``, after writing
its guard row, so that decisions on two nodes of a cluster conflict at commit) and then, when
money moves, the balance rows in ascending id order, all in one transaction: two deciding votes
arriving at once pay exactly once. Opening one writes the creator's guard of open collectives.
Journal reasons name the collective (``pay: #12 ...``, ``communism: #12 ...``) so ``communitybot
check`` can prove none was paid twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from communitybot.core.community import (
    REASON_MAX,
    CollectiveMessage,
    CollectiveReceipt,
    CollectiveStatus,
    CollectiveView,
    TransactionKind,
    UserInfo,
    VoteReceipt,
)
from communitybot.core.community_rules import Action, check_amount, may
from communitybot.core.errors import (
    AlreadyVoted,
    CollectiveClosed,
    CreatorCannotVote,
    MissingDescription,
    NotCollectiveCreator,
    TooManyOpenCollectives,
    WrongCollectiveKind,
)
from communitybot.core.ids import CollectiveId, TelegramId, TransactionId
from communitybot.core.ledger import Leg
from communitybot.core.money import MEDIUMINT_MAX
from communitybot.core.notices import NoticeKind
from communitybot.core.rules import CommunityRules
from communitybot.core.text import normalise_text
from communitybot.core.votes import PaymentDecision, decide_payment
from communitybot.db.brokers import collectives as collective_broker
from communitybot.db.brokers import users as user_broker
from communitybot.db.brokers.collectives import CollectiveRecord
from communitybot.db.stores import CommunityStore
from communitybot.db.uow import UnitOfWork
from communitybot.services.community._common import (
    collective_reason,
    collective_view,
    journal_claim,
    record_outcome,
    run_once,
)
from communitybot.services.community.notices import owed, payment_notices, still_owed
from communitybot.services.community.standing import check_member, grants_for, log_change
from communitybot.services.ledger import move

_PAYMENT = "payment"
_COMMUNISM = "communism"

_CREATE_OPS = {Action.REQUEST_PAYMENT: "request_payment", Action.START_COMMUNISM: "start_communism"}
"""The idempotency operation of each way to open a collective (stored with the key)."""


def _description(description: str) -> str:
    """The description as a person sees it; only invisible characters count as none."""
    text = normalise_text(description)
    if not text:
        raise MissingDescription()
    return text[:REASON_MAX]


def _open_collective(
    session: Session, collective_id: CollectiveId, kind: str | None
) -> CollectiveRecord:
    """Lock the collective and require it open (and of ``kind`` when given)."""
    record = collective_broker.lock_collective(session, collective_id=collective_id)
    if kind is not None and record.communistic != (kind == _COMMUNISM):
        raise WrongCollectiveKind(collective_id=record.id, expected=kind)
    if not record.active:
        raise CollectiveClosed(collective_id=record.id)
    return record


def _create(
    uow: UnitOfWork,
    rules: CommunityRules,
    creator_tid: TelegramId,
    amount: int,
    description: str,
    action: Action,
    key: str,
) -> CollectiveReceipt:
    """Open a payment request (``REQUEST_PAYMENT``) or a communism (``START_COMMUNISM``) once
    per idempotency ``key``."""
    check_amount(amount, maximum=min(rules.max_amount, MEDIUMINT_MAX))
    text = _description(description)

    def act(session: Session) -> tuple[CollectiveReceipt, dict[str, Any]]:
        view = _insert_collective(
            session, rules, creator_tid=creator_tid, amount=amount, description=text, action=action
        )
        return CollectiveReceipt(collective=view, replayed=False), {"collective": view.id}

    return run_once(uow, key=key, op=_CREATE_OPS[action], act=act, replay=_replayed_receipt)


def _replayed_receipt(session: Session, data: dict[str, Any]) -> CollectiveReceipt:
    """The answer to a replayed key: the collective it made or changed, as it is now."""
    return CollectiveReceipt(
        collective=_view(session, CollectiveId(data["collective"])), replayed=True
    )


def _insert_collective(
    session: Session,
    rules: CommunityRules,
    *,
    creator_tid: TelegramId,
    amount: int,
    description: str,
    action: Action,
) -> CollectiveView:
    creator_id = user_broker.get_user_id_by_tid(session, tid=creator_tid)
    # serializes the open-count check, on every node of a cluster: the guard row is written
    collective_broker.guard_open_collectives(session, creators=[creator_id])
    creator = user_broker.lock_user(session, user_id=creator_id)
    check_member(session, creator, action)
    open_now = collective_broker.count_open_by_creator(session, creator=creator.id)
    if open_now >= rules.max_open_collectives:
        raise TooManyOpenCollectives(
            user_id=creator.id, open=open_now, limit=rules.max_open_collectives
        )
    communistic = action is Action.START_COMMUNISM
    collective_id = collective_broker.insert_collective(
        session,
        creator=creator.id,
        amount=amount,
        description=description,
        communistic=communistic,
        externals=0 if communistic else None,
    )
    if communistic:
        collective_broker.add_member(
            session, collective_id=collective_id, user_id=creator.id, vote=False
        )
    return _view(session, collective_id)


def _view(session: Session, collective_id: CollectiveId) -> CollectiveView:
    record = collective_broker.get_collective(session, collective_id=collective_id)
    return collective_view(session, record)


def request_payment(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    creator_tid: TelegramId,
    amount: int,
    description: str,
    key: str,
) -> CollectiveReceipt:
    """Open a payment request: the community shall pay ``amount`` cents to the creator.

    Idempotent under ``key``: a replayed key opens nothing and answers with the request the
    first call opened (as it is now) and ``replayed=True``, even when the creator's limit of
    open collectives is reached by then. Raises ``UnknownUser``, ``InactiveUser``,
    ``ExternalNotAllowed``, ``AmountOutOfRange`` (1 to ``rules.max_amount``),
    ``MissingDescription``, ``TooManyOpenCollectives`` (``rules.max_open_collectives``),
    ``IdempotencyKeyConflict``. The description is cut to 255.
    """
    return _create(uow, rules, creator_tid, amount, description, Action.REQUEST_PAYMENT, key)


def vote(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    collective_id: CollectiveId,
    voter_tid: TelegramId,
    approve: bool,
    key: str,
) -> VoteReceipt:
    """Approve or disapprove a payment request; one vote per voter, never changed.

    When approvals minus disapprovals reach ``rules.payment_consent`` the community user pays
    the creator (reason ``pay: #<id> <description>``) and the request closes as ``PAID``; when
    disapprovals minus approvals reach ``rules.payment_denial`` it closes as ``DENIED``. The
    vote, the close and the payment are one transaction. A payment the community cannot make
    (MEDIUMINT range) refuses the deciding vote. Raises ``UnknownUser``, ``NotFound``,
    ``WrongCollectiveKind``, ``CollectiveClosed``, ``InactiveUser``, ``ExternalNotAllowed``,
    ``CommunityActionDenied`` (no vote), ``CreatorCannotVote``, ``AlreadyVoted``,
    ``InactiveUser`` (the creator when the vote would pay it), ``BalanceOutOfRange``.
    """

    def act(session: Session) -> tuple[VoteReceipt, dict[str, Any]]:
        voter_id = user_broker.get_user_id_by_tid(session, tid=voter_tid)
        record = _open_collective(session, collective_id, _PAYMENT)
        voter = user_broker.get_user(session, user_id=voter_id)
        check_member(session, voter, Action.VOTE)
        if voter.id == record.creator:
            raise CreatorCannotVote(collective_id=record.id, user_id=voter.id)
        earlier = collective_broker.find_member(session, collective_id=record.id, user_id=voter.id)
        if earlier is not None:
            raise AlreadyVoted(collective_id=record.id, user_id=voter.id, approve=earlier.vote)
        collective_broker.add_member(
            session, collective_id=record.id, user_id=voter.id, vote=approve
        )
        return vote_outcome(session, rules, record, approve)

    return run_once(uow, key=key, op="vote", act=act, replay=vote_replay)


def vote_replay(session: Session, data: dict[str, Any]) -> VoteReceipt:
    """The answer to a replayed vote (or withdrawal) key: what it stored, the request as now."""
    tx = data["tx"]
    view = _view(session, CollectiveId(data["collective"]))
    return VoteReceipt(
        collective=view,
        approve=data["approve"],
        decided=data["decided"],
        transaction_id=None if tx is None else TransactionId(tx),
        replayed=True,
        notices=tuple(payment_notices(session, view)) if still_owed(data) else (),
    )


def vote_outcome(
    session: Session, rules: CommunityRules, record: CollectiveRecord, approve: bool
) -> tuple[VoteReceipt, dict[str, Any]]:
    """After a vote ``approve`` was cast or withdrawn on the locked ``record``: decide it
    (:func:`decide`), and the receipt with the data its key stores."""
    decided, transaction_id, claimed = decide(session, rules, record)
    view = _view(session, record.id)
    notices = payment_notices(session, view) if decided else []
    data = {
        "collective": record.id,
        "approve": approve,
        "decided": decided,
        **claimed,
        **owed(notices, NoticeKind.PAYMENT),
    }
    receipt = VoteReceipt(
        collective=view,
        approve=approve,
        decided=decided,
        transaction_id=transaction_id,
        replayed=False,
        notices=tuple(notices),
    )
    return receipt, data


def decide(
    session: Session, rules: CommunityRules, record: CollectiveRecord
) -> tuple[bool, TransactionId | None, dict[str, Any]]:
    """Decide a locked, open payment request from its votes as they are now: pay and close it
    as ``PAID``, close it as ``DENIED``, or leave it open. Whether it was decided, the payment's
    journal row (if any) and the key's claim on it."""
    votes = [m.vote for m in collective_broker.list_members(session, collective_id=record.id)]
    decision = decide_payment(
        sum(votes),
        len(votes) - sum(votes),
        consent=rules.payment_consent,
        denial=rules.payment_denial,
    )
    transaction_id = None
    claimed: dict[str, Any] = {"tx": None}
    if decision is PaymentDecision.APPROVED:
        transaction_id, paid = _pay(session, record)
        claimed = journal_claim(
            transaction_id, sender=paid.from_id, receiver=paid.to_id, amount=paid.amount
        )
        _close(session, record, CollectiveStatus.PAID)
    elif decision is PaymentDecision.DENIED:
        _close(session, record, CollectiveStatus.DENIED)
    return decision is not PaymentDecision.OPEN, transaction_id, claimed


def _pay(session: Session, record: CollectiveRecord) -> tuple[TransactionId, Leg[str]]:
    """The community user pays an approved request's creator (rows locked after the collective;
    no debt limit applies); the journal row's id and what it says."""
    community_id = user_broker.get_community_user_id(session)
    reason = collective_reason(TransactionKind.PAY, record)
    leg = Leg(community_id, record.creator, record.amount, reason)

    def may_receive(locked: Mapping[int, UserInfo]) -> None:
        check_member(session, locked[record.creator], Action.RECEIVE)

    [transaction_id] = move(CommunityStore(session), [leg], check=may_receive).entries
    return transaction_id, leg


def _close(session: Session, record: CollectiveRecord, status: CollectiveStatus) -> None:
    collective_broker.close_collective(session, collective_id=record.id)
    record_outcome(session, collective_id=record.id, status=status)


def _check_may_manage(session: Session, user: UserInfo) -> None:
    """Leaving, cancelling or changing a collective is a writing operation.

    It needs what taking part in a communism needs: an active internal or vouched external.
    """
    check_member(session, user, Action.JOIN_COMMUNISM)


def _creator_only(session: Session, record: CollectiveRecord, actor_tid: TelegramId) -> UserInfo:
    actor_id = user_broker.get_user_id_by_tid(session, tid=actor_tid)
    if actor_id != record.creator:
        raise NotCollectiveCreator(collective_id=record.id, user_id=actor_id)
    actor = user_broker.get_user(session, user_id=actor_id)
    _check_may_manage(session, actor)
    return actor


def cancel_collective(
    uow: UnitOfWork, *, collective_id: CollectiveId, actor_tid: TelegramId
) -> CollectiveView:
    """Close an open payment request or communism without moving money.

    The creator may, and so may whoever holds ``CLOSE_COLLECTIVE`` (a treasurer closing a stuck
    one; that is written to the standing log). Raises ``UnknownUser``, ``NotFound``,
    ``CollectiveClosed``, ``NotCollectiveCreator``, ``InactiveUser``.
    """

    def work(session: Session) -> CollectiveView:
        record = _open_collective(session, collective_id, None)
        actor_id = user_broker.get_user_id_by_tid(session, tid=actor_tid)
        if actor_id == record.creator:
            _creator_only(session, record, actor_tid)
        else:
            actor = user_broker.get_user(session, user_id=actor_id)
            if not may(actor, Action.CLOSE_COLLECTIVE, grants_for(session, actor)[actor.id]):
                raise NotCollectiveCreator(collective_id=record.id, user_id=actor_id)
            log_change(
                session,
                actor_id=actor.id,
                change="close_collective",
                subject=f"collective:{record.id}",
            )
        _close(session, record, CollectiveStatus.CANCELLED)
        return _view(session, record.id)

    return uow.run(work)


def get_collective(uow: UnitOfWork, *, collective_id: CollectiveId) -> CollectiveView:
    """A collective with its members, votes and shares. Raises ``NotFound``."""
    return uow.read(lambda session: _view(session, collective_id))


def list_open_collectives(
    uow: UnitOfWork, *, creator_tid: TelegramId | None = None
) -> tuple[CollectiveView, ...]:
    """Every open collective (only those of the member ``creator_tid`` when given), oldest first.

    Raises ``UnknownUser`` for a ``creator_tid`` nobody has.
    """

    def work(session: Session) -> tuple[CollectiveView, ...]:
        creator = (
            None
            if creator_tid is None
            else user_broker.get_user_id_by_tid(session, tid=creator_tid)
        )
        ids = collective_broker.list_open_ids(session, creator=creator)
        return tuple(_view(session, i) for i in ids)

    return uow.read(work)


def record_message(
    uow: UnitOfWork, *, collective_id: CollectiveId, chat_id: int, msg_id: int
) -> CollectiveMessage:
    """Remember a bot message showing the collective (idempotent for the same chat and message).

    Raises ``NotFound``.
    """

    def work(session: Session) -> CollectiveMessage:
        record = collective_broker.get_collective(session, collective_id=collective_id)
        known = collective_broker.find_message(session, chat_id=chat_id, msg_id=msg_id)
        if known is not None and known.collective_id == record.id:
            return known
        if known is not None:  # the message id now shows another collective
            collective_broker.delete_message(session, chat_id=chat_id, msg_id=msg_id)
        collective_broker.add_message(
            session, collective_id=record.id, chat_id=chat_id, msg_id=msg_id
        )
        return CollectiveMessage(collective_id=record.id, chat_id=chat_id, msg_id=msg_id)

    return uow.run(work)


def collective_shown_by(uow: UnitOfWork, *, chat_id: int, msg_id: int) -> CollectiveId | None:
    """The collective that message ``msg_id`` of ``chat_id`` is recorded to show, or ``None``.

    A button press counts only on a message that shows its collective.
    """

    def work(session: Session) -> CollectiveId | None:
        known = collective_broker.find_message(session, chat_id=chat_id, msg_id=msg_id)
        return None if known is None else known.collective_id

    return uow.read(work)


def list_messages(uow: UnitOfWork, *, collective_id: CollectiveId) -> tuple[CollectiveMessage, ...]:
    """Every recorded message of the collective, in the order recorded."""
    return tuple(
        uow.read(
            lambda session: collective_broker.list_messages(session, collective_id=collective_id)
        )
    )


def forget_message(uow: UnitOfWork, *, chat_id: int, msg_id: int) -> None:
    """Forget a recorded message (for instance after Telegram says it was deleted)."""
    uow.run(
        lambda session: collective_broker.delete_message(session, chat_id=chat_id, msg_id=msg_id)
    )


__all__ = [
    "cancel_collective",
    "collective_shown_by",
    "forget_message",
    "get_collective",
    "list_messages",
    "list_open_collectives",
    "record_message",
    "request_payment",
    "vote",
]
