"""The server's economy: ``/economy create|register|unregister|info``."""

from __future__ import annotations

from discord import app_commands

from communitybot.core.errors import NotFound
from communitybot.discord._call import Call
from communitybot.discord._cog import EconomyCog, Interaction
from communitybot.discord._present import economy_changed_text


class EconomiesCog(EconomyCog):
    """Which economy a server uses."""

    economy_group = app_commands.Group(name="economy", description="This server's economy")

    @economy_group.command(name="create", description="Create an economy owned by this server")
    @app_commands.describe(
        currency_name="the currency's name, e.g. credits", currency_unit="its unit, e.g. cr"
    )
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

    @economy_group.command(name="register", description="Join this server to an economy")
    @app_commands.describe(currency_name="the economy's currency name")
    async def economy_register(self, interaction: Interaction, currency_name: str) -> None:
        """``/economy register currency_name`` (MANAGE_ECONOMIES in that economy)."""

        def work(call: Call) -> str:
            found = call.cases.find_economy_by_name(currency_name=currency_name)
            if found is None:
                raise NotFound(kind="currency", ref=currency_name)
            call.cases.register_guild(call.actor, guild_id=call.guild_id, economy_id=found.id)
            return economy_changed_text("registered", found, call.context())

        await self.answer(interaction, work, private=False)

    @economy_group.command(name="unregister", description="Leave this server's economy")
    async def economy_unregister(self, interaction: Interaction) -> None:
        """``/economy unregister`` (MANAGE_ECONOMIES; the creating server cannot leave)."""

        def work(call: Call) -> str:
            economy = call.economy
            call.cases.unregister_guild(call.actor, guild_id=call.guild_id)
            return economy_changed_text("unregistered", economy, call.context())

        await self.answer(interaction, work, private=False)

    @economy_group.command(name="info", description="Which economy this server uses")
    async def economy_info(self, interaction: Interaction) -> None:
        """``/economy info``."""

        def work(call: Call) -> str:
            return economy_changed_text("info", call.economy, call.context())

        await self.answer(interaction, work, private=True)


__all__ = ["EconomiesCog"]
