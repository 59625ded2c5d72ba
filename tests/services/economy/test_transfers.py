"""Transfers, minting and burning, the journal and its CSV export, on MariaDB."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta

import pytest

from communitybot.core.clock import ManualClock
from communitybot.core.economy import (
    BALANCE_LIMIT,
    AccountType,
    Actor,
    EntryKind,
    TaxType,
    TransactionType,
)
from communitybot.core.errors import (
    AccountClosed,
    AmountOutOfRange,
    BalanceOutOfRange,
    CrossEconomy,
    IdempotencyKeyConflict,
    InsufficientBalance,
    IssuanceAccountForbidden,
    LacksPermission,
    NotFound,
    SelfTransfer,
)
from communitybot.core.ids import AccountId, MemberId
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy import accounts, economies, taxes, transfers
from tests.services.economy.conftest import Bank, new_key

ALICE, BOB = Actor(MemberId(10)), Actor(MemberId(11))

pytestmark = pytest.mark.cluster


def pay(
    uow: UnitOfWork,
    actor: Actor,
    source: AccountId,
    target: AccountId,
    amount: int,
    *,
    key: str | None = None,
    clock: ManualClock | None = None,
) -> transfers.TransferResult:
    kwargs = {} if clock is None else {"clock": clock}
    return transfers.transfer(
        uow,
        actor,
        from_account_id=source,
        to_account_id=target,
        amount=amount,
        idempotency_key=key or new_key(),
        **kwargs,  # type: ignore[arg-type]
    )


def test_transfer_moves_money_and_journals_it(
    bank: Bank, uow: UnitOfWork, clock: ManualClock
) -> None:
    alice = bank.account(10, balance=1_000)
    bob = bank.account(11)
    result = pay(uow, ALICE, alice.id, bob.id, 250, clock=clock)
    assert (bank.balance(alice.id), bank.balance(bob.id)) == (750, 250)
    entry = result.entry
    assert (entry.kind, entry.transaction_type) == (EntryKind.TRANSFER, TransactionType.PERSONAL)
    assert (entry.from_account_id, entry.to_account_id, entry.amount) == (alice.id, bob.id, 250)
    assert (entry.actor_id, entry.key_id, entry.created_at) == (10, None, clock.now())
    assert result.taxes == ()
    assert economies.check_economy(uow, economy_id=bank.economy.id).ok


@pytest.mark.parametrize(
    ("payer", "payee", "expected"),
    [
        (AccountType.USER, AccountType.USER, TransactionType.PERSONAL),
        (AccountType.USER, AccountType.CORPORATION, TransactionType.PURCHASE),
        (AccountType.CORPORATION, AccountType.USER, TransactionType.INCOME),
        (AccountType.GOVERNMENT, AccountType.USER, TransactionType.INCOME),
        (AccountType.USER, AccountType.CHARITY, TransactionType.PERSONAL),
        (AccountType.CORPORATION, AccountType.CORPORATION, TransactionType.PURCHASE),
    ],
)
def test_transaction_type_is_derived(
    bank: Bank,
    uow: UnitOfWork,
    payer: AccountType,
    payee: AccountType,
    expected: TransactionType,
) -> None:
    source = bank.account(10, balance=500, kind=payer)
    target = bank.account(11, kind=payee)
    assert pay(uow, ALICE, source.id, target.id, 100).entry.transaction_type is expected


def test_purchase_pays_vat_on_top_at_purchase_time(bank: Bank, uow: UnitOfWork) -> None:
    treasury = bank.account(None, kind=AccountType.GOVERNMENT, name="treasury")
    for name, start, end, rate in (("vat-low", 0, 10_000, 700), ("vat-high", 10_000, None, 1_900)):
        taxes.create_tax_bracket(
            uow,
            bank.admin,
            economy_id=bank.economy.id,
            name=name,
            affected_type=AccountType.USER,
            tax_type=TaxType.VAT,
            start=start,
            end=end,
            rate=rate,
            to_account_id=treasury.id,
        )
    buyer = bank.account(10, balance=100_000)
    shop = bank.account(20, kind=AccountType.CORPORATION)
    friend = bank.account(11)
    result = pay(uow, ALICE, buyer.id, shop.id, 20_000)
    assert result.entry.transaction_type is TransactionType.PURCHASE
    (vat,) = result.taxes
    assert (vat.kind, vat.tax_type, vat.amount, vat.to_account_id) == (
        EntryKind.TAX,
        TaxType.VAT,
        3_800,
        treasury.id,
    )
    assert vat.parent_id == result.entry.id
    assert result.total_debited == 23_800
    assert bank.balance(buyer.id) == 100_000 - 23_800
    assert bank.balance(shop.id) == 20_000
    assert bank.balance(treasury.id) == 3_800
    small = pay(uow, ALICE, buyer.id, shop.id, 5_000)
    assert [t.amount for t in small.taxes] == [350]
    gift = pay(uow, ALICE, buyer.id, friend.id, 5_000)  # PERSONAL: no VAT
    assert gift.taxes == ()
    corp_buys = pay(
        uow, Actor(MemberId(20)), shop.id, bank.account(21, kind=AccountType.CORPORATION).id, 1_000
    )
    assert corp_buys.taxes == ()  # no VAT bracket for corporations
    assert economies.check_economy(uow, economy_id=bank.economy.id).ok


def test_vat_counts_against_the_buyers_limit(
    bank: Bank, uow: UnitOfWork, snapshot: Callable[[], object]
) -> None:
    treasury = bank.account(None, kind=AccountType.GOVERNMENT, name="treasury")
    taxes.create_tax_bracket(
        uow,
        bank.admin,
        economy_id=bank.economy.id,
        name="vat",
        affected_type=AccountType.USER,
        tax_type=TaxType.VAT,
        start=0,
        end=None,
        rate=1_000,
        to_account_id=treasury.id,
    )
    buyer = bank.account(10, balance=1_000)
    shop = bank.account(20, kind=AccountType.CORPORATION)
    before = snapshot()
    with pytest.raises(InsufficientBalance) as caught:
        pay(uow, ALICE, buyer.id, shop.id, 1_000)
    assert caught.value.amount == 1_100
    assert snapshot() == before
    pay(uow, ALICE, buyer.id, shop.id, 900)  # 900 + 90 fits
    assert bank.balance(buyer.id) == 10


def test_replayed_key_moves_money_once(bank: Bank, uow: UnitOfWork) -> None:
    alice = bank.account(10, balance=1_000)
    bob = bank.account(11)
    first = pay(uow, ALICE, alice.id, bob.id, 100, key="pay-1")
    again = pay(uow, ALICE, alice.id, bob.id, 100, key="pay-1")
    assert again == first
    assert bank.balance(bob.id) == 100


def test_key_of_another_operation_is_refused(
    bank: Bank, uow: UnitOfWork, snapshot: Callable[[], object]
) -> None:
    alice = bank.account(10, balance=1_000)
    bob = bank.account(11)
    transfers.print_funds(uow, bank.admin, account_id=alice.id, amount=5, idempotency_key="k")
    before = snapshot()
    with pytest.raises(IdempotencyKeyConflict) as caught:
        pay(uow, ALICE, alice.id, bob.id, 100, key="k")
    assert (caught.value.used_for, caught.value.wanted) == ("economy.mint", "economy.transfer")
    assert snapshot() == before


def test_limit_allows_debt_down_to_it(bank: Bank, uow: UnitOfWork) -> None:
    alice = bank.account(10, balance=100, min_balance=-500)
    bob = bank.account(11)
    pay(uow, ALICE, alice.id, bob.id, 600)
    assert bank.balance(alice.id) == -500
    with pytest.raises(InsufficientBalance):
        pay(uow, ALICE, alice.id, bob.id, 1)


def refusal_cases(
    bank: Bank, uow: UnitOfWork
) -> dict[str, tuple[Callable[[], object], type[Exception]]]:
    alice = bank.account(10, balance=1_000)
    bob = bank.account(11)
    closed = bank.account(12)
    accounts.close_account(uow, Actor(MemberId(12)), account_id=closed.id)
    other_economy = economies.create_economy(
        uow, bank.admin, currency_name="gold", currency_unit="g"
    )
    stranger = accounts.open_account(
        uow, bank.admin, economy_id=other_economy.id, name="s", owner_id=MemberId(10)
    )
    issuance = bank.economy.issuance_account_id
    full = bank.account(13, balance=BALANCE_LIMIT)
    return {
        "zero": (lambda: pay(uow, ALICE, alice.id, bob.id, 0), AmountOutOfRange),
        "negative": (lambda: pay(uow, ALICE, alice.id, bob.id, -5), AmountOutOfRange),
        "huge": (lambda: pay(uow, ALICE, alice.id, bob.id, BALANCE_LIMIT + 1), AmountOutOfRange),
        "self": (lambda: pay(uow, ALICE, alice.id, alice.id, 5), SelfTransfer),
        "unknown": (lambda: pay(uow, ALICE, alice.id, AccountId(999_999), 5), NotFound),
        "cross economy": (lambda: pay(uow, ALICE, alice.id, stranger.id, 5), CrossEconomy),
        "from issuance": (
            lambda: pay(uow, bank.admin, issuance, bob.id, 5),
            IssuanceAccountForbidden,
        ),
        "to issuance": (lambda: pay(uow, ALICE, alice.id, issuance, 5), IssuanceAccountForbidden),
        "closed payee": (lambda: pay(uow, ALICE, alice.id, closed.id, 5), AccountClosed),
        "not owner": (lambda: pay(uow, BOB, alice.id, bob.id, 5), LacksPermission),
        "insufficient": (lambda: pay(uow, ALICE, alice.id, bob.id, 1_001), InsufficientBalance),
        "over the bound": (lambda: pay(uow, ALICE, alice.id, full.id, 1), BalanceOutOfRange),
        "mint zero": (
            lambda: transfers.print_funds(
                uow, bank.admin, account_id=bob.id, amount=0, idempotency_key=new_key()
            ),
            AmountOutOfRange,
        ),
        "mint by a member": (
            lambda: transfers.print_funds(
                uow, ALICE, account_id=alice.id, amount=5, idempotency_key=new_key()
            ),
            LacksPermission,
        ),
        "mint into issuance": (
            lambda: transfers.print_funds(
                uow, bank.admin, account_id=issuance, amount=5, idempotency_key=new_key()
            ),
            IssuanceAccountForbidden,
        ),
        "burn too much": (
            lambda: transfers.remove_funds(
                uow, bank.admin, account_id=alice.id, amount=1_001, idempotency_key=new_key()
            ),
            InsufficientBalance,
        ),
        "burn by the owner": (
            lambda: transfers.remove_funds(
                uow, ALICE, account_id=alice.id, amount=1, idempotency_key=new_key()
            ),
            LacksPermission,
        ),
        "mint into closed": (
            lambda: transfers.print_funds(
                uow, bank.admin, account_id=closed.id, amount=5, idempotency_key=new_key()
            ),
            AccountClosed,
        ),
        "mint over the bound": (
            lambda: transfers.print_funds(
                uow, bank.admin, account_id=full.id, amount=1, idempotency_key=new_key()
            ),
            BalanceOutOfRange,
        ),
    }


CASES = [
    "zero",
    "negative",
    "huge",
    "self",
    "unknown",
    "cross economy",
    "from issuance",
    "to issuance",
    "closed payee",
    "not owner",
    "insufficient",
    "over the bound",
    "mint zero",
    "mint by a member",
    "mint into issuance",
    "burn too much",
    "burn by the owner",
    "mint into closed",
    "mint over the bound",
]


@pytest.mark.parametrize("case", CASES)
def test_refusals_change_nothing(
    bank: Bank, uow: UnitOfWork, snapshot: Callable[[], object], case: str
) -> None:
    cases = refusal_cases(bank, uow)
    assert sorted(cases) == sorted(CASES)
    action, error = cases[case]
    before = snapshot()
    with pytest.raises(error):
        action()
    assert snapshot() == before


def test_print_and_remove_are_issuance_legs(bank: Bank, uow: UnitOfWork) -> None:
    alice = bank.account(10)
    issuance = bank.economy.issuance_account_id
    minted = transfers.print_funds(
        uow, bank.admin, account_id=alice.id, amount=700, idempotency_key="m1"
    )
    burned = transfers.remove_funds(
        uow, bank.admin, account_id=alice.id, amount=200, idempotency_key="b1"
    )
    assert (minted.kind, minted.from_account_id, minted.to_account_id) == (
        EntryKind.MINT,
        issuance,
        alice.id,
    )
    assert (burned.kind, burned.from_account_id, burned.to_account_id) == (
        EntryKind.BURN,
        alice.id,
        issuance,
    )
    assert (
        transfers.print_funds(
            uow, bank.admin, account_id=alice.id, amount=700, idempotency_key="m1"
        )
        == minted
    )
    check = economies.check_economy(uow, economy_id=bank.economy.id)
    assert (check.minted, check.burned, check.balances, check.issuance_balance) == (
        700,
        200,
        500,
        -500,
    )
    assert check.ok


def test_journal_filters_and_order(bank: Bank, uow: UnitOfWork, clock: ManualClock) -> None:
    alice = bank.account(10, balance=10_000)
    bob = bank.account(11)
    start = clock.now()
    ids = []
    for amount in (1, 2, 3, 4):
        clock.advance(timedelta(hours=1))
        ids.append(pay(uow, ALICE, alice.id, bob.id, amount, clock=clock).entry.id)
    newest = transfers.journal(uow, ALICE, account_id=alice.id, limit=2)
    assert [e.id for e in newest] == [ids[3], ids[2]]
    oldest = transfers.journal(uow, ALICE, account_id=alice.id, limit=None, oldest_first=True)
    assert [e.kind for e in oldest] == [EntryKind.MINT, *[EntryKind.TRANSFER] * 4]
    window = transfers.journal(
        uow,
        BOB,
        account_id=bob.id,
        limit=None,
        oldest_first=True,
        after=start + timedelta(hours=1),
        before=start + timedelta(hours=4),
    )
    assert [e.amount for e in window] == [2, 3]
    assert transfers.journal(uow, BOB, account_id=bob.id, limit=10)[0].amount == 4
    with pytest.raises(LacksPermission):
        transfers.journal(uow, BOB, account_id=alice.id)


def test_journal_csv_export(bank: Bank, uow: UnitOfWork, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(transfers, "EXPORT_PAGE", 3)
    alice = bank.account(10, balance=10_000)
    bob = bank.account(11)
    for amount in range(1, 8):
        pay(uow, ALICE, alice.id, bob.id, amount)
    out = io.StringIO()
    written = transfers.export_journal_csv(uow, ALICE, account_id=alice.id, out=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert written == len(rows) == 8
    assert tuple(rows[0]) == transfers.CSV_COLUMNS
    assert [int(r["signed_amount"]) for r in rows] == [10_000, -1, -2, -3, -4, -5, -6, -7]
    assert rows[1]["transaction_type"] == "PERSONAL"
    assert rows[0]["kind"] == "MINT"
    with pytest.raises(LacksPermission):
        transfers.export_journal_csv(uow, BOB, account_id=alice.id, out=io.StringIO())
