"""Recurring schedules, transfer type derivation, amount and balance checks, key secrets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from communitybot.core.economy import (
    BALANCE_LIMIT,
    Account,
    AccountType,
    TransactionType,
    account_limits,
    check_amount,
    derive_transaction_type,
    due_at,
    due_count,
    due_instalments,
    is_finished,
    make_token,
    new_secret,
    parse_token,
    secret_matches,
    validate_schedule,
)
from communitybot.core.errors import (
    AmountOutOfRange,
    BalanceOutOfRange,
    DomainError,
    InsufficientBalance,
    InvalidApiKey,
    InvalidSchedule,
)
from communitybot.core.ids import AccountId, ApiKeyId, EconomyId
from communitybot.core.ledger import balance_problem

ANCHOR = datetime(2026, 1, 31, 9, 30, tzinfo=UTC)

# --- schedule ------------------------------------------------------------------------------------


def test_first_instalment_is_one_interval_after_the_anchor() -> None:
    assert due_at(ANCHOR, interval_days=7, index=1) == ANCHOR + timedelta(days=7)
    assert due_instalments(ANCHOR, interval_days=7, total=None, processed=0, now=ANCHOR) == range(
        1, 1
    )
    just_before = ANCHOR + timedelta(days=7, microseconds=-1)
    assert (
        list(due_instalments(ANCHOR, interval_days=7, total=None, processed=0, now=just_before))
        == []
    )
    at = ANCHOR + timedelta(days=7)
    assert list(due_instalments(ANCHOR, interval_days=7, total=None, processed=0, now=at)) == [1]


def test_late_tick_catches_up_every_missed_instalment() -> None:
    now = ANCHOR + timedelta(days=30, hours=5)
    assert list(due_instalments(ANCHOR, interval_days=7, total=None, processed=1, now=now)) == [
        2,
        3,
        4,
    ]


def test_schedule_does_not_drift_with_late_ticks() -> None:
    """Ticking at random late moments pays on the anchor's grid, exactly once each."""
    processed = 0
    paid_due_times = []
    now = ANCHOR
    for hours_late in [1, 50, 3, 200, 0, 17, 400, 2, 9, 700, 1, 5] * 10:
        now += timedelta(hours=hours_late)
        for index in due_instalments(
            ANCHOR, interval_days=3, total=None, processed=processed, now=now
        ):
            paid_due_times.append(due_at(ANCHOR, interval_days=3, index=index))
            processed = index
    assert processed == due_count(ANCHOR, interval_days=3, total=None, now=now)
    assert paid_due_times == [ANCHOR + timedelta(days=3 * n) for n in range(1, processed + 1)]


def test_daily_transfer_over_a_year_pays_365_times() -> None:
    now = ANCHOR + timedelta(days=365, hours=1)
    assert len(due_instalments(ANCHOR, interval_days=1, total=None, processed=0, now=now)) == 365


def test_total_caps_the_instalments() -> None:
    far = ANCHOR + timedelta(days=1000)
    assert list(due_instalments(ANCHOR, interval_days=30, total=3, processed=1, now=far)) == [2, 3]
    assert not is_finished(total=3, processed=2)
    assert is_finished(total=3, processed=3)
    assert not is_finished(total=None, processed=10**6)


def test_clock_before_anchor_means_nothing_due() -> None:
    assert due_count(ANCHOR, interval_days=1, total=None, now=ANCHOR - timedelta(days=5)) == 0


@pytest.mark.parametrize(
    ("interval", "total", "field"),
    [
        (0, None, "interval_days"),
        (-1, 5, "interval_days"),
        (3661, None, "interval_days"),
        (1, 0, "total"),
        (1, 100_001, "total"),
    ],
)
def test_invalid_schedules(interval: int, total: int | None, field: str) -> None:
    with pytest.raises(InvalidSchedule) as caught:
        validate_schedule(interval_days=interval, total=total)
    assert caught.value.field == field


def test_valid_schedule() -> None:
    validate_schedule(interval_days=1, total=None)
    validate_schedule(interval_days=3660, total=100_000)


# --- transfer types ------------------------------------------------------------------------------

U, G, C, H, F = (
    AccountType.USER,
    AccountType.GOVERNMENT,
    AccountType.CORPORATION,
    AccountType.CHARITY,
    AccountType.FINANCIAL,
)
PE, IN, PU = TransactionType.PERSONAL, TransactionType.INCOME, TransactionType.PURCHASE

TYPE_TABLE = {
    U: {U: PE, G: PE, C: PU, H: PE, F: PE},
    G: {U: IN, G: PE, C: PU, H: PE, F: PE},
    C: {U: IN, G: PE, C: PU, H: PE, F: PE},
    H: {U: IN, G: PE, C: PU, H: PE, F: PE},
    F: {U: IN, G: PE, C: PU, H: PE, F: PE},
}


@pytest.mark.parametrize("payer", list(AccountType))
@pytest.mark.parametrize("payee", list(AccountType))
def test_transaction_type_table(payer: AccountType, payee: AccountType) -> None:
    assert derive_transaction_type(payer, payee) is TYPE_TABLE[payer][payee]


def test_a_gift_between_people_cannot_be_income() -> None:
    assert derive_transaction_type(U, U) is PE


# --- amounts and balances ---------------------------------------------------------------


@pytest.mark.parametrize("amount", [0, -1, BALANCE_LIMIT + 1])
def test_amount_out_of_range(amount: int) -> None:
    with pytest.raises(AmountOutOfRange) as caught:
        check_amount(amount)
    assert (caught.value.minimum, caught.value.maximum) == (1, BALANCE_LIMIT)


def test_amount_bounds_inclusive() -> None:
    check_amount(1)
    check_amount(BALANCE_LIMIT)


def _account(balance: int, min_balance: int = 0, *, issuance: bool = False) -> Account:
    return Account(
        id=AccountId(1),
        economy_id=EconomyId(1),
        name="a",
        account_type=AccountType.USER,
        owner_id=None,
        balance=balance,
        min_balance=min_balance,
        is_issuance=issuance,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
        closed_at=None,
    )


def _problem(account: Account, delta: int) -> DomainError | None:
    return balance_problem(account.id, account.balance, delta, account_limits(account))


def test_debit_respects_the_limit() -> None:
    assert _problem(_account(100), -100) is None
    assert _problem(_account(0, -50), -50) is None
    caught = _problem(_account(100), -101)
    assert isinstance(caught, InsufficientBalance)
    assert caught.data == {"account_id": 1, "balance": 100, "amount": 101, "limit": 0}
    assert _problem(_account(0, issuance=True), -BALANCE_LIMIT * 2) is None


def test_credit_respects_the_bound() -> None:
    assert _problem(_account(BALANCE_LIMIT - 5), 5) is None
    assert isinstance(_problem(_account(BALANCE_LIMIT - 5), 6), BalanceOutOfRange)


# --- secrets -------------------------------------------------------------------------------------


def test_secrets_are_random_and_verified_by_hash() -> None:
    text, digest = new_secret()
    other_text, other_digest = new_secret()
    assert text != other_text
    assert digest != other_digest
    assert len(digest) == 32
    assert text not in digest.hex()
    assert secret_matches(text, digest)
    assert not secret_matches(other_text, digest)
    assert not secret_matches(text[:-1], digest)
    assert not secret_matches("", digest)
    assert not secret_matches("not base64 !!", digest)


def test_tokens_round_trip_and_refuse_garbage() -> None:
    text, _ = new_secret()
    token = make_token(ApiKeyId(42), text)
    assert parse_token(token) == (42, text)
    for bad in [
        "",
        "42",
        "42.",
        ".abc",
        "x.abc",
        "-1.abc",
        "4 2.abc",
        "４２.abc",
        "1." + "a" * 200,
    ]:
        with pytest.raises(InvalidApiKey):
            parse_token(bad)
