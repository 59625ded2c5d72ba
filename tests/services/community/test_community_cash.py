"""The cash box (issue 12, point 1): deposits, withdrawals, waiting deposits, counts; every
refusal changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import select, text

from communitybot.core.cash import DepositStatus
from communitybot.core.community import CASH_BOX_TID
from communitybot.core.errors import (
    AmountOutOfRange,
    CashBoxShort,
    CommunityActionDenied,
    DepositNotPending,
    InactiveUser,
    InsufficientBalance,
    NotFound,
)
from communitybot.db.models import Transaction, User
from communitybot.services import community as svc
from tests.conftest import Snapshot
from tests.support.community import (
    World,
    assert_refused,
    make_treasurer,
    new_key,
    race,
    tid_of,
)

pytestmark = pytest.mark.cluster


def _journal(world: World) -> list[tuple[int, int, int, str | None]]:
    return world.uow.read(
        lambda s: [
            (r.sender, r.receiver, r.amount, r.reason)
            for r in s.scalars(select(Transaction).order_by(Transaction.id))
            if r.reason != "test: fund"
        ]
    )


def _box(world: World) -> int:
    box = svc.find_cash_box(world.uow)
    assert box is not None
    return int(box)


def test_a_members_deposit_waits_for_a_treasurer_who_books_it(world: World) -> None:
    alice, tess = world.user("Alice"), make_treasurer(world)
    waiting = svc.deposit(
        world.uow, world.rules, tid=tid_of(alice), amount=2000, reason="cash", key="d1"
    )
    assert waiting.transaction_id is None
    assert waiting.deposit is not None
    assert waiting.deposit.status is DepositStatus.PENDING
    assert [(n.kind.value, n.event, n.tid) for n in waiting.notices] == [
        ("deposit", "waiting", tess.tid)
    ]
    assert world.balance(alice) == 0
    assert _journal(world) == []
    view = svc.cash_box(world.uow)
    assert (view.cash, [d.id for d in view.pending]) == (0, [waiting.deposit.id])

    booked = svc.decide_deposit(
        world.uow,
        world.rules,
        tid=tid_of(tess),
        deposit_id=waiting.deposit.id,
        confirm=True,
        key="c1",
    )
    assert booked.deposit.status is DepositStatus.CONFIRMED
    assert (booked.balance, booked.cash) == (2000, 2000)
    assert [(n.event, n.tid, n.balance) for n in booked.notices] == [("confirmed", alice.tid, 2000)]
    assert world.balance(alice) == 2000
    box = _box(world)
    assert _journal(world) == [(box, alice.id, 2000, "deposit: cash")]
    assert svc.cash_box(world.uow).pending == ()
    # the cash box is a users row of its own, not a second community user
    row = world.uow.read(lambda s: s.scalars(select(User).where(User.id == box)).one())
    assert (row.tid, row.username, row.active, row.balance) == (CASH_BOX_TID, None, False, -2000)
    # replayed: the same decision, once
    again = svc.decide_deposit(
        world.uow,
        world.rules,
        tid=tid_of(tess),
        deposit_id=waiting.deposit.id,
        confirm=True,
        key="c1",
    )
    assert again.replayed
    assert world.balance(alice) == 2000


def test_a_rejected_deposit_moves_nothing_and_cannot_be_decided_again(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    alice, tess = world.user("Alice"), make_treasurer(world)
    waiting = svc.deposit(world.uow, world.rules, tid=tid_of(alice), amount=500, key=new_key())
    assert waiting.deposit is not None
    deposit_id = waiting.deposit.id
    rejected = svc.decide_deposit(
        world.uow,
        world.rules,
        tid=tid_of(tess),
        deposit_id=deposit_id,
        confirm=False,
        key=new_key(),
    )
    assert rejected.deposit.status is DepositStatus.REJECTED
    assert world.balance(alice) == 0
    assert _journal(world) == []
    refused = assert_refused(
        snapshot,
        lambda: svc.decide_deposit(
            world.uow,
            world.rules,
            tid=tid_of(tess),
            deposit_id=deposit_id,
            confirm=True,
            key=new_key(),
        ),
        DepositNotPending,
    )
    assert refused.status == "rejected"


def test_only_a_treasurer_decides_deposits(world: World, snapshot: Callable[[], Snapshot]) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    waiting = svc.deposit(world.uow, world.rules, tid=tid_of(alice), amount=500, key=new_key())
    assert waiting.deposit is not None
    deposit_id = waiting.deposit.id
    for who in (alice, bob):
        assert_refused(
            snapshot,
            lambda who=who: svc.decide_deposit(
                world.uow,
                world.rules,
                tid=tid_of(who),
                deposit_id=deposit_id,
                confirm=True,
                key=new_key(),
            ),
            CommunityActionDenied,
        )
    assert_refused(
        snapshot,
        lambda: svc.decide_deposit(
            world.uow,
            world.rules,
            tid=tid_of(alice),
            deposit_id=99_999,
            confirm=True,
            key=new_key(),
        ),
        CommunityActionDenied,
    )


def test_a_treasurer_records_directly_for_anyone_and_the_member_is_told(world: World) -> None:
    alice, tess = world.user("Alice"), make_treasurer(world)
    receipt = svc.deposit(
        world.uow, world.rules, tid=tid_of(tess), amount=1500, member=alice.id, key="t1"
    )
    assert (receipt.transaction_id is not None, receipt.for_member, receipt.user.id) == (
        True,
        True,
        alice.id,
    )
    assert (receipt.balance, receipt.cash) == (1500, 1500)
    own = svc.deposit(world.uow, world.rules, tid=tid_of(tess), amount=100, key="t2")
    assert (own.for_member, own.notices, own.deposit) == (False, (), None)
    out = svc.withdraw(
        world.uow,
        world.rules,
        tid=tid_of(tess),
        amount=600,
        member=alice.id,
        key="t3",
        reason="bought tape",
    )
    assert (out.balance, out.cash, out.for_member) == (900, 1000, True)
    assert [(n.event, n.tid, n.balance) for n in out.notices] == [("withdraw", alice.tid, 900)]
    box = _box(world)
    assert _journal(world) == [
        (box, alice.id, 1500, "deposit:"),
        (box, tess.id, 100, "deposit:"),
        (alice.id, box, 600, "withdraw: bought tape"),
    ]


def test_self_service_books_a_members_deposit_at_once(world: World) -> None:
    alice = world.user("Alice")
    rules = replace(world.rules, cash_self_service=True)
    receipt = svc.deposit(world.uow, rules, tid=tid_of(alice), amount=800, key=new_key())
    assert (receipt.deposit, receipt.balance, receipt.cash) == (None, 800, 800)


def test_withdrawals_keep_the_debt_limit_and_the_cash_in_the_box(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    alice, tess = world.user("Alice"), make_treasurer(world)
    svc.deposit(world.uow, world.rules, tid=tid_of(tess), amount=9000, key=new_key())
    refused = assert_refused(
        snapshot,
        lambda: svc.withdraw(world.uow, world.rules, tid=tid_of(alice), amount=5001, key=new_key()),
        InsufficientBalance,
    )
    assert refused.account_id == alice.id
    svc.withdraw(world.uow, world.rules, tid=tid_of(alice), amount=5000, key=new_key())
    short = assert_refused(
        snapshot,
        lambda: svc.withdraw(world.uow, world.rules, tid=tid_of(tess), amount=4001, key=new_key()),
        CashBoxShort,
    )
    assert (short.cash, short.amount) == (4000, 4001)
    assert svc.cash_box(world.uow).cash == 4000


@pytest.mark.parametrize("amount", [0, -5, 10_001])
def test_amounts_out_of_range_are_refused(
    world: World, snapshot: Callable[[], Snapshot], amount: int
) -> None:
    alice = world.user("Alice")
    for command in (svc.deposit, svc.withdraw):
        assert_refused(
            snapshot,
            lambda command=command: command(
                world.uow, world.rules, tid=tid_of(alice), amount=amount, key=new_key()
            ),
            AmountOutOfRange,
        )


def test_a_member_may_not_record_for_someone_else_nor_an_inactive_one_at_all(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    gone = world.user("Gone", active=False)
    assert_refused(
        snapshot,
        lambda: svc.deposit(
            world.uow, world.rules, tid=tid_of(alice), amount=100, member=bob.id, key=new_key()
        ),
        CommunityActionDenied,
    )
    assert_refused(
        snapshot,
        lambda: svc.deposit(world.uow, world.rules, tid=tid_of(gone), amount=100, key=new_key()),
        InactiveUser,
    )
    tess = make_treasurer(world)
    assert_refused(
        snapshot,
        lambda: svc.deposit(
            world.uow, world.rules, tid=tid_of(tess), amount=100, member=gone.id, key=new_key()
        ),
        InactiveUser,
    )


def test_a_count_records_the_difference_as_its_own_row(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    alice, tess = world.user("Alice"), make_treasurer(world)
    community = world.community()
    svc.deposit(
        world.uow, world.rules, tid=tid_of(tess), amount=13_000, member=alice.id, key=new_key()
    )
    short = svc.count_cash_box(
        world.uow, world.rules, tid=tid_of(tess), counted=12_340, note="coins missing", key="n1"
    )
    assert (short.expected, short.difference) == (13_000, -660)
    box = _box(world)
    assert _journal(world)[-1] == (
        community.id,
        box,
        660,
        "cashbox: counted 123.40, expected 130.00: coins missing",
    )
    assert svc.cash_box(world.uow).cash == 12_340
    assert svc.count_cash_box(
        world.uow, world.rules, tid=tid_of(tess), counted=12_340, key="n1"
    ).replayed
    over = svc.count_cash_box(
        world.uow, world.rules, tid=tid_of(tess), counted=12_500, key=new_key()
    )
    assert over.difference == 160
    assert _journal(world)[-1] == (
        box,
        community.id,
        160,
        "cashbox: counted 125.00, expected 123.40",
    )
    same = svc.count_cash_box(
        world.uow, world.rules, tid=tid_of(tess), counted=12_500, key=new_key()
    )
    assert (same.difference, same.transaction_id) == (0, None)
    assert svc.cash_box(world.uow).cash == 12_500
    assert_refused(
        snapshot,
        lambda: svc.count_cash_box(
            world.uow, world.rules, tid=tid_of(alice), counted=0, key=new_key()
        ),
        CommunityActionDenied,
    )


def test_a_deposit_reversed_by_a_treasurer_leaves_the_box_as_before(world: World) -> None:
    alice, tess = world.user("Alice"), make_treasurer(world)
    receipt = svc.deposit(
        world.uow, world.rules, tid=tid_of(tess), amount=700, member=alice.id, key=new_key()
    )
    assert receipt.transaction_id is not None
    svc.reverse(
        world.uow,
        world.rules,
        tid=tid_of(tess),
        transaction_id=receipt.transaction_id,
        key=new_key(),
    )
    assert (world.balance(alice), svc.cash_box(world.uow).cash) == (0, 0)


def test_the_cash_box_is_not_a_person(world: World) -> None:
    tess = make_treasurer(world)
    svc.deposit(world.uow, world.rules, tid=tid_of(tess), amount=700, key=new_key())
    assert [u.id for u in svc.most_in_debt(world.uow)] == []
    assert _box(world) not in [u.id for u in svc.leaderboard(world.uow)]
    box = svc.find_user(world.uow, tid=CASH_BOX_TID)
    assert box is not None
    assert box.is_cash_box
    assert not box.is_community


def test_an_unknown_deposit_is_not_found(world: World, snapshot: Callable[[], Snapshot]) -> None:
    tess = make_treasurer(world)
    assert_refused(
        snapshot,
        lambda: svc.decide_deposit(
            world.uow,
            world.rules,
            tid=tid_of(tess),
            deposit_id=99_999,
            confirm=True,
            key=new_key(),
        ),
        NotFound,
    )


def test_check_finds_a_confirmed_deposit_its_row_does_not_book(world: World) -> None:
    alice, tess = world.user("Alice"), make_treasurer(world)
    svc.deposit(world.uow, world.rules, tid=tid_of(tess), amount=700, member=alice.id, key="x")

    def change(amount: int) -> None:
        world.uow.run(
            lambda s: s.execute(text("UPDATE cash_deposits SET amount = :a"), {"a": amount})
        )

    change(800)
    assert [p.code for p in svc.check_ledger(world.uow)] == ["deposit_mismatch"]
    change(700)
    assert svc.check_ledger(world.uow) == ()


def test_check_finds_a_waiting_deposit_that_names_a_row(world: World) -> None:
    alice, tess = world.user("Alice"), make_treasurer(world)
    svc.deposit(world.uow, world.rules, tid=tid_of(tess), amount=700, member=alice.id, key="x")
    svc.deposit(world.uow, world.rules, tid=tid_of(alice), amount=300, key="y")  # waits

    def link(sql: str) -> None:
        world.uow.run(lambda s: s.execute(text(sql)))

    link(
        "UPDATE cash_deposits SET transaction_id = (SELECT MAX(id) FROM transactions)"
        " WHERE status = 'pending'"
    )
    [found] = svc.check_ledger(world.uow)
    assert found.code == "deposit_mismatch"
    assert "is pending but names transaction" in found.detail
    link("UPDATE cash_deposits SET transaction_id = NULL WHERE status = 'pending'")
    assert svc.check_ledger(world.uow) == ()


def test_concurrent_first_cash_commands_make_one_cash_box(world: World) -> None:
    tess = make_treasurer(world)
    members = [world.user(f"M{i}") for i in range(4)]

    def body(index: int) -> str:
        svc.deposit(
            world.uow,
            world.rules,
            tid=tid_of(tess),
            amount=100,
            member=members[index].id,
            key=f"first-{index}",
        )
        return "booked"

    assert race(4, body) == ["booked"] * 4
    boxes = world.uow.read(lambda s: s.scalars(select(User).where(User.tid < 0)).all())
    assert [(b.tid, b.balance) for b in boxes] == [(CASH_BOX_TID, -400)]


def test_concurrent_decisions_on_one_deposit_book_it_once(world: World) -> None:
    alice = world.user("Alice")
    first, second = make_treasurer(world), make_treasurer(world, "Tom")
    waiting = svc.deposit(world.uow, world.rules, tid=tid_of(alice), amount=900, key=new_key())
    assert waiting.deposit is not None
    deposit_id = waiting.deposit.id

    def body(index: int) -> str:
        who = (first, second)[index % 2]
        try:
            svc.decide_deposit(
                world.uow,
                world.rules,
                tid=tid_of(who),
                deposit_id=deposit_id,
                confirm=index < 2,
                key=f"decide-{index}",
            )
        except DepositNotPending:
            return "refused"
        return "decided"

    assert race(4, body) == ["decided", "refused", "refused", "refused"]
    assert world.balance(alice) in (0, 900)
    status = svc.cash_box(world.uow).cash
    assert status == world.balance(alice)
