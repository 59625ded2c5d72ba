"""The server's economy: ``/economy create|register|unregister|info|delete``; economy groups:
``/group create|join|leave|list``."""

from __future__ import annotations

from discord import app_commands

from communitybot.core.economy import GroupKind
from communitybot.core.errors import ConfirmationMismatch
from communitybot.discord import _present_groups as more
from communitybot.discord._call import Call
from communitybot.discord._cog import EconomyCog, Interaction, options, text, variant
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
            found = call.currency(currency_name)
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

    @economy_group.command(name="delete", description=text("command.economy.delete"))
    @options(currency_name="confirm_currency")
    async def economy_delete(self, interaction: Interaction, currency_name: str) -> None:
        """``/economy delete currency_name``: this server's economy, once every account is
        empty (MANAGE_ECONOMIES); the name must be typed as a confirmation."""

        def work(call: Call) -> str:
            economy = call.economy
            if currency_name.strip() != economy.currency_name:
                raise ConfirmationMismatch(expected=economy.currency_name)
            call.cases.delete_economy(call.actor, economy_id=economy.id)
            return economy_changed_text("deleted", economy, call.context())

        await self.answer(interaction, work, private=False)

    group_group = app_commands.Group(name="group", description=text("command.group"))

    @group_group.command(name="create", description=text("command.group.create"))
    @options("kind", name="group_new_name")
    async def group_create(self, interaction: Interaction, kind: GroupKind, name: str) -> None:
        """``/group create kind name``: the GLOBAL group or a LOCAL one (MANAGE_ECONOMIES
        everywhere), or this server's SINGLE group (MANAGE_ECONOMIES in its economy)."""

        def work(call: Call) -> str:
            made = call.cases.create_group(
                call.actor,
                kind=kind,
                name=name,
                guild_id=call.guild_id if kind is GroupKind.SINGLE else None,
            )
            return more.group_changed_text("created", made, call.t)

        await self.answer(interaction, work, private=False)

    @options(name="group_name")
    async def _group_membership(self, interaction: Interaction, name: str) -> None:
        """``/group join|leave name``: this server uses the group's currencies, or stops. One
        callback for both commands, each saying in ``extras`` whether it joins."""
        assert interaction.command is not None
        join: bool = interaction.command.extras["join"]

        def work(call: Call) -> str:
            use_case = call.cases.join_group if join else call.cases.leave_group
            changed = use_case(call.actor, group_id=call.group(name).id, guild_id=call.guild_id)
            return more.group_changed_text("joined" if join else "left", changed, call.t)

        await self.answer(interaction, work, private=False)

    group_join = variant(_group_membership, "join", group=group_group, join=True)
    group_leave = variant(_group_membership, "leave", group=group_group, join=False)

    @group_group.command(name="list", description=text("command.group.list"))
    async def group_list(self, interaction: Interaction) -> None:
        """``/group list``: every group, with its currencies, and whether this server joined."""

        def work(call: Call) -> str:
            found = call.cases.list_groups()
            economies = call.economies(sorted({e for g in found for e in g.economy_ids}))
            return more.groups_text(found, economies, call.guild_id, call.t)

        await self.answer(interaction, work, private=True)


__all__ = ["EconomiesCog"]
