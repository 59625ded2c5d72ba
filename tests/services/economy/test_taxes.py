"""Tax brackets and tax cycles on MariaDB: worked examples, income windows, idempotency."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from communitybot.core.clock import ManualClock
from communitybot.core.economy import (
    Account,
    AccountType,
    Actor,
    EntryKind,
    NotificationKind,
    TaxableAccount,
    TaxBracket,
    TaxType,
    TransactionType,
    assess_cycle,
)
from communitybot.core.errors import (
    AccountInUse,
    AlreadyExists,
    CrossEconomy,
    InvalidPeriod,
    InvalidTaxBracket,
    IssuanceAccountForbidden,
    LacksPermission,
    NotFound,
    TaxBracketOverlap,
)
from communitybot.core.ids import AccountId, MemberId
from communitybot.db.models.economy import AccountRow, JournalRow
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy import (
    accounts,
    economies,
    notifications,
    taxes,
    transfers,
)
from tests.services.economy.conftest import Bank, new_key

MEMBER = Actor(MemberId(10))


def bracket(
    bank: Bank,
    treasury: Account,
    name: str,
    start: int,
    end: int | None,
    rate: int,
    tax_type: TaxType = TaxType.WEALTH_MARGINAL,
    affected: AccountType = AccountType.USER,
) -> TaxBracket:
    return taxes.create_tax_bracket(
        bank.uow,
        bank.admin,
        economy_id=bank.economy.id,
        name=name,
        affected_type=affected,
        tax_type=tax_type,
        start=start,
        end=end,
        rate=rate,
        to_account_id=treasury.id,
    )


@pytest.fixture
def treasury(bank: Bank) -> Account:
    return bank.account(None, kind=AccountType.GOVERNMENT, name="treasury")


@pytest.fixture
def three_marginal(bank: Bank, treasury: Account) -> list[TaxBracket]:
    """0-1,000.00 free; 1,000.00-5,000.00 at 10 %; above 5,000.00 at 25 %."""
    return [
        bracket(bank, treasury, "free", 0, 100_000, 0),
        bracket(bank, treasury, "middle", 100_000, 500_000, 1_000),
        bracket(bank, treasury, "top", 500_000, None, 2_500),
    ]


def test_marginal_cycle_worked_example(
    bank: Bank,
    uow: UnitOfWork,
    treasury: Account,
    three_marginal: list[TaxBracket],
    clock: ManualClock,
) -> None:
    poor = bank.account(10, balance=50_000)
    middle = bank.account(11, balance=300_000)
    rich = bank.account(12, balance=700_000)  # spans the 10 % and the 25 % brackets
    preview = taxes.preview_tax_cycle(uow, bank.admin, economy_id=bank.economy.id)
    assert [(line.account_id, line.bracket_id, line.base, line.due) for line in preview.lines] == [
        (middle.id, three_marginal[1].id, 200_000, 20_000),
        (rich.id, three_marginal[1].id, 400_000, 40_000),
        (rich.id, three_marginal[2].id, 200_000, 50_000),
    ]
    assert preview.total == 110_000
    cycle = taxes.run_tax_cycle(
        uow, bank.admin, economy_id=bank.economy.id, period="2026-01", clock=clock
    )
    assert (cycle.payments, cycle.collected, cycle.period) == (3, 110_000, "2026-01")
    assert bank.balance(poor.id) == 50_000
    assert bank.balance(middle.id) == 280_000
    assert bank.balance(rich.id) == 700_000 - 90_000  # not 25 % of everything (175,000)
    assert bank.balance(treasury.id) == 110_000
    legs = transfers.journal(uow, bank.admin, account_id=rich.id, limit=None, oldest_first=True)
    tax_legs = [e for e in legs if e.kind is EntryKind.TAX]
    assert [(e.amount, e.tax_type, e.tax_bracket_id, e.tax_cycle_id) for e in tax_legs] == [
        (40_000, TaxType.WEALTH_MARGINAL, three_marginal[1].id, cycle.id),
        (50_000, TaxType.WEALTH_MARGINAL, three_marginal[2].id, cycle.id),
    ]
    assert all(e.actor_id == bank.admin.user_id and e.created_at == clock.now() for e in tax_legs)
    assert economies.check_economy(uow, economy_id=bank.economy.id).ok


def test_cycle_runs_once_per_period(
    bank: Bank,
    uow: UnitOfWork,
    treasury: Account,
    three_marginal: list[TaxBracket],
    snapshot: Callable[[], object],
) -> None:
    rich = bank.account(12, balance=700_000)
    first = taxes.run_tax_cycle(uow, bank.admin, economy_id=bank.economy.id, period="2026-01")
    before = snapshot()
    again = taxes.run_tax_cycle(uow, bank.admin, economy_id=bank.economy.id, period="2026-01")
    assert again == first
    assert snapshot() == before
    second = taxes.run_tax_cycle(uow, bank.admin, economy_id=bank.economy.id, period="2026-02")
    assert second.collected == 40_000 + (610_000 - 500_000) * 2_500 // 10_000
    assert bank.balance(rich.id) == 610_000 - second.collected


def test_flat_wealth_tax(bank: Bank, uow: UnitOfWork, treasury: Account) -> None:
    bracket(bank, treasury, "flat-low", 0, 100_000, 100, TaxType.WEALTH_FLAT)
    bracket(bank, treasury, "flat-high", 100_000, None, 500, TaxType.WEALTH_FLAT)
    small = bank.account(10, balance=99_999)
    large = bank.account(11, balance=100_000)
    taxes.run_tax_cycle(uow, bank.admin, economy_id=bank.economy.id, period="p")
    assert bank.balance(small.id) == 99_999 - 999
    assert bank.balance(large.id) == 100_000 - 5_000


def test_income_tax_counts_income_since_the_last_cycle(
    bank: Bank, uow: UnitOfWork, treasury: Account
) -> None:
    bracket(bank, treasury, "income-free", 0, 10_000, 0, TaxType.INCOME)
    bracket(bank, treasury, "income", 10_000, None, 2_000, TaxType.INCOME)
    employer = bank.account(20, balance=1_000_000, kind=AccountType.CORPORATION)
    worker = bank.account(10, balance=500_000)  # wealth, but no income yet
    friend = bank.account(11, balance=100_000)

    def wage(amount: int) -> None:
        bank.pay(Actor(MemberId(20)), employer.id, worker.id, amount)

    wage(30_000)
    bank.pay(Actor(MemberId(11)), friend.id, worker.id, 50_000)  # a gift: PERSONAL, untaxed
    first = taxes.run_tax_cycle(uow, bank.admin, economy_id=bank.economy.id, period="1")
    assert first.collected == 4_000  # 20 % of the 200.00 above 100.00
    wage(15_000)
    second = taxes.run_tax_cycle(uow, bank.admin, economy_id=bank.economy.id, period="2")
    assert second.collected == 1_000  # only the new income counts
    third = taxes.run_tax_cycle(uow, bank.admin, economy_id=bank.economy.id, period="3")
    assert third.collected == 0
    assert bank.balance(treasury.id) == 5_000


def test_cycle_never_takes_an_account_below_its_limit(
    bank: Bank, uow: UnitOfWork, treasury: Account
) -> None:
    bracket(bank, treasury, "income", 0, None, 5_000, TaxType.INCOME)
    employer = bank.account(20, balance=1_000_000, kind=AccountType.CORPORATION)
    spender = bank.account(10)
    shop = bank.account(21)
    bank.pay(Actor(MemberId(20)), employer.id, spender.id, 10_000)
    bank.pay(MEMBER, spender.id, shop.id, 9_000)
    broke = bank.account(11)
    bank.pay(Actor(MemberId(20)), employer.id, broke.id, 2_000)
    bank.pay(Actor(MemberId(11)), broke.id, shop.id, 2_000)
    lines = taxes.preview_tax_cycle(uow, bank.admin, economy_id=bank.economy.id).lines
    assert [(line.account_id, line.due, line.collected) for line in lines] == [
        (spender.id, 5_000, 1_000),
        (broke.id, 1_000, 0),  # due, but nothing left to collect
    ]
    cycle = taxes.run_tax_cycle(uow, bank.admin, economy_id=bank.economy.id, period="1")
    assert (cycle.payments, cycle.collected) == (1, 1_000)  # no journal leg of zero
    assert bank.balance(spender.id) == 0
    assert bank.balance(broke.id) == 0


def test_untaxed_accounts(bank: Bank, uow: UnitOfWork, treasury: Account) -> None:
    bracket(bank, treasury, "all", 0, None, 1_000)
    bracket(bank, treasury, "gov", 0, None, 1_000, affected=AccountType.GOVERNMENT)
    bank.mint(treasury.id, 100_000)
    charity = bank.account(30, balance=100_000, kind=AccountType.CHARITY)
    closed = bank.account(31)
    accounts.close_account(uow, Actor(MemberId(31)), account_id=closed.id)
    cycle = taxes.run_tax_cycle(uow, bank.admin, economy_id=bank.economy.id, period="1")
    assert cycle.payments == 0  # the treasury does not tax itself, issuance is never taxed
    assert bank.balance(charity.id) == 100_000


def test_cycle_notifies_subscribers(
    bank: Bank, uow: UnitOfWork, treasury: Account, three_marginal: list[TaxBracket]
) -> None:
    rich = bank.account(12, balance=700_000)
    notifications.subscribe(uow, Actor(MemberId(12)), account_id=rich.id)
    notifications.subscribe(uow, bank.admin, account_id=treasury.id)
    taxes.run_tax_cycle(uow, bank.admin, economy_id=bank.economy.id, period="1")
    pending = notifications.pending_notifications(uow)
    assert sorted((n.recipient_id, n.account_id, n.amount) for n in pending) == sorted(
        [(12, rich.id, -90_000), (1, treasury.id, 90_000)]
    )
    assert {n.kind for n in pending} == {NotificationKind.BALANCE_UPDATE}


def test_sql_cycle_matches_the_pure_arithmetic(
    bank: Bank, uow: UnitOfWork, treasury: Account
) -> None:
    rng = random.Random(5)
    other = bank.account(None, kind=AccountType.GOVERNMENT, name="other-treasury")
    brackets = [
        bracket(bank, treasury, "m1", 0, 1_000, 300),
        bracket(bank, other, "m2", 1_000, 50_000, 1_700),
        bracket(bank, treasury, "m3", 50_000, None, 4_100),
        bracket(bank, other, "f1", 0, 20_000, 2_300, TaxType.WEALTH_FLAT),
        bracket(bank, treasury, "f2", 20_000, None, 6_100, TaxType.WEALTH_FLAT),
        bracket(bank, treasury, "i1", 500, None, 3_300, TaxType.INCOME),
        bracket(bank, treasury, "c1", 0, None, 900, affected=AccountType.CORPORATION),
    ]
    employer = bank.account(99, balance=10**9, kind=AccountType.FINANCIAL)
    people = []
    for owner in range(100, 160):
        kind = AccountType.CORPORATION if owner % 7 == 0 else AccountType.USER
        people.append(
            bank.account(
                owner,
                balance=rng.choice([0, 1, 999, 1_000, 20_000, rng.randrange(200_000)]),
                kind=kind,
                min_balance=-rng.randrange(5_000),
            )
        )
    for person in people[::3]:
        transfers.transfer(
            uow,
            Actor(MemberId(99)),
            from_account_id=employer.id,
            to_account_id=person.id,
            amount=rng.randrange(1, 30_000),
            idempotency_key=new_key(),
        )
    for person in people[1::4]:
        assert person.owner_id is not None
        bank.pay(Actor(person.owner_id), person.id, people[0].id, 1)
    incomes: dict[AccountId, int] = {}
    for person in people:
        for entry in transfers.journal(uow, bank.admin, account_id=person.id, limit=None):
            if (
                entry.to_account_id == person.id
                and entry.transaction_type is TransactionType.INCOME
            ):
                incomes[person.id] = incomes.get(person.id, 0) + entry.amount
    current = [bank.get(p.id) for p in [*people, employer, treasury, other]]
    expected = assess_cycle(
        [
            TaxableAccount(
                account_id=a.id,
                account_type=a.account_type,
                balance=a.balance,
                min_balance=a.min_balance,
                income=incomes.get(a.id, 0),
            )
            for a in current
        ],
        brackets,
    )
    preview = taxes.preview_tax_cycle(uow, bank.admin, economy_id=bank.economy.id)
    assert list(preview.lines) == expected
    assert len(expected) > 20
    cycle = taxes.run_tax_cycle(uow, bank.admin, economy_id=bank.economy.id, period="x")
    assert cycle.collected == sum(line.collected for line in expected)
    paid: dict[AccountId, int] = {}
    for line in expected:
        paid[line.account_id] = paid.get(line.account_id, 0) - line.collected
        paid[line.to_account_id] = paid.get(line.to_account_id, 0) + line.collected
    for account in current:
        assert bank.balance(account.id) == account.balance + paid.get(account.id, 0)
        assert bank.balance(account.id) >= min(account.min_balance, account.balance)
    assert economies.check_economy(uow, economy_id=bank.economy.id).ok


# --- brackets ----------------------------------------------------------------------------------


def test_bracket_listing_and_deletion(
    bank: Bank, uow: UnitOfWork, treasury: Account, three_marginal: list[TaxBracket]
) -> None:
    assert taxes.list_tax_brackets(uow, economy_id=bank.economy.id) == three_marginal
    assert taxes.get_tax_bracket(uow, economy_id=bank.economy.id, name="top") == three_marginal[2]
    taxes.delete_tax_bracket(uow, bank.admin, economy_id=bank.economy.id, name="top")
    assert taxes.get_tax_bracket(uow, economy_id=bank.economy.id, name="top") is None
    bracket(bank, treasury, "top", 500_000, None, 3_000)  # the name and the range are free again


def test_collecting_account_cannot_close(
    bank: Bank,
    uow: UnitOfWork,
    treasury: Account,
    three_marginal: list[TaxBracket],
    snapshot: Callable[[], object],
) -> None:
    before = snapshot()
    with pytest.raises(AccountInUse) as caught:
        accounts.close_account(uow, bank.admin, account_id=treasury.id)
    assert caught.value.by == "tax_bracket:free"
    assert snapshot() == before


@pytest.mark.parametrize(
    "case",
    [
        "bad rate",
        "bad range",
        "empty name",
        "duplicate name",
        "overlap",
        "issuance collects",
        "foreign collector",
        "unknown collector",
        "member creates",
        "delete unknown",
        "member deletes",
        "member previews",
        "member runs",
        "bad period",
    ],
)
def test_bracket_and_cycle_refusals_change_nothing(
    bank: Bank,
    uow: UnitOfWork,
    treasury: Account,
    three_marginal: list[TaxBracket],
    snapshot: Callable[[], object],
    case: str,
) -> None:
    other = economies.create_economy(uow, bank.admin, currency_name="gold", currency_unit="g")
    foreign = accounts.open_account(
        uow, bank.admin, economy_id=other.id, name="t", account_type=AccountType.GOVERNMENT
    )
    economy_id = bank.economy.id

    def create(**overrides: object) -> object:
        spec: dict[str, object] = {
            "economy_id": economy_id,
            "name": "new",
            "affected_type": AccountType.CHARITY,
            "tax_type": TaxType.WEALTH_MARGINAL,
            "start": 0,
            "end": None,
            "rate": 100,
            "to_account_id": treasury.id,
        }
        actor = overrides.pop("actor", bank.admin)
        spec.update(overrides)
        return taxes.create_tax_bracket(uow, actor, **spec)  # type: ignore[arg-type]

    actions: dict[str, tuple[Callable[[], object], type[Exception]]] = {
        "bad rate": (lambda: create(rate=10_001), InvalidTaxBracket),
        "bad range": (lambda: create(start=10, end=10), InvalidTaxBracket),
        "empty name": (lambda: create(name="  "), InvalidTaxBracket),
        "duplicate name": (lambda: create(name="top"), AlreadyExists),
        "overlap": (
            lambda: create(affected_type=AccountType.USER, start=400_000, end=600_000),
            TaxBracketOverlap,
        ),
        "issuance collects": (
            lambda: create(to_account_id=bank.economy.issuance_account_id),
            IssuanceAccountForbidden,
        ),
        "foreign collector": (lambda: create(to_account_id=foreign.id), CrossEconomy),
        "unknown collector": (lambda: create(to_account_id=AccountId(999_999)), NotFound),
        "member creates": (lambda: create(actor=MEMBER), LacksPermission),
        "delete unknown": (
            lambda: taxes.delete_tax_bracket(uow, bank.admin, economy_id=economy_id, name="nope"),
            NotFound,
        ),
        "member deletes": (
            lambda: taxes.delete_tax_bracket(uow, MEMBER, economy_id=economy_id, name="top"),
            LacksPermission,
        ),
        "member previews": (
            lambda: taxes.preview_tax_cycle(uow, MEMBER, economy_id=economy_id),
            LacksPermission,
        ),
        "member runs": (
            lambda: taxes.run_tax_cycle(uow, MEMBER, economy_id=economy_id, period="1"),
            LacksPermission,
        ),
        "bad period": (
            lambda: taxes.run_tax_cycle(uow, bank.admin, economy_id=economy_id, period=" "),
            InvalidPeriod,
        ),
    }
    action, error = actions[case]
    bank.account(12, balance=700_000)
    before = snapshot()
    with pytest.raises(error):
        action()
    assert snapshot() == before


LATE = timedelta(minutes=10)


def _burn_journal_id(uow: UnitOfWork, account: Account) -> int:
    """Take a journal id and roll it back: the gap a transaction still open elsewhere leaves."""
    taken: list[int] = []

    class Rolled(Exception):
        pass

    def take(session: Session) -> None:
        result = session.execute(
            insert(JournalRow).values(
                economy_id=account.economy_id,
                kind=EntryKind.TRANSFER,
                transaction_type=TransactionType.INCOME,
                from_account_id=account.id,
                to_account_id=account.id,
                amount=1,
                created_at=datetime(2000, 1, 1, tzinfo=UTC),
            )
        )
        taken.append(int(result.inserted_primary_key[0]))
        raise Rolled

    with pytest.raises(Rolled):
        uow.run(take)
    return taken[0]


def _commit_late(
    uow: UnitOfWork, *, journal_id: int, payer: Account, payee: Account, amount: int, when: datetime
) -> None:
    """An INCOME transfer committed now under the lower id it was given earlier."""

    def book(session: Session) -> None:
        session.execute(
            insert(JournalRow).values(
                id=journal_id,
                economy_id=payer.economy_id,
                kind=EntryKind.TRANSFER,
                transaction_type=TransactionType.INCOME,
                from_account_id=payer.id,
                to_account_id=payee.id,
                amount=amount,
                created_at=when,
            )
        )
        for account_id, delta in sorted({payer.id: -amount, payee.id: amount}.items()):
            session.execute(
                update(AccountRow)
                .where(AccountRow.id == account_id)
                .values(balance=AccountRow.balance + delta)
            )

    uow.run(book)


@pytest.mark.mysql_only
def test_where_ids_interleave_income_committed_late_under_a_lower_id_is_taxed_once(
    bank: Bank, uow: UnitOfWork, treasury: Account, clock: ManualClock
) -> None:
    """Ids out of commit order (multi-primary): a cycle counts income created up to the window
    before it, and the next one also the rows with lower ids it could not yet see."""
    bracket(bank, treasury, "income", 0, None, 1_000, TaxType.INCOME)  # 10 %
    employer = bank.account(20, balance=1_000_000, kind=AccountType.CORPORATION)
    worker = bank.account(10)
    boss = Actor(MemberId(20))

    def cycle(period: str) -> int:
        return taxes.run_tax_cycle(
            uow, bank.admin, economy_id=bank.economy.id, period=period, clock=clock,
            late_commit_window=LATE,
        ).collected  # fmt: skip

    bank.pay(boss, employer.id, worker.id, 10_000)  # old enough for the first cycle
    clock.advance(LATE + timedelta(minutes=1))
    open_elsewhere = _burn_journal_id(uow, employer)  # a transfer not committed yet
    bank.pay(boss, employer.id, worker.id, 20_000)  # just now: left to the next cycle
    preview = taxes.preview_tax_cycle(
        uow, bank.admin, economy_id=bank.economy.id, clock=clock, late_commit_window=LATE
    )
    assert preview.total == 1_000
    assert cycle("1") == 1_000
    _commit_late(
        uow, journal_id=open_elsewhere, payer=employer, payee=worker, amount=40_000,
        when=clock.now(),
    )  # fmt: skip
    clock.advance(LATE + timedelta(minutes=1))
    assert cycle("2") == 6_000  # the 200.00 left for later and the 400.00 committed late
    clock.advance(LATE + timedelta(minutes=1))
    assert cycle("3") == 0  # nothing twice
    assert bank.balance(treasury.id) == 7_000  # 10 % of every income, once


@pytest.mark.mysql_only
def test_on_one_writer_income_is_counted_by_id_up_to_the_cycle(
    bank: Bank, uow: UnitOfWork, treasury: Account
) -> None:
    """auto_increment_increment is 1: no window, what committed before the cycle counts."""
    bracket(bank, treasury, "income", 0, None, 1_000, TaxType.INCOME)
    employer = bank.account(20, balance=100_000, kind=AccountType.CORPORATION)
    worker = bank.account(10)
    bank.pay(Actor(MemberId(20)), employer.id, worker.id, 10_000)
    cycle = taxes.run_tax_cycle(uow, bank.admin, economy_id=bank.economy.id, period="now")
    assert cycle.collected == 1_000
