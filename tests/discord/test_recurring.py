"""/recurring create|list|cancel end to end (the bot's own tick: test_schedule.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from communitybot.core.economy import AccountType, RecurringStatus
from communitybot.services.economy import recurring
from tests.conftest import Snapshot
from tests.discord.conftest import ALICE, BOB, CAROL, World, actor
from tests.discord.test_money import refused

Take = Callable[[], Snapshot]


def create(world: World) -> int:
    """Alice pays Bob 10.00 every 7 days, 3 times; return the transfer's number."""
    answer = world.slash(
        ALICE, "recurring create", amount="10", interval_days=7, member=BOB, payments=3
    )
    match = re.search(r"`#(\d+)`", answer.content)
    assert match, answer.content
    return int(match[1])


def test_create_and_list(world: World) -> None:
    number = create(world)
    created = world.harness.fake.answers[-1]
    assert created.content == (
        "Set up the recurring transfer\n"
        f"`#{number}` 10.00 cr every 7 day(s) 3 times from <@{ALICE.id}> to <@{BOB.id}> · 0 paid\n"
        "The first payment is due one interval from now."
    )
    assert not created.ephemeral
    listing = world.slash(BOB, "recurring list")
    assert listing.ephemeral
    assert listing.content.splitlines() == [
        f"**Recurring transfers of <@{BOB.id}>**",
        f"`#{number}` 10.00 cr every 7 day(s) 3 times from account #{world.alice_account} to "
        f"<@{BOB.id}> · 0 paid",
    ]


def test_list_after_a_tick(world: World) -> None:
    number = create(world)
    world.clock.advance(timedelta(days=7))
    assert recurring.tick(world.uow, clock=world.clock).paid == 1
    line = world.slash(ALICE, "recurring list").content.splitlines()[1]
    assert line.startswith(f"`#{number}` 10.00 cr every 7 day(s) 3 times")
    assert line.endswith("· 1 paid")
    assert world.balance(BOB) == 1_000


def test_create_to_a_named_account_until_cancelled(world: World) -> None:
    world.open_named("Gym", AccountType.CORPORATION, owner=CAROL)
    answer = world.slash(ALICE, "recurring create", amount="3", interval_days=30, account="Gym")
    assert "3.00 cr every 30 day(s) until cancelled" in answer.content
    assert "to **Gym**" in answer.content


def test_cancel(world: World) -> None:
    number = create(world)
    answer = world.slash(ALICE, "recurring cancel", number=number)
    assert answer.content == f"Cancelled the recurring transfer `#{number}`."
    (found,) = recurring.list_recurring_transfers(
        world.uow, actor(ALICE), account_id=world.alice_account
    )
    assert found.status is RecurringStatus.CANCELLED
    assert "CANCELLED" in world.slash(ALICE, "recurring list").content


def test_cancel_someone_elses_is_refused(world: World, snapshot: Take) -> None:
    number = create(world)
    content = refused(world, snapshot, BOB, "recurring cancel", number=number)
    assert content == (
        f"You lack `CREATE_RECURRING_TRANSFERS` on account #{world.alice_account}, "
        "which is needed to set up recurring transfers."
    )


def test_cancel_an_unknown_one(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, ALICE, "recurring cancel", number=999_999)
    assert content == "There is no recurring transfer #999999."


def test_create_needs_exactly_one_target(world: World, snapshot: Take) -> None:
    content = refused(world, snapshot, ALICE, "recurring create", amount="1", interval_days=1)
    assert content == "Name exactly one of `member` or `account`."


def test_create_refuses_a_bad_amount(world: World, snapshot: Take) -> None:
    content = refused(
        world, snapshot, ALICE, "recurring create", amount="1,234", interval_days=1, member=BOB
    )
    assert content.startswith("“1,234” is not an amount: it has more than two decimals.")


def test_create_from_someone_elses_account_is_refused(world: World, snapshot: Take) -> None:
    content = refused(
        world,
        snapshot,
        BOB,
        "recurring create",
        amount="1",
        interval_days=1,
        member=BOB,
        from_account=ALICE.mention,
    )
    assert content.startswith(f"You lack `CREATE_RECURRING_TRANSFERS` on <@{ALICE.id}>")


def test_create_to_oneself_is_refused(world: World, snapshot: Take) -> None:
    content = refused(
        world, snapshot, ALICE, "recurring create", amount="1", interval_days=1, member=ALICE
    )
    assert content == "An account cannot pay itself."
