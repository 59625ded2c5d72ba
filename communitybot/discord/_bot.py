"""The discord.py bot: the command tree with its one error handler, the notifier, running it.

:func:`build_bot` makes an :class:`EconomyBot` for a container; :func:`run_bot` connects it to
Discord with a token. The bot needs only the ``guilds`` intent: it works with slash commands
(interactions), never reads messages, and answers without pinging anybody; with a mint emoji
configured it also receives reactions (``guild_reactions``) to mint by reaction. It answers in the
language of each interaction (``Interaction.locale``: German for ``de``), other languages in the
configured ``locale``.
"""

from __future__ import annotations

import logging
from collections import deque
from typing import Any, cast

import discord
from discord import app_commands
from discord.ext import commands

from communitybot.bootstrap import Container
from communitybot.core.errors import DomainError, GuildOnly
from communitybot.discord._call import context_of
from communitybot.discord._cog import (
    DEFER_AFTER,
    CogKit,
    CommandTranslator,
    reader_translator,
    respond,
)
from communitybot.discord._notify import NOTIFY_INTERVAL, Notifier
from communitybot.discord._present import Context
from communitybot.discord._reactions import ReactionMinter
from communitybot.discord._schedule import Scheduler
from communitybot.discord.cogs import economy_cogs
from communitybot.runtime import WorkerPool, refusal_text
from communitybot.runtime.catalogue import (
    MARKDOWN,
    PLAIN,
    Translator,
    default_catalogue,
    describe_error,
)

_log = logging.getLogger(__name__)

UNEXPECTED = str(default_catalogue(render=MARKDOWN).translator("en")("general.unexpected"))
"""The answer (in English) to an error nobody foresaw (it is logged with the interaction)."""

Interaction = discord.Interaction["EconomyBot"]

RECENT_INTERACTIONS = 10_000
"""Interaction ids remembered to drop a redelivered one."""


class RecentInteractions:
    """A bounded memory of interaction ids already handled by this process."""

    def __init__(self, size: int = RECENT_INTERACTIONS) -> None:
        self._order: deque[int] = deque()
        self._seen: set[int] = set()
        self._size = size

    def first_time(self, interaction_id: int) -> bool:
        """Record ``interaction_id``; ``False`` if it was seen before."""
        if interaction_id in self._seen:
            return False
        self._seen.add(interaction_id)
        self._order.append(interaction_id)
        if len(self._order) > self._size:
            self._seen.discard(self._order.popleft())
        return True


def _describe(error: DomainError, ctx: Context) -> str:
    return describe_error(error, ctx.t, ctx.names)


def failure_text(error: BaseException, ctx: Context) -> str | None:
    """The text for a foreseen failure, or ``None`` for one to log and apologise for.

    ``ctx`` speaks the reader's language; a refusal from the worker brings its own context
    (with the labels of the accounts the handler resolved).
    """
    t = ctx.t
    refused = refusal_text(error, _describe, ctx)
    if refused is not None:
        return refused
    if isinstance(error, app_commands.TransformerError):
        if error.type in (
            discord.AppCommandOptionType.user,
            discord.AppCommandOptionType.mentionable,
        ):
            return t("discord.not_a_member")
        return t("discord.bad_option")
    if isinstance(error, app_commands.NoPrivateMessage):
        return describe_error(GuildOnly(), t, ctx.names)
    if isinstance(error, app_commands.CommandSignatureMismatch | app_commands.CommandNotFound):
        return t("discord.command_changed")
    if isinstance(error, app_commands.CheckFailure):
        return t("discord.check_failed")
    return None


class EconomyTree(app_commands.CommandTree["EconomyBot"]):
    """The command tree: drops redelivered interactions and answers every failure once."""

    def __init__(self, client: EconomyBot, **options: Any) -> None:
        super().__init__(client, **options)
        self.recent = RecentInteractions()
        self.replays_dropped = 0

    async def interaction_check(self, interaction: Interaction, /) -> bool:
        """Handle each interaction once per process (the gateway may redeliver after a resume).

        Money-moving commands are idempotent by their interaction id as well, so a replay that
        reaches another process (after a restart) still moves money once.
        """
        if self.recent.first_time(interaction.id):
            return True
        self.replays_dropped += 1
        _log.info("dropped the redelivered interaction %s", interaction.id)
        return False

    async def on_error(
        self, interaction: Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        """The one error handler: a short private text; unforeseen errors are logged too."""
        original: BaseException = error
        if isinstance(error, app_commands.CommandInvokeError):
            original = error.original
        ctx = context_of(self.client.translator(interaction), actor_id=interaction.user.id)
        text = failure_text(original, ctx)
        if text is None:
            _log.error(
                "error in /%s (interaction %s, user %s, guild %s, options %r)",
                interaction.command.qualified_name if interaction.command else "?",
                interaction.id,
                interaction.user.id,
                interaction.guild_id,
                interaction.data,
                exc_info=original,
            )
            text = ctx.t("general.unexpected")
        try:
            await respond(interaction, text, ephemeral=True)
        except discord.HTTPException as failure:
            _log.warning("could not answer interaction %s: %s", interaction.id, failure)


class EconomyBot(commands.Bot):
    """The Discord economy bot of one container.

    ``schedule_interval``: seconds between rounds of the economy's timed work (due recurring
    instalments, bank-note expiry); ``None`` or 0 leaves them to the CLI on a timer.
    """

    def __init__(
        self,
        container: Container,
        *,
        notify_interval: float = NOTIFY_INTERVAL,
        defer_after: float = DEFER_AFTER,
        sync_commands: bool = True,
        schedule_interval: float | None = None,
    ) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=discord.Intents(
                guilds=True, guild_reactions=bool(container.settings.discord_mint_emoji)
            ),
            help_command=None,
            tree_cls=EconomyTree,
            allowed_contexts=app_commands.AppCommandContext(guild=True),
            allowed_mentions=discord.AllowedMentions.none(),
        )
        self.container = container
        self.catalogue = default_catalogue(container.settings.locale, render=MARKDOWN)
        self.defer_after = defer_after
        self.sync_commands = sync_commands
        self.pool = WorkerPool.from_settings(container.settings, name="discord-worker")
        self.notifier = Notifier(
            container, self.send_dm, self.translator(), pool=self.pool, interval=notify_interval
        )
        self.minter = ReactionMinter(container, pool=self.pool, on_mint=self.notifier.poke)
        self.scheduler = (
            Scheduler(
                container,
                pool=self.pool,
                interval=schedule_interval,
                on_change=self.notifier.poke,
            )
            if schedule_interval
            else None
        )

    def translator(self, interaction: Interaction | None = None) -> Translator:
        """The texts in the language of ``interaction`` (see :func:`reader_translator`)."""
        return reader_translator(self.catalogue, interaction)

    @property
    def economy_tree(self) -> EconomyTree:
        """The command tree, with its replay guard."""
        return cast(EconomyTree, self.tree)

    async def setup_hook(self) -> None:
        """Add the commands (their descriptions in every language of the catalogue), register
        them with Discord, start delivering notifications and, when scheduled, the economy's
        timed work."""
        kit = CogKit(
            self.container.use_cases.economy,
            pool=self.pool,
            moved_money=self.notifier.poke,
            catalogue=self.catalogue,
            defer_after=self.defer_after,
        )
        for cog in economy_cogs(kit):
            await self.add_cog(cog)
        await self.tree.set_translator(CommandTranslator(default_catalogue(render=PLAIN)))
        if self.sync_commands:
            synced = await self.tree.sync()
            _log.info("registered %d slash commands", len(synced))
        self.notifier.start()
        if self.scheduler is not None:
            self.scheduler.start()

    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        """A reaction was added: mint when it is the configured emoji (:class:`ReactionMinter`);
        never to the bot itself."""
        if self.user is not None and payload.message_author_id == self.user.id:
            return
        await self.minter.on_reaction(payload)

    async def send_dm(self, user_id: int, title: str, text: str) -> None:
        """Send a direct message to ``user_id``: an embed with ``title``, ``text`` and the
        thumbnail (``discord_thumbnail_url``, else the bot's avatar)."""
        embed = discord.Embed(title=title, description=text)
        thumbnail = self.container.settings.discord_thumbnail_url
        if thumbnail is None and self.user is not None:
            thumbnail = self.user.display_avatar.url
        if thumbnail is not None:
            embed.set_thumbnail(url=thumbnail)
        channel = await self.create_dm(discord.Object(id=user_id))
        await channel.send(embed=embed)

    async def close(self) -> None:
        """Stop the timed work and the notifier (each finishing its round), then disconnect."""
        if self.scheduler is not None:
            await self.scheduler.stop()
        await self.notifier.stop()
        await super().close()
        self.pool.shutdown()


build_bot = EconomyBot
"""The bot with every command, not yet connected (an :class:`EconomyBot`)."""


def use_api_base(url: str) -> str:
    """Point discord.py's REST calls (interaction answers included) at ``url``; return the old base.

    discord.py keeps the base in one class attribute (``discord.http.Route.BASE``), so this holds
    for the whole process: one bot per process.
    """
    previous = discord.http.Route.BASE
    discord.http.Route.BASE = url.rstrip("/")
    return previous


def run_bot(container: Container, *, token: str) -> None:
    """Connect to Discord and run until interrupted."""
    base = container.settings.discord_api_base_url
    if base:
        use_api_base(base)
        _log.info("Discord REST API at %s", base)
    configured_bot(container).run(token, log_handler=None)


def configured_bot(container: Container) -> EconomyBot:
    """The bot as ``communitybot discord`` runs it: with the configured schedule of timed work."""
    interval = container.settings.economy_schedule_seconds
    if interval:
        _log.info("running due recurring transfers and note expiry every %g s", interval)
    return build_bot(container, schedule_interval=interval)


__all__ = [
    "RECENT_INTERACTIONS",
    "UNEXPECTED",
    "EconomyBot",
    "EconomyTree",
    "RecentInteractions",
    "build_bot",
    "configured_bot",
    "failure_text",
    "run_bot",
    "use_api_base",
]
