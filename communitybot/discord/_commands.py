"""The slash commands: parse the options, one service call in a worker thread, present.

Every command is thin. Options are parsed on the event loop (amounts with ``parse_amount``);
the work (finding the server's economy and the accounts named, the service call, the text) runs
in a worker thread through :meth:`EconomyCommands.answer`, which also defers the interaction when
the work takes longer than ``defer_after`` seconds (Discord wants a first answer within three).
Refusals are raised, never answered here: the tree's one error handler
(:func:`communitybot.discord._bot.EconomyTree.on_error`) turns them into a short private text.

Private readings (balances, journals, lists) are answered ephemerally; actions are answered in
the channel unless the member holds ``USES_EPHEMERAL`` in the economy.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from communitybot.core.economy import (
    MAX_INTERVAL_DAYS,
    MAX_PAYMENTS,
    AccountType,
    JournalEntry,
    Permission,
    Subject,
    TaxType,
)
from communitybot.core.errors import DomainError, NotPermitted
from communitybot.core.ids import (
    AccountId,
    BankNoteId,
    EconomyId,
    MemberId,
    RecurringTransferId,
)
from communitybot.discord import _parse as parse
from communitybot.discord._call import (
    Call,
    interaction_key,
    make_actor,
    mention_name,
)
from communitybot.discord._errors import (
    AccountNameRequired,
    ErrorContext,
    GuildOnly,
    UnknownCurrency,
    quote,
)
from communitybot.discord._present import (
    accounts_text,
    balance_text,
    bracket_created_text,
    brackets_text,
    currencies_text,
    cycle_text,
    economy_text,
    exchange_text,
    issue_text,
    journal_text,
    leaderboard_text,
    note_cancelled_text,
    note_issued_text,
    note_redeemed_text,
    notes_text,
    opened_text,
    permissions_set_text,
    preview_text,
    private_answers_text,
    recurring_cancelled_text,
    recurring_created_text,
    recurring_list_text,
    rules_text,
    scope_text,
    subject_text,
    transfer_text,
)
from communitybot.services.economy import (
    accounts,
    economies,
    groups,
    notes,
    notifications,
    permissions,
    recurring,
    taxes,
    transfers,
)
from communitybot.services.economy import exchange as exchanges

if TYPE_CHECKING:
    from communitybot.discord._bot import EconomyBot

Interaction = discord.Interaction["EconomyBot"]
Work = Callable[[Call], str]

DEFER_AFTER = 2.0
"""Seconds of work after which the interaction is deferred (Discord's limit is three)."""

JOURNAL_DEFAULT = 10
"""Journal legs ``/transactions`` shows when no count is given."""


class Refused(Exception):
    """A domain refusal from the worker, with the labels the handler learnt (for its text)."""

    def __init__(self, error: DomainError, call: Call) -> None:
        super().__init__(str(error))
        self.error = error
        self.context = call.context()


def _role_ids(interaction: Interaction) -> list[int]:
    """The role ids Discord sent with the member (the payload, not the role cache)."""
    user = interaction.user
    if not isinstance(user, discord.Member):
        return []
    # ``Member._roles`` holds exactly the ``member.roles`` ids of the interaction payload;
    # ``Member.roles`` would drop every role that is not in the gateway's guild cache.
    raw = getattr(user, "_roles", None)
    if raw is None:
        return [role.id for role in user.roles]
    return [int(role_id) for role_id in raw]


async def respond(interaction: Interaction, text: str, *, ephemeral: bool) -> None:
    """Answer the interaction: the first response, or a follow-up once it was deferred."""
    if interaction.response.is_done():
        await interaction.followup.send(text, ephemeral=ephemeral)
    else:
        await interaction.response.send_message(text, ephemeral=ephemeral)


class EconomyCommands(commands.Cog):
    """Every slash command of the economy, bound to one bot."""

    def __init__(self, bot: EconomyBot, *, defer_after: float = DEFER_AFTER) -> None:
        self.bot = bot
        self.container = bot.container
        self.defer_after = defer_after

    # --- infrastructure ---------------------------------------------------------------------

    def new_call(self, interaction: Interaction) -> Call:
        """The call of an interaction in a server; :class:`GuildOnly` elsewhere."""
        if interaction.guild_id is None:
            raise GuildOnly()
        return Call(
            self.container,
            actor=make_actor(interaction.user.id, _role_ids(interaction), interaction.guild_id),
            guild_id=interaction.guild_id,
            key=interaction_key(interaction.id),
        )

    @staticmethod
    def _run(call: Call, work: Work, private: bool) -> tuple[str, bool]:
        try:
            ephemeral = private or call.uses_ephemeral()
            return work(call), ephemeral
        except DomainError as error:
            raise Refused(error, call) from error

    async def answer(
        self, interaction: Interaction, work: Work, *, private: bool, moves_money: bool = False
    ) -> None:
        """Run ``work`` in a worker thread and answer with its text.

        ``private`` answers are ephemeral; others are ephemeral only for members holding
        ``USES_EPHEMERAL``. Once deferred, the deferral (private for ``private`` commands)
        decides what others see, as Discord keeps the visibility of the deferred message.
        After a change that moved money the notifier is woken.
        """
        call = self.new_call(interaction)
        job = asyncio.ensure_future(asyncio.to_thread(self._run, call, work, private))
        done, _pending = await asyncio.wait({job}, timeout=self.defer_after)
        if not done:
            await interaction.response.defer(ephemeral=private, thinking=True)
        text, ephemeral = await job
        if moves_money:
            self.bot.notifier.poke()
        await respond(interaction, text, ephemeral=ephemeral)

    # --- reading ----------------------------------------------------------------------------

    @app_commands.command(name="balance", description="Your balance, or an account's")
    @app_commands.describe(account="an account name (default: your own account)")
    async def balance(self, interaction: Interaction, account: str | None = None) -> None:
        """``/balance [account]``."""

        def work(call: Call) -> str:
            found = accounts.get_account(call.uow, call.actor, account_id=call.account(account))
            call.learn(found)
            return balance_text(found, call.context())

        await self.answer(interaction, work, private=True)

    @app_commands.command(name="accounts", description="The accounts you may see, with balances")
    async def accounts(self, interaction: Interaction) -> None:
        """``/accounts``."""

        def work(call: Call) -> str:
            found = accounts.authable_accounts(call.uow, call.actor, economy_id=call.economy.id)
            call.learn(*found)
            return accounts_text(found, call.context())

        await self.answer(interaction, work, private=True)

    @app_commands.command(name="transactions", description="The latest transactions of an account")
    @app_commands.describe(
        account="an account name (default: your own account)",
        count="how many (1 to 25, default 10)",
    )
    async def transactions(
        self,
        interaction: Interaction,
        account: str | None = None,
        count: app_commands.Range[int, 1, 25] = JOURNAL_DEFAULT,
    ) -> None:
        """``/transactions [account] [count]``: the journal, newest first."""

        def work(call: Call) -> str:
            account_id = call.account(account)
            entries = transfers.journal(call.uow, call.actor, account_id=account_id, limit=count)
            call.learn_visible()
            return journal_text(entries, account_id, call.context())

        await self.answer(interaction, work, private=True)

    # --- accounts ---------------------------------------------------------------------------

    @app_commands.command(name="open-account", description="Open an account in this economy")
    @app_commands.describe(
        name="the account's name (default for your own account: your mention)",
        account_type="USER (default), GOVERNMENT, CORPORATION, CHARITY or FINANCIAL",
        owner="open it for another member (needs OPEN_SPECIAL_ACCOUNT)",
    )
    async def open_account(
        self,
        interaction: Interaction,
        name: str | None = None,
        account_type: AccountType = AccountType.USER,
        owner: discord.Member | None = None,
    ) -> None:
        """``/open-account [name] [account_type] [owner]``."""
        owner_id = None if owner is None else owner.id
        if name is None or not name.strip():
            if account_type is not AccountType.USER:
                raise AccountNameRequired(account_type=account_type.value)
            name = mention_name(owner_id or interaction.user.id)

        def work(call: Call) -> str:
            opened = accounts.open_account(
                call.uow,
                call.actor,
                economy_id=call.economy.id,
                name=name,
                account_type=account_type,
                owner_id=None if owner_id is None else MemberId(owner_id),
                clock=call.clock,
            )
            call.learn(opened)
            return opened_text(opened, call.context())

        await self.answer(interaction, work, private=False)

    @app_commands.command(name="subscribe", description="Get a direct message when a balance moves")
    @app_commands.describe(account="an account name (default: your own account)")
    async def subscribe(self, interaction: Interaction, account: str | None = None) -> None:
        """``/subscribe [account]``."""

        def work(call: Call) -> str:
            account_id = call.account(account)
            added = notifications.subscribe(
                call.uow, call.actor, account_id=account_id, clock=call.clock
            )
            label = call.context().account(account_id)
            if added:
                return f"You will get a direct message whenever the balance of {label} changes."
            return f"You follow {label} already."

        await self.answer(interaction, work, private=True)

    @app_commands.command(name="unsubscribe", description="Stop the direct messages of a balance")
    @app_commands.describe(account="an account name (default: your own account)")
    async def unsubscribe(self, interaction: Interaction, account: str | None = None) -> None:
        """``/unsubscribe [account]``."""

        def work(call: Call) -> str:
            account_id = call.account(account)
            removed = notifications.unsubscribe(call.uow, call.actor, account_id=account_id)
            label = call.context().account(account_id)
            return f"Stopped following {label}." if removed else f"You did not follow {label}."

        await self.answer(interaction, work, private=True)

    # --- money ------------------------------------------------------------------------------

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
            result = transfers.transfer(
                call.uow,
                call.actor,
                from_account_id=payer,
                to_account_id=payee(call),
                amount=cents,
                idempotency_key=call.key,
                clock=call.clock,
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
        issue: Callable[..., JournalEntry],
    ) -> None:
        """Mint or burn ``amount`` on the member's or named account with ``issue``."""
        cents = parse.amount(amount)
        member_id = None if member is None else member.id

        def work(call: Call) -> str:
            target = call.target(member_id=member_id, name=account)
            entry = issue(
                call.uow,
                call.actor,
                account_id=target,
                amount=cents,
                idempotency_key=call.key,
                clock=call.clock,
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
        await self._issue(
            interaction, amount=amount, member=member, account=account, issue=transfers.print_funds
        )

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
        await self._issue(
            interaction, amount=amount, member=member, account=account, issue=transfers.remove_funds
        )

    # --- taxes ------------------------------------------------------------------------------

    @app_commands.command(name="tax-brackets", description="The tax brackets of this economy")
    async def tax_brackets(self, interaction: Interaction) -> None:
        """``/tax-brackets``."""

        def work(call: Call) -> str:
            brackets = taxes.list_tax_brackets(call.uow, economy_id=call.economy.id)
            call.learn_visible()
            return brackets_text(brackets, call.context())

        await self.answer(interaction, work, private=True)

    tax_bracket = app_commands.Group(
        name="tax-bracket", description="Create or delete tax brackets (MANAGE_TAX_BRACKETS)"
    )

    @tax_bracket.command(name="create", description="Create a tax bracket")
    @app_commands.describe(
        name="the bracket's name",
        affected_type="which accounts pay it",
        tax_type="WEALTH_MARGINAL, WEALTH_FLAT, INCOME or VAT",
        rate="percent, e.g. 10 or 2.5",
        collector="the account that receives it",
        start="where it starts (default 0)",
        end="where it ends (default: no end)",
    )
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
            bracket = taxes.create_tax_bracket(
                call.uow,
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
            return bracket_created_text(bracket, call.context())

        await self.answer(interaction, work, private=False)

    @tax_bracket.command(name="delete", description="Delete a tax bracket")
    @app_commands.describe(name="the bracket's name")
    async def tax_bracket_delete(self, interaction: Interaction, name: str) -> None:
        """``/tax-bracket delete name``."""

        def work(call: Call) -> str:
            taxes.delete_tax_bracket(call.uow, call.actor, economy_id=call.economy.id, name=name)
            return f"Deleted the tax bracket {quote(name)}."

        await self.answer(interaction, work, private=False)

    @app_commands.command(
        name="tax-run", description="Preview a tax cycle, or run it with confirm (once a period)"
    )
    @app_commands.describe(
        period='the period taxed, e.g. "2026-03" (each period is taxed once)',
        confirm="True runs the cycle; without it you see what it would collect",
    )
    async def tax_run(self, interaction: Interaction, period: str, confirm: bool = False) -> None:
        """``/tax-run period [confirm]``."""

        def preview(call: Call) -> str:
            found = taxes.preview_tax_cycle(call.uow, call.actor, economy_id=call.economy.id)
            payers = len({line.account_id for line in found.lines if line.collected})
            call.learn_visible()
            revenue = {int(k): v for k, v in found.revenue.items()}
            return preview_text(period.strip(), found.total, revenue, payers, call.context())

        def run(call: Call) -> str:
            cycle = taxes.run_tax_cycle(
                call.uow, call.actor, economy_id=call.economy.id, period=period, clock=call.clock
            )
            return cycle_text(cycle, call.context())

        if confirm:
            await self.answer(interaction, run, private=False, moves_money=True)
        else:
            await self.answer(interaction, preview, private=True)

    # --- recurring transfers ----------------------------------------------------------------

    recurring_group = app_commands.Group(name="recurring", description="Recurring transfers")

    @recurring_group.command(name="create", description="Pay an amount every few days")
    @app_commands.describe(
        amount="each payment, e.g. 10",
        interval_days="days between payments",
        member="pay this member",
        account="or this account",
        payments="how many payments (default: until cancelled)",
        from_account="pay from this account (default: your own)",
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
            created = recurring.create_recurring_transfer(
                call.uow,
                call.actor,
                from_account_id=payer,
                to_account_id=payee,
                amount=cents,
                interval_days=interval_days,
                total=payments,
                idempotency_key=call.key,
                clock=call.clock,
            )
            return recurring_created_text(created, call.context())

        await self.answer(interaction, work, private=False)

    @recurring_group.command(name="list", description="Recurring transfers from or to an account")
    @app_commands.describe(account="an account name (default: your own account)")
    async def recurring_list(self, interaction: Interaction, account: str | None = None) -> None:
        """``/recurring list [account]``."""

        def work(call: Call) -> str:
            account_id = call.account(account)
            found = recurring.list_recurring_transfers(call.uow, call.actor, account_id=account_id)
            call.learn_visible()
            return recurring_list_text(found, account_id, call.context())

        await self.answer(interaction, work, private=True)

    @recurring_group.command(name="cancel", description="Stop a recurring transfer")
    @app_commands.describe(number="the transfer's number (see /recurring list)")
    async def recurring_cancel(self, interaction: Interaction, number: int) -> None:
        """``/recurring cancel number``."""

        def work(call: Call) -> str:
            found = recurring.cancel_recurring_transfer(
                call.uow, call.actor, recurring_id=RecurringTransferId(number)
            )
            return recurring_cancelled_text(found, call.context())

        await self.answer(interaction, work, private=False)

    # --- permissions ------------------------------------------------------------------------

    permissions_group = app_commands.Group(
        name="permissions", description="Grant, deny or reset permissions (MANAGE_PERMISSIONS)"
    )

    async def _set_rule(
        self,
        interaction: Interaction,
        *,
        verb: str,
        who: discord.Member | discord.Role,
        permission: Permission,
        account: str | None,
        everywhere: bool,
    ) -> None:
        subject = Subject.role(who.id) if isinstance(who, discord.Role) else Subject.user(who.id)
        guild_id = interaction.guild_id or 0

        def work(call: Call) -> str:
            account_id: AccountId | None = None
            economy_id: EconomyId | None = None
            if account is not None and account.strip():
                account_id = call.named_account(account)
            elif not everywhere:
                economy_id = call.economy.id
            if verb == "reset":
                count: int | None = permissions.reset_permissions(
                    call.uow,
                    call.actor,
                    subject=subject,
                    permissions=[permission],
                    economy_id=economy_id,
                    account_id=account_id,
                )
            else:
                count = None
                permissions.set_permissions(
                    call.uow,
                    call.actor,
                    subject=subject,
                    permissions=[permission],
                    economy_id=economy_id,
                    account_id=account_id,
                    allowed=verb == "granted",
                )
            return permissions_set_text(
                verb,
                [permission.value],
                subject_text(subject.kind, subject.id, guild_id),
                scope_text(economy_id, account_id, call.context()),
                count,
            )

        await self.answer(interaction, work, private=False)

    @permissions_group.command(name="grant", description="Allow a member or role something")
    @app_commands.describe(
        who="a member or a role (@everyone for everybody)",
        permission="what they may do",
        account="only on this account (default: the whole economy)",
        everywhere="in every economy (a global rule)",
    )
    async def permissions_grant(
        self,
        interaction: Interaction,
        who: discord.Member | discord.Role,
        permission: Permission,
        account: str | None = None,
        everywhere: bool = False,
    ) -> None:
        """``/permissions grant who permission [account] [everywhere]``."""
        await self._set_rule(
            interaction,
            verb="granted",
            who=who,
            permission=permission,
            account=account,
            everywhere=everywhere,
        )

    @permissions_group.command(name="deny", description="Forbid a member or role something")
    @app_commands.describe(
        who="a member or a role (@everyone for everybody)",
        permission="what they may not do",
        account="only on this account (default: the whole economy)",
        everywhere="in every economy (a global rule)",
    )
    async def permissions_deny(
        self,
        interaction: Interaction,
        who: discord.Member | discord.Role,
        permission: Permission,
        account: str | None = None,
        everywhere: bool = False,
    ) -> None:
        """``/permissions deny who permission [account] [everywhere]``."""
        await self._set_rule(
            interaction,
            verb="denied",
            who=who,
            permission=permission,
            account=account,
            everywhere=everywhere,
        )

    @permissions_group.command(name="reset", description="Remove a rule: the defaults decide again")
    @app_commands.describe(
        who="a member or a role",
        permission="the permission whose rule goes",
        account="the rule on this account (default: the economy's rule)",
        everywhere="the global rule",
    )
    async def permissions_reset(
        self,
        interaction: Interaction,
        who: discord.Member | discord.Role,
        permission: Permission,
        account: str | None = None,
        everywhere: bool = False,
    ) -> None:
        """``/permissions reset who permission [account] [everywhere]``."""
        await self._set_rule(
            interaction,
            verb="reset",
            who=who,
            permission=permission,
            account=account,
            everywhere=everywhere,
        )

    @permissions_group.command(name="list", description="The rules about a member or role")
    @app_commands.describe(who="a member or a role (default: you)")
    async def permissions_list(
        self, interaction: Interaction, who: discord.Member | discord.Role | None = None
    ) -> None:
        """``/permissions list [who]``: the rules of this economy and the global ones.

        Global rules about others are shown to those who may manage permissions globally.
        """
        target = who or interaction.user
        subject = (
            Subject.role(target.id) if isinstance(target, discord.Role) else Subject.user(target.id)
        )
        guild_id = interaction.guild_id or 0

        def work(call: Call) -> str:
            economy_id = call.economy.id
            try:
                found = permissions.list_permissions(call.uow, call.actor, subject=subject)
            except NotPermitted:
                found = permissions.list_permissions(
                    call.uow, call.actor, subject=subject, economy_id=economy_id
                )
            rules = [r for r in found if r.scope.economy_id in (None, economy_id)]
            call.learn_visible()
            return rules_text(
                rules, subject_text(subject.kind, subject.id, guild_id), guild_id, call.context()
            )

        await self.answer(interaction, work, private=True)

    @app_commands.command(
        name="private-answers", description="Only you see the answers to your actions (or not)"
    )
    @app_commands.describe(
        on="True: answers to your actions only to you; False: in the channel, as by default"
    )
    async def private_answers(self, interaction: Interaction, on: bool) -> None:
        """``/private-answers on``: set one's own ``USES_EPHEMERAL`` in this economy.

        A preference, not a power: everybody may set their own (granted for on, denied for off,
        so a role's preference does not override the member's choice).
        """

        def work(call: Call) -> str:
            permissions.set_permissions(
                call.uow,
                call.actor,
                subject=Subject.user(call.actor.user_id),
                permissions=[Permission.USES_EPHEMERAL],
                economy_id=call.economy.id,
                allowed=on,
            )
            return private_answers_text(on)

        await self.answer(interaction, work, private=True)

    # --- bank notes -------------------------------------------------------------------------

    note_group = app_commands.Group(
        name="note", description="One-time bank notes: whoever has the code redeems them once"
    )

    @note_group.command(name="issue", description="Put money into a bank note and get its code")
    @app_commands.describe(
        amount="the note's value, e.g. 20",
        from_account="draw it from this account (default: your own)",
        expires_in_days="give the money back to you after this many days (default: never)",
    )
    async def note_issue(
        self,
        interaction: Interaction,
        amount: str,
        from_account: str | None = None,
        expires_in_days: app_commands.Range[int, 1, MAX_INTERVAL_DAYS] | None = None,
    ) -> None:
        """``/note issue amount [from_account] [expires_in_days]``; the code is shown privately."""
        cents = parse.amount(amount)

        def work(call: Call) -> str:
            source = call.account(from_account)
            expires = (
                None
                if expires_in_days is None
                else call.clock.now() + timedelta(days=expires_in_days)
            )
            issued = notes.issue_note(
                call.uow,
                call.actor,
                account_id=source,
                amount=cents,
                idempotency_key=call.key,
                expires_at=expires,
                clock=call.clock,
            )
            return note_issued_text(issued, call.context())

        await self.answer(interaction, work, private=True, moves_money=True)

    @note_group.command(name="redeem", description="Redeem a bank note by its code")
    @app_commands.describe(
        code="the note's code (note-...)",
        to_account="into this account of the note's currency (default: your own)",
    )
    async def note_redeem(
        self, interaction: Interaction, code: str, to_account: str | None = None
    ) -> None:
        """``/note redeem code [to_account]``: works in any server with the bot."""

        def work(call: Call) -> str:
            found = notes.inspect_note(call.uow, code=code)
            economy = economies.get_economy(call.uow, economy_id=found.economy_id)
            call.adopt(economy)
            target = call.account(to_account, economy=economy)
            redeemed = notes.redeem_note(
                call.uow,
                call.actor,
                code=code,
                to_account_id=target,
                idempotency_key=call.key,
                clock=call.clock,
            )
            return note_redeemed_text(redeemed, economy, call.context())

        await self.answer(interaction, work, private=True, moves_money=True)

    @note_group.command(name="cancel", description="Take back an outstanding bank note")
    @app_commands.describe(number="the note's number")
    async def note_cancel(self, interaction: Interaction, number: int) -> None:
        """``/note cancel number``: the money goes back to the issuing account."""

        def work(call: Call) -> str:
            cancelled = notes.cancel_note(
                call.uow,
                call.actor,
                note_id=BankNoteId(number),
                idempotency_key=call.key,
                clock=call.clock,
            )
            call.adopt(economies.get_economy(call.uow, economy_id=cancelled.economy_id))
            call.learn_visible()
            return note_cancelled_text(cancelled, call.context())

        await self.answer(interaction, work, private=True, moves_money=True)

    @note_group.command(name="list", description="The bank notes an account issued")
    @app_commands.describe(account="an account name (default: your own account)")
    async def note_list(self, interaction: Interaction, account: str | None = None) -> None:
        """``/note list [account]``."""

        def work(call: Call) -> str:
            account_id = call.account(account)
            found = notes.list_notes(call.uow, call.actor, account_id=account_id)
            return notes_text(found, account_id, call.context())

        await self.answer(interaction, work, private=True)

    # --- currencies -------------------------------------------------------------------------

    @app_commands.command(name="currencies", description="The currencies usable in this server")
    async def currencies(self, interaction: Interaction) -> None:
        """``/currencies``: this server's economy and those of the groups it joined."""

        def work(call: Call) -> str:
            found = groups.guild_currencies(call.uow, guild_id=call.guild_id)
            home = economies.guild_economy(call.uow, guild_id=call.guild_id)
            return currencies_text(found, home)

        await self.answer(interaction, work, private=True)

    @app_commands.command(
        name="exchange", description="Exchange money into another currency of this group"
    )
    @app_commands.describe(
        amount="how much of this server's currency",
        to_currency="the currency's name",
        from_account="from this account (default: your own)",
        to_account="into this account of yours in that currency (default: your own)",
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
            target_economy = economies.find_economy_by_name(call.uow, currency_name=to_currency)
            if target_economy is None:
                raise UnknownCurrency(name=to_currency)
            target = call.account(to_account, economy=target_economy)
            done = exchanges.exchange(
                call.uow,
                call.actor,
                from_account_id=source,
                to_account_id=target,
                amount=cents,
                idempotency_key=call.key,
                clock=call.clock,
            )
            return exchange_text(done, source_economy, target_economy, call.context())

        await self.answer(interaction, work, private=False, moves_money=True)

    @app_commands.command(
        name="leaderboard",
        description="The members with the most money in this economy (or its group)",
    )
    @app_commands.describe(count="how many places (1 to 25, default 5)")
    async def leaderboard(
        self, interaction: Interaction, count: app_commands.Range[int, 1, 25] = 5
    ) -> None:
        """``/leaderboard [count]``: in a group valued in its primary currency, otherwise in this
        economy's currency."""

        def work(call: Call) -> str:
            group = groups.group_of_economy(call.uow, economy_id=call.economy.id)
            if group is None:
                entries = groups.economy_leaderboard(
                    call.uow, economy_id=call.economy.id, limit=count
                )
                valued_in = call.economy
            else:
                entries = groups.leaderboard(call.uow, group_id=group.id, limit=count)
                valued_in = economies.get_economy(
                    call.uow, economy_id=group.primary_economy_id or call.economy.id
                )
            context = ErrorContext(actor_id=call.actor.user_id, unit=valued_in.currency_unit)
            return leaderboard_text(entries, valued_in, context)

        await self.answer(interaction, work, private=True)

    # --- economies --------------------------------------------------------------------------

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
            created = economies.create_economy(
                call.uow,
                call.actor,
                currency_name=currency_name,
                currency_unit=currency_unit,
                guild_id=call.guild_id,
                clock=call.clock,
            )
            return (
                f"Created the economy {economy_text(created)} for this server. "
                "Members open their accounts with `/open-account`."
            )

        await self.answer(interaction, work, private=False)

    @economy_group.command(name="register", description="Join this server to an economy")
    @app_commands.describe(currency_name="the economy's currency name")
    async def economy_register(self, interaction: Interaction, currency_name: str) -> None:
        """``/economy register currency_name`` (MANAGE_ECONOMIES in that economy)."""

        def work(call: Call) -> str:
            found = economies.find_economy_by_name(call.uow, currency_name=currency_name)
            if found is None:
                raise UnknownCurrency(name=currency_name)
            economies.register_guild(
                call.uow, call.actor, guild_id=call.guild_id, economy_id=found.id
            )
            return f"This server now uses the economy {economy_text(found)}."

        await self.answer(interaction, work, private=False)

    @economy_group.command(name="unregister", description="Leave this server's economy")
    async def economy_unregister(self, interaction: Interaction) -> None:
        """``/economy unregister`` (MANAGE_ECONOMIES; the creating server cannot leave)."""

        def work(call: Call) -> str:
            economy = call.economy
            economies.unregister_guild(call.uow, call.actor, guild_id=call.guild_id)
            return f"This server left the economy {economy_text(economy)}."

        await self.answer(interaction, work, private=False)

    @economy_group.command(name="info", description="Which economy this server uses")
    async def economy_info(self, interaction: Interaction) -> None:
        """``/economy info``."""

        def work(call: Call) -> str:
            return f"This server uses the economy {economy_text(call.economy)}."

        await self.answer(interaction, work, private=True)


__all__ = ["DEFER_AFTER", "JOURNAL_DEFAULT", "EconomyCommands", "Refused", "respond"]
