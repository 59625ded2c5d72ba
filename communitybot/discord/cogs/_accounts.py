"""Accounts: ``/balance``, ``/accounts``, ``/transactions``, ``/open-account``, ``/subscribe``
and ``/unsubscribe``."""

from __future__ import annotations

import discord
from discord import app_commands

from communitybot.core.economy import AccountType
from communitybot.core.errors import AccountNameRequired
from communitybot.core.ids import MemberId
from communitybot.discord._call import Call, mention_name
from communitybot.discord._cog import EconomyCog, Interaction
from communitybot.discord._present import (
    accounts_text,
    balance_text,
    journal_text,
    opened_text,
    subscribed_text,
    unsubscribed_text,
)

JOURNAL_DEFAULT = 10
"""Journal legs ``/transactions`` shows when no count is given."""


class AccountsCog(EconomyCog):
    """Reading accounts, opening them, following their balance."""

    @app_commands.command(name="balance", description="Your balance, or an account's")
    @app_commands.describe(account="an account name (default: your own account)")
    async def balance(self, interaction: Interaction, account: str | None = None) -> None:
        """``/balance [account]``."""

        def work(call: Call) -> str:
            found = call.cases.get_account(call.actor, account_id=call.account(account))
            call.learn(found)
            return balance_text(found, call.context())

        await self.answer(interaction, work, private=True)

    @app_commands.command(name="accounts", description="The accounts you may see, with balances")
    async def accounts(self, interaction: Interaction) -> None:
        """``/accounts``."""

        def work(call: Call) -> str:
            found = call.cases.authable_accounts(call.actor, economy_id=call.economy.id)
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
            entries = call.cases.journal(call.actor, account_id=account_id, limit=count)
            call.learn_visible()
            return journal_text(entries, account_id, call.context())

        await self.answer(interaction, work, private=True)

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
            opened = call.cases.open_account(
                call.actor,
                economy_id=call.economy.id,
                name=name,
                account_type=account_type,
                owner_id=None if owner_id is None else MemberId(owner_id),
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
            added = call.cases.subscribe(call.actor, account_id=account_id)
            return subscribed_text(added, account_id, call.context())

        await self.answer(interaction, work, private=True)

    @app_commands.command(name="unsubscribe", description="Stop the direct messages of a balance")
    @app_commands.describe(account="an account name (default: your own account)")
    async def unsubscribe(self, interaction: Interaction, account: str | None = None) -> None:
        """``/unsubscribe [account]``."""

        def work(call: Call) -> str:
            account_id = call.account(account)
            removed = call.cases.unsubscribe(call.actor, account_id=account_id)
            return unsubscribed_text(removed, account_id, call.context())

        await self.answer(interaction, work, private=True)


__all__ = ["JOURNAL_DEFAULT", "AccountsCog"]
