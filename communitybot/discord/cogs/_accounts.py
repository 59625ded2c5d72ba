"""Accounts: ``/balance``, ``/accounts``, ``/transactions``, ``/open-account``, ``/subscribe``,
``/unsubscribe``, ``/subscribers`` and ``/account rename|hand-over|close|limit``."""

from __future__ import annotations

import discord
from discord import app_commands

from communitybot.core.economy import AccountType
from communitybot.core.errors import AccountNameRequired
from communitybot.core.ids import MemberId
from communitybot.discord import _parse as parse
from communitybot.discord import _present as present
from communitybot.discord import _present_groups as more
from communitybot.discord._call import Call, mention_name, name_label
from communitybot.discord._cog import EconomyCog, Interaction, options, text, variant

JOURNAL_DEFAULT = 10
"""Journal legs ``/transactions`` shows when no count is given."""


class AccountsCog(EconomyCog):
    """Reading accounts, opening them, following their balance."""

    @app_commands.command(name="balance", description=text("command.balance"))
    @options(account="own_account")
    async def balance(self, interaction: Interaction, account: str | None = None) -> None:
        """``/balance [account]``."""

        def work(call: Call) -> str:
            found = call.cases.get_account(call.actor, account_id=call.account(account))
            call.learn(found)
            return present.balance_text(found, call.context())

        await self.answer(interaction, work, private=True)

    @app_commands.command(name="accounts", description=text("command.accounts"))
    async def accounts(self, interaction: Interaction) -> None:
        """``/accounts``."""

        def work(call: Call) -> str:
            found = call.cases.authable_accounts(call.actor, economy_id=call.economy.id)
            call.learn(*found)
            return present.accounts_text(found, call.context())

        await self.answer(interaction, work, private=True)

    @app_commands.command(name="transactions", description=text("command.transactions"))
    @options("count", account="own_account")
    async def transactions(
        self,
        interaction: Interaction,
        account: str | None = None,
        count: app_commands.Range[int, 1, 25] = JOURNAL_DEFAULT,
    ) -> None:
        """``/transactions [account] [count]``: the journal, newest first."""

        def work(call: Call) -> str:
            account_id = call.account(account)
            entries = call.cases.journal(call.actor, account_id=account_id, limit=count)
            call.learn_visible()
            return present.journal_text(entries, account_id, call.context())

        await self.answer(interaction, work, private=True)

    @app_commands.command(name="open-account", description=text("command.open-account"))
    @options("account_type", "owner", name="new_name")
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
            opened = call.cases.open_account(
                call.actor,
                economy_id=call.economy.id,
                name=name,
                account_type=account_type,
                owner_id=None if owner_id is None else MemberId(owner_id),
            )
            call.learn(opened)
            return present.opened_text(opened, call.context())

        await self.answer(interaction, work, private=False)

    @options(account="own_account")
    async def _following(self, interaction: Interaction, account: str | None = None) -> None:
        """``/subscribe|unsubscribe [account]``: get the account's balance by direct message, or
        stop. One callback for both commands, each saying in ``extras`` whether it follows."""
        assert interaction.command is not None
        follow: bool = interaction.command.extras["follow"]

        def work(call: Call) -> str:
            account_id = call.account(account)
            if follow:
                added = call.cases.subscribe(call.actor, account_id=account_id)
                return present.subscribed_text(added, account_id, call.context())
            removed = call.cases.unsubscribe(call.actor, account_id=account_id)
            return present.unsubscribed_text(removed, account_id, call.context())

        await self.answer(interaction, work, private=True)

    subscribe = variant(_following, "subscribe", follow=True)
    unsubscribe = variant(_following, "unsubscribe", follow=False)

    @app_commands.command(name="subscribers", description=text("command.subscribers"))
    @options(account="own_account")
    async def subscribers(self, interaction: Interaction, account: str | None = None) -> None:
        """``/subscribers [account]``: who gets its balance by direct message."""

        def work(call: Call) -> str:
            account_id = call.account(account)
            found = call.cases.subscribers(call.actor, account_id=account_id)
            return more.subscribers_text(found, account_id, call.context())

        await self.answer(interaction, work, private=True)

    account_group = app_commands.Group(name="account", description=text("command.account"))

    @account_group.command(name="rename", description=text("command.account.rename"))
    @options(account="account_name", new_name="renamed")
    async def account_rename(self, interaction: Interaction, account: str, new_name: str) -> None:
        """``/account rename account new_name`` (not a USER account; LOGIN_AS_ACCOUNT)."""

        def work(call: Call) -> str:
            account_id = call.named_account(account)
            old = call.context().account(account_id)
            renamed = call.cases.rename_account(
                call.actor, account_id=account_id, new_name=new_name
            )
            call.names[renamed.id] = name_label(renamed.name)
            return call.t("economy.account.renamed", old=old, account=call.names[renamed.id])

        await self.answer(interaction, work, private=False)

    @account_group.command(name="hand-over", description=text("command.account.hand-over"))
    @options(account="account_name", member="new_owner")
    async def account_hand_over(
        self, interaction: Interaction, account: str, member: discord.Member
    ) -> None:
        """``/account hand-over account member`` (not a USER account; CLOSE_ACCOUNT)."""

        def work(call: Call) -> str:
            account_id = call.named_account(account)
            call.cases.transfer_ownership(
                call.actor, account_id=account_id, new_owner_id=MemberId(member.id)
            )
            ctx = call.context()
            return call.t(
                "economy.account.handed_over",
                account=ctx.account(account_id),
                member=ctx.member(member.id),
            )

        await self.answer(interaction, work, private=False)

    @account_group.command(name="close", description=text("command.account.close"))
    @options(account="own_account")
    async def account_close(self, interaction: Interaction, account: str | None = None) -> None:
        """``/account close [account]``: an empty account (CLOSE_ACCOUNT)."""

        def work(call: Call) -> str:
            account_id = call.account(account)
            call.cases.close_account(call.actor, account_id=account_id)
            return call.t("economy.account.closed", account=call.context().account(account_id))

        await self.answer(interaction, work, private=False)

    @account_group.command(name="limit", description=text("command.account.limit"))
    @options("min_balance", account="own_account")
    async def account_limit(
        self, interaction: Interaction, min_balance: str, account: str | None = None
    ) -> None:
        """``/account limit min_balance [account]`` (MANAGE_FUNDS; negative: credit)."""
        lowest = parse.signed(min_balance)

        def work(call: Call) -> str:
            account_id = call.account(account)
            changed = call.cases.set_account_limit(
                call.actor, account_id=account_id, min_balance=lowest
            )
            return more.limit_text(changed, call.context())

        await self.answer(interaction, work, private=False)


__all__ = ["JOURNAL_DEFAULT", "AccountsCog"]
