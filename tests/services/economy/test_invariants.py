"""After a random workload, minted minus burned equals the sum of the balances, and every
balance equals its journal; also with several threads at once."""

from __future__ import annotations

import random
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from communitybot.core.clock import ManualClock
from communitybot.core.economy import Account, AccountType, Actor, KeyType, TaxType
from communitybot.core.errors import DomainError
from communitybot.core.ids import MemberId
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy import economies, keys, recurring, taxes, transfers
from tests.services.economy.conftest import ADMIN, Bank, new_key

pytestmark = pytest.mark.cluster


def owner(account: Account) -> Actor:
    return Actor(account.owner_id if account.owner_id is not None else ADMIN.user_id)


def setup_economy(bank: Bank) -> list[Account]:
    treasury = bank.account(None, kind=AccountType.GOVERNMENT, name="treasury")
    for name, tax_type, start, end, rate in (
        ("w1", TaxType.WEALTH_MARGINAL, 0, 50_000, 100),
        ("w2", TaxType.WEALTH_MARGINAL, 50_000, None, 900),
        ("income", TaxType.INCOME, 1_000, None, 1_500),
        ("vat", TaxType.VAT, 0, None, 1_900),
    ):
        taxes.create_tax_bracket(
            bank.uow,
            ADMIN,
            economy_id=bank.economy.id,
            name=name,
            affected_type=AccountType.USER,
            tax_type=tax_type,
            start=start,
            end=end,
            rate=rate,
            to_account_id=treasury.id,
        )
    people = [
        bank.account(100 + n, balance=random.Random(n).randrange(0, 100_000)) for n in range(8)
    ]
    firms = [
        bank.account(200 + n, balance=50_000, kind=AccountType.CORPORATION, min_balance=-20_000)
        for n in range(3)
    ]
    return [treasury, *people, *firms]


def random_step(bank: Bank, rng: random.Random, pool: list[Account], clock: ManualClock) -> None:
    uow = bank.uow
    choice = rng.random()
    a, b = rng.sample(pool, 2)
    try:
        if choice < 0.6:
            transfers.transfer(
                uow,
                owner(a),
                from_account_id=a.id,
                to_account_id=b.id,
                amount=rng.randrange(1, 30_000),
                idempotency_key=new_key(),
                clock=clock,
            )
        elif choice < 0.7:
            transfers.print_funds(
                uow,
                ADMIN,
                account_id=a.id,
                amount=rng.randrange(1, 20_000),
                idempotency_key=new_key(),
            )
        elif choice < 0.8:
            transfers.remove_funds(
                uow,
                ADMIN,
                account_id=a.id,
                amount=rng.randrange(1, 20_000),
                idempotency_key=new_key(),
            )
        elif choice < 0.85:
            recurring.create_recurring_transfer(
                uow,
                owner(a),
                from_account_id=a.id,
                to_account_id=b.id,
                amount=rng.randrange(1, 5_000),
                interval_days=rng.randrange(1, 10),
                clock=clock,
                idempotency_key=new_key(),
            )
        elif choice < 0.95:
            clock.advance(timedelta(hours=rng.randrange(1, 72)))
            recurring.tick(uow, clock=clock)
        else:
            taxes.run_tax_cycle(
                uow, ADMIN, economy_id=bank.economy.id, period=f"p{rng.randrange(5)}", clock=clock
            )
    except DomainError:
        pass  # refusals are part of the workload; they must change nothing


def test_invariants_after_a_random_workload(
    bank: Bank, uow: UnitOfWork, clock: ManualClock
) -> None:
    rng = random.Random(20261121)
    pool = setup_economy(bank)
    for _ in range(300):
        random_step(bank, rng, pool, clock)
    check = economies.check_economy(uow, economy_id=bank.economy.id)
    assert check.minted - check.burned == check.balances
    assert check.issuance_balance == -check.balances
    assert check.mismatches == ()
    assert check.ok
    assert check.minted > 0
    assert check.burned > 0
    for account in pool:
        stored = bank.get(account.id)
        assert stored.balance >= stored.min_balance


@pytest.mark.parametrize("threads", [8])
def test_invariants_after_a_concurrent_workload(bank: Bank, uow: UnitOfWork, threads: int) -> None:
    pool = setup_economy(bank)
    application = keys.create_application(
        uow, Actor(MemberId(100)), economy_id=bank.economy.id, name="a"
    )
    issued = keys.create_key(
        uow,
        Actor(MemberId(100)),
        application_id=application.id,
        issuer_id=MemberId(100),
        key_type=KeyType.MASTER,
        enable=True,
    )
    keys.activate_key(uow, Actor(MemberId(100)), key_id=issued.key.id)
    key_actor = keys.authenticate(uow, issued.token)
    barrier = threading.Barrier(threads)

    def worker(seed: int) -> int:
        rng = random.Random(seed)
        clock = ManualClock()
        barrier.wait()
        done = 0
        for _ in range(40):
            a, b = rng.sample(pool, 2)
            try:
                if rng.random() < 0.1:
                    transfers.transfer(
                        uow,
                        key_actor,
                        from_account_id=pool[1].id,
                        to_account_id=b.id if b.id != pool[1].id else a.id,
                        amount=rng.randrange(1, 500),
                        idempotency_key=new_key(),
                    )
                elif rng.random() < 0.05:
                    taxes.run_tax_cycle(
                        uow, ADMIN, economy_id=bank.economy.id, period=f"c{seed % 3}"
                    )
                else:
                    random_step(bank, rng, pool, clock)
                done += 1
            except DomainError:
                done += 1
        return done

    with ThreadPoolExecutor(max_workers=threads) as executor:
        results = [f.result() for f in [executor.submit(worker, s) for s in range(threads)]]
    assert sum(results) == threads * 40
    check = economies.check_economy(uow, economy_id=bank.economy.id)
    assert check.ok, check
    assert check.minted - check.burned == check.balances
