"""Payment authorisation: ``/category create|list`` (expense categories) and
``/credit open|limit|reset|close|list|pay`` (lines of credit and paying under them)."""

from __future__ import annotations

import discord
from discord import app_commands

from communitybot.core.economy import CreditPeriod
from communitybot.core.ids import LineOfCreditId, MemberId
from communitybot.discord import _parse as parse
from communitybot.discord import _present_groups as more
from communitybot.discord._call import Call
from communitybot.discord._cog import EconomyCog, Interaction, options, text

LineNumber = app_commands.Range[int, 1, 2**53]


class CreditCog(EconomyCog):
    """Expense categories and lines of credit of this server's economy."""

    category_group = app_commands.Group(name="category", description=text("command.category"))

    @category_group.command(name="create", description=text("command.category.create"))
    @options("description", code="category_new_code", name="category_name")
    async def category_create(
        self, interaction: Interaction, code: str, name: str, description: str | None = None
    ) -> None:
        """``/category create code name [description]`` (MANAGE_ECONOMIES)."""

        def work(call: Call) -> str:
            made = call.cases.create_expense_category(
                call.actor,
                economy_id=call.economy.id,
                code=code,
                name=name,
                description=description,
            )
            return call.t("economy.category.created", code=made.code, name=made.name)

        await self.answer(interaction, work, private=False)

    @category_group.command(name="list", description=text("command.category.list"))
    async def category_list(self, interaction: Interaction) -> None:
        """``/category list``."""

        def work(call: Call) -> str:
            found = call.cases.list_expense_categories(economy_id=call.economy.id)
            return more.categories_text(found, call.t)

        await self.answer(interaction, work, private=True)

    credit_group = app_commands.Group(name="credit", description=text("command.credit"))

    @credit_group.command(name="open", description=text("command.credit.open"))
    @options(
        period="credit_period",
        account="credit_account",
        member="credit_holder",
        category="category_code",
        name="credit_name",
        limit="credit_limit",
    )
    async def credit_open(
        self,
        interaction: Interaction,
        account: str,
        member: discord.Member,
        category: str,
        name: str,
        limit: str,
        period: CreditPeriod = CreditPeriod.MONTH,
    ) -> None:
        """``/credit open account member category name limit [period]``: the member may spend
        from the account in that category (MANAGE_PERMISSIONS and TRANSFER_FUNDS on it)."""
        cents = parse.amount(limit)

        def work(call: Call) -> str:
            account_id = call.named_account(account)
            line = call.cases.create_line_of_credit(
                call.actor,
                account_id=account_id,
                holder_id=MemberId(member.id),
                category_id=call.cases.get_expense_category_id_by_code(
                    economy_id=call.economy.id, code=category
                ),
                name=name,
                credits_limit=cents,
                period=period,
            )
            return more.line_changed_text("opened", line, call.context(), call.cases.now())

        await self.answer(interaction, work, private=False)

    @credit_group.command(name="limit", description=text("command.credit.limit"))
    @options(line="line_number", limit="credit_limit")
    async def credit_limit(self, interaction: Interaction, line: LineNumber, limit: str) -> None:
        """``/credit limit line limit``."""
        cents = parse.amount(limit)

        def work(call: Call) -> str:
            changed = call.cases.set_credits_limit(
                call.actor, line_id=LineOfCreditId(line), credits_limit=cents
            )
            return more.line_changed_text("limited", changed, call.context(), call.cases.now())

        await self.answer(interaction, work, private=False)

    @credit_group.command(name="reset", description=text("command.credit.reset"))
    @options(line="line_number", expensed="credit_expensed")
    async def credit_reset(
        self, interaction: Interaction, line: LineNumber, expensed: str | None = None
    ) -> None:
        """``/credit reset line [expensed]``: what the line spent this period (default 0)."""
        spent = 0 if expensed is None else parse.bound(expensed)

        def work(call: Call) -> str:
            changed = call.cases.reset_credits(
                call.actor, line_id=LineOfCreditId(line), expensed_credits=spent
            )
            return more.line_changed_text("reset", changed, call.context(), call.cases.now())

        await self.answer(interaction, work, private=False)

    @credit_group.command(name="close", description=text("command.credit.close"))
    @options(line="line_number")
    async def credit_close(self, interaction: Interaction, line: LineNumber) -> None:
        """``/credit close line``: for good."""

        def work(call: Call) -> str:
            closed = call.cases.terminate_line_of_credit(call.actor, line_id=LineOfCreditId(line))
            return more.line_changed_text("closed", closed, call.context(), call.cases.now())

        await self.answer(interaction, work, private=False)

    @credit_group.command(name="list", description=text("command.credit.list"))
    @options(account="credit_list_account")
    async def credit_list(self, interaction: Interaction, account: str | None = None) -> None:
        """``/credit list [account]``: the lines on an account, or those one holds."""

        def work(call: Call) -> str:
            if account is None:
                lines = call.cases.lines_of_credit_for_holder(call.actor)
            else:
                lines = call.cases.lines_of_credit_for_account(
                    call.actor, account_id=call.named_account(account)
                )
            call.learn_visible()
            return more.lines_text(lines, call.context(), call.cases.now())

        await self.answer(interaction, work, private=True)

    @credit_group.command(name="pay", description=text("command.credit.pay"))
    @options(
        "amount",
        account="credit_account",
        categories="category_codes",
        member="pay_member",
        to_account="or_account",
    )
    async def credit_pay(
        self,
        interaction: Interaction,
        account: str,
        amount: str,
        categories: str,
        member: discord.Member | None = None,
        to_account: str | None = None,
    ) -> None:
        """``/credit pay account amount categories (member | to_account)``: pay from the account
        under one's lines of credit for each category (codes separated by commas)."""
        cents = parse.amount(amount)
        codes = [code for code in categories.split(",") if code.strip()]
        member_id = None if member is None else member.id

        def work(call: Call) -> str:
            payer = call.named_account(account)
            payee = call.target(member_id=member_id, name=to_account)
            paid = call.cases.authorize_payment(
                call.actor,
                from_account_id=payer,
                to_account_id=payee,
                amount=cents,
                idempotency_key=call.key,
                categories=codes,
            )
            ctx = call.context()
            return call.t(
                "economy.credit.paid",
                member=ctx.member(call.actor.user_id),
                amount=ctx.money(paid.amount),
                payer=ctx.account(paid.from_account_id),
                payee=ctx.account(paid.to_account_id),
            )

        await self.answer(interaction, work, private=False, moves_money=True)


__all__ = ["CreditCog"]
