"""Accounts: ``/balance``, ``/accounts``, ``/transactions``, ``/open-account``, ``/subscribe``
and ``/unsubscribe``."""

from __future__ import annotations

import discord
from discord import app_commands

from communitybot.core.economy import AccountType
from communitybot.core.errors import AccountNameRequired
from communitybot.core.ids import MemberId
from communitybot.discord import _present as present
from communitybot.discord._call import Call, mention_name
from communitybot.discord._cog import EconomyCog, Interaction, options, text

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

    @app_commands.command(name="subscribe", description=text("command.subscribe"))
    @options(account="own_account")
    async def subscribe(self, interaction: Interaction, account: str | None = None) -> None:
        """``/subscribe [account]``."""

        def work(call: Call) -> str:
            account_id = call.account(account)
            added = call.cases.subscribe(call.actor, account_id=account_id)
            return present.subscribed_text(added, account_id, call.context())

        await self.answer(interaction, work, private=True)

    @app_commands.command(name="unsubscribe", description=text("command.unsubscribe"))
    @options(account="own_account")
    async def unsubscribe(self, interaction: Interaction, account: str | None = None) -> None:
        """``/unsubscribe [account]``."""

        def work(call: Call) -> str:
            account_id = call.account(account)
            removed = call.cases.unsubscribe(call.actor, account_id=account_id)
            return present.unsubscribed_text(removed, account_id, call.context())

        await self.answer(interaction, work, private=True)


__all__ = ["JOURNAL_DEFAULT", "AccountsCog"]
