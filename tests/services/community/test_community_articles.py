"""Articles at run time (issue 12, point 3): seeded once from the configuration, managed by a
treasurer, sold by id, barcode or name; every refusal changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import Engine, event, select

from communitybot.core.articles import ArticleRef
from communitybot.core.community import UserInfo
from communitybot.core.errors import (
    AlreadyExists,
    CommunityActionDenied,
    InvalidName,
    OutOfStock,
    UnknownConsumable,
)
from communitybot.core.rules import Consumable
from communitybot.db.models import ArticleSaleRow
from communitybot.services import community as svc
from tests.conftest import Snapshot
from tests.support.community import World, assert_refused, make_treasurer, new_key, race, tid_of

pytestmark = pytest.mark.cluster


@pytest.fixture
def tess(world: World) -> UserInfo:
    return make_treasurer(world)


def test_the_configuration_seeds_the_table_once(world: World) -> None:
    names = [a.name for a in svc.list_articles(world.uow, world.rules)]
    assert names == [c.name for c in world.rules.consumables]
    other = replace(world.rules, consumables=(Consumable("mate", 150),))
    assert [a.name for a in svc.list_articles(world.uow, other)] == names


def test_a_price_change_keeps_the_old_article_for_old_sales(world: World, tess: UserInfo) -> None:
    ada = world.user("Ada")
    first = svc.consume(world.uow, world.rules, tid=tid_of(ada), name="drink", count=2, key="a")
    assert (first.amount, first.article_id) == (200, first.article_id)
    new = svc.reprice_article(world.uow, world.rules, tid=tid_of(tess), name="drink", price=150)
    assert (new.name, new.price, new.uses) == ("drink", 150, 0)
    second = svc.consume(world.uow, world.rules, tid=tid_of(ada), name="drink", key="b")
    assert (second.amount, second.article_id) == (150, new.id)
    every = {a.id: a for a in svc.list_articles(world.uow, world.rules, include_inactive=True)}
    old = every[first.article_id or 0]
    assert (old.price, old.active, old.replaced_by, old.uses) == (100, False, new.id, 2)
    assert every[new.id].uses == 1
    sales = world.uow.read(lambda s: s.scalars(select(ArticleSaleRow)).all())
    assert sorted((r.transaction_id, r.article_id, r.count) for r in sales) == [
        (first.transaction_id, old.id, 2),
        (second.transaction_id, new.id, 1),
    ]
    # the replay of the first sale still names the old article and price
    again = svc.consume(world.uow, world.rules, tid=tid_of(ada), name="drink", count=2, key="a")
    assert again.replayed
    assert (again.article_id, again.consumable.price) == (old.id, 100)


def test_charge_by_id_or_barcode_and_deactivation(
    world: World, tess: UserInfo, snapshot: Callable[[], Snapshot]
) -> None:
    ada = world.user("Ada")
    mate = svc.add_article(
        world.uow,
        world.rules,
        tid=tid_of(tess),
        name="Mate",
        price=150,
        emoji="🧉",
        description="club mate",
        barcode="4029764001807",
    )
    assert (mate.name, mate.barcode) == ("mate", "4029764001807")
    by_code = svc.charge(
        world.uow,
        world.rules,
        buyer=ada.id,
        article=ArticleRef(barcode="4029764001807"),
        key=new_key(),
    )
    by_id = svc.charge(
        world.uow, world.rules, buyer=ada.id, article=ArticleRef(id=mate.id), count=2, key=new_key()
    )
    assert (by_code.amount, by_id.amount, world.balance(ada)) == (150, 300, -450)
    svc.deactivate_article(world.uow, world.rules, tid=tid_of(tess), name="mate")
    for ref in (
        ArticleRef(id=mate.id),
        ArticleRef(barcode="4029764001807"),
        ArticleRef(name="mate"),
    ):
        assert_refused(
            snapshot,
            lambda ref=ref: svc.charge(
                world.uow, world.rules, buyer=ada.id, article=ref, key=new_key()
            ),
            UnknownConsumable,
        )
    # the name and the barcode are free again
    again = svc.add_article(
        world.uow, world.rules, tid=tid_of(tess), name="mate", price=160, barcode="4029764001807"
    )
    assert again.id != mate.id


def test_stock_counts_down_warns_once_and_refuses_what_is_not_there(
    world: World, tess: UserInfo, snapshot: Callable[[], Snapshot]
) -> None:
    ada = world.user("Ada")
    svc.set_article_stock(
        world.uow, world.rules, tid=tid_of(tess), name="water", stock=4, low_stock=2
    )
    first = svc.consume(world.uow, world.rules, tid=tid_of(ada), name="water", key=new_key())
    assert (first.stock, first.low_stock, first.notices) == (3, False, ())
    second = svc.consume(world.uow, world.rules, tid=tid_of(ada), name="water", key="low")
    assert (second.stock, second.low_stock) == (2, True)
    assert [(n.kind.value, n.tid, n.details) for n in second.notices] == [
        ("low_stock", tess.tid, (("stock", 2),))
    ]
    # owed on a replay until delivered, then not again
    assert svc.consume(world.uow, world.rules, tid=tid_of(ada), name="water", key="low").low_stock
    assert svc.notices_delivered(world.uow, key="low")
    assert not svc.consume(
        world.uow, world.rules, tid=tid_of(ada), name="water", key="low"
    ).low_stock
    third = svc.consume(world.uow, world.rules, tid=tid_of(ada), name="water", key=new_key())
    assert (third.stock, third.low_stock) == (1, False)
    refused = assert_refused(
        snapshot,
        lambda: svc.consume(
            world.uow, world.rules, tid=tid_of(ada), name="water", count=2, key=new_key()
        ),
        OutOfStock,
    )
    assert (refused.article, refused.stock, refused.count) == ("water", 1, 2)
    svc.set_article_stock(world.uow, world.rules, tid=tid_of(tess), name="water", stock=None)
    assert (
        svc.consume(
            world.uow, world.rules, tid=tid_of(ada), name="water", count=2, key=new_key()
        ).stock
        is None
    )


def test_only_a_treasurer_manages_articles_and_bad_input_is_refused(
    world: World, tess: UserInfo, snapshot: Callable[[], Snapshot]
) -> None:
    ada = world.user("Ada")
    svc.list_articles(world.uow, world.rules)  # seeded
    assert_refused(
        snapshot,
        lambda: svc.add_article(world.uow, world.rules, tid=tid_of(ada), name="tea", price=100),
        CommunityActionDenied,
    )
    assert_refused(
        snapshot,
        lambda: svc.reprice_article(
            world.uow, world.rules, tid=tid_of(ada), name="drink", price=100
        ),
        CommunityActionDenied,
    )
    assert_refused(
        snapshot,
        lambda: svc.add_article(world.uow, world.rules, tid=tid_of(tess), name="drink", price=100),
        AlreadyExists,
    )
    for bad in ("9lives", "Tee mit Zucker", "x" * 33, "tée"):
        assert_refused(
            snapshot,
            lambda bad=bad: svc.add_article(
                world.uow, world.rules, tid=tid_of(tess), name=bad, price=100
            ),
            InvalidName,
        )
    assert_refused(
        snapshot,
        lambda: svc.set_article_barcode(
            world.uow, world.rules, tid=tid_of(tess), name="drink", barcode="4029 7640"
        ),
        InvalidName,
    )
    assert_refused(
        snapshot,
        lambda: svc.reprice_article(world.uow, world.rules, tid=tid_of(tess), name="tea", price=1),
        UnknownConsumable,
    )
    svc.set_article_barcode(world.uow, world.rules, tid=tid_of(tess), name="drink", barcode="111")
    assert_refused(
        snapshot,
        lambda: svc.set_article_barcode(
            world.uow, world.rules, tid=tid_of(tess), name="water", barcode="111"
        ),
        AlreadyExists,
    )


def test_a_reversed_purchase_is_a_new_row_and_the_sale_stays(world: World, tess: UserInfo) -> None:
    ada = world.user("Ada")
    svc.set_article_stock(world.uow, world.rules, tid=tid_of(tess), name="pizza", stock=8)
    sold = svc.consume(
        world.uow, world.rules, tid=tid_of(ada), name="pizza", count=3, key=new_key()
    )
    assert sold.stock == 5
    undone = svc.undo_last(world.uow, world.rules, tid=tid_of(ada), key=new_key())
    assert undone.original_id == sold.transaction_id
    assert world.balance(ada) == 0
    [pizza] = [a for a in svc.list_articles(world.uow, world.rules) if a.name == "pizza"]
    assert (pizza.stock, pizza.uses) == (8, 0)
    sales = world.uow.read(lambda s: s.scalars(select(ArticleSaleRow)).all())
    assert [(r.transaction_id, r.count) for r in sales] == [(sold.transaction_id, 3)]


def test_two_treasurers_adding_one_name_at_once_make_one_article(
    world: World, tess: UserInfo
) -> None:
    svc.list_articles(world.uow, world.rules)  # seeded

    def body(index: int) -> str:
        try:
            svc.add_article(world.uow, world.rules, tid=tid_of(tess), name="tea", price=100 + index)
        except AlreadyExists:
            return "refused"
        return "added"

    assert race(3, body) == ["added", "refused", "refused"]
    assert [a.name for a in svc.list_articles(world.uow, world.rules)].count("tea") == 1


def test_a_purchase_once_seeded_reads_no_seeding_mark(world: World) -> None:
    """The article a purchase finds shows that the table is seeded: the seeding mark (an
    operation key) is read only when no article answers, so a purchase is one statement less."""
    ada = world.user("Ada")
    svc.consume(world.uow, world.rules, tid=tid_of(ada), name="drink", key="first")
    seen: list[str] = []

    def record(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(Engine, "before_cursor_execute", record)
    try:
        sold = svc.charge(
            world.uow, world.rules, buyer=ada.id, article=ArticleRef(name="water"), key="second"
        )
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    assert sold.consumable.name == "water"
    assert [s for s in seen if "operation_keys" in s and s.lstrip().startswith("SELECT")] == []
    assert sum(s.lstrip().startswith("SELECT articles.") for s in seen) == 1  # locked, once
