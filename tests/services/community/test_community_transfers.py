"""Transfers between members: the rules of issue 3, each refusal changing nothing."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest
from sqlalchemy import select

from communitybot.core.errors import (
    AmbiguousUsername,
    AmountOutOfRange,
    BalanceOutOfRange,
    CommunityUserNotAllowed,
    DomainError,
    ExternalNotAllowed,
    IdempotencyKeyConflict,
    InactiveUser,
    InsufficientBalance,
    SelfTransfer,
    UnknownUser,
)
from communitybot.core.ids import UserId
from communitybot.core.money import MEDIUMINT_MAX, MEDIUMINT_MIN
from communitybot.db.brokers import users as user_broker
from communitybot.db.models import Transaction
from communitybot.services import community as svc
from tests.conftest import Snapshot
from tests.support.community import World, assert_refused, new_key

pytestmark = pytest.mark.cluster


def _journal(world: World) -> list[tuple[int, int, int, str | None]]:
    return world.uow.read(
        lambda s: [
            (r.sender, r.receiver, r.amount, r.reason)
            for r in s.scalars(select(Transaction).order_by(Transaction.id))
            if r.reason != "test: fund"
        ]
    )


def test_send_moves_money_and_journals(world: World) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    receipt = svc.send(
        world.uow,
        world.rules,
        sender=alice.id,
        receiver=bob.id,
        amount=550,
        reason="  pizza  ",
        key=new_key(),
    )
    assert receipt.replayed is False
    assert (receipt.sender_balance, receipt.receiver_balance) == (-550, 550)
    assert receipt.reason == "send: pizza"
    assert (world.balance(alice), world.balance(bob)) == (-550, 550)
    assert _journal(world) == [(alice.id, bob.id, 550, "send: pizza")]


@pytest.mark.parametrize("name", ["bob", "@bob", "@BoB", " bob "])
def test_receiver_by_username(world: World, name: str) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    svc.send(
        world.uow,
        world.rules,
        sender=alice.id,
        receiver=name,
        amount=100,
        reason=None,
        key=new_key(),
    )
    assert world.balance(bob) == 100
    assert _journal(world) == [(alice.id, bob.id, 100, "send:")]


def test_replayed_key_moves_money_once(world: World) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    key = new_key()
    first = svc.send(
        world.uow,
        world.rules,
        sender=alice.id,
        receiver=bob.id,
        amount=100,
        reason="x",
        key=key,
    )
    again = svc.send(
        world.uow,
        world.rules,
        sender=alice.id,
        receiver=bob.id,
        amount=100,
        reason="x",
        key=key,
    )
    assert again.replayed is True
    assert again.transaction_id == first.transaction_id
    assert (again.amount, again.sender.id, again.receiver.id) == (100, alice.id, bob.id)
    assert world.balance(bob) == 100
    assert len(_journal(world)) == 1


@pytest.mark.mysql_only
def test_concurrent_commands_with_one_key_move_money_once(world: World) -> None:
    """Eight copies of one command at once (a redelivered update, a double tap): the first to
    commit moves the money, the other seven wait for its key and answer with its receipt."""
    alice, bob = world.user("Alice"), world.user("Bob")
    key = new_key()
    barrier = threading.Barrier(8, timeout=30)

    def one_copy() -> svc.TransferReceipt:
        barrier.wait()
        return svc.send(
            world.uow,
            world.rules,
            sender=alice.id,
            receiver=bob.id,
            amount=300,
            reason="same update",
            key=key,
        )

    with ThreadPoolExecutor(max_workers=8) as pool:
        receipts = list(pool.map(lambda _i: one_copy(), range(8)))
    assert sorted(r.replayed for r in receipts) == [False] + [True] * 7
    assert len({r.transaction_id for r in receipts}) == 1
    assert (world.balance(alice), world.balance(bob)) == (-300, 300)
    assert _journal(world) == [(alice.id, bob.id, 300, "send: same update")]


def test_replay_is_answered_even_when_the_command_would_now_be_refused(world: World) -> None:
    """The replay of a send that took the sender to its debt limit is a replay, not a refusal."""
    alice, bob = world.user("Alice"), world.user("Bob")
    key = new_key()
    first = svc.send(
        world.uow,
        world.rules,
        sender=alice.id,
        receiver=bob.id,
        amount=-world.rules.min_balance,
        reason="all in",
        key=key,
    )
    again = svc.send(
        world.uow,
        world.rules,
        sender=alice.id,
        receiver=bob.id,
        amount=-world.rules.min_balance,
        reason="all in",
        key=key,
    )
    assert again.replayed is True
    assert again.transaction_id == first.transaction_id
    assert world.balance(alice) == world.rules.min_balance


def test_key_of_another_operation_is_refused(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    key = new_key()
    svc.consume(world.uow, world.rules, tid=alice.tid, name="drink", key=key)
    before = snapshot()
    with pytest.raises(IdempotencyKeyConflict) as caught:
        svc.send(
            world.uow,
            world.rules,
            sender=alice.id,
            receiver=bob.id,
            amount=1,
            reason=None,
            key=key,
        )
    assert (caught.value.used_for, caught.value.wanted) == ("consume", "send")
    assert snapshot() == before


def test_reason_is_cut_to_255(world: World) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    receipt = svc.send(
        world.uow,
        world.rules,
        sender=alice.id,
        receiver=bob.id,
        amount=1,
        reason="é" * 400,
        key=new_key(),
    )
    assert len(receipt.reason) == 255
    assert _journal(world)[0][3] == receipt.reason


def test_debt_limit_is_reachable_exactly(world: World) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    svc.send(
        world.uow,
        world.rules,
        sender=alice.id,
        receiver=bob.id,
        amount=5000,
        reason=None,
        key=new_key(),
    )
    assert world.balance(alice) == world.rules.min_balance


def test_vouched_external_sends_within_its_own_limit(world: World) -> None:
    voucher = world.user("Voucher")
    guest = world.user("Guest", internal=False, voucher=voucher)
    bob = world.user("Bob")
    svc.send(
        world.uow,
        world.rules,
        sender=guest.id,
        receiver=bob.id,
        amount=2000,
        reason=None,
        key=new_key(),
    )
    assert world.balance(guest) == world.rules.external_min_balance


def test_send_to_vouched_external_and_to_the_community(world: World) -> None:
    alice = world.user("Alice", balance=1000)
    guest = world.user("Guest", internal=False, voucher=alice)
    community = world.community()
    for receiver in (guest.id, community.id):
        svc.send(
            world.uow,
            world.rules,
            sender=alice.id,
            receiver=receiver,
            amount=100,
            reason=None,
            key=new_key(),
        )
    assert world.balance(guest) == 100
    assert world.balance(alice) == 800


Case = Callable[[World], tuple[object, object, int, type[DomainError]]]


def _self(w: World) -> tuple[object, object, int, type[DomainError]]:
    a = w.user("Alice")
    return a.id, a.id, 100, SelfTransfer


def _unknown_sender(w: World) -> tuple[object, object, int, type[DomainError]]:
    b = w.user("Bob")
    return UserId(999_998), b.id, 100, UnknownUser


def _community_sender(w: World) -> tuple[object, object, int, type[DomainError]]:
    b = w.user("Bob")
    return w.community().id, b.id, 100, CommunityUserNotAllowed


def _unknown_receiver_id(w: World) -> tuple[object, object, int, type[DomainError]]:
    a = w.user("Alice")
    return a.id, UserId(999_999), 100, UnknownUser


def _unknown_username(w: World) -> tuple[object, object, int, type[DomainError]]:
    a = w.user("Alice")
    return a.id, "@nobody", 100, UnknownUser


def _inactive_sender(w: World) -> tuple[object, object, int, type[DomainError]]:
    a, b = w.user("Alice", active=False), w.user("Bob")
    return a.id, b.id, 100, InactiveUser


def _inactive_receiver(w: World) -> tuple[object, object, int, type[DomainError]]:
    a, b = w.user("Alice"), w.user("Bob", active=False)
    return a.id, b.id, 100, InactiveUser


def _zero(w: World) -> tuple[object, object, int, type[DomainError]]:
    a, b = w.user("Alice"), w.user("Bob")
    return a.id, b.id, 0, AmountOutOfRange


def _negative(w: World) -> tuple[object, object, int, type[DomainError]]:
    a, b = w.user("Alice"), w.user("Bob", balance=500)
    return a.id, b.id, -500, AmountOutOfRange


def _too_large(w: World) -> tuple[object, object, int, type[DomainError]]:
    a, b = w.user("Alice", balance=20_000), w.user("Bob")
    return a.id, b.id, w.rules.max_amount + 1, AmountOutOfRange


def _debt_limit(w: World) -> tuple[object, object, int, type[DomainError]]:
    a, b = w.user("Alice", balance=-4_950), w.user("Bob")
    return a.id, b.id, 51, InsufficientBalance


def _external_debt_limit(w: World) -> tuple[object, object, int, type[DomainError]]:
    v = w.user("Voucher")
    g, b = w.user("Guest", internal=False, voucher=v, balance=-1_950), w.user("Bob")
    return g.id, b.id, 51, InsufficientBalance


def _unvouched_sender(w: World) -> tuple[object, object, int, type[DomainError]]:
    g, b = w.user("Guest", internal=False), w.user("Bob")
    return g.id, b.id, 50, ExternalNotAllowed


def _unvouched_receiver(w: World) -> tuple[object, object, int, type[DomainError]]:
    a, g = w.user("Alice"), w.user("Guest", internal=False)
    return a.id, g.id, 50, ExternalNotAllowed


def _receiver_overflow(w: World) -> tuple[object, object, int, type[DomainError]]:
    a = w.user("Alice")
    rich = w.user("Rich")
    # MEDIUMINT_MAX in steps the community can pay (its own balance is bounded too)
    w.fund(rich, MEDIUMINT_MAX - 50)
    w.fund(w.user("Filler"), -(MEDIUMINT_MAX - 50))  # keep the community inside the range
    return a.id, rich.id, 51, BalanceOutOfRange


def _sender_underflow(w: World) -> tuple[object, object, int, type[DomainError]]:
    # a community whose debt limit lies below the column: the range still holds
    w.rules = replace(w.rules, min_balance=2 * MEDIUMINT_MIN)
    a, b = w.user("Alice"), w.user("Bob")
    w.fund(a, MEDIUMINT_MIN + 50)
    w.fund(w.user("Filler"), -(MEDIUMINT_MIN + 50))  # keep the community inside the range
    return a.id, b.id, 51, BalanceOutOfRange


def _ambiguous(w: World) -> tuple[object, object, int, type[DomainError]]:
    a, b = w.user("Alice"), w.user("Bob")
    # a username shared by two rows (written by other software)
    w.uow.run(lambda s: user_broker.update_profile(s, user_id=b.id, name="Bob", username="twin"))
    c = w.user("Carol")
    w.uow.run(lambda s: user_broker.update_profile(s, user_id=c.id, name="Carol", username="twin"))
    return a.id, "twin", 10, AmbiguousUsername


CASES = [
    _self,
    _unknown_sender,
    _community_sender,
    _unknown_receiver_id,
    _unknown_username,
    _inactive_sender,
    _inactive_receiver,
    _zero,
    _negative,
    _too_large,
    _debt_limit,
    _external_debt_limit,
    _unvouched_sender,
    _unvouched_receiver,
    _receiver_overflow,
    _sender_underflow,
    _ambiguous,
]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__.strip("_") for c in CASES])
def test_refusals_change_nothing(
    world: World, snapshot: Callable[[], Snapshot], case: Case
) -> None:
    sender, receiver, amount, error = case(world)
    before = snapshot()
    with pytest.raises(error):
        svc.preview_send(
            world.uow,
            world.rules,
            sender=sender,
            receiver=receiver,
            amount=amount,
        )
    with pytest.raises(error):
        svc.send(
            world.uow,
            world.rules,
            sender=sender,
            receiver=receiver,
            amount=amount,
            reason="nope",
            key=new_key(),
        )
    assert snapshot() == before


def test_preview_reports_what_send_would_do(world: World, snapshot: Callable[[], Snapshot]) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    before = snapshot()
    preview = svc.preview_send(
        world.uow,
        world.rules,
        sender=alice.id,
        receiver="@bob",
        amount=250,
        reason="beer",
    )
    assert (preview.sender.id, preview.receiver.id, preview.amount) == (alice.id, bob.id, 250)
    assert preview.reason == "send: beer"
    assert snapshot() == before


def test_rules_come_from_the_caller(world: World, snapshot: Callable[[], Snapshot]) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    strict = replace(world.rules, max_amount=10)
    refused = assert_refused(
        snapshot,
        lambda: svc.send(
            world.uow,
            strict,
            sender=alice.id,
            receiver=bob.id,
            amount=11,
            reason=None,
            key=new_key(),
        ),
        AmountOutOfRange,
    )
    assert refused.maximum == 10
