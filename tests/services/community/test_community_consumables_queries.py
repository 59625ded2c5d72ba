"""Consumables, and the read-only questions: balance, history, data, rankings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from communitybot.core.community import TransactionKind
from communitybot.core.errors import (
    ConfigurationError,
    ConsumeCountOutOfRange,
    DomainError,
    ExternalNotAllowed,
    InactiveUser,
    InsufficientBalance,
    UnknownConsumable,
    UnknownUser,
)
from communitybot.core.ids import TelegramId
from communitybot.core.rules import Consumable
from communitybot.db.models import Transaction, User
from communitybot.db.uow import UnitOfWork
from communitybot.services import community as svc
from tests.conftest import Snapshot
from tests.support.community import RULES, World, assert_refused, new_key


def test_consume_pays_the_community(world: World) -> None:
    ada = world.user("Ada")
    key = new_key()
    receipt = svc.consume(world.uow, world.rules, tid=ada.tid, name="Pizza", count=3, key=key)
    assert (receipt.amount, receipt.count, receipt.balance) == (600, 3, -600)
    assert receipt.consumable.name == "pizza"
    assert world.balance(world.community()) == 600
    again = svc.consume(world.uow, world.rules, tid=ada.tid, name="drink", count=1, key=key)
    assert (again.replayed, again.transaction_id, again.amount, again.count) == (
        True,
        receipt.transaction_id,
        600,
        3,
    )
    assert again.consumable.name == "pizza"
    assert world.balance(ada) == -600
    entry = svc.history(world.uow, tid=ada.tid).entries[0]
    assert (entry.reason, entry.kind) == ("consume: 3x pizza", TransactionKind.CONSUME)


def test_configured_consumables(world: World, snapshot: Callable[[], Snapshot]) -> None:
    rules = replace(world.rules, consumables=(Consumable("mate", 150, "🧉", "club mate"),))
    assert svc.list_consumables(world.uow, rules) == rules.consumables
    ada = world.user("Ada")
    assert svc.consume(world.uow, rules, tid=ada.tid, name="mate", key=new_key()).amount == 150
    refused = assert_refused(
        snapshot,
        lambda: svc.consume(world.uow, rules, tid=ada.tid, name="drink", key=new_key()),
        UnknownConsumable,
    )
    assert refused.known == ("mate",)


Case = Callable[[World], Callable[[], object]]


def _unknown_item(w: World) -> Callable[[], object]:
    a = w.user("Ada")
    return lambda: svc.consume(w.uow, w.rules, tid=a.tid, name="caviar", key=new_key())


def _zero_items(w: World) -> Callable[[], object]:
    a = w.user("Ada")
    return lambda: svc.consume(w.uow, w.rules, tid=a.tid, name="drink", count=0, key=new_key())


def _too_many_items(w: World) -> Callable[[], object]:
    a = w.user("Ada")
    n = w.rules.max_consume + 1
    return lambda: svc.consume(w.uow, w.rules, tid=a.tid, name="drink", count=n, key=new_key())


def _consume_over_limit(w: World) -> Callable[[], object]:
    a = w.user("Ada", balance=-4_900)
    return lambda: svc.consume(w.uow, w.rules, tid=a.tid, name="pizza", key=new_key())


def _consume_inactive(w: World) -> Callable[[], object]:
    a = w.user("Ada", active=False)
    return lambda: svc.consume(w.uow, w.rules, tid=a.tid, name="drink", key=new_key())


def _consume_unvouched(w: World) -> Callable[[], object]:
    g = w.user("Guest", internal=False)
    return lambda: svc.consume(w.uow, w.rules, tid=g.tid, name="drink", key=new_key())


def _consume_unknown_user(w: World) -> Callable[[], object]:
    return lambda: svc.consume(w.uow, w.rules, tid=TelegramId(1), name="drink", key=new_key())


CASES: list[tuple[Case, type[DomainError]]] = [
    (_unknown_item, UnknownConsumable),
    (_zero_items, ConsumeCountOutOfRange),
    (_too_many_items, ConsumeCountOutOfRange),
    (_consume_over_limit, InsufficientBalance),
    (_consume_inactive, InactiveUser),
    (_consume_unvouched, ExternalNotAllowed),
    (_consume_unknown_user, UnknownUser),
]


@pytest.mark.parametrize(("case", "error"), CASES, ids=[c.__name__.strip("_") for c, _ in CASES])
def test_consume_refusals_change_nothing(
    world: World, snapshot: Callable[[], Snapshot], case: Case, error: type[DomainError]
) -> None:
    assert_refused(snapshot, case(world), error)


def test_consume_needs_the_community_user(
    uow: UnitOfWork, snapshot: Callable[[], Snapshot]
) -> None:
    ada = World(uow).user("Ada")
    before = snapshot()
    with pytest.raises(ConfigurationError):
        svc.consume(uow, RULES, tid=ada.tid, name="drink", key=new_key())
    assert snapshot() == before


def test_history_pages_newest_first_with_counterparts(world: World) -> None:
    ada, bob = world.user("Ada"), world.user("Bob")
    for amount in (100, 200, 300):
        svc.send(
            world.uow,
            world.rules,
            sender=ada.id,
            receiver=bob.id,
            amount=amount,
            reason=f"n{amount}",
            key=new_key(),
        )
    svc.send(
        world.uow,
        world.rules,
        sender=bob.id,
        receiver=ada.id,
        amount=50,
        reason="back",
        key=new_key(),
    )
    page = svc.history(world.uow, tid=ada.tid, offset=0, limit=2)
    assert page.total == 4
    assert [(e.amount, e.reason) for e in page.entries] == [
        (50, "send: back"),
        (-300, "send: n300"),
    ]
    assert {e.counterpart.id for e in page.entries} == {bob.id}
    rest = svc.history(world.uow, tid=ada.tid, offset=2, limit=2)
    assert [e.amount for e in rest.entries] == [-200, -100]
    assert rest.total == 4
    # a short page, an empty one and one far past the end tell the total all the same
    assert [
        (len(p.entries), p.total)
        for p in (svc.history(world.uow, tid=ada.tid, offset=o, limit=2) for o in (3, 4, 9))
    ] == [(1, 4), (0, 4), (0, 4)]
    assert [e.amount for e in svc.full_history(world.uow, tid=ada.tid)] == [-100, -200, -300, 50]
    clamped = svc.history(world.uow, tid=ada.tid, offset=-5, limit=10_000)
    assert (clamped.offset, clamped.limit) == (0, 100)


def test_history_pages_merge_both_sides_and_show_a_row_to_oneself_once(world: World) -> None:
    ada, bob, cy = world.user("Ada"), world.user("Bob"), world.user("Cy")
    legs = [(ada, bob, 1), (bob, ada, 2), (ada, ada, 3), (cy, ada, 4), (ada, cy, 5), (bob, cy, 6)]

    # Written by hand, as older software could (a row to oneself): history is read as stored.
    def write(session: Session) -> None:
        rows = [
            {"sender": s.id, "receiver": r.id, "amount": a, "reason": "old"} for s, r, a in legs
        ]
        session.execute(insert(Transaction), rows)
        for user, delta in ((bob, -7), (cy, 7)):
            session.execute(
                update(User).where(User.id == user.id).values(balance=User.balance + delta)
            )

    world.uow.run(write)
    newest_first = [(-5, cy.id), (4, cy.id), (-3, ada.id), (2, bob.id), (-1, bob.id)]
    for offset in range(7):
        for limit in (1, 2, 3):
            page = svc.history(world.uow, tid=ada.tid, offset=offset, limit=limit)
            assert page.total == 5
            got = [(e.amount, e.counterpart.id) for e in page.entries]
            assert got == newest_first[offset : offset + limit]
    full = svc.full_history(world.uow, tid=ada.tid)
    assert [(e.amount, e.counterpart.id) for e in full] == newest_first[::-1]
    assert svc.user_data(world.uow, tid=ada.tid).transactions == 5
    assert svc.history(world.uow, tid=cy.tid).total == 3


def test_history_of_a_newcomer_is_empty_and_of_nobody_refused(world: World) -> None:
    newcomer = world.user("New")
    for offset in (0, 10):
        page = svc.history(world.uow, tid=newcomer.tid, offset=offset)
        assert (page.entries, page.total) == ((), 0)
    assert svc.full_history(world.uow, tid=newcomer.tid) == ()
    for offset in (0, 10):
        with pytest.raises(UnknownUser):
            svc.history(world.uow, tid=TelegramId(1), offset=offset)
    with pytest.raises(UnknownUser):
        svc.full_history(world.uow, tid=TelegramId(1))


def test_user_data_and_balances(world: World) -> None:
    voucher = world.user("Voucher", balance=500)
    guest = world.user("Guest", internal=False, voucher=voucher)
    svc.start_communism(
        world.uow, world.rules, creator_tid=voucher.tid, amount=100, description="x", key=new_key()
    )
    data = svc.user_data(world.uow, tid=voucher.tid)
    assert data.user.id == voucher.id
    assert data.voucher is None
    assert [v.id for v in data.vouchees] == [guest.id]
    assert data.transactions == 1
    assert len(data.open_collectives) == 1
    guest_data = svc.user_data(world.uow, tid=guest.tid)
    assert guest_data.voucher == voucher.summary
    assert guest_data.user == svc.get_user_by_tid(world.uow, tid=guest.tid)
    assert (guest_data.vouchees, guest_data.transactions, guest_data.open_collectives) == (
        (),
        0,
        (),
    )
    assert svc.balance(world.uow, tid=voucher.tid) == 500
    assert svc.balance(world.uow, user="@voucher") == 500
    assert svc.community_balance(world.uow).balance == -500
    with pytest.raises(TypeError):
        svc.balance(world.uow)
    with pytest.raises(UnknownUser):
        svc.user_data(world.uow, tid=TelegramId(1))


def test_rankings(world: World) -> None:
    rich = world.user("Rich", balance=900)
    mid = world.user("Mid", balance=100)
    low = world.user("Low", balance=-300)
    lower = world.user("Lower", balance=-700)
    world.user("Gone", balance=5000, active=False)
    assert [u.id for u in svc.most_in_debt(world.uow)] == [lower.id, low.id]
    assert [u.id for u in svc.leaderboard(world.uow, limit=2)] == [rich.id, mid.id]
    assert all(not u.is_community for u in svc.leaderboard(world.uow))
