"""Who may do what in the community, and the limits every money movement must keep.

Pure functions over :class:`~communitybot.core.community.UserInfo` and
:class:`~communitybot.core.rules.CommunityRules`. The services call them inside their transaction,
on rows they have just locked, so the checks see the state the money will move from.

Who may do what is the core's permission model over the members' standing
(:mod:`communitybot.core.community_standing`, re-exported here): by default

- send, consume, start or join a communism: internal users and vouched externals;
- receive money: the same, and the community user;
- request a payment, vouch for an external: internal users only;
- vote on payment requests: internal users with the vote permission (``users.permission``);
- an external without a voucher may only read; the community user only receives (it pays
  accepted payment requests through the collectives service, not on its own).

An inactive user may do none of these; reading is always allowed. Rules and roles stored for the
community (:class:`~communitybot.core.community_standing.Grants`) refine these defaults.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from communitybot.core.community import UserInfo
from communitybot.core.community_standing import (
    COMMUNITY_MAY,
    INTERNAL_ONLY,
    NO_GRANTS,
    Action,
    Grants,
    check_may,
    may,
)
from communitybot.core.errors import (
    AmountOutOfRange,
    BalanceOutOfRange,
    DebtLimitExceeded,
    DomainError,
    SelfTransfer,
)
from communitybot.core.money import MEDIUMINT_MAX, in_mediumint_range
from communitybot.core.rules import CommunityRules

NO_PARTY_GRANTS: Mapping[int, Grants] = MappingProxyType({})
"""No stored rules for any party of a transfer: the standings alone decide."""


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
    top = MEDIUMINT_MAX if maximum is None else maximum
    if amount <= 0 or (maximum is not None and amount > maximum):
        raise AmountOutOfRange(amount=amount, minimum=1, maximum=top)


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
    grants: Mapping[int, Grants] = NO_PARTY_GRANTS,
) -> None:
    """Every rule of one transfer of ``amount`` cents from ``sender`` to ``receiver``.

    ``sender`` and ``receiver`` carry the balances just locked, ``grants`` the stored rules of
    each party by user id (a party missing there has none). The checks, in order: the amount is
    positive (and at most ``rules.max_amount`` when ``enforce_maximum``); the sender may do
    ``sender_action``; it is not a self-transfer; the receiver may receive; the sender stays at or
    above its debt limit; both balances stay within the MEDIUMINT range.
    """
    check_amount(amount, maximum=rules.max_amount if enforce_maximum else None)
    check_may(sender, sender_action, grants.get(sender.id, NO_GRANTS))
    if sender.id == receiver.id:
        raise SelfTransfer(user_id=sender.id)
    check_may(receiver, Action.RECEIVE, grants.get(receiver.id, NO_GRANTS))
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
    "NO_PARTY_GRANTS",
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
