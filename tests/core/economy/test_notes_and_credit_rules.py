"""Bank note keyrings and states; credit periods, lines of credit and category resolvers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from communitybot.core.economy import (
    BankNote,
    CreditPeriod,
    LineOfCredit,
    NoteKeyring,
    NoteState,
    PayeeCategoryResolver,
    PendingPayment,
    check_credit_line,
    check_redeemable,
    clean_codes,
    period_key,
    resolve_categories,
    validate_credits,
)
from communitybot.core.errors import (
    ConfigurationError,
    CreditLimitExceeded,
    InvalidLineOfCredit,
    NoteExpired,
    NoteNotOutstanding,
    PaymentNotCategorized,
)
from communitybot.core.ids import (
    AccountId,
    BankNoteId,
    EconomyId,
    ExpenseCategoryId,
    JournalEntryId,
    LineOfCreditId,
    MemberId,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)  # a Sunday, ISO week 9


def note(state: NoteState = NoteState.OUTSTANDING, expires_at: datetime | None = None) -> BankNote:
    return BankNote(
        id=BankNoteId(7),
        economy_id=EconomyId(1),
        issuer_account_id=AccountId(2),
        vault_account_id=AccountId(3),
        amount=500,
        state=state,
        issued_by=MemberId(10),
        issue_entry_id=JournalEntryId(4),
        settle_entry_id=None,
        redeemed_by=None,
        redeemed_account_id=None,
        expires_at=expires_at,
        created_at=NOW,
        settled_at=None,
    )


def test_a_keyring_names_its_signing_key_and_verifies_with_every_key() -> None:
    ring = NoteKeyring(current="new", secrets={"old": b"o" * 32, "new": b"n" * 32})
    assert ring.secret("old") == b"o" * 32
    assert ring.secret("gone") is None
    assert ring.secret(None) is None
    assert ring.lifetime == timedelta(days=30)


@pytest.mark.parametrize(
    ("current", "secrets", "lifetime"),
    [
        ("missing", {"k": b"k" * 32}, timedelta(days=1)),
        ("k", {"k": b"short"}, timedelta(days=1)),
        ("bad kid", {"bad kid": b"k" * 32}, timedelta(days=1)),
        ("k", {"k": b"k" * 32}, timedelta(0)),
    ],
)
def test_a_keyring_refuses_what_cannot_sign(
    current: str, secrets: dict[str, bytes], lifetime: timedelta
) -> None:
    with pytest.raises(ConfigurationError):
        NoteKeyring(current=current, secrets=secrets, lifetime=lifetime)


def test_only_outstanding_unexpired_notes_are_redeemable() -> None:
    check_redeemable(note(), NOW)
    check_redeemable(note(expires_at=NOW + timedelta(seconds=1)), NOW)
    with pytest.raises(NoteExpired) as expired:
        check_redeemable(note(expires_at=NOW), NOW)
    assert expired.value.expires_at == NOW.isoformat()
    for state in (NoteState.REDEEMED, NoteState.CANCELLED, NoteState.EXPIRED):
        with pytest.raises(NoteNotOutstanding) as settled:
            check_redeemable(note(state), NOW)
        assert settled.value.state == state.value


@pytest.mark.parametrize(
    ("period", "moment", "key"),
    [
        (CreditPeriod.TOTAL, NOW, "total"),
        (CreditPeriod.DAY, NOW, "2026-03-01"),
        (CreditPeriod.WEEK, NOW, "2026-W09"),
        (CreditPeriod.WEEK, NOW + timedelta(days=1), "2026-W10"),
        (CreditPeriod.WEEK, datetime(2027, 1, 1, tzinfo=UTC), "2026-W53"),  # ISO year
        (CreditPeriod.MONTH, NOW, "2026-03"),
        (CreditPeriod.YEAR, NOW, "2026"),
    ],
)
def test_period_keys(period: CreditPeriod, moment: datetime, key: str) -> None:
    assert period_key(period, moment) == key
    assert len(key) <= 16


def line(
    limit: int, expensed: int, key: str, period: CreditPeriod = CreditPeriod.MONTH
) -> LineOfCredit:
    return LineOfCredit(
        id=LineOfCreditId(5),
        economy_id=EconomyId(1),
        account_id=AccountId(2),
        holder_id=MemberId(10),
        category_id=ExpenseCategoryId(3),
        name="lunch",
        period=period,
        credits_limit=limit,
        expensed_credits=expensed,
        period_key=key,
        created_at=NOW,
        terminated_at=None,
    )


def test_a_line_counts_only_the_current_period() -> None:
    current = line(1_000, 900, "2026-03")
    assert (current.expensed_at(NOW), current.available_at(NOW)) == (900, 100)
    check_credit_line(current, amount=100, now=NOW)
    with pytest.raises(CreditLimitExceeded) as over:
        check_credit_line(current, amount=101, now=NOW)
    assert over.value.data == {
        "line_id": 5,
        "limit": 1_000,
        "expensed": 900,
        "amount": 101,
        "period_key": "2026-03",
    }
    stale = line(1_000, 900, "2026-02")
    assert (stale.expensed_at(NOW), stale.available_at(NOW)) == (0, 1_000)
    check_credit_line(stale, amount=1_000, now=NOW)
    lowered = line(500, 900, "2026-03")
    assert lowered.available_at(NOW) == 0
    forever = line(1_000, 999, "total", CreditPeriod.TOTAL)
    assert forever.available_at(NOW + timedelta(days=3650)) == 1


@pytest.mark.parametrize(
    ("limit", "expensed", "reason"),
    [(-1, 0, "credits_limit"), (10**14 + 1, 0, "credits_limit"), (0, -1, "expensed_credits")],
)
def test_invalid_credits(limit: int, expensed: int, reason: str) -> None:
    with pytest.raises(InvalidLineOfCredit) as refused:
        validate_credits(credits_limit=limit, expensed_credits=expensed)
    assert refused.value.reason == reason


def test_resolvers_categorise_by_payee_or_refuse() -> None:
    canteen, casino = AccountId(30), AccountId(31)
    pending = PendingPayment(
        economy_id=EconomyId(1),
        from_account_id=AccountId(2),
        to_account_id=canteen,
        amount=100,
        holder_id=MemberId(10),
    )
    resolver = PayeeCategoryResolver(by_payee={canteen: frozenset({"food"})})
    assert resolve_categories(resolver, pending) == {"food"}
    elsewhere = PendingPayment(
        economy_id=EconomyId(1),
        from_account_id=AccountId(2),
        to_account_id=casino,
        amount=100,
        holder_id=MemberId(10),
    )
    with pytest.raises(PaymentNotCategorized):
        resolve_categories(resolver, elsewhere)
    fallback = PayeeCategoryResolver(default=frozenset({"misc"}))
    assert resolve_categories(fallback, elsewhere) == {"misc"}
    assert clean_codes([" food ", "Travel", "FOOD", " "]) == {"food", "travel"}
    with pytest.raises(PaymentNotCategorized):
        clean_codes([" ", ""])
