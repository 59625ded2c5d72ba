"""The server's economy: ``/economy create|register|unregister|info``."""

from __future__ import annotations

from discord import app_commands

from communitybot.core.errors import NotFound
from communitybot.discord._call import Call
from communitybot.discord._cog import EconomyCog, Interaction, options, text
from communitybot.discord._present import economy_changed_text


class EconomiesCog(EconomyCog):
    """Which economy a server uses."""

    economy_group = app_commands.Group(name="economy", description=text("command.economy"))

    @economy_group.command(name="create", description=text("command.economy.create"))
    @options("currency_name", "currency_unit")
    async def economy_create(
        self, interaction: Interaction, currency_name: str, currency_unit: str
    ) -> None:
        """``/economy create currency_name currency_unit`` (MANAGE_ECONOMIES everywhere)."""

        def work(call: Call) -> str:
            created = call.cases.create_economy(
                call.actor,
                currency_name=currency_name,
                currency_unit=currency_unit,
                guild_id=call.guild_id,
            )
            return economy_changed_text("created", created, call.context())

        await self.answer(interaction, work, private=False)

    @economy_group.command(name="register", description=text("command.economy.register"))
    @options(currency_name="economy_name")
    async def economy_register(self, interaction: Interaction, currency_name: str) -> None:
        """``/economy register currency_name`` (MANAGE_ECONOMIES in that economy)."""

        def work(call: Call) -> str:
            found = call.cases.find_economy_by_name(currency_name=currency_name)
            if found is None:
                raise NotFound(kind="currency", ref=currency_name)
            call.cases.register_guild(call.actor, guild_id=call.guild_id, economy_id=found.id)
            return economy_changed_text("registered", found, call.context())

        await self.answer(interaction, work, private=False)

    @economy_group.command(name="unregister", description=text("command.economy.unregister"))
    async def economy_unregister(self, interaction: Interaction) -> None:
        """``/economy unregister`` (MANAGE_ECONOMIES; the creating server cannot leave)."""

        def work(call: Call) -> str:
            economy = call.economy
            call.cases.unregister_guild(call.actor, guild_id=call.guild_id)
            return economy_changed_text("unregistered", economy, call.context())

        await self.answer(interaction, work, private=False)

    @economy_group.command(name="info", description=text("command.economy.info"))
    async def economy_info(self, interaction: Interaction) -> None:
        """``/economy info``."""

        def work(call: Call) -> str:
            return economy_changed_text("info", call.economy, call.context())

        await self.answer(interaction, work, private=True)


__all__ = ["EconomiesCog"]
