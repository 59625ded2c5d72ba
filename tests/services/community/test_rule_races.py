"""Rules that rest on rows a decision reads but does not change, raced by threads at once.

On one server the row locks serialize the decisions; on a multi-primary cluster (``pytest
--cluster``: each thread on its own node) those locks are node-local and only written rows are
certified, so each decision also writes the guard row of what it depends on
(``db/brokers/guards.py``). Each race runs several rounds: in issue 14 a round broke the rule in
up to two of three attempts without the guards.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from communitybot.core.community import CollectiveStatus, UserInfo
from communitybot.core.errors import AlreadyParticipant, CollectiveClosed, TooManyOpenCollectives
from communitybot.db.models import CollectiveUser, Transaction
from communitybot.services import community as svc
from tests.support.community import World, new_key, race

ROUNDS = 8

pytestmark = [pytest.mark.mysql_only, pytest.mark.cluster]


def _member_rows(world: World, collective_id: int) -> list[int]:
    return world.uow.read(
        lambda s: list(
            s.scalars(
                select(CollectiveUser.users_id).where(
                    CollectiveUser.collectives_id == collective_id
                )
            )
        )
    )


def _paid_by(world: World, collective_id: int) -> list[int]:
    return world.uow.read(
        lambda s: list(
            s.scalars(
                select(Transaction.sender).where(
                    Transaction.reason.like(f"communism: #{collective_id} %")
                )
            )
        )
    )


def test_one_member_joining_one_communism_on_every_node_joins_once(world: World) -> None:
    rules = replace(world.rules, max_open_collectives=ROUNDS)
    creator = world.user("Creator")
    joiner = world.user("Joiner")
    for _ in range(ROUNDS):
        communism = svc.start_communism(
            world.uow, rules, creator_tid=creator.tid, amount=900, description="pizza",
            key=new_key(),
        ).collective  # fmt: skip

        def join(_index: int, communism_id: int = communism.id) -> str:
            try:
                svc.join_communism(
                    world.uow, rules, collective_id=communism_id, user_tid=joiner.tid
                )
            except AlreadyParticipant:
                return "already"
            return "joined"

        assert race(3, join) == ["already", "already", "joined"]
        assert sorted(_member_rows(world, communism.id)) == sorted([creator.id, joiner.id])
        view = svc.get_collective(world.uow, collective_id=communism.id)  # no crash
        assert [m.id for m in view.members] == [creator.id, joiner.id]
    assert svc.rule_violations(world.uow, rules) == ()


def test_a_join_racing_the_settlement_is_refused_or_pays(world: World) -> None:
    rules = replace(world.rules, max_open_collectives=2 * ROUNDS)
    creator = world.user("Creator")
    first = world.user("First", balance=8_000)
    late = [(world.user(f"Late{i}a"), world.user(f"Late{i}b")) for i in range(2 * ROUNDS)]
    for round_ in range(2 * ROUNDS):
        communism = svc.start_communism(
            world.uow, rules, creator_tid=creator.tid, amount=900, description="pizza",
            key=new_key(),
        ).collective  # fmt: skip
        svc.join_communism(world.uow, rules, collective_id=communism.id, user_tid=first.tid)

        def act(index: int, communism_id: int = communism.id, round_: int = round_) -> str:
            try:
                if index == 0:
                    svc.accept_communism(
                        world.uow, rules, collective_id=communism_id, actor_tid=creator.tid,
                        key=new_key(),
                    )  # fmt: skip
                    return "settled"
                joiner = late[round_][index - 1]
                svc.join_communism(
                    world.uow, rules, collective_id=communism_id, user_tid=joiner.tid
                )
            except CollectiveClosed:
                return "closed"
            return f"joined {joiner.id}"

        outcomes = race(3, act)
        assert "settled" in outcomes
        view = svc.get_collective(world.uow, collective_id=communism.id)
        assert view.status is CollectiveStatus.SETTLED
        members = sorted(_member_rows(world, communism.id))
        assert sorted(_paid_by(world, communism.id)) == [m for m in members if m != creator.id]
        joined = [int(o.split()[1]) for o in outcomes if o.startswith("joined")]
        assert sorted(members) == sorted([creator.id, first.id, *joined])
    assert svc.check_ledger(world.uow) == ()
    assert svc.rule_violations(world.uow, rules) == ()


def test_two_approvals_on_two_nodes_reach_a_consent_of_two(world: World) -> None:
    rules = replace(world.rules, payment_consent=2, max_open_collectives=ROUNDS)
    creator = world.user("Creator")
    voters = [world.user(f"V{i}", permission=True) for i in range(2)]
    for round_ in range(ROUNDS):
        request = svc.request_payment(
            world.uow, rules, creator_tid=creator.tid, amount=100, description="beer",
            key=new_key(),
        ).collective  # fmt: skip

        def approve(index: int, request_id: int = request.id) -> str:
            receipt = svc.vote(
                world.uow, rules, collective_id=request_id, voter_tid=voters[index].tid,
                approve=True, key=new_key(),
            )  # fmt: skip
            return "decided" if receipt.decided else "open"

        assert race(2, approve) == ["decided", "open"]
        view = svc.get_collective(world.uow, collective_id=request.id)
        assert view.status is CollectiveStatus.PAID
        assert world.balance(creator) == 100 * (round_ + 1)
    payments = world.uow.read(
        lambda s: s.scalar(
            select(func.count()).select_from(Transaction).where(Transaction.reason.like("pay: %"))
        )
    )
    assert payments == ROUNDS
    assert svc.check_ledger(world.uow) == ()
    assert svc.rule_violations(world.uow, rules) == ()


def test_opening_on_every_node_respects_a_limit_of_one_in_every_round(world: World) -> None:
    rules = replace(world.rules, max_open_collectives=1)
    for round_ in range(ROUNDS):
        creator = world.user(f"Creator{round_}")

        def open_one(index: int, creator: UserInfo = creator) -> str:
            opener = svc.request_payment if index % 2 else svc.start_communism
            try:
                view = opener(
                    world.uow, rules, creator_tid=creator.tid, amount=100 + index,
                    description=f"race {index}", key=new_key(),
                ).collective  # fmt: skip
            except TooManyOpenCollectives:
                return "refused"
            return f"opened {view.id}"

        outcomes = race(3, open_one)
        assert outcomes[1:] == ["refused", "refused"]
        open_now = [c for c in svc.list_open_collectives(world.uow) if c.creator.id == creator.id]
        assert [f"opened {c.id}" for c in open_now] == outcomes[:1]
    assert svc.rule_violations(world.uow, rules) == ()
