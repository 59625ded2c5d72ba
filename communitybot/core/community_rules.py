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

from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

from communitybot.core.community import UserInfo
from communitybot.core.community_standing import (
    COMMUNITY_MAY,
    NO_GRANTS,
    Action,
    Grants,
    check_may,
    may,
)
from communitybot.core.errors import AmountOutOfRange, SelfTransfer
from communitybot.core.ledger import Limits, check_movement
from communitybot.core.money import MEDIUMINT_MAX, MEDIUMINT_MIN
from communitybot.core.rules import CommunityRules

NO_PARTY_GRANTS: Mapping[int, Grants] = MappingProxyType({})
"""No stored rules for any party of a transfer: the standings alone decide."""


def debt_limit(user: UserInfo, rules: CommunityRules) -> int | None:
    """The lowest balance ``user`` may reach by its own spending; ``None`` for no limit.

    Internals have ``rules.min_balance``, externals ``rules.external_min_balance`` (their voucher
    answers for that debt); the balances of the community user and of the cash box are bounded
    only by the column range.
    """
    if user.is_community or user.is_cash_box:
        return None
    return rules.external_min_balance if user.external else rules.min_balance


def check_amount(amount: int, *, maximum: int | None = None) -> None:
    """Refuse an amount that is not positive or above ``maximum`` (when given)."""
    top = MEDIUMINT_MAX if maximum is None else maximum
    if amount <= 0 or (maximum is not None and amount > maximum):
        raise AmountOutOfRange(amount=amount, minimum=1, maximum=top)


BALANCE_RANGE = Limits(minimum=MEDIUMINT_MIN, maximum=MEDIUMINT_MAX)
"""What a user's balance may hold: the MEDIUMINT range of the documented column."""


def balance_limits(user: UserInfo, rules: CommunityRules | None) -> Limits:
    """The limits of ``user``'s balance: its :func:`debt_limit` under ``rules`` (``None``: no
    debt limit applies, as when a voucher settles or the community pays) within
    :data:`BALANCE_RANGE`."""
    if rules is None:
        return BALANCE_RANGE
    return replace(BALANCE_RANGE, floor=debt_limit(user, rules))


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
        raise SelfTransfer(account_id=sender.id)
    check_may(receiver, Action.RECEIVE, grants.get(receiver.id, NO_GRANTS))
    check_movement(
        {sender.id: -amount, receiver.id: amount},
        {sender.id: sender.balance, receiver.id: receiver.balance},
        {sender.id: balance_limits(sender, rules), receiver.id: balance_limits(receiver, rules)},
    )


__all__ = [
    "BALANCE_RANGE",
    "COMMUNITY_MAY",
    "NO_PARTY_GRANTS",
    "Action",
    "balance_limits",
    "check_amount",
    "check_may",
    "check_transfer",
    "debt_limit",
    "may",
]
