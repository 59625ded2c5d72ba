"""Payment authorisation on MariaDB: expense categories, lines of credit per period, paying
against them, refusals, and concurrent use of one line."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from communitybot.core.clock import ManualClock
from communitybot.core.economy import (
    Account,
    AccountType,
    Actor,
    CreditPeriod,
    ExpenseCategory,
    KeyType,
    LineOfCredit,
    PayeeCategoryResolver,
    PaymentAuthorization,
    Permission,
    Subject,
    TaxType,
)
from communitybot.core.errors import (
    AlreadyExists,
    CreditLimitExceeded,
    CrossEconomy,
    DuplicateLineOfCredit,
    IdempotencyKeyConflict,
    InsufficientBalance,
    InvalidLineOfCredit,
    InvalidName,
    LacksPermission,
    NoLineOfCredit,
    NotFound,
    PaymentNotCategorized,
    SelfTransfer,
    SpendingLimitExceeded,
)
from communitybot.core.ids import MemberId
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy import (
    authorizations,
    categories,
    economies,
    keys,
    permissions,
    taxes,
    transfers,
)
from tests.services.economy.conftest import ADMIN, Bank, new_key
from tests.services.economy.realm import other_economy

BOSS, EMPLOYEE, OTHER = Actor(MemberId(20)), Actor(MemberId(21)), Actor(MemberId(22))


def category(bank: Bank, code: str, name: str | None = None) -> ExpenseCategory:
    return categories.create_expense_category(
        bank.uow,
        ADMIN,
        economy_id=bank.economy.id,
        code=code,
        name=name or code.title(),
        clock=bank.clock,
    )


def line(
    bank: Bank,
    account: Account,
    kind: ExpenseCategory,
    limit: int,
    *,
    holder: Actor = EMPLOYEE,
    period: CreditPeriod = CreditPeriod.MONTH,
    name: str | None = None,
    actor: Actor = BOSS,
) -> LineOfCredit:
    return authorizations.create_line_of_credit(
        bank.uow,
        actor,
        account_id=account.id,
        holder_id=holder.user_id,
        category_id=kind.id,
        name=name or f"{kind.code}-{holder.user_id}",
        credits_limit=limit,
        period=period,
        clock=bank.clock,
    )


def pay(
    bank: Bank,
    actor: Any,
    source: Account,
    target: Account,
    amount: int,
    codes: list[str] | None = None,
    *,
    key: str | None = None,
    resolver: PayeeCategoryResolver | None = None,
) -> PaymentAuthorization:
    return authorizations.authorize_payment(
        bank.uow,
        actor,
        from_account_id=source.id,
        to_account_id=target.id,
        amount=amount,
        categories=codes if resolver is None else None,
        resolver=resolver,
        idempotency_key=key or new_key(),
        clock=bank.clock,
    )


def company(bank: Bank, balance: int = 100_000) -> Account:
    return bank.account(20, balance=balance, kind=AccountType.CORPORATION, name="acme")


def test_categories_have_unique_codes_and_names(bank: Bank, snapshot: Callable[[], object]) -> None:
    food = categories.create_expense_category(
        bank.uow,
        ADMIN,
        economy_id=bank.economy.id,
        code="food",
        name="Food & drinks",
        description="meals, groceries",
        reference="mcc:5411",
        clock=bank.clock,
    )
    assert (food.code, food.name, food.description, food.reference) == (
        "food",
        "Food & drinks",
        "meals, groceries",
        "mcc:5411",
    )
    before = snapshot()
    for code, name, field in (("food", "Other", "code"), ("meals", "Food & drinks", "name")):
        with pytest.raises(AlreadyExists) as duplicate:
            category(bank, code, name)
        refused = duplicate.value
        assert (refused.kind, refused.field) == ("expense_category", field)
        assert refused.value == (code if field == "code" else name)
    with pytest.raises(AlreadyExists, match="'food'"):
        category(bank, "FOOD", "Other")  # codes are kept in lower case
    with pytest.raises(LacksPermission):
        categories.create_expense_category(
            bank.uow, BOSS, economy_id=bank.economy.id, code="x", name="X"
        )
    with pytest.raises(InvalidName):
        category(bank, "c" * 33)
    assert snapshot() == before
    outside = other_economy(bank, "shells", "sh")
    assert category(outside, "food").economy_id == outside.economy.id  # per economy


def test_resolvers_find_categories_by_name_and_code(bank: Bank) -> None:
    food = category(bank, "food", "Food")
    travel = category(bank, "travel", "Travel")
    uow, economy_id = bank.uow, bank.economy.id
    assert categories.find_expense_category(uow, economy_id=economy_id, name=" Food ") == food
    assert categories.find_expense_category(uow, economy_id=economy_id, name="Fun") is None
    assert (
        categories.get_expense_category_by_name(uow, economy_id=economy_id, name="Travel") == travel
    )
    with pytest.raises(NotFound, match="kind='expense_category', ref='Fun'"):
        categories.get_expense_category_by_name(uow, economy_id=economy_id, name="Fun")
    assert (
        categories.get_expense_category_id_by_code(uow, economy_id=economy_id, code="travel")
        == travel.id
    )
    with pytest.raises(NotFound, match="kind='expense_category', ref='fun'"):
        categories.get_expense_category_id_by_code(uow, economy_id=economy_id, code="fun")
    assert categories.get_expense_category_ids_by_codes(
        uow, economy_id=economy_id, codes={"food", "travel", "fun"}
    ) == {food.id, travel.id}
    assert categories.list_expense_categories(uow, economy_id=economy_id) == [food, travel]


def test_lines_are_unique_per_holder_and_category_and_by_name(
    bank: Bank, snapshot: Callable[[], object]
) -> None:
    acme = company(bank)
    food, travel = category(bank, "food"), category(bank, "travel")
    first = line(bank, acme, food, 5_000, name="lunch")
    assert (first.holder_id, first.credits_limit, first.expensed_credits, first.period_key) == (
        21,
        5_000,
        0,
        "2026-01",
    )
    before = snapshot()
    with pytest.raises(DuplicateLineOfCredit) as same_slot:
        line(bank, acme, food, 1_000, name="other")
    assert same_slot.value.field == "holder_category"
    with pytest.raises(DuplicateLineOfCredit) as same_name:
        line(bank, acme, travel, 1_000, name="lunch")
    assert same_name.value.field == "name"
    with pytest.raises(InvalidLineOfCredit):
        line(bank, acme, travel, -1)
    with pytest.raises(LacksPermission):
        line(bank, acme, travel, 1_000, actor=EMPLOYEE)
    assert snapshot() == before
    line(bank, acme, food, 1_000, holder=OTHER, name="other-lunch")  # another holder
    authorizations.terminate_line_of_credit(bank.uow, BOSS, line_id=first.id, clock=bank.clock)
    again = line(bank, acme, food, 2_000, name="lunch")  # a terminated line frees both
    assert again.id != first.id


def test_an_owner_cannot_hand_out_more_than_they_hold(
    bank: Bank, snapshot: Callable[[], object]
) -> None:
    acme = company(bank)
    food = category(bank, "food")
    permissions.set_permissions(
        bank.uow,
        ADMIN,
        subject=Subject.user(BOSS.user_id),
        permissions=[Permission.TRANSFER_FUNDS],
        account_id=acme.id,
        allowed=False,
    )
    before = snapshot()
    with pytest.raises(LacksPermission) as refused:
        line(bank, acme, food, 1_000)
    assert refused.value.permission == "TRANSFER_FUNDS"
    assert snapshot() == before


def test_a_holder_pays_under_the_line_without_transfer_rights(bank: Bank) -> None:
    acme = company(bank)
    canteen = bank.account(30, kind=AccountType.CHARITY, name="canteen")
    food = category(bank, "food")
    lunch = line(bank, acme, food, 5_000)
    with pytest.raises(LacksPermission):  # no TRANSFER_FUNDS of their own
        transfers.transfer(
            bank.uow,
            EMPLOYEE,
            from_account_id=acme.id,
            to_account_id=canteen.id,
            amount=100,
            idempotency_key=new_key(),
        )
    paid = pay(bank, EMPLOYEE, acme, canteen, 1_200, ["food"])
    assert (paid.amount, paid.holder_id, paid.lines, paid.from_account_id) == (
        1_200,
        21,
        (lunch.id,),
        acme.id,
    )
    assert bank.balance(canteen.id) == 1_200
    assert bank.balance(acme.id) == 100_000 - 1_200
    entry = transfers.journal(bank.uow, BOSS, account_id=acme.id, limit=1)[0]
    assert (entry.id, entry.actor_id, entry.amount) == (paid.entry_id, 21, 1_200)
    stored = authorizations.get_line_of_credit(bank.uow, EMPLOYEE, line_id=lunch.id)
    assert (stored.expensed_credits, stored.available_at(bank.clock.now())) == (1_200, 3_800)
    assert (
        authorizations.available_credits(bank.uow, EMPLOYEE, line_id=lunch.id, clock=bank.clock)
        == 3_800
    )
    assert (
        authorizations.get_payment_authorization(bank.uow, EMPLOYEE, authorization_id=paid.id)
        == paid
    )
    assert authorizations.lines_of_credit_for_holder(bank.uow, EMPLOYEE) == [stored]
    assert authorizations.lines_of_credit_for_account(bank.uow, BOSS, account_id=acme.id) == [
        stored
    ]
    assert (
        authorizations.get_line_of_credit_id(
            bank.uow, account_id=acme.id, holder_id=EMPLOYEE.user_id, category_id=food.id
        )
        == lunch.id
    )
    assert economies.check_economy(bank.uow, economy_id=bank.economy.id).ok


def test_the_limit_is_per_period_and_starts_again(bank: Bank, clock: ManualClock) -> None:
    acme = company(bank)
    canteen = bank.account(30, kind=AccountType.CHARITY, name="canteen")
    food = category(bank, "food")
    lunch = line(bank, acme, food, 1_000, period=CreditPeriod.WEEK)
    clock.set(datetime(2026, 3, 1, 23, 0, tzinfo=UTC))  # Sunday of ISO week 9
    pay(bank, EMPLOYEE, acme, canteen, 900, ["food"])
    with pytest.raises(CreditLimitExceeded) as over:
        pay(bank, EMPLOYEE, acme, canteen, 101, ["food"])
    assert (over.value.limit, over.value.expensed, over.value.amount, over.value.period_key) == (
        1_000,
        900,
        101,
        "2026-W09",
    )
    pay(bank, EMPLOYEE, acme, canteen, 100, ["food"])  # exactly the limit
    clock.advance(timedelta(hours=1))  # Monday: week 10
    stored = authorizations.get_line_of_credit(bank.uow, EMPLOYEE, line_id=lunch.id)
    assert (stored.expensed_credits, stored.available_at(clock.now())) == (1_000, 1_000)
    pay(bank, EMPLOYEE, acme, canteen, 1_000, ["food"])
    stored = authorizations.get_line_of_credit(bank.uow, EMPLOYEE, line_id=lunch.id)
    assert (stored.period_key, stored.expensed_credits) == ("2026-W10", 1_000)


def test_every_category_of_a_payment_needs_its_line(
    bank: Bank, snapshot: Callable[[], object]
) -> None:
    acme = company(bank)
    shop = bank.account(31, kind=AccountType.CHARITY, name="shop")
    food, abroad = category(bank, "food"), category(bank, "abroad")
    lunch = line(bank, acme, food, 5_000)
    before = snapshot()
    with pytest.raises(NoLineOfCredit) as missing:
        pay(bank, EMPLOYEE, acme, shop, 100, ["food", "abroad"])
    assert (missing.value.ref, missing.value.holder_id) == ("abroad", 21)
    assert snapshot() == before
    travel = line(bank, acme, abroad, 150)
    paid = pay(bank, EMPLOYEE, acme, shop, 100, ["food", "abroad"])
    assert paid.lines == (lunch.id, travel.id)
    before = snapshot()
    with pytest.raises(CreditLimitExceeded) as over:
        pay(bank, EMPLOYEE, acme, shop, 100, ["food", "abroad"])  # food fits, abroad does not
    assert over.value.line_id == travel.id
    assert snapshot() == before


def test_a_purchase_consumes_its_vat_too(bank: Bank) -> None:
    acme = company(bank)
    treasury = bank.account(None, kind=AccountType.GOVERNMENT, name="treasury")
    shop = bank.account(31, kind=AccountType.CORPORATION, name="shop")
    taxes.create_tax_bracket(
        bank.uow,
        ADMIN,
        economy_id=bank.economy.id,
        name="vat",
        affected_type=AccountType.CORPORATION,
        tax_type=TaxType.VAT,
        start=0,
        end=None,
        rate=2_000,
        to_account_id=treasury.id,
    )
    gear = category(bank, "gear")
    tools = line(bank, acme, gear, 1_200)
    paid = pay(bank, EMPLOYEE, acme, shop, 1_000, ["gear"])
    assert paid.amount == 1_200  # 1,000 + 20 % VAT
    assert bank.balance(treasury.id) == 200
    assert (
        authorizations.get_line_of_credit(bank.uow, EMPLOYEE, line_id=tools.id).expensed_credits
        == 1_200
    )


def test_a_resolver_categorises_by_payee(bank: Bank, snapshot: Callable[[], object]) -> None:
    acme = company(bank)
    canteen = bank.account(30, kind=AccountType.CHARITY, name="canteen")
    casino = bank.account(32, kind=AccountType.CHARITY, name="casino")
    food = category(bank, "food")
    line(bank, acme, food, 5_000)
    resolver = PayeeCategoryResolver(by_payee={canteen.id: frozenset({"food"})})
    assert pay(bank, EMPLOYEE, acme, canteen, 300, resolver=resolver).amount == 300
    before = snapshot()
    with pytest.raises(PaymentNotCategorized):
        pay(bank, EMPLOYEE, acme, casino, 300, resolver=resolver)
    assert snapshot() == before


def test_managing_a_line(bank: Bank, snapshot: Callable[[], object]) -> None:
    acme = company(bank)
    canteen = bank.account(30, kind=AccountType.CHARITY, name="canteen")
    food = category(bank, "food")
    lunch = line(bank, acme, food, 1_000)
    pay(bank, EMPLOYEE, acme, canteen, 800, ["food"])
    lowered = authorizations.set_credits_limit(bank.uow, BOSS, line_id=lunch.id, credits_limit=500)
    assert (lowered.credits_limit, lowered.available_at(bank.clock.now())) == (500, 0)
    before = snapshot()
    with pytest.raises(CreditLimitExceeded):
        pay(bank, EMPLOYEE, acme, canteen, 1, ["food"])
    with pytest.raises(LacksPermission):
        authorizations.set_credits_limit(bank.uow, EMPLOYEE, line_id=lunch.id, credits_limit=9_999)
    assert snapshot() == before
    reset = authorizations.reset_credits(
        bank.uow, BOSS, line_id=lunch.id, expensed_credits=100, clock=bank.clock
    )
    assert (reset.expensed_credits, reset.available_at(bank.clock.now())) == (100, 400)
    pay(bank, EMPLOYEE, acme, canteen, 400, ["food"])
    ended = authorizations.terminate_line_of_credit(bank.uow, BOSS, line_id=lunch.id)
    assert not ended.is_open
    before = snapshot()
    with pytest.raises(NoLineOfCredit):
        pay(bank, EMPLOYEE, acme, canteen, 1, ["food"])
    with pytest.raises(InvalidLineOfCredit):
        authorizations.set_credits_limit(bank.uow, BOSS, line_id=lunch.id, credits_limit=1)
    assert snapshot() == before


def test_a_key_pays_for_its_issuer_within_both_limits(
    bank: Bank, snapshot: Callable[[], object]
) -> None:
    acme = company(bank)
    canteen = bank.account(30, kind=AccountType.CHARITY, name="canteen")
    food = category(bank, "food")
    line(bank, acme, food, 1_000)
    application = keys.create_application(
        bank.uow, EMPLOYEE, economy_id=bank.economy.id, name="card"
    )
    issued = keys.create_key(
        bank.uow,
        EMPLOYEE,
        application_id=application.id,
        issuer_id=EMPLOYEE.user_id,
        key_type=KeyType.MASTER,
        spending_limit=500,
        enable=True,
    )
    keys.activate_key(bank.uow, EMPLOYEE, key_id=issued.key.id)
    card = keys.authenticate(bank.uow, issued.token)
    assert pay(bank, card, acme, canteen, 400, ["food"]).holder_id == EMPLOYEE.user_id
    before = snapshot()
    with pytest.raises(SpendingLimitExceeded):
        pay(bank, card, acme, canteen, 101, ["food"])  # the line has 600 left, the key 100
    assert snapshot() == before


def _refusals(bank: Bank) -> dict[str, tuple[Callable[[], Any], type[Exception]]]:
    acme = company(bank, balance=1_000)
    canteen = bank.account(30, kind=AccountType.CHARITY, name="canteen")
    food = category(bank, "food")
    line(bank, acme, food, 100_000)
    outside = other_economy(bank, "shells", "sh")
    shell = outside.account(31, name="shell")
    used = new_key()
    transfers.transfer(
        bank.uow,
        BOSS,
        from_account_id=acme.id,
        to_account_id=canteen.id,
        amount=1,
        idempotency_key=used,
    )
    petty = bank.account(20, balance=500, kind=AccountType.CORPORATION, name="petty")
    application = keys.create_application(bank.uow, EMPLOYEE, economy_id=bank.economy.id, name="c")
    issued = keys.create_key(
        bank.uow,
        EMPLOYEE,
        application_id=application.id,
        issuer_id=EMPLOYEE.user_id,
        key_type=KeyType.GRANT,
        account_id=petty.id,
        spending_limit=1_000,
        enable=True,
    )
    permissions.set_permissions(
        bank.uow,
        ADMIN,
        subject=Subject.user(EMPLOYEE.user_id),
        permissions=[Permission.LOGIN_AS_ACCOUNT],
        account_id=petty.id,
    )
    keys.activate_key(bank.uow, EMPLOYEE, key_id=issued.key.id)
    petty_card = keys.authenticate(bank.uow, issued.token)
    return {
        "grant_key_elsewhere": (
            lambda: pay(bank, petty_card, acme, canteen, 10, ["food"]),
            LacksPermission,
        ),
        "no_categories": (
            lambda: pay(bank, EMPLOYEE, acme, canteen, 10, []),
            PaymentNotCategorized,
        ),
        "neither": (lambda: pay(bank, EMPLOYEE, acme, canteen, 10, None), PaymentNotCategorized),
        "unknown_category": (
            lambda: pay(bank, EMPLOYEE, acme, canteen, 10, ["fun"]),
            NotFound,
        ),
        "no_line": (lambda: pay(bank, OTHER, acme, canteen, 10, ["food"]), NoLineOfCredit),
        "insufficient": (
            lambda: pay(bank, EMPLOYEE, acme, canteen, 1_000, ["food"]),
            InsufficientBalance,
        ),
        "same_account": (lambda: pay(bank, EMPLOYEE, acme, acme, 10, ["food"]), SelfTransfer),
        "cross_economy": (lambda: pay(bank, EMPLOYEE, acme, shell, 10, ["food"]), CrossEconomy),
        "key_reused": (
            lambda: pay(bank, EMPLOYEE, acme, canteen, 10, ["food"], key=used),
            IdempotencyKeyConflict,
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "grant_key_elsewhere",
        "no_categories",
        "neither",
        "unknown_category",
        "no_line",
        "insufficient",
        "same_account",
        "cross_economy",
        "key_reused",
    ],
)
def test_refusals_change_nothing(bank: Bank, snapshot: Callable[[], object], case: str) -> None:
    call, error = _refusals(bank)[case]
    before = snapshot()
    with pytest.raises(error) as caught:
        call()
    if error is NotFound:  # merged error classes: the kind tells which thing was missing
        assert isinstance(caught.value, NotFound)
        assert caught.value.kind == "expense_category"
    assert snapshot() == before


def test_a_replayed_payment_is_booked_once(bank: Bank) -> None:
    acme = company(bank)
    canteen = bank.account(30, kind=AccountType.CHARITY, name="canteen")
    lunch = line(bank, acme, category(bank, "food"), 1_000)
    key = new_key()
    first = pay(bank, EMPLOYEE, acme, canteen, 600, ["food"], key=key)
    assert pay(bank, EMPLOYEE, acme, canteen, 600, ["food"], key=key) == first
    assert bank.balance(canteen.id) == 600
    assert (
        authorizations.get_line_of_credit(bank.uow, EMPLOYEE, line_id=lunch.id).expensed_credits
        == 600
    )


@pytest.mark.cluster
def test_concurrent_payments_never_pass_the_line(bank: Bank, uow: UnitOfWork) -> None:
    acme = company(bank, balance=1_000_000)
    canteen = bank.account(30, kind=AccountType.CHARITY, name="canteen")
    food = category(bank, "food")
    holders = [Actor(MemberId(40 + n)) for n in range(2)]
    lines = [line(bank, acme, food, 5_000, holder=h) for h in holders]
    threads = 8
    barrier = threading.Barrier(threads)

    def worker(index: int) -> int:
        holder = holders[index % len(holders)]
        barrier.wait()
        paid = 0
        for step in range(8):
            amount = 150 + 10 * ((index + step) % 5)
            with contextlib.suppress(CreditLimitExceeded):
                paid += pay(bank, holder, acme, canteen, amount, ["food"]).amount
        return paid

    with ThreadPoolExecutor(max_workers=threads) as pool:
        total = sum(pool.map(worker, range(threads)))
    expensed = [
        authorizations.get_line_of_credit(uow, BOSS, line_id=item.id).expensed_credits
        for item in lines
    ]
    assert all(spent <= 5_000 for spent in expensed)
    assert all(spent > 5_000 - 200 for spent in expensed)  # filled up to the last payment
    assert sum(expensed) == total == bank.balance(canteen.id)
    assert bank.balance(acme.id) == 1_000_000 - total
    assert economies.check_economy(uow, economy_id=bank.economy.id).ok


def test_line_accounts_must_be_in_the_category_economy(
    bank: Bank, snapshot: Callable[[], object]
) -> None:
    outside = other_economy(bank, "shells", "sh")
    foreign = outside.account(20, kind=AccountType.CORPORATION, name="foreign", balance=100)
    food = category(bank, "food")
    before = snapshot()
    with pytest.raises(CrossEconomy):
        line(bank, foreign, food, 100)
    assert snapshot() == before
