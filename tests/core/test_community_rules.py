"""Who may do what, debt limits and the MEDIUMINT range, as pure functions."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from communitybot.core.community import (
    TransactionKind,
    UserInfo,
    make_reason,
    reason_kind,
)
from communitybot.core.community_rules import (
    BALANCE_RANGE,
    Action,
    balance_limits,
    check_amount,
    check_may,
    check_transfer,
    debt_limit,
    may,
)
from communitybot.core.community_standing import MEMBER_ACTIONS
from communitybot.core.errors import (
    AmountOutOfRange,
    BalanceOutOfRange,
    CommunityActionDenied,
    CommunityUserNotAllowed,
    ExternalNotAllowed,
    InactiveUser,
    InsufficientBalance,
    SelfTransfer,
)
from communitybot.core.ids import TelegramId, UserId
from communitybot.core.ledger import Leg, balance_problem, check_movement, net_deltas
from communitybot.core.money import MEDIUMINT_MAX, MEDIUMINT_MIN
from communitybot.core.rules import CommunityRules

NOW = datetime(2026, 1, 1, tzinfo=UTC)
RULES = CommunityRules()


def user(user_id: int = 1, **changes: object) -> UserInfo:
    base = UserInfo(
        id=UserId(user_id),
        tid=TelegramId(1000 + user_id),
        name=f"user {user_id}",
        username=None,
        balance=0,
        permission=False,
        active=True,
        external=False,
        voucher=None,
        created=NOW,
        accessed=NOW,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


INTERNAL = user(1)
VOTER = user(2, permission=True)
VOUCHED = user(3, external=True, voucher=UserId(1))
UNVOUCHED = user(4, external=True)
INACTIVE = user(5, active=False, permission=True)
COMMUNITY = user(6, tid=None)
VOUCHED_FLAGGED = user(7, external=True, voucher=UserId(1), permission=True)

MEMBER = sorted(MEMBER_ACTIONS, key=lambda a: a.value)
"""What members do with their own money and voice (the treasurer's powers are nobody's by
default: tests/core/test_community_standing.py)."""

EVERYONE_ACTIVE_MAY = [
    Action.SEND,
    Action.RECEIVE,
    Action.CONSUME,
    Action.START_COMMUNISM,
    Action.JOIN_COMMUNISM,
    Action.UNDO,
]
"""What a vouched external may do too: the guest's actions (undoing its own last transfer or
purchase among them)."""


@pytest.mark.parametrize("action", MEMBER)
def test_internal_voter_may_everything(action: Action) -> None:
    assert may(VOTER, action)


@pytest.mark.parametrize("action", MEMBER)
def test_internal_without_flag_may_all_but_vote(action: Action) -> None:
    assert may(INTERNAL, action) is (action is not Action.VOTE)


def test_vote_without_flag_names_the_permission() -> None:
    with pytest.raises(CommunityActionDenied) as caught:
        check_may(INTERNAL, Action.VOTE)
    assert (caught.value.user_id, caught.value.action) == (1, "vote")


@pytest.mark.parametrize("action", list(Action))
def test_vouched_external(action: Action) -> None:
    if action in EVERYONE_ACTIVE_MAY:
        check_may(VOUCHED, action)
    else:
        with pytest.raises(ExternalNotAllowed) as caught:
            check_may(VOUCHED, action)
        assert caught.value.vouched is True
        assert caught.value.action == action.value


@pytest.mark.parametrize("action", [Action.VOTE, Action.REQUEST_PAYMENT, Action.VOUCH])
def test_vouched_external_never_votes_even_with_the_flag(action: Action) -> None:
    assert not may(VOUCHED_FLAGGED, action)


@pytest.mark.parametrize("action", list(Action))
def test_unvouched_external_may_only_read(action: Action) -> None:
    with pytest.raises(ExternalNotAllowed) as caught:
        check_may(UNVOUCHED, action)
    assert caught.value.vouched is False


@pytest.mark.parametrize("action", list(Action))
def test_inactive_may_nothing(action: Action) -> None:
    with pytest.raises(InactiveUser):
        check_may(INACTIVE, action)


@pytest.mark.parametrize("action", list(Action))
def test_community_only_receives(action: Action) -> None:
    if action is Action.RECEIVE:
        check_may(COMMUNITY, action)
    else:
        with pytest.raises(CommunityUserNotAllowed):
            check_may(COMMUNITY, action)


def test_debt_limits() -> None:
    rules = CommunityRules(min_balance=-5000, external_min_balance=-2000)
    assert debt_limit(INTERNAL, rules) == -5000
    assert debt_limit(VOUCHED, rules) == -2000
    assert debt_limit(COMMUNITY, rules) is None


def test_amount_checks() -> None:
    check_amount(1, maximum=1)
    with pytest.raises(AmountOutOfRange, match="amount=0,"):
        check_amount(0)
    with pytest.raises(AmountOutOfRange, match="amount=-5,"):
        check_amount(-5, maximum=10)
    with pytest.raises(AmountOutOfRange) as caught:
        check_amount(11, maximum=10)
    assert caught.value.data == {"amount": 11, "minimum": 1, "maximum": 10}
    check_amount(10**9)  # no maximum


def test_balance_problem_debt_limit_exactly_reached_is_fine() -> None:
    limits = balance_limits(INTERNAL, CommunityRules(min_balance=-5000))
    assert balance_problem(1, 0, -5000, limits) is None
    problem = balance_problem(1, 0, -5001, limits)
    assert isinstance(problem, InsufficientBalance)
    assert (problem.balance, problem.amount, problem.limit) == (0, 5001, -5000)


def test_balance_problem_credit_below_limit_is_allowed() -> None:
    # a user already below its limit (e.g. after a settlement) may still receive
    limits = balance_limits(INTERNAL, CommunityRules(min_balance=-5000))
    assert balance_problem(1, -9000, 100, limits) is None


def test_balance_problem_mediumint_both_sides() -> None:
    assert balance_limits(COMMUNITY, RULES) == BALANCE_RANGE == balance_limits(INTERNAL, None)
    assert balance_problem(1, MEDIUMINT_MAX - 1, 1, BALANCE_RANGE) is None
    high = balance_problem(1, MEDIUMINT_MAX, 1, BALANCE_RANGE)
    assert isinstance(high, BalanceOutOfRange)
    assert balance_problem(1, MEDIUMINT_MIN + 1, -1, BALANCE_RANGE) is None
    low = balance_problem(1, MEDIUMINT_MIN, -1, BALANCE_RANGE)
    assert isinstance(low, BalanceOutOfRange)


def test_a_movement_refuses_the_debits_first() -> None:
    limits = dict.fromkeys((1, 2, 3), balance_limits(INTERNAL, CommunityRules(min_balance=0)))
    with pytest.raises(InsufficientBalance) as caught:
        check_movement({1: 5, 2: -5, 3: 0}, {1: MEDIUMINT_MAX, 2: 0, 3: 0}, limits)
    assert caught.value.account_id == 2
    with pytest.raises(BalanceOutOfRange) as out:
        check_movement({1: 5, 2: -5}, {1: MEDIUMINT_MAX, 2: 5}, limits)
    assert out.value.account_id == 1


def test_transfer_happy() -> None:
    check_transfer(RULES, sender=INTERNAL, receiver=VOUCHED, amount=-RULES.min_balance)
    check_transfer(RULES, sender=VOUCHED, receiver=COMMUNITY, amount=100)


def test_transfer_refusals() -> None:
    with pytest.raises(SelfTransfer):
        check_transfer(RULES, sender=INTERNAL, receiver=INTERNAL, amount=1)
    with pytest.raises(AmountOutOfRange, match=f"amount={RULES.max_amount + 1},"):
        check_transfer(RULES, sender=INTERNAL, receiver=VOTER, amount=RULES.max_amount + 1)
    with pytest.raises(AmountOutOfRange, match="amount=0,"):
        check_transfer(RULES, sender=INTERNAL, receiver=VOTER, amount=0)
    with pytest.raises(InactiveUser):
        check_transfer(RULES, sender=INTERNAL, receiver=INACTIVE, amount=1)
    with pytest.raises(InactiveUser):
        check_transfer(RULES, sender=INACTIVE, receiver=INTERNAL, amount=1)
    with pytest.raises(ExternalNotAllowed):
        check_transfer(RULES, sender=INTERNAL, receiver=UNVOUCHED, amount=1)
    with pytest.raises(ExternalNotAllowed):
        check_transfer(RULES, sender=UNVOUCHED, receiver=INTERNAL, amount=1)
    with pytest.raises(CommunityUserNotAllowed):
        check_transfer(RULES, sender=COMMUNITY, receiver=INTERNAL, amount=1)
    poor = replace(INTERNAL, balance=RULES.min_balance)
    with pytest.raises(InsufficientBalance):
        check_transfer(RULES, sender=poor, receiver=VOTER, amount=1)
    poor_external = replace(VOUCHED, balance=RULES.external_min_balance + 99)
    with pytest.raises(InsufficientBalance):
        check_transfer(RULES, sender=poor_external, receiver=VOTER, amount=100)
    rich = replace(VOTER, balance=MEDIUMINT_MAX)
    with pytest.raises(BalanceOutOfRange) as caught:
        check_transfer(RULES, sender=INTERNAL, receiver=rich, amount=1)
    assert caught.value.account_id == VOTER.id


def test_transfer_without_maximum() -> None:
    check_transfer(
        CommunityRules(max_amount=10, min_balance=-100_000),
        sender=INTERNAL,
        receiver=VOTER,
        amount=50_000,
        enforce_maximum=False,
        sender_action=Action.CONSUME,
    )


def test_net_deltas() -> None:
    legs = [Leg(1, 2, 100, ""), Leg(3, 2, 50, ""), Leg(2, 1, 30, ""), Leg(4, 4, 9, "")]
    assert net_deltas(legs) == {1: -70, 2: 120, 3: -50, 4: 0}


@pytest.mark.parametrize(
    ("kind", "text", "stored"),
    [
        (TransactionKind.SEND, "beer", "send: beer"),
        (TransactionKind.SEND, "  beer  ", "send: beer"),
        (TransactionKind.PAY, None, "pay:"),
        (TransactionKind.COMMUNISM, "#3 pizza", "communism: #3 pizza"),
        (TransactionKind.CONSUME, "2x drink", "consume: 2x drink"),
        (TransactionKind.VOUCH, "settled", "vouch: settled"),
    ],
)
def test_reasons(kind: TransactionKind, text: str | None, stored: str) -> None:
    assert make_reason(kind, text) == stored
    assert reason_kind(stored) is kind


def test_reason_cut_to_255() -> None:
    reason = make_reason(TransactionKind.SEND, "x" * 1000)
    assert len(reason) == 255
    assert reason.startswith("send: x")


def test_unknown_reason_kind() -> None:
    assert reason_kind(None) is TransactionKind.OTHER
    assert reason_kind("legacy transfer") is TransactionKind.OTHER
    assert reason_kind("sender: x") is TransactionKind.OTHER
