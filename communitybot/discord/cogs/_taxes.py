"""Taxes: ``/tax-brackets``, ``/tax-bracket create|delete``, ``/tax-run``."""

from __future__ import annotations

from discord import app_commands

from communitybot.core.economy import AccountType, TaxType
from communitybot.discord import _parse as parse
from communitybot.discord import _present_admin as admin
from communitybot.discord._call import Call
from communitybot.discord._cog import EconomyCog, Interaction, options, text


class TaxesCog(EconomyCog):
    """Tax brackets and tax cycles."""

    @app_commands.command(name="tax-brackets", description=text("command.tax-brackets"))
    async def tax_brackets(self, interaction: Interaction) -> None:
        """``/tax-brackets``."""

        def work(call: Call) -> str:
            brackets = call.cases.list_tax_brackets(economy_id=call.economy.id)
            call.learn_visible()
            return admin.brackets_text(brackets, call.context())

        await self.answer(interaction, work, private=True)

    tax_bracket = app_commands.Group(name="tax-bracket", description=text("command.tax-bracket"))

    @tax_bracket.command(name="create", description=text("command.tax-bracket.create"))
    @options("affected_type", "tax_type", "rate", "collector", "start", "end", name="bracket")
    async def tax_bracket_create(
        self,
        interaction: Interaction,
        name: str,
        affected_type: AccountType,
        tax_type: TaxType,
        rate: str,
        collector: str,
        start: str = "0",
        end: str | None = None,
    ) -> None:
        """``/tax-bracket create name affected_type tax_type rate collector [start] [end]``."""
        basis_points = parse.rate(rate)
        low = parse.bound(start)
        high = None if end is None else parse.bound(end)

        def work(call: Call) -> str:
            bracket = call.cases.create_tax_bracket(
                call.actor,
                economy_id=call.economy.id,
                name=name,
                affected_type=affected_type,
                tax_type=tax_type,
                start=low,
                end=high,
                rate=basis_points,
                to_account_id=call.named_account(collector),
            )
            return admin.bracket_created_text(bracket, call.context())

        await self.answer(interaction, work, private=False)

    @tax_bracket.command(name="delete", description=text("command.tax-bracket.delete"))
    @options(name="bracket")
    async def tax_bracket_delete(self, interaction: Interaction, name: str) -> None:
        """``/tax-bracket delete name``."""

        def work(call: Call) -> str:
            call.cases.delete_tax_bracket(call.actor, economy_id=call.economy.id, name=name)
            return admin.bracket_deleted_text(name, call.context())

        await self.answer(interaction, work, private=False)

    @app_commands.command(name="tax-run", description=text("command.tax-run"))
    @options("period", "confirm")
    async def tax_run(self, interaction: Interaction, period: str, confirm: bool = False) -> None:
        """``/tax-run period [confirm]``."""

        def preview(call: Call) -> str:
            found = call.cases.preview_tax_cycle(call.actor, economy_id=call.economy.id)
            payers = len({line.account_id for line in found.lines if line.collected})
            call.learn_visible()
            revenue = {int(k): v for k, v in found.revenue.items()}
            return admin.preview_text(period.strip(), found.total, revenue, payers, call.context())

        def run(call: Call) -> str:
            cycle = call.cases.run_tax_cycle(call.actor, economy_id=call.economy.id, period=period)
            return admin.cycle_text(cycle, call.context())

        if confirm:
            await self.answer(interaction, run, private=False, moves_money=True)
        else:
            await self.answer(interaction, preview, private=True)


__all__ = ["TaxesCog"]
