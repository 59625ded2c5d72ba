"""Many threads at once: transfers, votes, communism settlements. Invariants hold afterwards,
nothing fails on a lock conflict, and simultaneous deciding votes pay exactly once."""

from __future__ import annotations

import random
import threading
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from communitybot.core.community import CollectiveStatus
from communitybot.core.community_rules import debt_limit
from communitybot.core.errors import CollectiveClosed, DomainError, TooManyOpenCollectives
from communitybot.core.ids import CollectiveId
from communitybot.db.models import Transaction, User
from communitybot.services import community as svc
from tests.support.community import World, new_key, run_threads

THREADS = 8
OPERATIONS = 60

pytestmark = [pytest.mark.mysql_only, pytest.mark.cluster]


def test_random_transfers_votes_and_settlements(world: World) -> None:
    rules = world.rules
    members = [world.user(f"M{i}", permission=True, balance=1_000) for i in range(12)]
    guests = [
        world.user(f"G{i}", internal=False, voucher=members[i], balance=300) for i in range(2)
    ]
    everyone = members + guests
    requests: list[CollectiveId] = []
    communisms: list[CollectiveId] = []
    shared = threading.Lock()
    done_ops = [0] * THREADS
    refusals: list[str] = []

    def pick(ids: list[CollectiveId], rng: random.Random) -> CollectiveId | None:
        with shared:
            return rng.choice(ids) if ids else None

    def worker(index: int) -> None:
        rng = random.Random(index)
        me = members[index]  # the member this worker creates and accepts collectives as
        mine: list[CollectiveId] = []
        for _ in range(OPERATIONS):
            choice = rng.random()
            try:
                if choice < 0.4:
                    sender, receiver = rng.sample(everyone, 2)
                    svc.send(
                        world.uow,
                        rules,
                        sender=sender.id,
                        receiver=receiver.id,
                        amount=rng.randint(1, 1_500),
                        reason="load",
                        key=new_key(),
                    )
                elif choice < 0.5:
                    svc.consume(
                        world.uow,
                        rules,
                        tid=rng.choice(everyone).tid,
                        name="pizza",
                        count=rng.randint(1, 5),
                        key=new_key(),
                    )
                elif choice < 0.6:
                    if rng.random() < 0.5:
                        view = svc.request_payment(
                            world.uow,
                            rules,
                            creator_tid=me.tid,
                            amount=rng.randint(100, 2_000),
                            description="load",
                            key=new_key(),
                        ).collective
                        with shared:
                            requests.append(view.id)
                    else:
                        view = svc.start_communism(
                            world.uow,
                            rules,
                            creator_tid=me.tid,
                            amount=rng.randint(500, 6_000),
                            description="load",
                            key=new_key(),
                        ).collective
                        mine.append(view.id)
                        with shared:
                            communisms.append(view.id)
                elif choice < 0.75:
                    request_id = pick(requests, rng)
                    if request_id is not None:
                        svc.vote(
                            world.uow,
                            rules,
                            collective_id=request_id,
                            voter_tid=rng.choice(members).tid,
                            approve=rng.random() < 0.7,
                            key=new_key(),
                        )
                elif choice < 0.9:
                    communism_id = pick(communisms, rng)
                    if communism_id is not None:
                        svc.join_communism(
                            world.uow,
                            rules,
                            collective_id=communism_id,
                            user_tid=rng.choice(everyone).tid,
                        )
                elif mine:
                    svc.accept_communism(
                        world.uow, rules, collective_id=mine[-1], actor_tid=me.tid, key=new_key()
                    )
            except DomainError as refusal:  # refusals are expected; lock failures are not
                with shared:
                    refusals.append(type(refusal).__name__)
            done_ops[index] += 1

    failures = run_threads(THREADS, worker)
    assert failures == []
    assert sum(done_ops) == THREADS * OPERATIONS

    # invariants: balances equal their journal, nothing paid twice, money neither made nor lost
    assert svc.check_ledger(world.uow) == ()
    total = world.uow.read(lambda s: s.scalar(select(func.sum(User.balance))))
    assert total == 0
    for user in everyone:
        limit = debt_limit(world.get(user), rules)
        assert limit is not None
        assert world.balance(user) >= limit
    statuses = [svc.get_collective(world.uow, collective_id=c).status for c in requests]
    for request_id, status in zip(requests, statuses, strict=True):
        payments = world.uow.read(
            lambda s, r=request_id: s.scalar(
                select(func.count())
                .select_from(Transaction)
                .where(Transaction.reason.like(f"pay: #{r} %"))
            )
        )
        assert payments == (1 if status is CollectiveStatus.PAID else 0)
    settled = [
        svc.get_collective(world.uow, collective_id=c).status is CollectiveStatus.SETTLED
        for c in communisms
    ]
    # something really happened on every path
    assert CollectiveStatus.PAID in statuses
    assert any(settled)
    moved = world.uow.read(lambda s: s.scalar(select(func.count()).select_from(Transaction)))
    assert moved > THREADS * OPERATIONS // 4


@pytest.mark.parametrize("round_", range(5))
def test_simultaneous_deciding_votes_pay_once(world: World, round_: int) -> None:
    rules = replace(world.rules, payment_consent=1)  # every approval decides
    creator = world.user(f"Creator{round_}")
    voters = [world.user(f"V{i}", permission=True) for i in range(THREADS)]
    request = svc.request_payment(
        world.uow, rules, creator_tid=creator.tid, amount=2_500, description="race", key=new_key()
    ).collective
    outcomes: list[str] = []
    lock = threading.Lock()

    def vote(index: int) -> None:
        try:
            receipt = svc.vote(
                world.uow,
                rules,
                collective_id=request.id,
                voter_tid=voters[index].tid,
                approve=True,
                key=new_key(),
            )
            result = "paid" if receipt.transaction_id is not None else "open"
        except CollectiveClosed:
            result = "closed"
        with lock:
            outcomes.append(result)

    assert run_threads(THREADS, vote) == []
    assert sorted(outcomes) == ["closed"] * (THREADS - 1) + ["paid"]
    assert world.balance(creator) == 2_500
    assert svc.get_collective(world.uow, collective_id=request.id).status is CollectiveStatus.PAID
    assert len(svc.get_collective(world.uow, collective_id=request.id).votes) == 1


def test_simultaneous_settlement_and_transfers_keep_limits(world: World) -> None:
    """A settlement checks debt limits under the same locks the transfers take."""
    rules = replace(world.rules, max_amount=4_000 * THREADS)
    creator = world.user("Creator")
    payers = [world.user(f"P{i}") for i in range(THREADS - 1)]
    sink = world.user("Sink")
    view = svc.start_communism(
        world.uow,
        rules,
        creator_tid=creator.tid,
        amount=4_000 * THREADS,
        description="big",
        key=new_key(),
    ).collective
    for payer in payers:
        svc.join_communism(world.uow, rules, collective_id=view.id, user_tid=payer.tid)

    settled: list[bool] = []
    sent: list[int] = []

    def act(index: int) -> None:
        try:
            if index == 0:
                svc.accept_communism(
                    world.uow, rules, collective_id=view.id, actor_tid=creator.tid, key=new_key()
                )
                settled.append(True)
            else:
                svc.send(
                    world.uow,
                    rules,
                    sender=payers[index - 1].id,
                    receiver=sink.id,
                    amount=2_000,
                    reason="race",
                    key=new_key(),
                )
                sent.append(index)
        except DomainError:
            return

    assert run_threads(THREADS, act) == []
    # a share of 4,000 and a transfer of 2,000 together break the -50.00 limit: never both
    for payer in payers:
        assert world.balance(payer) >= rules.min_balance
    if settled:
        assert world.balance(sink) == 0
        assert [world.balance(p) for p in payers] == [-4_000] * len(payers)
    else:
        assert sent
    assert svc.check_ledger(world.uow) == ()


@pytest.mark.parametrize("limit", [1, 3])
def test_simultaneous_opens_respect_the_open_limit(world: World, limit: int) -> None:
    rules = replace(world.rules, max_open_collectives=limit)
    creator = world.user("Creator")
    outcomes: list[str] = []
    lock = threading.Lock()

    def open_one(index: int) -> None:
        opener = svc.request_payment if index % 2 else svc.start_communism
        try:
            opener(
                world.uow,
                rules,
                creator_tid=creator.tid,
                amount=100 + index,
                description=f"race {index}",
                key=new_key(),
            )
            result = "opened"
        except TooManyOpenCollectives:
            result = "refused"
        with lock:
            outcomes.append(result)

    assert run_threads(THREADS, open_one) == []
    assert sorted(outcomes) == ["opened"] * limit + ["refused"] * (THREADS - limit)
    assert len(svc.list_open_collectives(world.uow)) == limit
