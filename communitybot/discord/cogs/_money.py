"""Money: ``/pay``, ``/pay-account``, ``/print``, ``/remove``."""

from __future__ import annotations

from collections.abc import Callable

import discord
from discord import app_commands

from communitybot.core.economy import Economy
from communitybot.core.ids import AccountId
from communitybot.discord import _parse as parse
from communitybot.discord._call import Call
from communitybot.discord._cog import EconomyCog, Interaction, options, text, variant
from communitybot.discord._present import issue_text, transfer_text


class MoneyCog(EconomyCog):
    """Transfers, minting and burning."""

    async def _pay(
        self,
        interaction: Interaction,
        amount: str,
        from_account: str | None,
        currency: str | None,
        payee: Callable[[Call, Economy | None], AccountId],
    ) -> None:
        """Transfer ``amount`` of ``currency`` (default: the server's primary currency) from
        ``from_account`` to the account ``payee`` names in that currency."""
        cents = parse.amount(amount)

        def work(call: Call) -> str:
            economy = call.usable_currency(currency)
            where = None if economy.id == call.economy.id else economy
            call.adopt(economy)  # its unit in the answer and in a refusal
            payer = call.account(from_account, economy=where)
            result = call.cases.transfer(
                call.actor,
                from_account_id=payer,
                to_account_id=payee(call, where),
                amount=cents,
                idempotency_key=call.key,
            )
            return transfer_text(result, call.context())

        await self.answer(interaction, work, private=False, moves_money=True)

    @app_commands.command(name="pay", description=text("command.pay"))
    @options("amount", member="payee", from_account="pay_from", currency="pay_currency")
    async def pay(
        self,
        interaction: Interaction,
        member: discord.Member,
        amount: str,
        from_account: str | None = None,
        currency: str | None = None,
    ) -> None:
        """``/pay member amount [from_account] [currency]``."""
        await self._pay(
            interaction,
            amount,
            from_account,
            currency,
            lambda c, economy: c.member_account(member.id, economy=economy),
        )

    @app_commands.command(name="pay-account", description=text("command.pay-account"))
    @options(
        account="account_name", amount="purchase", from_account="pay_from", currency="pay_currency"
    )
    async def pay_account(
        self,
        interaction: Interaction,
        account: str,
        amount: str,
        from_account: str | None = None,
        currency: str | None = None,
    ) -> None:
        """``/pay-account account amount [from_account] [currency]``."""
        await self._pay(
            interaction,
            amount,
            from_account,
            currency,
            lambda c, economy: c.named_account(account, economy=economy),
        )

    @options(amount="funds", member="member_account", account="or_account_name")
    async def _issue(
        self,
        interaction: Interaction,
        amount: str,
        member: discord.Member | None = None,
        account: str | None = None,
    ) -> None:
        """``/print amount (member | account)``: a MINT from the issuance account;
        ``/remove amount (member | account)``: a BURN into it. One callback for both commands,
        each saying in ``extras`` whether it mints."""
        assert interaction.command is not None
        mint: bool = interaction.command.extras["mint"]
        cents = parse.amount(amount)
        member_id = None if member is None else member.id

        def work(call: Call) -> str:
            target = call.target(member_id=member_id, name=account)
            issue = call.cases.print_funds if mint else call.cases.remove_funds
            entry = issue(call.actor, account_id=target, amount=cents, idempotency_key=call.key)
            return issue_text(entry, call.context())

        await self.answer(interaction, work, private=False, moves_money=True)

    print_money = variant(_issue, "print", mint=True)
    remove_money = variant(_issue, "remove", mint=False)


__all__ = ["MoneyCog"]
