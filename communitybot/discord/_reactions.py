"""Minting by emoji reaction (the reference's ``/mint``): the bot's ``on_raw_reaction_add``.

A reaction with the configured emoji (``discord_mint_emoji``) to a member's message in a
server with an economy mints ``discord_mint_amount`` to the message's author, in the worker
pool through :func:`~communitybot.services.economy.reactions.mint_by_reaction` (permission
``MINT_BY_REACTION``, once per message and reactor, ``discord_mint_daily_cap`` per reactor and
day). Reactions carry no interaction to answer, so a refusal is only logged; the author hears of
the mint by the usual balance notification when subscribed. The reactor's roles come from the
event's member, which discord.py builds only for a server in its cache (filled by the gateway at
connect); an event without one (a direct message, a server not yet cached) mints nothing, so a
role's rule is never missed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import discord

from communitybot.bootstrap import Container
from communitybot.core.economy import ReactionMint
from communitybot.core.errors import DomainError
from communitybot.core.ids import GuildId, MemberId
from communitybot.discord._call import make_actor, mention_name
from communitybot.runtime import WorkerPool

_log = logging.getLogger(__name__)


def emoji_matches(configured: str, emoji: discord.PartialEmoji) -> bool:
    """Whether a reaction's emoji is the configured one: the unicode emoji itself, or a custom
    emoji by its name or id."""
    wanted = configured.strip()
    if emoji.is_unicode_emoji():
        return emoji.name == wanted
    return wanted in {emoji.name, str(emoji.id), str(emoji)}


class ReactionMinter:
    """Turns reactions with the configured emoji into mints."""

    def __init__(
        self, container: Container, *, pool: WorkerPool, on_mint: Callable[[], None]
    ) -> None:
        settings = container.settings
        self.economy = container.use_cases.economy
        self.emoji = settings.discord_mint_emoji
        self.amount = settings.discord_mint_amount
        self.cap = settings.discord_mint_daily_cap
        self.pool = pool
        self.on_mint = on_mint

    @property
    def enabled(self) -> bool:
        """Whether an emoji is configured."""
        return bool(self.emoji)

    async def on_reaction(self, payload: discord.RawReactionActionEvent) -> ReactionMint | None:
        """Mint for one added reaction, if it is the emoji, in a server, on a member's message
        by another member; ``None`` when nothing was minted."""
        if self.emoji is None or not emoji_matches(self.emoji, payload.emoji):
            return None
        author = payload.message_author_id
        if payload.guild_id is None or author is None or payload.member is None:
            return None
        if payload.member.bot:
            return None
        # as in ``role_ids``: the role ids of the payload, not those in the gateway's cache
        raw = getattr(payload.member, "_roles", None)
        roles = [r.id for r in payload.member.roles] if raw is None else [int(r) for r in raw]
        actor = make_actor(payload.user_id, roles, payload.guild_id)
        guild_id, message_id = GuildId(payload.guild_id), payload.message_id

        def work() -> ReactionMint | None:
            economy = self.economy.guild_economy(guild_id=guild_id)
            if economy is None or economy.is_deleted:
                return None
            return self.economy.mint_by_reaction(
                actor,
                economy_id=economy.id,
                message_id=message_id,
                author_id=MemberId(author),
                author_account_name=mention_name(author),
                amount=self.amount,
                daily_cap=self.cap,
            )

        try:
            minted = await self.pool.run(work)
        except DomainError as refused:
            _log.info("no mint for %s on message %s: %r", actor.user_id, message_id, refused)
            return None
        if minted is not None:
            self.on_mint()
        return minted


__all__ = ["ReactionMinter", "emoji_matches"]
