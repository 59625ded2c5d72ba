"""What every cog shares: the call of an interaction, its work in the worker pool, the answer.

Options are parsed on the event loop (amounts with ``parse_amount``); the work (finding the
server's economy and the accounts named, the service call, the text) runs in the worker pool
through :meth:`EconomyCog.answer`, which also defers the interaction when the work takes longer
than ``defer_after`` seconds (Discord wants a first answer within three). Refusals are raised,
never answered here: the tree's one error handler
(:meth:`communitybot.discord._bot.EconomyTree.on_error`) turns them into a short private text.

Private readings (balances, journals, lists) are answered ephemerally; actions are answered in
the channel unless the member holds ``USES_EPHEMERAL`` in the economy.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import discord
from discord import app_commands
from discord.ext import commands

from communitybot.bootstrap import EconomyUseCases
from communitybot.core.errors import GuildOnly
from communitybot.discord._call import Call, make_actor
from communitybot.runtime import WorkerPool, interaction_key
from communitybot.runtime.catalogue import PLAIN, Catalogue, Translator, default_catalogue

Interaction = discord.Interaction[Any]
Work = Callable[[Call], str]
T = TypeVar("T")

DEFER_AFTER = 2.0
"""Seconds of work after which the interaction is deferred (Discord's limit is three)."""


_SOURCE = default_catalogue(render=PLAIN).translator("en")


def text(key: str) -> app_commands.locale_str:
    """The description ``discord.<key>`` of a command or option, in the catalogue's source
    language, marked for :class:`CommandTranslator` to translate when the commands are synced."""
    full = f"discord.{key}"
    return app_commands.locale_str(str(_SOURCE(full)), key=full)


def options(*same: str, **keys: str) -> Callable[[T], T]:
    """``app_commands.describe`` with each option's description from the catalogue: an option
    named in ``same`` by ``discord.option.<its name>``, one given as ``name=key`` by
    ``discord.option.<key>`` (``@options("amount", account="own_account")``)."""
    keys.update({name: name for name in same})
    return app_commands.describe(**{name: text(f"option.{key}") for name, key in keys.items()})


def variant(
    callback: Callable[..., Any],
    name: str,
    *,
    group: app_commands.Group | None = None,
    **extras: object,
) -> app_commands.Command[Any, ..., Any]:
    """The command ``/name`` (``/group name`` in ``group``) running ``callback``, which one
    callback serves for several commands and tells them apart by ``extras``; described by the
    catalogue's ``command.[group.]name``."""
    key = name if group is None else f"{group.name}.{name}"
    make = app_commands.command if group is None else group.command
    return make(name=name, description=text(f"command.{key}"), extras=extras)(callback)


class CommandTranslator(app_commands.Translator):
    """The descriptions of the slash commands in every other language of the catalogue, so a
    German Discord client shows them in German (names stay as they are)."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        """The text of the string's catalogue key in ``locale``; ``None`` for the source
        language, a language the catalogue lacks, or a string without a key."""
        key = string.extras.get("key")
        code = locale.value.split("-")[0]
        if key is None or code == self.catalogue.source or code not in self.catalogue.locales:
            return None
        return str(self.catalogue.translator(code)(key))


def role_ids(interaction: Interaction) -> list[int]:
    """The role ids Discord sent with the member (the payload, not the role cache)."""
    user = interaction.user
    if not isinstance(user, discord.Member):
        return []
    # ``Member._roles`` holds exactly the ``member.roles`` ids of the interaction payload;
    # ``Member.roles`` would drop every role that is not in the gateway's guild cache.
    raw = getattr(user, "_roles", None)
    if raw is None:
        return [role.id for role in user.roles]
    return [int(role_id) for role_id in raw]


def reader_translator(catalogue: Catalogue, interaction: Interaction | None) -> Translator:
    """The texts in the language of ``interaction`` (its user's Discord client, ``de`` for
    German); without one, or for a language the catalogue lacks, its default (the configured
    ``locale``)."""
    return catalogue.translator(None if interaction is None else str(interaction.locale))


async def respond(interaction: Interaction, text: str, *, ephemeral: bool) -> None:
    """Answer the interaction: the first response, or a follow-up once it was deferred."""
    if interaction.response.is_done():
        await interaction.followup.send(text, ephemeral=ephemeral)
    else:
        await interaction.response.send_message(text, ephemeral=ephemeral)


@dataclass(frozen=True, slots=True)
class CogKit:
    """What the cogs of one bot share: the economy's use cases, the worker pool, whom to wake
    after money moved (the notifier), the message catalogue, and when to defer."""

    economy: EconomyUseCases
    pool: WorkerPool
    moved_money: Callable[[], None]
    catalogue: Catalogue
    defer_after: float = DEFER_AFTER


class EconomyCog(commands.Cog):
    """The base of every cog: one command group's slash commands over a :class:`CogKit`."""

    def __init__(self, kit: CogKit) -> None:
        self.kit = kit

    def new_call(self, interaction: Interaction) -> Call:
        """The call of an interaction in a server; :class:`GuildOnly` elsewhere."""
        if interaction.guild_id is None:
            raise GuildOnly()
        return Call(
            self.kit.economy,
            actor=make_actor(interaction.user.id, role_ids(interaction), interaction.guild_id),
            guild_id=interaction.guild_id,
            key=interaction_key(interaction.id),
            t=reader_translator(self.kit.catalogue, interaction),
        )

    async def answer(
        self, interaction: Interaction, work: Work, *, private: bool, moves_money: bool = False
    ) -> None:
        """Run ``work`` in the worker pool and answer with its text.

        ``private`` answers are ephemeral; others are ephemeral only for members holding
        ``USES_EPHEMERAL``. Once deferred, the deferral (private for ``private`` commands)
        decides what others see, as Discord keeps the visibility of the deferred message.
        After a change that moved money the notifier is woken.
        """
        call = self.new_call(interaction)

        def run() -> tuple[str, bool]:
            ephemeral = private or call.uses_ephemeral()
            return work(call), ephemeral

        job = asyncio.ensure_future(
            self.kit.pool.refusing(run, lambda error: call.context()),
        )
        done, _pending = await asyncio.wait({job}, timeout=self.kit.defer_after)
        if not done and not interaction.response.is_done():
            await interaction.response.defer(ephemeral=private, thinking=True)
        text, ephemeral = await job
        if moves_money:
            self.kit.moved_money()
        await respond(interaction, text, ephemeral=ephemeral)


__all__ = [
    "DEFER_AFTER",
    "CogKit",
    "CommandTranslator",
    "EconomyCog",
    "Interaction",
    "Work",
    "options",
    "reader_translator",
    "respond",
    "role_ids",
    "text",
    "variant",
]
