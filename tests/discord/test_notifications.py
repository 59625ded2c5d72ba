"""/subscribe, /unsubscribe and the outbox delivered as direct messages after commit."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable
from datetime import timedelta

import discord
import pytest

from communitybot.bootstrap import Container
from communitybot.services.economy import notifications, recurring
from tests.conftest import Snapshot
from tests.discord.conftest import ALICE, BOB, World
from tests.discord.harness import Harness
from tests.discord.test_money import refused

Take = Callable[[], Snapshot]


def flush(harness: Harness) -> int:
    """Deliver what is pending now (after any round under way)."""
    return harness.run(harness.bot.notifier.flush())


def test_subscribe_and_get_a_direct_message_after_a_payment(world: World) -> None:
    answer = world.slash(ALICE, "subscribe")
    assert answer.content == (
        f"You will get a direct message whenever the balance of <@{ALICE.id}> changes."
    )
    assert answer.ephemeral
    again = world.slash(ALICE, "subscribe")
    assert again.content == f"You follow <@{ALICE.id}> already."
    world.slash(ALICE, "pay", member=BOB, amount="5")
    fake = world.harness.fake
    fake.wait_for(lambda: bool(fake.dms_to(ALICE.id)), "sent the direct message")
    assert fake.dms_to(ALICE.id) == [f"<@{ALICE.id}> (credits): **-5.00 cr** (transfer)"]
    flush(world.harness)
    assert notifications.pending_notifications(world.uow) == []
    assert fake.dms_to(BOB.id) == []


def test_a_receiver_is_told_too(world: World) -> None:
    world.slash(BOB, "subscribe")
    world.slash(ALICE, "pay", member=BOB, amount="2.5")
    flush(world.harness)
    assert world.harness.fake.dms_to(BOB.id) == [f"<@{BOB.id}> (credits): **+2.50 cr** (transfer)"]


def test_unsubscribe_stops_the_messages(world: World) -> None:
    world.slash(ALICE, "subscribe")
    answer = world.slash(ALICE, "unsubscribe")
    assert answer.content == f"Stopped following <@{ALICE.id}>."
    assert world.slash(ALICE, "unsubscribe").content == f"You did not follow <@{ALICE.id}>."
    world.slash(ALICE, "pay", member=BOB, amount="1")
    flush(world.harness)
    assert world.harness.fake.dms_to(ALICE.id) == []


def test_subscribing_to_someone_elses_account_is_refused(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, BOB, "subscribe", account=ALICE.mention)
    assert content.startswith(f"You lack `VIEW_BALANCE` on <@{ALICE.id}>")


def test_a_member_with_closed_direct_messages_is_skipped(world: World) -> None:
    world.slash(ALICE, "subscribe")
    world.harness.fake.refuse_dm.add(ALICE.id)
    world.slash(ALICE, "pay", member=BOB, amount="1")
    flush(world.harness)
    assert world.harness.fake.dms_to(ALICE.id) == []
    assert notifications.pending_notifications(world.uow) == []


def test_a_failed_message_is_sent_again_later(world: World) -> None:
    world.slash(ALICE, "subscribe")
    world.harness.fake.fail_dm_once.add(ALICE.id)
    world.slash(ALICE, "pay", member=BOB, amount="1")
    for _ in range(2):  # the failure hits the background round or the first flush
        with contextlib.suppress(discord.DiscordServerError):
            flush(world.harness)
    assert world.harness.fake.dms_to(ALICE.id) == [
        f"<@{ALICE.id}> (credits): **-1.00 cr** (transfer)"
    ]
    assert notifications.pending_notifications(world.uow) == []


@pytest.fixture
def polling(container: Container, harness: Harness) -> Harness:
    """A bot whose notifier looks at the outbox every few milliseconds."""
    harness.stop()
    return Harness(container, notify_interval=0.01, fake=harness.fake).start()


def test_changes_made_elsewhere_are_delivered_by_the_periodic_round(
    world: World, polling: Harness
) -> None:
    try:
        polling.slash(ALICE, "subscribe")
        world.mint(world.alice_account, 300)  # the CLI or another process
        polling.fake.wait_for(lambda: bool(polling.fake.dms_to(ALICE.id)), "told Alice")
    finally:
        polling.stop()
    assert polling.fake.dms_to(ALICE.id) == [f"<@{ALICE.id}> (credits): **+3.00 cr** (printed)"]


def test_a_failed_recurring_payment_is_reported_to_its_creator(world: World) -> None:
    answer = world.slash(BOB, "recurring create", amount="5", interval_days=1, member=ALICE)
    number = re.search(r"`#(\d+)`", answer.content)
    assert number
    world.clock.advance(timedelta(days=1))
    assert recurring.tick(world.uow, clock=world.clock).failed == 1
    flush(world.harness)
    assert world.harness.fake.dms_to(BOB.id) == [
        f"Payment 1 of your recurring transfer #{number[1]} from <@{BOB.id}> (credits) failed: "
        "not enough money."
    ]
