"""Minting by emoji reaction end to end: the gateway hands the bot MESSAGE_REACTION_ADD, the bot
mints through the money engine, once per (message, reactor), up to the daily cap; other emojis,
one's own message and members without MINT_BY_REACTION mint nothing and change no row."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Iterator
from typing import Any

import discord
import pytest
from sqlalchemy import Engine

from communitybot.bootstrap import Container
from communitybot.core.clock import ManualClock
from communitybot.core.economy import Permission
from communitybot.db import UnitOfWork
from communitybot.discord._reactions import emoji_matches
from communitybot.services.economy import notifications
from communitybot.settings import Settings
from tests.conftest import Snapshot
from tests.discord.conftest import ADMIN, ALICE, BOB, CAROL, TREASURER, World
from tests.discord.fakeapi import BOT_ID, user_payload
from tests.discord.harness import CHANNEL_ID, GUILD_ID, Harness, SimMember

Take = Callable[[], Snapshot]
COIN = "\N{COIN}"
_messages = itertools.count(730_000_000_000_000_001)


@pytest.fixture
def container(
    engine: Engine, uow: UnitOfWork, clock: ManualClock, request: pytest.FixtureRequest
) -> Container:
    """A bot minting 1.00 per 🪙 reaction, at most 2.50 per member and day, in the configured
    ``locale`` the test asks for (default English)."""
    settings = Settings(
        discord_token=None,
        locale=getattr(request, "param", "en"),
        discord_mint_emoji=COIN,
        discord_mint_amount="1.00",
        discord_mint_daily_cap="2.50",
    )
    return Container(
        settings=settings, engine=engine, uow=uow, rules=settings.community.to_rules(), clock=clock
    )


@pytest.fixture
def harness(container: Container) -> Iterator[Harness]:
    """The bot, with the test server in its guild cache (as the gateway's GUILD_CREATE puts it)."""
    running = Harness(container).start()
    try:
        running.loop.call_soon_threadsafe(
            running.bot._connection.parsers["GUILD_CREATE"], _guild_payload()
        )
        running.run(_settle())  # runs after the parse queued before it
        yield running
    finally:
        running.stop()


async def _settle() -> None:
    """A turn of the bot's loop."""


def _guild_payload() -> dict[str, Any]:
    return {
        "id": str(GUILD_ID),
        "name": "test",
        "owner_id": str(ADMIN.id),
        "roles": [],
        "emojis": [],
        "stickers": [],
        "members": [],
        "channels": [],
        "threads": [],
        "features": [],
        "member_count": 4,
        "unavailable": False,
        "large": False,
    }


@pytest.fixture
def minter(world: World) -> SimMember:
    """Carol, allowed to mint by reaction through her role."""
    world.slash(ADMIN, "permissions grant", who=TREASURER, permission=Permission.MINT_BY_REACTION)
    return SimMember(CAROL.id, CAROL.name, roles=(TREASURER.id,))


def react(
    harness: Harness,
    reactor: SimMember,
    author: SimMember,
    *,
    message: int | None = None,
    emoji: str = COIN,
) -> int:
    """Hand the bot one reaction as the gateway would; wait until it was handled."""
    message_id = message if message is not None else next(_messages)
    payload = {
        "user_id": str(reactor.id),
        "channel_id": str(CHANNEL_ID),
        "message_id": str(message_id),
        "guild_id": str(GUILD_ID),
        "member": {
            "user": user_payload(reactor.id, reactor.name),
            "roles": [str(r) for r in reactor.roles],
            "joined_at": "2025-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
        },
        "emoji": {"id": None, "name": emoji},
        "message_author_id": str(author.id),
        "burst": False,
        "type": 0,
    }
    bot = harness.bot
    handled = harness.run(_handled(bot, payload))
    assert handled is None or handled.message_id == message_id
    return message_id


async def _handled(bot: Any, payload: dict[str, Any]) -> Any:
    """Parse the payload as the gateway's MESSAGE_REACTION_ADD and wait until the bot's
    ``on_raw_reaction_add`` finished; return what the minter made (``None``: nothing)."""
    done = asyncio.Event()
    minted: list[Any] = []
    handler, minter = bot.on_raw_reaction_add, bot.minter.on_reaction

    async def mint_spy(raw: Any) -> Any:
        result = await minter(raw)
        minted.append(result)
        return result

    async def handler_spy(raw: Any) -> None:
        try:
            await handler(raw)
        finally:
            done.set()

    bot.on_raw_reaction_add, bot.minter.on_reaction = handler_spy, mint_spy
    try:
        bot._connection.parsers["MESSAGE_REACTION_ADD"](payload)
        await asyncio.wait_for(done.wait(), timeout=15)
    finally:
        bot.on_raw_reaction_add, bot.minter.on_reaction = handler, minter
    return minted[0] if minted else None


def test_a_reaction_mints_to_the_author(world: World, minter: SimMember) -> None:
    world.slash(BOB, "subscribe")
    react(world.harness, minter, BOB)
    assert world.balance(BOB) == 100
    (entry,) = world.journal(world.bob_account)
    assert entry.from_account_id == world.economy.issuance_account_id
    fake = world.harness.fake
    fake.wait_for(lambda: bool(fake.dms_to(BOB.id)), "told Bob")
    assert fake.dms_to(BOB.id) == [f"<@{BOB.id}> (credits): **+1.00 cr** (minted by a reaction)"]
    (embed,) = fake.dm_embeds_to(BOB.id)
    assert embed["title"] == "Balance changed"
    assert embed["thumbnail"]["url"].startswith("https://cdn.discordapp.com/embed/avatars/")
    fake.wait_for(lambda: notifications.pending_notifications(world.uow) == [], "delivered")


@pytest.mark.parametrize("container", ["de"], indirect=True)
def test_the_direct_message_in_german(world: World, minter: SimMember) -> None:
    world.slash(BOB, "subscribe")
    react(world.harness, minter, BOB)
    fake = world.harness.fake
    fake.wait_for(lambda: bool(fake.dms_to(BOB.id)), "told Bob")
    assert fake.dms_to(BOB.id) == [f"<@{BOB.id}> (credits): **+1,00 cr** (per Reaktion geprägt)"]
    assert [e["title"] for e in fake.dm_embeds_to(BOB.id)] == ["Kontostand geändert"]


def test_the_authors_account_is_opened_on_the_spot(world: World, minter: SimMember) -> None:
    assert world.account_of(ALICE) is not None
    newcomer = SimMember(100_000_000_000_000_021, "newcomer")
    react(world.harness, minter, newcomer)
    assert world.balance(newcomer) == 100


def test_one_mint_per_message_and_reactor(world: World, minter: SimMember, snapshot: Take) -> None:
    message = react(world.harness, minter, BOB)
    before = snapshot()
    react(world.harness, minter, BOB, message=message)
    assert snapshot() == before
    assert world.balance(BOB) == 100


def test_the_daily_cap(world: World, minter: SimMember, snapshot: Take) -> None:
    react(world.harness, minter, BOB)
    react(world.harness, minter, ALICE)
    before = snapshot()
    react(world.harness, minter, BOB)
    assert snapshot() == before
    assert world.balance(BOB) == 100


def test_what_mints_nothing(world: World, minter: SimMember, snapshot: Take) -> None:
    before = snapshot()
    react(world.harness, minter, BOB, emoji="\N{THUMBS UP SIGN}")
    react(world.harness, minter, minter)
    react(world.harness, ALICE, BOB)
    react(world.harness, minter, SimMember(BOT_ID, "economy"))
    assert snapshot() == before


def test_the_emoji_is_matched_by_unicode_name_or_id() -> None:
    assert emoji_matches(COIN, discord.PartialEmoji(name=COIN))
    assert not emoji_matches(COIN, discord.PartialEmoji(name="\N{THUMBS UP SIGN}"))
    custom = discord.PartialEmoji(name="coin", id=123)
    assert emoji_matches("coin", custom)
    assert emoji_matches("123", custom)
    assert not emoji_matches("other", custom)
