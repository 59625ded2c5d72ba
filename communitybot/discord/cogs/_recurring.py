"""Recurring transfers: ``/recurring create|list|cancel|payments``."""

from __future__ import annotations

import discord
from discord import app_commands

from communitybot.core.economy import MAX_INTERVAL_DAYS, MAX_PAYMENTS
from communitybot.core.ids import RecurringTransferId
from communitybot.discord import _parse as parse
from communitybot.discord import _present_admin as admin
from communitybot.discord import _present_groups as more
from communitybot.discord._call import Call
from communitybot.discord._cog import EconomyCog, Interaction, options, text


class RecurringCog(EconomyCog):
    """Standing orders."""

    recurring_group = app_commands.Group(name="recurring", description=text("command.recurring"))

    @recurring_group.command(name="create", description=text("command.recurring.create"))
    @options(
        "interval_days",
        "payments",
        amount="instalment",
        member="pay_member",
        account="or_account",
        from_account="pay_from",
    )
    async def recurring_create(
        self,
        interaction: Interaction,
        amount: str,
        interval_days: app_commands.Range[int, 1, MAX_INTERVAL_DAYS],
        member: discord.Member | None = None,
        account: str | None = None,
        payments: app_commands.Range[int, 1, MAX_PAYMENTS] | None = None,
        from_account: str | None = None,
    ) -> None:
        """``/recurring create amount interval_days (member | account) [payments]``."""
        cents = parse.amount(amount)
        member_id = None if member is None else member.id

        def work(call: Call) -> str:
            payer = call.account(from_account)
            payee = call.target(member_id=member_id, name=account)
            created = call.cases.create_recurring_transfer(
                call.actor,
                from_account_id=payer,
                to_account_id=payee,
                amount=cents,
                interval_days=interval_days,
                total=payments,
                idempotency_key=call.key,
            )
            return admin.recurring_created_text(created, call.context())

        await self.answer(interaction, work, private=False)

    @recurring_group.command(name="list", description=text("command.recurring.list"))
    @options(account="own_account")
    async def recurring_list(self, interaction: Interaction, account: str | None = None) -> None:
        """``/recurring list [account]``."""

        def work(call: Call) -> str:
            account_id = call.account(account)
            found = call.cases.list_recurring_transfers(call.actor, account_id=account_id)
            call.learn_visible()
            return admin.recurring_list_text(found, account_id, call.context())

        await self.answer(interaction, work, private=True)

    @recurring_group.command(name="cancel", description=text("command.recurring.cancel"))
    @options(number="recurring_number")
    async def recurring_cancel(self, interaction: Interaction, number: int) -> None:
        """``/recurring cancel number``."""

        def work(call: Call) -> str:
            found = call.cases.cancel_recurring_transfer(
                call.actor, recurring_id=RecurringTransferId(number)
            )
            return admin.recurring_cancelled_text(found, call.context())

        await self.answer(interaction, work, private=False)

    @recurring_group.command(name="payments", description=text("command.recurring.payments"))
    @options(number="recurring_number")
    async def recurring_payments(self, interaction: Interaction, number: int) -> None:
        """``/recurring payments number``: its processed instalments, paid or failed."""

        def work(call: Call) -> str:
            found = call.cases.recurring_payments(
                call.actor, recurring_id=RecurringTransferId(number)
            )
            return more.payments_text(number, found, call.t)

        await self.answer(interaction, work, private=True)


__all__ = ["RecurringCog"]
