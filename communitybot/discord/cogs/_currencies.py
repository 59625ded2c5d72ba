"""Currencies: ``/currencies``, ``/exchange``, ``/leaderboard``."""

from __future__ import annotations

from discord import app_commands

from communitybot.core.errors import NotFound
from communitybot.discord import _parse as parse
from communitybot.discord._call import Call
from communitybot.discord._cog import EconomyCog, Interaction, options, text
from communitybot.discord._present import currencies_text, exchange_text, leaderboard_text


class CurrenciesCog(EconomyCog):
    """The currencies of a server, exchange between them, the leaderboard."""

    @app_commands.command(name="currencies", description=text("command.currencies"))
    async def currencies(self, interaction: Interaction) -> None:
        """``/currencies``: this server's economy and those of the groups it joined."""

        def work(call: Call) -> str:
            found = call.cases.guild_currencies(guild_id=call.guild_id)
            home = call.cases.guild_economy(guild_id=call.guild_id)
            return currencies_text(found, home, call.context())

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
            target_economy = call.cases.find_economy_by_name(currency_name=to_currency)
            if target_economy is None:
                raise NotFound(kind="currency", ref=to_currency)
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

    @app_commands.command(name="leaderboard", description=text("command.leaderboard"))
    @options(count="places")
    async def leaderboard(
        self, interaction: Interaction, count: app_commands.Range[int, 1, 25] = 5
    ) -> None:
        """``/leaderboard [count]``: in a group valued in its primary currency, otherwise in this
        economy's currency."""

        def work(call: Call) -> str:
            group = call.cases.group_of_economy(economy_id=call.economy.id)
            if group is None:
                entries = call.cases.economy_leaderboard(economy_id=call.economy.id, limit=count)
                valued_in = call.economy
            else:
                entries = call.cases.leaderboard(group_id=group.id, limit=count)
                valued_in = call.cases.get_economy(
                    economy_id=group.primary_economy_id or call.economy.id
                )
            return leaderboard_text(entries, valued_in, call.context(unit=valued_in.currency_unit))

        await self.answer(interaction, work, private=True)


__all__ = ["CurrenciesCog"]
