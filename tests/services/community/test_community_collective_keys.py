"""Idempotency keys of opening collectives and changing externals: a replayed key (one after the
other, or from 8 threads at once) opens one collective and changes the externals once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from communitybot.core.community import (
    CollectiveKind,
    CollectiveReceipt,
    CollectiveStatus,
    UserInfo,
)
from communitybot.core.errors import (
    ExternalsOutOfRange,
    IdempotencyKeyConflict,
    TooManyOpenCollectives,
)
from communitybot.core.ids import CollectiveId
from communitybot.core.rules import CommunityRules
from communitybot.db.models import Collective
from communitybot.services import community as svc
from tests.conftest import Snapshot
from tests.support.community import World, assert_refused, new_key, run_threads

THREADS = 8

Opener = Callable[..., CollectiveReceipt]
OPENERS: dict[str, Opener] = {
    "payment": svc.request_payment,
    "communism": svc.start_communism,
}


def _open(
    world: World, opener: Opener, creator: UserInfo, key: str, rules: CommunityRules | None = None
) -> CollectiveReceipt:
    return opener(
        world.uow,
        rules or world.rules,
        creator_tid=creator.tid,
        amount=1200,
        description="tools",
        key=key,
    )


def _collectives(world: World) -> int:
    return world.uow.read(lambda s: s.scalar(select(func.count()).select_from(Collective)))


def _externals(world: World, collective_id: CollectiveId, delta: int, key: str, actor: UserInfo):
    return svc.change_externals(
        world.uow, collective_id=collective_id, actor_tid=actor.tid, delta=delta, key=key
    )


# --- opening collectives ----------------------------------------------------------------------


@pytest.mark.parametrize("limit", [1, 5])
@pytest.mark.parametrize("kind", sorted(OPENERS))
def test_a_replayed_key_opens_one_collective(
    world: World, snapshot: Callable[[], Snapshot], kind: str, limit: int
) -> None:
    rules = replace(world.rules, max_open_collectives=limit)
    creator = world.user("Creator")
    key = new_key()
    first = _open(world, OPENERS[kind], creator, key, rules)
    assert first.replayed is False
    assert first.collective.kind is CollectiveKind(kind)
    before = snapshot()
    again = _open(world, OPENERS[kind], creator, key, rules)
    assert again.replayed is True
    assert again.collective == first.collective
    assert snapshot() == before
    assert _collectives(world) == 1


@pytest.mark.parametrize("kind", sorted(OPENERS))
def test_a_replay_shows_the_collective_as_it_is_now(
    world: World, snapshot: Callable[[], Snapshot], kind: str
) -> None:
    creator = world.user("Creator")
    key = new_key()
    first = _open(world, OPENERS[kind], creator, key).collective
    svc.cancel_collective(world.uow, collective_id=first.id, actor_tid=creator.tid)
    before = snapshot()
    again = _open(world, OPENERS[kind], creator, key)
    assert (again.replayed, again.collective.id) == (True, first.id)
    assert again.collective.status is CollectiveStatus.CANCELLED
    assert snapshot() == before


def test_a_key_used_for_another_operation_is_refused(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    creator = world.user("Creator", balance=500)
    key = new_key()
    svc.consume(world.uow, world.rules, tid=creator.tid, name="drink", key=key)
    conflict = assert_refused(
        snapshot, lambda: _open(world, svc.request_payment, creator, key), IdempotencyKeyConflict
    )
    assert (conflict.used_for, conflict.wanted) == ("consume", "request_payment")
    payment_key = new_key()
    _open(world, svc.request_payment, creator, payment_key)
    conflict = assert_refused(
        snapshot,
        lambda: _open(world, svc.start_communism, creator, payment_key),
        IdempotencyKeyConflict,
    )
    assert (conflict.used_for, conflict.wanted) == ("request_payment", "start_communism")


def test_a_refused_open_does_not_use_up_its_key(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    creator = world.user("Creator")
    held = _open(world, svc.start_communism, creator, new_key()).collective
    key = new_key()
    assert_refused(
        snapshot, lambda: _open(world, svc.request_payment, creator, key), TooManyOpenCollectives
    )
    svc.cancel_collective(world.uow, collective_id=held.id, actor_tid=creator.tid)
    opened = _open(world, svc.request_payment, creator, key)
    assert (opened.replayed, opened.collective.status) == (False, CollectiveStatus.OPEN)


@pytest.mark.cluster
@pytest.mark.mysql_only
@pytest.mark.parametrize("limit", [1, THREADS])
@pytest.mark.parametrize("kind", sorted(OPENERS))
def test_one_key_from_many_threads_opens_one_collective(
    world: World, kind: str, limit: int
) -> None:
    rules = replace(world.rules, max_open_collectives=limit)
    creator = world.user("Creator")
    key = new_key()
    receipts: list[CollectiveReceipt] = []
    lock = threading.Lock()

    def open_it(index: int) -> None:
        receipt = _open(world, OPENERS[kind], creator, key, rules)
        with lock:
            receipts.append(receipt)

    assert run_threads(THREADS, open_it) == []
    assert _collectives(world) == 1
    assert len({r.collective.id for r in receipts}) == 1
    assert sorted(r.replayed for r in receipts) == [False] + [True] * (THREADS - 1)


# --- externals --------------------------------------------------------------------------------


def test_a_replayed_externals_press_changes_once(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    creator = world.user("Creator")
    cid = _open(world, svc.start_communism, creator, new_key()).collective.id
    plus = new_key()
    first = _externals(world, cid, 1, plus, creator)
    assert (first.replayed, first.collective.externals) == (False, 1)
    before = snapshot()
    again = _externals(world, cid, 1, plus, creator)
    assert (again.replayed, again.collective.externals) == (True, 1)
    assert snapshot() == before
    minus = new_key()
    assert _externals(world, cid, -1, minus, creator).collective.externals == 0
    before = snapshot()
    # the first run took the count to 0; its replay is answered, not refused as below 0
    replayed_minus = _externals(world, cid, -1, minus, creator)
    assert (replayed_minus.replayed, replayed_minus.collective.externals) == (True, 0)
    assert snapshot() == before
    assert_refused(
        snapshot, lambda: _externals(world, cid, -1, new_key(), creator), ExternalsOutOfRange
    )


def test_a_replayed_externals_press_after_the_settlement(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    creator, ada = world.user("Creator"), world.user("Ada")
    cid = _open(world, svc.start_communism, creator, new_key()).collective.id
    svc.join_communism(world.uow, world.rules, collective_id=cid, user_tid=ada.tid)
    key = new_key()
    _externals(world, cid, 2, key, creator)
    svc.accept_communism(
        world.uow, world.rules, collective_id=cid, actor_tid=creator.tid, key=key + "a"
    )
    before = snapshot()
    again = _externals(world, cid, 2, key, creator)
    assert again.replayed is True
    assert (again.collective.status, again.collective.externals) == (CollectiveStatus.SETTLED, 2)
    assert snapshot() == before


@pytest.mark.cluster
@pytest.mark.mysql_only
@pytest.mark.parametrize("delta", [1, -1])
def test_one_externals_key_from_many_threads_changes_once(world: World, delta: int) -> None:
    creator = world.user("Creator")
    cid = _open(world, svc.start_communism, creator, new_key()).collective.id
    _externals(world, cid, 1, new_key(), creator)
    key = new_key()
    receipts: list[CollectiveReceipt] = []
    lock = threading.Lock()

    def press(index: int) -> None:
        receipt = _externals(world, cid, delta, key, creator)
        with lock:
            receipts.append(receipt)

    assert run_threads(THREADS, press) == []
    assert svc.get_collective(world.uow, collective_id=cid).externals == 1 + delta
    assert sorted(r.replayed for r in receipts) == [False] + [True] * (THREADS - 1)
    assert {r.collective.externals for r in receipts if r.replayed} == {1 + delta}
