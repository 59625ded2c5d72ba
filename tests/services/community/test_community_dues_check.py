"""``communitybot check`` on the membership fee charges and the article sales (issue 12):
a ledger the bot wrote is consistent; a charge, sale or usage count that disagrees with the
journal is found."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from communitybot.core.clock import ManualClock
from communitybot.services import community as svc
from tests.support.community import World, make_treasurer, new_key, tid_of

pytestmark = pytest.mark.cluster


def _sql(world: World, sql: str) -> None:
    """Tamper with a row (test setup: the product never edits these rows)."""
    world.uow.run(lambda s: s.execute(text(sql)))


def _codes(world: World) -> list[str]:
    return [p.code for p in svc.check_ledger(world.uow)]


def _books(world: World, clock: ManualClock) -> None:
    """A paid and a failed fee charge, sales at two prices, one sale reversed."""
    tess = make_treasurer(world)
    ada, bob = world.user("Ada"), world.user("Bob")
    svc.create_fee(
        world.uow,
        tid=tid_of(tess),
        amount=3000,
        description="dues",
        total=2,
        user=bob.id,
        key=new_key(),
        clock=clock,
    )
    clock.advance(timedelta(days=61))
    run = svc.run_due_fees(world.uow, world.rules, clock=clock)
    assert (run.instalments, run.paid, run.failed) == (2, 1, 1)  # -30.00, then below -50.00
    svc.consume(world.uow, world.rules, tid=tid_of(bob), name="drink", count=2, key=new_key())
    svc.reprice_article(world.uow, world.rules, tid=tid_of(tess), name="drink", price=150)
    svc.consume(world.uow, world.rules, tid=tid_of(bob), name="drink", key=new_key())
    svc.consume(world.uow, world.rules, tid=tid_of(ada), name="drink", key=new_key())
    svc.undo_last(world.uow, world.rules, tid=tid_of(ada), key=new_key())


def test_fees_and_sales_the_bot_wrote_are_consistent(world: World, clock: ManualClock) -> None:
    _books(world, clock)
    assert svc.check_ledger(world.uow) == ()


_FIRST_SALE = "ORDER BY transaction_id LIMIT 1"


@pytest.mark.parametrize(
    ("tamper", "repair", "code"),
    [
        (
            "UPDATE community_fee_charges SET failure = 'x' WHERE transaction_id IS NOT NULL",
            "UPDATE community_fee_charges SET failure = NULL WHERE transaction_id IS NOT NULL",
            "fee_charge_mismatch",
        ),
        (
            "UPDATE community_fee_charges SET failure = NULL WHERE transaction_id IS NULL",
            "UPDATE community_fee_charges SET failure = 'InsufficientBalance'"
            " WHERE transaction_id IS NULL",
            "fee_charge_mismatch",
        ),
        (
            "UPDATE community_fees SET amount = 2999",
            "UPDATE community_fees SET amount = 3000",
            "fee_charge_mismatch",
        ),
        (
            f"UPDATE article_sales SET count = count + 1 {_FIRST_SALE}",
            f"UPDATE article_sales SET count = count - 1 {_FIRST_SALE}",
            "article_sale_mismatch",
        ),
    ],
)
def test_check_finds_a_charge_or_sale_the_journal_does_not_bear_out(
    world: World, clock: ManualClock, tamper: str, repair: str, code: str
) -> None:
    _books(world, clock)
    _sql(world, tamper)
    found = _codes(world)
    assert code in found
    assert set(found) <= {code, "article_uses_mismatch"}
    _sql(world, repair)
    assert svc.check_ledger(world.uow) == ()


def test_check_finds_a_usage_count_its_sales_do_not_make(world: World, clock: ManualClock) -> None:
    _books(world, clock)
    _sql(world, "UPDATE articles SET uses = uses + 1 WHERE name = 'drink' AND active")
    assert _codes(world) == ["article_uses_mismatch"]
    _sql(world, "UPDATE articles SET uses = uses - 1 WHERE name = 'drink' AND active")
    assert svc.check_ledger(world.uow) == ()
