"""Withdrawing a vote and expiring payment requests, on the services: idempotent under replays,
refusals change nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import text

from communitybot.core.community import CollectiveStatus, CollectiveView, UserInfo
from communitybot.core.errors import CollectiveClosed, NotVoted
from communitybot.services import community as svc
from tests.conftest import Snapshot
from tests.support.community import World, assert_refused, new_key


def _age(world: World, collective_id: int, hours: int) -> None:
    world.uow.run(
        lambda s: s.execute(
            text("UPDATE collectives SET created = created - INTERVAL :h HOUR WHERE id = :id"),
            {"h": hours, "id": collective_id},
        )
    )


def _request_and_voter(world: World) -> tuple[CollectiveView, UserInfo]:
    """Ada's open payment request and Bob, who may vote on it."""
    ada = world.user("Ada")
    bob = world.user("Bob", permission=True)
    request = svc.request_payment(
        world.uow, world.rules, creator_tid=ada.tid, amount=500, description="tape", key=new_key()
    ).collective
    return request, bob


def test_a_replayed_withdrawal_withdraws_once(world: World) -> None:
    request, bob = _request_and_voter(world)
    svc.vote(
        world.uow,
        world.rules,
        collective_id=request.id,
        voter_tid=bob.tid,
        approve=True,
        key=new_key(),
    )
    key = new_key()
    first = svc.retract_vote(
        world.uow, world.rules, collective_id=request.id, voter_tid=bob.tid, key=key
    )
    again = svc.retract_vote(
        world.uow, world.rules, collective_id=request.id, voter_tid=bob.tid, key=key
    )
    assert (first.approve, first.decided, first.replayed) == (True, False, False)
    assert (again.approve, again.replayed) == (True, True)
    assert again.collective.votes == ()


def test_withdrawing_without_a_vote_is_refused(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    request, bob = _request_and_voter(world)
    refused = assert_refused(
        snapshot,
        lambda: svc.retract_vote(
            world.uow, world.rules, collective_id=request.id, voter_tid=bob.tid, key=new_key()
        ),
        NotVoted,
    )
    assert (refused.collective_id, refused.user_id) == (request.id, bob.id)


def test_expiry_closes_only_old_undecided_requests(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    rules = replace(world.rules, payment_expiry_hours=24, max_open_collectives=2)
    world.community()
    ada = world.user("Ada")
    bob = world.user("Bob", permission=True)

    def open_one(text: str) -> int:
        return svc.request_payment(
            world.uow, rules, creator_tid=ada.tid, amount=500, description=text, key=new_key()
        ).collective.id

    old, young = open_one("old"), open_one("young")
    _age(world, old, 25)
    _age(world, young, 23)
    assert svc.expire_payment_requests(world.uow, replace(rules, payment_expiry_hours=0)) == ()
    [expired] = svc.expire_payment_requests(world.uow, rules)
    assert (expired.id, expired.status) == (old, CollectiveStatus.EXPIRED)
    assert svc.expire_payment_requests(world.uow, rules) == ()  # a second round closes nothing
    assert svc.get_collective(world.uow, collective_id=young).is_open
    assert_refused(
        snapshot,
        lambda: svc.vote(
            world.uow, rules, collective_id=old, voter_tid=bob.tid, approve=True, key=new_key()
        ),
        CollectiveClosed,
    )
    assert world.balance(ada) == 0
    assert svc.check_ledger(world.uow) == ()
