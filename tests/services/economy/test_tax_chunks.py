"""Tax cycles in chunks of accounts on MariaDB: the same money as one chunk, resumed after a
crash half way, one open cycle at a time, and two runners of one period at once."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from datetime import datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from communitybot.core.clock import ManualClock
from communitybot.core.economy import Account, AccountType, EntryKind, TaxType
from communitybot.core.ids import MemberId
from communitybot.db.brokers.economy import accounts as account_broker
from communitybot.db.brokers.economy.accounts import LockedRange
from communitybot.db.models.economy import JournalRow, TaxCycleRow
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy import accounts, economies, taxes, transfers
from communitybot.services.economy.taxes import _ChunkSize
from tests.services.economy.conftest import Bank


class DyingClock(ManualClock):
    """A clock whose process dies (raises) on its ``dies_at``-th reading: the cycle stops there,
    as when the bot is killed between two chunks' statements."""

    def __init__(self, dies_at: int) -> None:
        super().__init__()
        self.readings = 0
        self.dies_at = dies_at

    def now(self) -> datetime:
        self.readings += 1
        if self.readings == self.dies_at:
            raise KeyboardInterrupt("the process died")
        return super().now()


@pytest.fixture
def treasury(bank: Bank) -> Account:
    return bank.account(None, kind=AccountType.GOVERNMENT, name="treasury")


@pytest.fixture
def members(bank: Bank, treasury: Account) -> list[Account]:
    """Eleven members with balances around the brackets, and a marginal and a flat bracket."""
    for name, tax_type, start, end, rate in (
        ("middle", TaxType.WEALTH_MARGINAL, 100_000, None, 1_000),
        ("flat", TaxType.WEALTH_FLAT, 50_000, None, 100),
    ):
        taxes.create_tax_bracket(
            bank.uow, bank.admin, economy_id=bank.economy.id, name=name,
            affected_type=AccountType.USER, tax_type=tax_type, start=start, end=end, rate=rate,
            to_account_id=treasury.id,
        )  # fmt: skip
    rng = random.Random(7)
    return [bank.account(100 + i, balance=rng.randint(0, 900_000)) for i in range(11)]


def tax_paid(bank: Bank, account: Account) -> int:
    legs = transfers.journal(bank.uow, bank.admin, account_id=account.id, limit=None)
    return sum(
        e.amount for e in legs if e.kind is EntryKind.TAX and e.from_account_id == account.id
    )


def test_a_cycle_in_small_chunks_collects_what_the_preview_says(
    bank: Bank, uow: UnitOfWork, treasury: Account, members: list[Account]
) -> None:
    preview = taxes.preview_tax_cycle(uow, bank.admin, economy_id=bank.economy.id)
    due: dict[int, int] = {}
    for line in preview.lines:
        due[line.account_id] = due.get(line.account_id, 0) + line.collected
    before = {m.id: bank.balance(m.id) for m in members}
    cycle = taxes.run_tax_cycle(
        uow, bank.admin, economy_id=bank.economy.id, period="1", chunk_accounts=2
    )
    assert cycle.finished_at is not None
    assert cycle.collected == preview.total > 0
    assert cycle.payments == sum(1 for line in preview.lines if line.collected > 0)
    for member in members:
        assert tax_paid(bank, member) == due.get(member.id, 0)
        assert bank.balance(member.id) == before[member.id] - due.get(member.id, 0)
    assert bank.balance(treasury.id) == preview.total
    assert economies.check_economy(uow, economy_id=bank.economy.id).ok


def test_a_cycle_that_died_half_way_is_finished_by_the_next_run(
    bank: Bank, uow: UnitOfWork, engine: Engine, treasury: Account, members: list[Account]
) -> None:
    preview = taxes.preview_tax_cycle(uow, bank.admin, economy_id=bank.economy.id)
    dying = DyingClock(dies_at=4)  # the opening, two chunks, then death in the third
    with pytest.raises(KeyboardInterrupt):
        taxes.run_tax_cycle(
            uow, bank.admin, economy_id=bank.economy.id, period="1", clock=dying,
            chunk_accounts=3,
        )  # fmt: skip
    with engine.connect() as connection:
        row = connection.execute(select(TaxCycleRow.__table__)).one()
    assert row.finished_at is None
    assert row.accounts_through > 0
    assert 0 < row.collected < preview.total
    assert bank.balance(treasury.id) == row.collected  # what two chunks took, nothing more
    assert economies.check_economy(uow, economy_id=bank.economy.id).ok

    cycle = taxes.run_tax_cycle(uow, bank.admin, economy_id=bank.economy.id, period="1")
    assert (cycle.id, cycle.collected) == (row.id, preview.total)
    assert cycle.finished_at is not None
    assert bank.balance(treasury.id) == preview.total
    assert taxes.run_tax_cycle(uow, bank.admin, economy_id=bank.economy.id, period="1") == cycle
    assert bank.balance(treasury.id) == preview.total
    assert economies.check_economy(uow, economy_id=bank.economy.id).ok


def test_a_new_period_first_finishes_the_cycle_left_open(
    bank: Bank, uow: UnitOfWork, engine: Engine, treasury: Account, members: list[Account]
) -> None:
    first_total = taxes.preview_tax_cycle(uow, bank.admin, economy_id=bank.economy.id).total
    with pytest.raises(KeyboardInterrupt):
        taxes.run_tax_cycle(
            uow, bank.admin, economy_id=bank.economy.id, period="1", clock=DyingClock(3),
            chunk_accounts=4,
        )  # fmt: skip
    after_first = {m.id: bank.balance(m.id) for m in members}
    second = taxes.run_tax_cycle(uow, bank.admin, economy_id=bank.economy.id, period="2")
    with engine.connect() as connection:
        rows = connection.execute(
            select(TaxCycleRow.period, TaxCycleRow.collected, TaxCycleRow.finished_at).order_by(
                TaxCycleRow.id
            )
        ).all()
    assert [(period, collected) for period, collected, _ in rows] == [
        ("1", first_total),
        ("2", second.collected),
    ]
    assert all(finished is not None for _, _, finished in rows)
    assert second.collected > 0
    assert bank.balance(treasury.id) == first_total + second.collected
    assert any(bank.balance(m.id) < after_first[m.id] for m in members)
    assert economies.check_economy(uow, economy_id=bank.economy.id).ok


@pytest.mark.cluster
def test_two_runs_of_one_period_at_once_collect_once(
    bank: Bank, uow: UnitOfWork, engine: Engine, treasury: Account, members: list[Account]
) -> None:
    total = taxes.preview_tax_cycle(uow, bank.admin, economy_id=bank.economy.id).total
    start = threading.Barrier(2)
    results: list[object] = []

    def run() -> None:
        start.wait()
        results.append(
            taxes.run_tax_cycle(
                uow, bank.admin, economy_id=bank.economy.id, period="1", chunk_accounts=2
            )
        )

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == 2
    assert results[0] == results[1]
    assert bank.balance(treasury.id) == total
    with engine.connect() as connection:
        legs = connection.scalar(
            select(func.count()).select_from(JournalRow).where(JournalRow.kind == EntryKind.TAX)
        )
    assert legs == results[0].payments > 0
    assert economies.check_economy(uow, economy_id=bank.economy.id).ok


def test_a_chunk_halves_on_each_failed_attempt_and_grows_back_after_it_lands() -> None:
    size = _ChunkSize(8)
    assert [size.attempt() for _ in range(5)] == [8, 4, 2, 1, 1]
    size.landed()
    assert size.attempt() == 2
    size.landed()
    size.landed()
    assert size.attempt() == 8
    whole = _ChunkSize(None)
    assert [whole.attempt(), whole.attempt()] == [None, None]


def test_a_chunk_size_below_one_is_refused(
    bank: Bank, uow: UnitOfWork, members: list[Account], snapshot: Callable[[], object]
) -> None:
    before = snapshot()
    with pytest.raises(ValueError, match="chunk_accounts"):
        taxes.run_tax_cycle(
            uow, bank.admin, economy_id=bank.economy.id, period="1", chunk_accounts=0
        )
    assert snapshot() == before


def test_a_chunk_is_dense_when_its_accounts_fill_half_of_their_ids() -> None:
    assert LockedRange(count=5, lowest=10, highest=19).dense
    assert not LockedRange(count=4, lowest=10, highest=19).dense
    assert LockedRange(count=1, lowest=7, highest=7).dense
    assert not LockedRange(count=0, lowest=None, highest=None).dense


@pytest.mark.parametrize("chunk_accounts", [None, 2])
def test_a_cycle_over_accounts_interleaved_with_another_economys_collects_the_preview(
    bank: Bank, uow: UnitOfWork, treasury: Account, chunk_accounts: int | None
) -> None:
    taxes.create_tax_bracket(
        bank.uow, bank.admin, economy_id=bank.economy.id, name="middle",
        affected_type=AccountType.USER, tax_type=TaxType.WEALTH_MARGINAL, start=100_000,
        end=None, rate=1_000, to_account_id=treasury.id,
    )  # fmt: skip
    other = economies.create_economy(uow, bank.admin, currency_name="Other", currency_unit="OTH")
    members = []
    for number in range(6):  # each member's id followed by two accounts of the other economy
        members.append(bank.account(100 + number, balance=200_000 + 50_000 * number))
        for slot in range(2):
            accounts.open_account(
                uow, bank.admin, economy_id=other.id, name=f"other-{number}-{slot}",
                account_type=AccountType.USER, owner_id=MemberId(300 + 2 * number + slot),
            )  # fmt: skip
    locked = uow.run(  # a locking read that changes nothing
        lambda session: account_broker.lock_account_range(
            session, economy_id=bank.economy.id, after=treasury.id, through=None
        )
    )
    assert locked.count == len(members)
    assert not locked.dense  # so the chunks are read through the economy's index
    preview = taxes.preview_tax_cycle(uow, bank.admin, economy_id=bank.economy.id)
    before = {m.id: bank.balance(m.id) for m in members}
    cycle = taxes.run_tax_cycle(
        uow, bank.admin, economy_id=bank.economy.id, period="1", chunk_accounts=chunk_accounts
    )
    assert cycle.collected == preview.total == sum(m.balance - 100_000 for m in members) // 10
    for member in members:
        assert bank.balance(member.id) == before[member.id] - (before[member.id] - 100_000) // 10
    assert bank.balance(treasury.id) == preview.total
    assert economies.check_economy(uow, economy_id=bank.economy.id).ok
