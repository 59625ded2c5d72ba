"""Undo and reversal (issue 12, point 2): a new journal row naming the original, idempotent,
within the limits; every refusal changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import select, text

from communitybot.core.community import UserInfo
from communitybot.core.errors import (
    AlreadyReversed,
    CashBoxShort,
    CommunityActionDenied,
    InsufficientBalance,
    NotFound,
    NothingToUndo,
    NotUndoable,
    UndoWindowClosed,
)
from communitybot.db.models import Transaction, TransactionReversalRow
from communitybot.services import community as svc
from tests.conftest import Snapshot
from tests.support.community import World, assert_refused, make_treasurer, new_key, race, tid_of

pytestmark = pytest.mark.cluster


def _send(world: World, sender: UserInfo, receiver: UserInfo, amount: int) -> int:
    receipt = svc.send(
        world.uow,
        world.rules,
        sender=sender.id,
        receiver=receiver.id,
        amount=amount,
        reason="oops",
        key=new_key(),
    )
    return int(receipt.transaction_id)


def _age(world: World, transaction_id: int, seconds: int) -> None:
    """Make a journal row ``seconds`` older (test setup: as if it had been written earlier)."""
    world.uow.run(
        lambda s: s.execute(
            text(
                "UPDATE transactions SET registered = registered - INTERVAL :s SECOND WHERE id = :i"
            ),
            {"s": seconds, "i": transaction_id},
        )
    )


def test_a_member_undoes_their_last_send_as_a_new_row_naming_it(world: World) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    original = _send(world, alice, bob, 700)
    receipt = svc.undo_last(world.uow, world.rules, tid=tid_of(alice), key="k1")
    assert receipt.original_id == original
    assert receipt.reason == f"reversal: #{original} send: oops"
    assert (receipt.sender.id, receipt.receiver.id, receipt.amount) == (bob.id, alice.id, 700)
    assert receipt.actor_balance == 0
    assert [(n.kind.value, n.tid) for n in receipt.notices] == [("reversal", bob.tid)]
    assert (world.balance(alice), world.balance(bob)) == (0, 0)
    links = world.uow.read(lambda s: s.scalars(select(TransactionReversalRow)).all())
    assert [(r.reversal_id, r.original_id, r.actor_id) for r in links] == [
        (receipt.reversal_id, original, alice.id)
    ]
    # both parties see it in their history, the original stays as it was
    for user in (alice, bob):
        page = svc.history(world.uow, tid=tid_of(user))
        assert [e.transaction_id for e in page.entries] == [receipt.reversal_id, original]
    rows = world.uow.read(lambda s: s.scalars(select(Transaction).order_by(Transaction.id)).all())
    assert [(r.sender, r.receiver, r.amount) for r in rows] == [
        (alice.id, bob.id, 700),
        (bob.id, alice.id, 700),
    ]


def test_an_undo_replayed_under_its_key_moves_money_once(world: World) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    _send(world, alice, bob, 300)
    first = svc.undo_last(world.uow, world.rules, tid=tid_of(alice), key="same")
    again = svc.undo_last(world.uow, world.rules, tid=tid_of(alice), key="same")
    assert again.replayed
    assert again.reversal_id == first.reversal_id
    assert again.notices  # owed until the adapter records the delivery
    assert svc.notices_delivered(world.uow, key="same") is True
    assert svc.undo_last(world.uow, world.rules, tid=tid_of(alice), key="same").notices == ()
    assert (world.balance(alice), world.balance(bob)) == (0, 0)


def test_a_second_undo_under_a_new_key_is_refused(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    original = _send(world, alice, bob, 300)
    first = svc.undo_last(world.uow, world.rules, tid=tid_of(alice), key=new_key())
    refused = assert_refused(
        snapshot,
        lambda: svc.undo_last(world.uow, world.rules, tid=tid_of(alice), key=new_key()),
        AlreadyReversed,
    )
    assert (refused.transaction_id, refused.reversal_id) == (original, first.reversal_id)


def test_concurrent_reversals_of_one_row_reverse_it_once(world: World) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    tess = make_treasurer(world)
    original = _send(world, alice, bob, 250)

    def body(index: int) -> str:
        try:
            svc.reverse(
                world.uow, world.rules, tid=tid_of(tess), transaction_id=original, key=f"r{index}"
            )
        except AlreadyReversed:
            return "refused"
        return "reversed"

    assert race(4, body) == ["refused", "refused", "refused", "reversed"]
    assert (world.balance(alice), world.balance(bob)) == (0, 0)


@pytest.mark.parametrize("seconds", [301, 3600])
def test_undo_after_the_window_is_refused(
    world: World, snapshot: Callable[[], Snapshot], seconds: int
) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    original = _send(world, alice, bob, 300)
    _age(world, original, seconds)
    refused = assert_refused(
        snapshot,
        lambda: svc.undo_last(world.uow, world.rules, tid=tid_of(alice), key=new_key()),
        UndoWindowClosed,
    )
    assert (refused.transaction_id, refused.window_seconds) == (original, 300)


def test_the_window_is_configured(world: World) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    original = _send(world, alice, bob, 300)
    _age(world, original, 3000)
    rules = replace(world.rules, undo_window_seconds=3600)
    assert svc.undo_last(world.uow, rules, tid=tid_of(alice), key=new_key()).original_id == original


def test_nothing_sent_is_nothing_to_undo(world: World, snapshot: Callable[[], Snapshot]) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    _send(world, bob, alice, 100)  # received, not sent
    assert_refused(
        snapshot,
        lambda: svc.undo_last(world.uow, world.rules, tid=tid_of(alice), key=new_key()),
        NothingToUndo,
    )


def test_a_member_may_not_undo_a_row_of_another_kind(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    alice = world.user("Alice", balance=1000)
    world.fund(alice, -1000)  # alice's last sent row is "test: fund", not hers to undo
    refused = assert_refused(
        snapshot,
        lambda: svc.undo_last(world.uow, world.rules, tid=tid_of(alice), key=new_key()),
        NotUndoable,
    )
    assert refused.reason == "kind"


def test_an_undo_the_receiver_cannot_pay_back_is_refused_with_the_reason(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    alice, bob, carol = world.user("Alice"), world.user("Bob"), world.user("Carol")
    _send(world, alice, bob, 2000)
    svc.send(
        world.uow,
        world.rules,
        sender=bob.id,
        receiver=carol.id,
        amount=5000,
        reason=None,
        key=new_key(),
    )
    # bob is at -40.00 then: paying 20.00 back would take him below his limit of -50.00
    svc.send(
        world.uow,
        world.rules,
        sender=bob.id,
        receiver=carol.id,
        amount=1000,
        reason=None,
        key=new_key(),
    )
    refused = assert_refused(
        snapshot,
        lambda: svc.undo_last(world.uow, world.rules, tid=tid_of(alice), key=new_key()),
        InsufficientBalance,
    )
    assert refused.account_id == bob.id


def test_a_treasurer_reverses_anything_and_a_member_may_not(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    tess = make_treasurer(world)
    original = _send(world, alice, bob, 400)
    _age(world, original, 86_400)
    assert_refused(
        snapshot,
        lambda: svc.reverse(
            world.uow, world.rules, tid=tid_of(bob), transaction_id=original, key=new_key()
        ),
        CommunityActionDenied,
    )
    receipt = svc.reverse(
        world.uow, world.rules, tid=tid_of(tess), transaction_id=original, key=new_key()
    )
    assert receipt.actor_balance is None
    assert sorted(n.tid or 0 for n in receipt.notices) == sorted([tid_of(alice), tid_of(bob)])
    assert (world.balance(alice), world.balance(bob)) == (0, 0)
    # a reversal is not reversed again (that would be a new transfer)
    refused = assert_refused(
        snapshot,
        lambda: svc.reverse(
            world.uow,
            world.rules,
            tid=tid_of(tess),
            transaction_id=receipt.reversal_id,
            key=new_key(),
        ),
        NotUndoable,
    )
    assert refused.reason == "reversal"
    assert_refused(
        snapshot,
        lambda: svc.reverse(
            world.uow, world.rules, tid=tid_of(tess), transaction_id=999_999, key=new_key()
        ),
        NotFound,
    )


def test_a_reversed_deposit_takes_no_more_cash_out_than_the_box_should_hold(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    tess = make_treasurer(world)
    deposit = svc.deposit(
        world.uow, world.rules, tid=tid_of(tess), member=alice.id, amount=2000, key=new_key()
    )
    assert deposit.transaction_id is not None
    svc.deposit(world.uow, world.rules, tid=tid_of(tess), member=bob.id, amount=500, key=new_key())
    svc.withdraw(world.uow, world.rules, tid=tid_of(bob), amount=1000, key=new_key())
    assert svc.cash_box(world.uow).cash == 1500
    svc.withdraw(world.uow, world.rules, tid=tid_of(alice), amount=1000, key=new_key())
    # the box should hold 5.00 €: taking Alice's 20.00 € deposit back would leave -15.00 €
    refused = assert_refused(
        snapshot,
        lambda: svc.reverse(
            world.uow,
            world.rules,
            tid=tid_of(tess),
            transaction_id=deposit.transaction_id or 0,
            key=new_key(),
        ),
        CashBoxShort,
    )
    assert (refused.cash, refused.amount) == (500, 2000)
    svc.deposit(world.uow, world.rules, tid=tid_of(tess), member=bob.id, amount=1500, key=new_key())
    receipt = svc.reverse(
        world.uow,
        world.rules,
        tid=tid_of(tess),
        transaction_id=deposit.transaction_id,
        key=new_key(),
    )
    assert receipt.original_id == deposit.transaction_id
    assert svc.cash_box(world.uow).cash == 0
    assert world.balance(alice) == -1000


def test_check_finds_a_reversal_link_that_does_not_mirror_its_original(world: World) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    first = _send(world, alice, bob, 300)
    other = _send(world, alice, bob, 200)
    assert svc.check_ledger(world.uow) == ()

    def link(sql: str) -> None:
        world.uow.run(lambda s: s.execute(text(sql), {"r": other, "o": first}))

    link(
        "INSERT INTO transaction_reversals (reversal_id, original_id, created) "
        "VALUES (:r, :o, NOW())"
    )
    assert [p.code for p in svc.check_ledger(world.uow)] == ["reversal_mismatch"]
    link("DELETE FROM transaction_reversals WHERE reversal_id = :r AND original_id = :o")
