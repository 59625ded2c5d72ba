"""Collectives: payment requests voted on by the members, and communisms that split a bill.

Every state change locks the ``collectives`` row first (``SELECT ... FOR UPDATE``) and then, when
money moves, the balance rows in ascending id order, all in one transaction: two deciding votes
arriving at once pay exactly once.
"""

from __future__ import annotations

from communitybot.core.community import (
    CollectiveMessage,
    CollectiveView,
    SettlementReceipt,
    VoteReceipt,
)
from communitybot.core.ids import CollectiveId, TelegramId
from communitybot.core.rules import CommunityRules
from communitybot.db.uow import UnitOfWork


def request_payment(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    creator_tid: TelegramId,
    amount: int,
    description: str,
) -> CollectiveView:
    """Open a payment request: the community shall pay ``amount`` cents to the creator.

    Raises ``UnknownUser``, ``InactiveUser``, ``ExternalNotAllowed``, ``AmountNotPositive``,
    ``AmountTooLarge`` (``rules.max_amount``), ``MissingDescription``,
    ``TooManyOpenCollectives`` (``rules.max_open_collectives``). The description is cut to 255.
    """
    ...


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
    (MEDIUMINT range) refuses the deciding vote. Raises ``UnknownUser``, ``UnknownCollective``,
    ``WrongCollectiveKind``, ``CollectiveClosed``, ``InactiveUser``, ``ExternalNotAllowed``,
    ``NoVotePermission``, ``CreatorCannotVote``, ``AlreadyVoted``, ``InactiveUser`` (the creator
    when the vote would pay it), ``BalanceOutOfRange``.
    """
    ...


def start_communism(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    creator_tid: TelegramId,
    amount: int,
    description: str,
) -> CollectiveView:
    """Open a communism of ``amount`` cents with the creator as first participant, 0 externals.

    Internal users and vouched externals may start one. Raises ``UnknownUser``,
    ``InactiveUser``, ``ExternalNotAllowed``, ``AmountNotPositive``, ``BalanceOutOfRange``
    (above the MEDIUMINT column), ``MissingDescription``, ``TooManyOpenCollectives``.
    """
    ...


def join_communism(
    uow: UnitOfWork, rules: CommunityRules, *, collective_id: CollectiveId, user_tid: TelegramId
) -> CollectiveView:
    """Join an open communism. Raises ``UnknownUser``, ``UnknownCollective``,
    ``WrongCollectiveKind``, ``CollectiveClosed``, ``InactiveUser``, ``ExternalNotAllowed``,
    ``AlreadyParticipant``."""
    ...


def leave_communism(
    uow: UnitOfWork, *, collective_id: CollectiveId, user_tid: TelegramId
) -> CollectiveView:
    """Leave an open communism. Raises ``UnknownUser``, ``UnknownCollective``,
    ``WrongCollectiveKind``, ``CollectiveClosed``, ``NotParticipant``, ``CreatorCannotLeave``."""
    ...


def change_externals(
    uow: UnitOfWork, *, collective_id: CollectiveId, actor_tid: TelegramId, delta: int
) -> CollectiveView:
    """Raise (``delta`` > 0) or lower the number of externals of an open communism; creator only.

    Raises ``UnknownUser``, ``UnknownCollective``, ``WrongCollectiveKind``, ``CollectiveClosed``,
    ``NotCollectiveCreator``, ``ExternalsOutOfRange`` (below 0 or above the SMALLINT column).
    """
    ...


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
    Raises ``UnknownUser``, ``UnknownCollective``, ``WrongCollectiveKind``, ``CollectiveClosed``,
    ``NotCollectiveCreator``, ``InactiveUser``, ``SettlementRefused`` (listing every problem),
    ``IdempotencyKeyConflict``.
    """
    ...


def cancel_collective(
    uow: UnitOfWork, *, collective_id: CollectiveId, actor_tid: TelegramId
) -> CollectiveView:
    """Close an open payment request or communism without moving money; creator only.

    Raises ``UnknownUser``, ``UnknownCollective``, ``CollectiveClosed``, ``NotCollectiveCreator``.
    """
    ...


def get_collective(uow: UnitOfWork, *, collective_id: CollectiveId) -> CollectiveView:
    """A collective with its members, votes and shares. Raises ``UnknownCollective``."""
    ...


def list_open_collectives(uow: UnitOfWork) -> tuple[CollectiveView, ...]:
    """Every open collective, oldest first."""
    ...


def record_message(
    uow: UnitOfWork, *, collective_id: CollectiveId, chat_id: int, msg_id: int
) -> CollectiveMessage:
    """Remember a bot message showing the collective (idempotent for the same chat and message).

    Raises ``UnknownCollective``.
    """
    ...


def list_messages(uow: UnitOfWork, *, collective_id: CollectiveId) -> tuple[CollectiveMessage, ...]:
    """Every recorded message of the collective, in the order recorded."""
    ...


def forget_message(uow: UnitOfWork, *, chat_id: int, msg_id: int) -> None:
    """Forget a recorded message (for instance after Telegram says it was deleted)."""
    ...


__all__ = [
    "accept_communism",
    "cancel_collective",
    "change_externals",
    "forget_message",
    "get_collective",
    "join_communism",
    "leave_communism",
    "list_messages",
    "list_open_collectives",
    "record_message",
    "request_payment",
    "start_communism",
    "vote",
]
