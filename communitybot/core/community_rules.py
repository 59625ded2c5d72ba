"""Who may do what in the community, and the limits every money movement must keep.

Pure functions over :class:`~communitybot.core.community.UserInfo` and
:class:`~communitybot.core.rules.CommunityRules`. The services call them inside their transaction,
on rows they have just locked, so the checks see the state the money will move from.

The permission model:

- send, consume, start or join a communism: internal users and vouched externals;
- receive money: the same, and the community user;
- request a payment, vouch for an external: internal users only;
- vote on payment requests: internal users with the vote permission (``users.permission``);
- an external without a voucher may only read; the community user only receives (it pays
  accepted payment requests through the collectives service, not on its own).

An inactive user may do none of these; reading is always allowed.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from communitybot.core.community import UserInfo
from communitybot.core.errors import (
    AmountNotPositive,
    AmountTooLarge,
    BalanceOutOfRange,
    CommunityUserNotAllowed,
    DebtLimitExceeded,
    DomainError,
    ExternalNotAllowed,
    InactiveUser,
    NoVotePermission,
    SelfTransfer,
)
from communitybot.core.money import in_mediumint_range
from communitybot.core.rules import CommunityRules


class Action(enum.Enum):
    """A writing operation a user may or may not be allowed to do."""

    SEND = "send"
    RECEIVE = "receive"
    CONSUME = "consume"
    START_COMMUNISM = "start_communism"
    JOIN_COMMUNISM = "join_communism"
    REQUEST_PAYMENT = "request_payment"
    VOTE = "vote"
    VOUCH = "vouch"


INTERNAL_ONLY = frozenset({Action.REQUEST_PAYMENT, Action.VOTE, Action.VOUCH})
"""Actions no external may do, vouched or not."""

COMMUNITY_MAY = frozenset({Action.RECEIVE})
"""Actions open to the community user (it pays only through accepted payment requests)."""


def check_may(user: UserInfo, action: Action) -> None:
    """Raise the specific error that forbids ``user`` to do ``action``; return when allowed.

    Raises :class:`CommunityUserNotAllowed`, :class:`InactiveUser`, :class:`ExternalNotAllowed`
    or :class:`NoVotePermission`.
    """
    if user.is_community:
        if action not in COMMUNITY_MAY:
            raise CommunityUserNotAllowed(action=action.value)
        return
    if not user.active:
        raise InactiveUser(user_id=user.id)
    if user.external and (user.voucher is None or action in INTERNAL_ONLY):
        raise ExternalNotAllowed(
            user_id=user.id, action=action.value, vouched=user.voucher is not None
        )
    if action is Action.VOTE and not user.permission:
        raise NoVotePermission(user_id=user.id)


def may(user: UserInfo, action: Action) -> bool:
    """Whether ``user`` may do ``action`` now (see :func:`check_may`)."""
    try:
        check_may(user, action)
    except DomainError:
        return False
    return True


def debt_limit(user: UserInfo, rules: CommunityRules) -> int | None:
    """The lowest balance ``user`` may reach by its own spending; ``None`` for no limit.

    Internals have ``rules.min_balance``, externals ``rules.external_min_balance`` (their voucher
    answers for that debt); the community user's balance is bounded only by the column range.
    """
    if user.is_community:
        return None
    return rules.external_min_balance if user.external else rules.min_balance


def check_amount(amount: int, *, maximum: int | None = None) -> None:
    """Refuse an amount that is not positive or above ``maximum`` (when given)."""
    if amount <= 0:
        raise AmountNotPositive(amount=amount)
    if maximum is not None and amount > maximum:
        raise AmountTooLarge(amount=amount, maximum=maximum)


def balance_problem(
    *, user_id: int, balance: int, delta: int, limit: int | None
) -> DomainError | None:
    """The error that forbids changing ``balance`` by ``delta``, or ``None`` when it is fine.

    A debit (``delta`` < 0) may not take the balance below ``limit`` (``None``: no limit). No
    change may leave the MEDIUMINT range of the balance column, in either direction.
    """
    after = balance + delta
    if delta < 0 and limit is not None and after < limit:
        return DebtLimitExceeded(user_id=user_id, balance=balance, amount=-delta, limit=limit)
    if not in_mediumint_range(after):
        return BalanceOutOfRange(user_id=user_id, balance=balance, delta=delta)
    return None


def check_balance_change(*, user_id: int, balance: int, delta: int, limit: int | None) -> None:
    """Raise what :func:`balance_problem` finds."""
    problem = balance_problem(user_id=user_id, balance=balance, delta=delta, limit=limit)
    if problem is not None:
        raise problem


def check_transfer(
    rules: CommunityRules,
    *,
    sender: UserInfo,
    receiver: UserInfo,
    amount: int,
    enforce_maximum: bool = True,
    sender_action: Action = Action.SEND,
) -> None:
    """Every rule of one transfer of ``amount`` cents from ``sender`` to ``receiver``.

    ``sender`` and ``receiver`` carry the balances just locked. The checks, in order: the amount
    is positive (and at most ``rules.max_amount`` when ``enforce_maximum``); the sender may do
    ``sender_action``; it is not a self-transfer; the receiver may receive; the sender stays at or
    above its debt limit; both balances stay within the MEDIUMINT range.
    """
    check_amount(amount, maximum=rules.max_amount if enforce_maximum else None)
    check_may(sender, sender_action)
    if sender.id == receiver.id:
        raise SelfTransfer(user_id=sender.id)
    check_may(receiver, Action.RECEIVE)
    check_balance_change(
        user_id=sender.id,
        balance=sender.balance,
        delta=-amount,
        limit=debt_limit(sender, rules),
    )
    check_balance_change(user_id=receiver.id, balance=receiver.balance, delta=amount, limit=None)


def net_deltas(legs: Iterable[tuple[int, int, int]]) -> dict[int, int]:
    """Net balance change per user of several ``(sender, receiver, amount)`` legs."""
    deltas: dict[int, int] = {}
    for sender, receiver, amount in legs:
        deltas[sender] = deltas.get(sender, 0) - amount
        deltas[receiver] = deltas.get(receiver, 0) + amount
    return deltas


__all__ = [
    "COMMUNITY_MAY",
    "INTERNAL_ONLY",
    "Action",
    "balance_problem",
    "check_amount",
    "check_balance_change",
    "check_may",
    "check_transfer",
    "debt_limit",
    "may",
    "net_deltas",
]
