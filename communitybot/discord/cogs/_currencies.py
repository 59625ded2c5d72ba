"""Currencies: ``/currencies``, ``/wallet``, ``/exchange``, ``/exchange-quote``,
``/exchanges``, ``/leaderboard``,
``/currency add|primary|remove`` and ``/rate set|remove|list``."""

from __future__ import annotations

from discord import app_commands

from communitybot.core.ids import MemberId
from communitybot.discord import _parse as parse
from communitybot.discord import _present_groups as more
from communitybot.discord._call import Call
from communitybot.discord._cog import EconomyCog, Interaction, options, text, variant
from communitybot.discord._members import guild_member_ids
from communitybot.discord._present import currencies_text, exchange_text, leaderboard_text

Term = app_commands.Range[int, 1, 10_000]


class CurrenciesCog(EconomyCog):
    """The currencies of a server, exchange between them and their rates, the leaderboard."""

    @app_commands.command(name="currencies", description=text("command.currencies"))
    async def currencies(self, interaction: Interaction) -> None:
        """``/currencies``: this server's economy and those of the groups it joined."""

        def work(call: Call) -> str:
            found = call.cases.guild_currencies(guild_id=call.guild_id)
            home = call.cases.guild_economy(guild_id=call.guild_id)
            return currencies_text(found, home, call.context())

        await self.answer(interaction, work, private=True)

    @app_commands.command(name="wallet", description=text("command.wallet"))
    async def wallet(self, interaction: Interaction) -> None:
        """``/wallet``: one's own balance in every currency usable here."""

        def work(call: Call) -> str:
            lines = call.cases.wallet(call.actor, guild_id=call.guild_id)
            return more.wallet_text(lines, call.context())

        await self.answer(interaction, work, private=True)

    @app_commands.command(name="exchange", description=text("command.exchange"))
    @options(
        "to_currency",
        amount="exchange_amount",
        from_account="exchange_from",
        to_account="exchange_to",
    )
    async def exchange(
        self,
        interaction: Interaction,
        amount: str,
        to_currency: str,
        from_account: str | None = None,
        to_account: str | None = None,
    ) -> None:
        """``/exchange amount to_currency [from_account] [to_account]`` at the group's rate."""
        cents = parse.amount(amount)

        def work(call: Call) -> str:
            source_economy = call.economy
            source = call.account(from_account)
            target_economy = call.currency(to_currency)
            target = call.account(to_account, economy=target_economy)
            done = call.cases.exchange(
                call.actor,
                from_account_id=source,
                to_account_id=target,
                amount=cents,
                idempotency_key=call.key,
            )
            return exchange_text(done, source_economy, target_economy, call.context())

        await self.answer(interaction, work, private=False, moves_money=True)

    @app_commands.command(name="exchange-quote", description=text("command.exchange-quote"))
    @options("to_currency", amount="exchange_amount")
    async def exchange_quote(self, interaction: Interaction, amount: str, to_currency: str) -> None:
        """``/exchange-quote amount to_currency``: what an exchange would give now."""
        cents = parse.amount(amount)

        def work(call: Call) -> str:
            source, target = call.economy, call.currency(to_currency)
            found = call.cases.quote_exchange(
                from_economy_id=source.id, to_economy_id=target.id, amount=cents
            )
            return more.quote_text(found, source, target, call.t)

        await self.answer(interaction, work, private=True)

    @app_commands.command(name="exchanges", description=text("command.exchanges"))
    @options("count", account="own_account")
    async def exchanges(
        self,
        interaction: Interaction,
        account: str | None = None,
        count: app_commands.Range[int, 1, 25] = 10,
    ) -> None:
        """``/exchanges [account] [count]``: the exchanges from or to an account, newest first."""

        def work(call: Call) -> str:
            account_id = call.account(account)
            found = call.cases.list_exchanges(call.actor, account_id=account_id, limit=count)
            names = call.economies(
                sorted({e for x in found for e in (x.from_economy_id, x.to_economy_id)})
            )
            return more.exchanges_text(found, names, call.t)

        await self.answer(interaction, work, private=True)

    @app_commands.command(name="leaderboard", description=text("command.leaderboard"))
    @options(count="places", currency="valued_in")
    async def leaderboard(
        self,
        interaction: Interaction,
        count: app_commands.Range[int, 1, 25] = 5,
        currency: str | None = None,
    ) -> None:
        """``/leaderboard [count] [currency]``: this server's members, valued in ``currency`` (one
        usable here; by default the server's primary currency) across its group, or in that
        currency alone when it is in no group."""
        members = None
        if interaction.guild_id is not None:
            # reading the members may take many requests: answer "thinking…" first
            await interaction.response.defer(ephemeral=True, thinking=True)
            found = await guild_member_ids(interaction.client, interaction.guild_id)
            members = [MemberId(m) for m in found]

        def work(call: Call) -> str:
            valued_in = call.usable_currency(currency)
            group = call.cases.group_of_economy(economy_id=valued_in.id)
            if group is None:
                entries = call.cases.economy_leaderboard(
                    economy_id=valued_in.id, limit=count, owner_ids=members
                )
            else:
                entries = call.cases.leaderboard(
                    group_id=group.id, limit=count, valued_in=valued_in.id, owner_ids=members
                )
            return leaderboard_text(entries, valued_in, call.context(unit=valued_in.currency_unit))

        await self.answer(interaction, work, private=True)

    currency_group = app_commands.Group(name="currency", description=text("command.currency"))

    @options("currency_name", group="group_name")
    async def _currency_change(
        self, interaction: Interaction, currency_name: str, group: str | None = None
    ) -> None:
        """``/currency add|primary|remove currency_name [group]``: an economy becomes a currency
        of the group, its primary (default) currency, or leaves it with every rate from or to
        it. One callback for the three commands, each naming its change in ``extras``."""
        assert interaction.command is not None
        change: str = interaction.command.extras["change"]

        def work(call: Call) -> str:
            economy = call.currency(currency_name)
            target = call.group(group)
            use_case = {
                "added": call.cases.add_currency,
                "primary": call.cases.set_primary_currency,
                "removed": call.cases.remove_currency,
            }[change]
            changed = use_case(call.actor, group_id=target.id, economy_id=economy.id)
            return more.currency_changed_text(change, economy, changed, call.context())

        await self.answer(interaction, work, private=False)

    currency_add = variant(_currency_change, "add", group=currency_group, change="added")
    currency_primary = variant(_currency_change, "primary", group=currency_group, change="primary")
    currency_remove = variant(_currency_change, "remove", group=currency_group, change="removed")

    rate_group = app_commands.Group(name="rate", description=text("command.rate"))

    @rate_group.command(name="set", description=text("command.rate.set"))
    @options("from_currency", "to_currency", "numerator", "denominator")
    async def rate_set(
        self,
        interaction: Interaction,
        from_currency: str,
        to_currency: str,
        numerator: Term,
        denominator: Term = 1,
    ) -> None:
        """``/rate set from_currency to_currency numerator [denominator]`` (one direction)."""

        def work(call: Call) -> str:
            source, target = call.currency(from_currency), call.currency(to_currency)
            rate = call.cases.set_exchange_rate(
                call.actor,
                from_economy_id=source.id,
                to_economy_id=target.id,
                numerator=numerator,
                denominator=denominator,
            )
            return more.rate_text("economy.rate.set", rate, source, target, call.t)

        await self.answer(interaction, work, private=False)

    @rate_group.command(name="remove", description=text("command.rate.remove"))
    @options("from_currency", "to_currency")
    async def rate_remove(
        self, interaction: Interaction, from_currency: str, to_currency: str
    ) -> None:
        """``/rate remove from_currency to_currency``."""

        def work(call: Call) -> str:
            source, target = call.currency(from_currency), call.currency(to_currency)
            call.cases.remove_exchange_rate(
                call.actor, from_economy_id=source.id, to_economy_id=target.id
            )
            return call.t(
                "economy.rate.removed", source=source.currency_name, target=target.currency_name
            )

        await self.answer(interaction, work, private=False)

    @rate_group.command(name="list", description=text("command.rate.list"))
    @options(group="group_name")
    async def rate_list(self, interaction: Interaction, group: str | None = None) -> None:
        """``/rate list [group]``: every rate of the group."""

        def work(call: Call) -> str:
            target = call.group(group)
            rates = call.cases.list_exchange_rates(group_id=target.id)
            names = call.economies(target.economy_ids)
            return more.rates_text(target, rates, names, call.t)

        await self.answer(interaction, work, private=True)


__all__ = ["CurrenciesCog"]
