"""Articles at run time end to end (issue 12, point 3): a treasurer's /article, members buying
with /consume, the low-stock notice; refusals change no row."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from communitybot.core.articles import COMMAND_NAMES
from communitybot.services import community as services
from communitybot.telegram.handlers import BASE_COMMANDS, TREASURER_COMMANDS
from tests.conftest import Snapshot
from tests.telegram.conftest import World

DENIED = "You may not manage articles; the treasurers or the administrator decide who may."


@pytest.fixture
def shop(world: World) -> World:
    """Alice (treasurer, with a private chat) and Bob are members."""
    world.register(world.alice, world.bob)
    world.session.say(world.alice, world.private(world.alice), "/start")
    alice = world.db_user(world.alice)
    assert services.grant_role(world.uow, user=alice.id, role="treasurer")
    return world


def test_a_treasurer_adds_reprices_and_takes_off_an_article(
    shop: World, snapshot: Callable[[], Snapshot]
) -> None:
    world, session = shop, shop.session
    added = session.say(world.alice, world.group, "/article add mate 1,50 🧉 a bottle of mate")
    [text] = added.texts
    assert text.startswith("Added: #")
    assert text.endswith("🧉 mate: 1.50 €, 0 sold")
    assert (
        "🧉 /mate: a bottle of mate, 1.50 €" in session.say(world.bob, world.group, "/consume").text
    )
    bought = session.say(world.bob, world.group, "/mate 2")  # a command made at run time
    assert bought.texts[0].startswith("🧉 2× mate for 3.00 €.")
    assert session.say(world.bob, world.group, "/teleport").texts == []  # groups: silence
    assert session.say(world.bob, world.group, "/mate@otherbot").texts == []  # not ours
    bot = session.api.bot.username
    assert session.say(world.bob, world.group, f"/mate@{bot}").texts[0].startswith("🧉 1× mate")
    assert session.say(world.bob, world.private(world.bob), "/teleport").texts == [
        "There is no command /teleport. Send /help for the list."
    ]
    repriced = session.say(world.alice, world.group, "/article price mate 1.70")
    assert repriced.texts[0].startswith("New price: #")
    assert repriced.texts[0].endswith("mate: 1.70 €, 0 sold")
    assert (
        session.say(world.bob, world.group, "/consume mate")
        .texts[0]
        .startswith("🧉 1× mate for 1.70 €.")
    )
    assert world.balance(world.bob) == -620  # 2 + 1 at 1.50, 1 at 1.70
    off = session.say(world.alice, world.group, "/article off mate")
    assert off.texts[0].startswith("No longer on sale: #")
    before = snapshot()
    gone = session.say(world.bob, world.group, "/consume mate")
    assert gone.texts == ["There is nothing called “mate”. Available: drink, water, pizza, ice."]
    assert snapshot() == before


def test_low_stock_tells_the_treasurers_in_private(shop: World) -> None:
    world, session = shop, shop.session
    stocked = session.say(world.alice, world.group, "/article stock water 3 1")
    assert stocked.texts[0].endswith("water: 0.50 €, 0 sold, 3 in stock")
    assert len(session.say(world.bob, world.group, "/water").texts) == 1
    low = session.say(world.bob, world.group, "/water")
    assert low.texts[1:] == ["Only 1 left of water: time to restock."]
    assert low.last.chat.id == world.alice.id
    before = session.say(world.bob, world.group, "/water 2")
    assert before.texts == ["Only 1 of water left: 2 cannot be sold."]


@pytest.mark.parametrize(
    ("who", "command", "expected"),
    [
        ("bob", "/article add tea 1", DENIED),
        ("bob", "/article price drink 2", DENIED),
        ("alice", "/article add drink 2", "That article exists already."),
        ("alice", "/article add help 2", "That command exists already."),
        ("alice", "/article add Balance 2", "That command exists already."),
        ("alice", "/article price tea 2", None),
        (
            "alice",
            "/article stock water x",
            "Counts are whole numbers, e.g. /article stock mate 24 5.",
        ),
        ("alice", "/article frobnicate", None),
    ],
)
def test_bad_article_commands_change_nothing(
    shop: World,
    snapshot: Callable[[], Snapshot],
    who: str,
    command: str,
    expected: str | None,
) -> None:
    shop.session.say(shop.alice, shop.group, "/article")  # seeded
    before = snapshot()
    answer = shop.session.say(getattr(shop, who), shop.group, command).texts
    assert len(answer) == 1
    if expected is not None:
        assert answer == [expected]
    assert snapshot() == before


def test_the_article_listing_and_help(shop: World) -> None:
    listing = shop.session.say(shop.alice, shop.group, "/article").text
    assert listing.startswith("Articles on sale (id, price, sold):\n#")
    assert "🧉 drink: 1.00 €, 0 sold" in listing
    assert (
        shop.session.say(shop.bob, shop.group, "/help article")
        .texts[0]
        .startswith("/article: manage the articles the community sells (treasurers)")
    )


def test_no_article_takes_a_command_of_the_bot() -> None:
    assert set(BASE_COMMANDS) | set(TREASURER_COMMANDS) == COMMAND_NAMES
