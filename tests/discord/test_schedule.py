"""The bot's own timed work: due recurring instalments and expired bank notes, without the CLI."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from communitybot.bootstrap import Container
from communitybot.core.economy import RecurringStatus
from communitybot.db import UnitOfWork, create_db_engine
from communitybot.discord import build_bot, configured_bot
from communitybot.services.economy import recurring
from tests.discord.conftest import ALICE, BOB, World, actor
from tests.discord.harness import Harness, eventually


def _scheduled(container: Container, harness: Harness, interval: float) -> Harness:
    harness.stop()
    return Harness(container, schedule_interval=interval, fake=harness.fake).start()


@pytest.fixture
def scheduled(container: Container, harness: Harness) -> Iterator[Harness]:
    """A bot that runs the timed work every few milliseconds."""
    running = _scheduled(container, harness, 0.01)
    try:
        yield running
    finally:
        running.stop()


def _number(content: str) -> int:
    match = re.search(r"`#(\d+)`", content)
    assert match, content
    return int(match[1])


def test_a_due_instalment_is_paid_and_announced_by_the_bot(
    world: World, scheduled: Harness
) -> None:
    scheduled.slash(BOB, "subscribe")
    answer = scheduled.slash(ALICE, "recurring create", amount="10", interval_days=7, member=BOB)
    number = _number(answer.content)
    assert world.balance(BOB) == 0
    world.clock.advance(timedelta(days=7))
    eventually(lambda: world.balance(BOB) == 1_000, "paid the instalment")
    scheduled.fake.wait_for(lambda: bool(scheduled.fake.dms_to(BOB.id)), "told Bob")
    assert scheduled.fake.dms_to(BOB.id) == [
        f"<@{BOB.id}> (credits): **+10.00 cr** (recurring transfer #{number})"
    ]
    [order] = recurring.list_recurring_transfers(
        world.uow, actor(ALICE), account_id=world.alice_account
    )
    assert (order.id, order.paid, order.status) == (number, 1, RecurringStatus.ACTIVE)
    assert world.balance(ALICE) == 9_000


def test_an_order_with_its_last_instalment_paid_is_finished(
    world: World, scheduled: Harness
) -> None:
    scheduled.slash(ALICE, "recurring create", amount="2", interval_days=1, member=BOB, payments=2)
    world.clock.advance(timedelta(days=3))  # both instalments are due: one round pays both
    eventually(lambda: world.balance(BOB) == 400, "paid both instalments")
    [order] = recurring.list_recurring_transfers(
        world.uow, actor(ALICE), account_id=world.alice_account
    )
    assert (order.paid, order.status) == (2, RecurringStatus.FINISHED)


def test_an_expired_note_returns_to_its_issuer(world: World, scheduled: Harness) -> None:
    answer = scheduled.slash(ALICE, "note issue", amount="20", to=BOB, expires_in_days=2)
    assert "Bank note" in answer.content
    assert world.balance(ALICE) == 8_000
    world.clock.advance(timedelta(days=1))
    scheduler = scheduled.bot.scheduler
    assert scheduler is not None
    rounds = scheduler.rounds
    eventually(lambda: scheduler.rounds > rounds, "ran a round before the expiry")
    assert world.balance(ALICE) == 8_000
    world.clock.advance(timedelta(days=1, seconds=1))
    eventually(lambda: world.balance(ALICE) == 10_000, "returned the note")


@pytest.mark.mysql_only  # the failure is a database the server does not have
def test_a_failed_round_is_logged_and_the_next_one_runs(
    container: Container,
    world: World,
    scheduled: Harness,
    engine: Engine,
    caplog: pytest.LogCaptureFixture,
) -> None:
    scheduler = scheduled.bot.scheduler
    assert scheduler is not None
    scheduled.slash(ALICE, "recurring create", amount="1", interval_days=1, member=BOB)
    # a database the server does not have: every statement of the round fails for real
    missing = engine.url.set(database="communitybot_no_such_database")
    broken = create_db_engine(missing.render_as_string(hide_password=False))
    try:
        with caplog.at_level("ERROR", logger="communitybot.discord._schedule"):
            working = scheduler.economy
            scheduler.economy = replace(
                container, uow=UnitOfWork(broken, attempts=1)
            ).use_cases.economy
            world.clock.advance(timedelta(days=1))
            eventually(lambda: "timed work failed" in caplog.text, "logged the failed round")
            assert world.balance(BOB) == 0
            scheduler.economy = working
            eventually(lambda: world.balance(BOB) == 100, "paid on a later round")
    finally:
        broken.dispose()


def test_the_configured_bot_runs_the_timed_work_on_the_configured_schedule(
    container: Container,
) -> None:
    scheduler = configured_bot(container).scheduler
    assert scheduler is not None
    assert scheduler.interval == container.settings.economy_schedule_seconds == 60.0
    off = replace(
        container, settings=container.settings.model_copy(update={"economy_schedule_seconds": 0})
    )
    assert configured_bot(off).scheduler is None


def test_without_an_interval_the_bot_leaves_the_timed_work_to_the_cli(
    container: Container, world: World
) -> None:
    assert build_bot(container).scheduler is None
    assert build_bot(container, schedule_interval=0).scheduler is None
    world.slash(ALICE, "recurring create", amount="10", interval_days=1, member=BOB)
    world.clock.advance(timedelta(days=1))
    assert world.harness.bot.scheduler is None
    assert world.balance(BOB) == 0
    assert recurring.tick(world.uow, clock=world.clock).paid == 1
    assert world.balance(BOB) == 1_000
