"""Income committed on one node under an id below another node's tax cycle watermark, on a real
multi-primary cluster (``pytest --cluster``; deselected without it)."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event

from communitybot.core.clock import ManualClock
from communitybot.core.economy import AccountType, Actor, TaxType
from communitybot.core.ids import MemberId
from communitybot.db import UnitOfWork, create_db_engine
from communitybot.services.economy import economies, taxes, transfers
from tests.services.economy.conftest import Bank, new_key

pytestmark = [pytest.mark.mysql_only, pytest.mark.cluster, pytest.mark.cluster_only]


@pytest.fixture
def second_node(node_urls: list[str]) -> Iterator[Engine]:
    """An engine on the second node."""
    engine = create_db_engine(node_urls[1], wsrep_sync_wait=1)
    yield engine
    engine.dispose()


def test_income_committed_on_another_node_below_the_cycles_watermark_is_taxed_next_cycle(
    bank: Bank, uow: UnitOfWork, second_node: Engine, clock: ManualClock
) -> None:
    """A transfer on the second node is held just before its COMMIT while the first node takes
    more income and runs a tax cycle; it then commits under an id below the cycle's watermark.
    The next cycle taxes it (the default window applies: ids interleave on the cluster)."""
    treasury = bank.account(None, kind=AccountType.GOVERNMENT, name="treasury")
    taxes.create_tax_bracket(
        uow, bank.admin, economy_id=bank.economy.id, name="income", affected_type=AccountType.USER,
        tax_type=TaxType.INCOME, start=0, end=None, rate=1_000, to_account_id=treasury.id,
    )  # fmt: skip
    employer = bank.account(20, balance=1_000_000, kind=AccountType.CORPORATION)
    other_employer = bank.account(21, balance=1_000_000, kind=AccountType.CORPORATION)
    worker = bank.account(10)
    other_worker = bank.account(11)
    bank.pay(Actor(MemberId(20)), employer.id, worker.id, 10_000)
    clock.advance(taxes.LATE_COMMIT_WINDOW + timedelta(minutes=1))

    second = second_node
    at_commit, release = threading.Event(), threading.Event()

    @event.listens_for(second, "commit")
    def hold(_connection: Any) -> None:
        at_commit.set()
        assert release.wait(120)

    held_id: list[int] = []
    failures: list[BaseException] = []

    def late_transfer() -> None:
        try:
            result = transfers.transfer(
                UnitOfWork(second), Actor(MemberId(21)), from_account_id=other_employer.id,
                to_account_id=other_worker.id, amount=40_000, idempotency_key=new_key(),
                clock=clock,
            )  # fmt: skip
            held_id.append(result.entry.id)
        except BaseException as error:  # noqa: BLE001 - asserted below
            failures.append(error)

    thread = threading.Thread(target=late_transfer)
    thread.start()
    try:
        assert at_commit.wait(60)
        for _ in range(4):  # income on the first node, with ids above the held one
            bank.pay(Actor(MemberId(20)), employer.id, worker.id, 5_000)
        first_cycle = taxes.run_tax_cycle(
            uow, bank.admin, economy_id=bank.economy.id, period="1", clock=clock
        )
    finally:
        release.set()
        thread.join(timeout=120)
    assert failures == []
    assert held_id[0] < first_cycle.journal_watermark  # it did commit late under a lower id
    assert first_cycle.collected == 1_000  # the old wage; the newer income waits for the window

    clock.advance(taxes.LATE_COMMIT_WINDOW + timedelta(minutes=1))
    second_cycle = taxes.run_tax_cycle(
        uow, bank.admin, economy_id=bank.economy.id, period="2", clock=clock
    )
    assert second_cycle.collected == 2_000 + 4_000  # the four 50.00 wages and the late 400.00
    clock.advance(taxes.LATE_COMMIT_WINDOW + timedelta(minutes=1))
    third = taxes.run_tax_cycle(
        uow, bank.admin, economy_id=bank.economy.id, period="3", clock=clock
    )
    assert third.collected == 0
    assert bank.balance(treasury.id) == 7_000  # 10 % of every income, once


def test_a_tax_cycle_lands_while_small_transfers_commit_on_the_other_nodes(
    bank: Bank, uow: UnitOfWork, clock: ManualClock
) -> None:
    """Every transfer on another node that touches an account a transaction of the cycle debits
    makes that transaction fail certification. Against writers that never pause, one
    transaction over all 40 accounts gave up after every allowed attempt; in chunks that halve
    on every failed attempt the cycle lands, once, with every member paying."""
    treasury = bank.account(None, kind=AccountType.GOVERNMENT, name="treasury")
    taxes.create_tax_bracket(
        uow, bank.admin, economy_id=bank.economy.id, name="wealth", affected_type=AccountType.USER,
        tax_type=TaxType.WEALTH_MARGINAL, start=0, end=None, rate=100, to_account_id=treasury.id,
    )  # fmt: skip
    members = [bank.account(100 + i, balance=100_000) for i in range(40)]
    done = threading.Event()
    moved: list[int] = []
    failures: list[BaseException] = []

    def small_transfers(index: int) -> None:
        rng = random.Random(index)
        count = 0
        deadline = time.monotonic() + 240
        while not done.is_set() and time.monotonic() < deadline:
            payer, payee = rng.sample(members, 2)
            transfers.transfer(
                uow, Actor(MemberId(payer.owner_id or 0)), from_account_id=payer.id,
                to_account_id=payee.id, amount=rng.randint(1, 100), idempotency_key=new_key(),
                clock=clock,
            )  # fmt: skip
            count += 1
        moved.append(count)

    def worker(index: int) -> None:
        try:
            small_transfers(index)
        except BaseException as error:  # noqa: BLE001 - asserted below
            failures.append(error)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for thread in threads:  # spread over the nodes, as the writers of other bots would be
        thread.start()
    try:
        time.sleep(2)
        cycle = taxes.run_tax_cycle(uow, bank.admin, economy_id=bank.economy.id, period="1")
    finally:
        done.set()
        for thread in threads:
            thread.join(timeout=300)
    assert failures == []
    assert sum(moved) > 0
    assert cycle.payments == len(members)
    assert bank.balance(treasury.id) == cycle.collected > 0
    assert economies.check_economy(uow, economy_id=bank.economy.id).ok
