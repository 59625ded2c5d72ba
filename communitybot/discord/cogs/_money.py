"""Money: ``/pay``, ``/pay-account``, ``/print``, ``/remove``."""

from __future__ import annotations

from collections.abc import Callable

import discord
from discord import app_commands

from communitybot.core.ids import AccountId
from communitybot.discord import _parse as parse
from communitybot.discord._call import Call
from communitybot.discord._cog import EconomyCog, Interaction
from communitybot.discord._present import issue_text, transfer_text


class MoneyCog(EconomyCog):
    """Transfers, minting and burning."""

    async def _pay(
        self,
        interaction: Interaction,
        *,
        amount: str,
        from_account: str | None,
        payee: Callable[[Call], AccountId],
    ) -> None:
        """Transfer ``amount`` from ``from_account`` to the account ``payee`` names."""
        cents = parse.amount(amount)

        def work(call: Call) -> str:
            payer = call.account(from_account)
            result = call.cases.transfer(
                call.actor,
                from_account_id=payer,
                to_account_id=payee(call),
                amount=cents,
                idempotency_key=call.key,
            )
            return transfer_text(result, call.context())

        await self.answer(interaction, work, private=False, moves_money=True)

    async def _issue(
        self,
        interaction: Interaction,
        *,
        amount: str,
        member: discord.Member | None,
        account: str | None,
        mint: bool,
    ) -> None:
        """Mint (``mint``) or burn ``amount`` on the member's or named account."""
        cents = parse.amount(amount)
        member_id = None if member is None else member.id

        def work(call: Call) -> str:
            target = call.target(member_id=member_id, name=account)
            issue = call.cases.print_funds if mint else call.cases.remove_funds
            entry = issue(
                call.actor,
                account_id=target,
                amount=cents,
                idempotency_key=call.key,
            )
            return issue_text(entry, call.context())

        await self.answer(interaction, work, private=False, moves_money=True)

    @app_commands.command(name="pay", description="Pay a member")
    @app_commands.describe(
        member="who gets the money",
        amount="e.g. 5, 5.50 or 12,5",
        from_account="pay from this account (default: your own)",
    )
    async def pay(
        self,
        interaction: Interaction,
        member: discord.Member,
        amount: str,
        from_account: str | None = None,
    ) -> None:
        """``/pay member amount [from_account]``."""
        await self._pay(
            interaction,
            amount=amount,
            from_account=from_account,
            payee=lambda call: call.member_account(member.id),
        )

    @app_commands.command(name="pay-account", description="Pay an account (a shop, a charity...)")
    @app_commands.describe(
        account="the account's name",
        amount="e.g. 5, 5.50 or 12,5 (a purchase adds VAT on top)",
        from_account="pay from this account (default: your own)",
    )
    async def pay_account(
        self,
        interaction: Interaction,
        account: str,
        amount: str,
        from_account: str | None = None,
    ) -> None:
        """``/pay-account account amount [from_account]``."""
        await self._pay(
            interaction,
            amount=amount,
            from_account=from_account,
            payee=lambda call: call.named_account(account),
        )

    @app_commands.command(name="print", description="Print money into an account (MANAGE_FUNDS)")
    @app_commands.describe(
        amount="e.g. 100", member="a member's account", account="or an account's name"
    )
    async def print_money(
        self,
        interaction: Interaction,
        amount: str,
        member: discord.Member | None = None,
        account: str | None = None,
    ) -> None:
        """``/print amount (member | account)``: a MINT from the issuance account."""
        await self._issue(interaction, amount=amount, member=member, account=account, mint=True)

    @app_commands.command(name="remove", description="Remove money from an account (MANAGE_FUNDS)")
    @app_commands.describe(
        amount="e.g. 100", member="a member's account", account="or an account's name"
    )
    async def remove_money(
        self,
        interaction: Interaction,
        amount: str,
        member: discord.Member | None = None,
        account: str | None = None,
    ) -> None:
        """``/remove amount (member | account)``: a BURN into the issuance account."""
        await self._issue(interaction, amount=amount, member=member, account=account, mint=False)


__all__ = ["MoneyCog"]
