"""English texts of the Discord commands added for every capability (issue 11): account
changes, groups, currencies, exchange rates, the wallet, expense categories and lines of credit,
minting by reaction, notification embeds."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    # --- accounts ---
    "economy.account.renamed": "Renamed {old} to {account}.",
    "economy.account.handed_over": "{account} now belongs to {member}.",
    "economy.account.closed": "Closed {account}.",
    "economy.account.limited": "{account} may now go down to {limit}.",
    "economy.deleted": (
        "Deleted the economy {economy}: its accounts are closed and no server uses it any more."
    ),
    # --- the wallet ---
    "economy.wallet.none": "No currency is usable in this server yet.",
    "economy.wallet.title": "<b>Your wallet</b>",
    "economy.wallet.line": "• {currency}: <b>{balance}</b>",
    "economy.wallet.no_account": "• {currency}: no account yet",
    # --- groups and currencies ---
    "economy.group.label": "<b>{name}</b> ({kind})",
    "economy.group_kind.GLOBAL": "global",
    "economy.group_kind.LOCAL": "local",
    "economy.group_kind.SINGLE": "one server",
    "economy.group.created": "Created the economy group {group}.",
    "economy.group.joined": "This server joined {group}: its currencies are usable here.",
    "economy.group.left": "This server left {group}.",
    "economy.groups.none": "There are no economy groups yet.",
    "economy.groups.title": "<b>Economy groups</b>",
    "economy.groups.line": "• {group}: {currencies}",
    "economy.groups.joined": "• {group}: {currencies} · joined by this server",
    "economy.currency.added": "{currency} is now a currency of {group}.",
    "economy.currency.primary": "{currency} is now the primary currency of {group}.",
    "economy.currency.removed": "{currency} is no longer a currency of {group}.",
    # --- exchange rates ---
    "economy.rate.set": "Rate set: 1 {source} buys {numerator}/{denominator} {target}.",
    "economy.rate.removed": "Removed the rate from {source} to {target}.",
    "economy.rates.none": "{group} has no exchange rates yet.",
    "economy.rates.title": "<b>Exchange rates</b> of {group}",
    "economy.rates.line": "• 1 {source} → {numerator}/{denominator} {target}",
    # --- expense categories and lines of credit ---
    "economy.categories.none": "This economy has no expense categories yet.",
    "economy.categories.title": "<b>Expense categories</b>",
    "economy.categories.line": "• <code>{code}</code> {name}",
    "economy.category.created": "Created the expense category <code>{code}</code> ({name}).",
    "economy.credit.line": (
        "<code>#{id}</code> <b>{name}</b> · {holder} on {account} · {left} of {limit} left "
        "{period} · {state}"
    ),
    "economy.credit_period.TOTAL": "in total",
    "economy.credit_period.DAY": "today",
    "economy.credit_period.WEEK": "this week",
    "economy.credit_period.MONTH": "this month",
    "economy.credit_period.YEAR": "this year",
    "economy.credit.open": "open",
    "economy.credit.terminated": "terminated",
    "economy.credit.opened": "Opened a line of credit: {line}",
    "economy.credit.limited": "Changed the limit: {line}",
    "economy.credit.reset": "Reset what was spent: {line}",
    "economy.credit.closed": "Terminated a line of credit: {line}",
    "economy.credit.none": "No lines of credit.",
    "economy.credit.title": "<b>Lines of credit</b>",
    "economy.credit.paid": (
        "{member} paid <b>{amount}</b> from {payer} to {payee} under their lines of credit."
    ),
    # --- minting by reaction, notification embeds ---
    "economy.detail.reaction_mint": "minted by a reaction",
    "economy.notify.title.balance": "Balance changed",
    "economy.notify.title.failed": "A recurring transfer failed",
    # --- refusals ---
    "error.permission.MINT_BY_REACTION": "mint by reacting to messages",
    "error.reaction_mint_cap": (
        "You minted {minted} by reaction today; {amount} more would pass the daily cap of {cap}."
    ),
    "error.own_message_reaction": "Nobody mints to themselves by reacting to their own message.",
    "error.member_list_unavailable": (
        "Discord does not give this bot the list of the server's members (the application "
        "needs the server members intent), so the leaderboard cannot be limited to them."
    ),
    "error.confirmation_mismatch": "To confirm, type “{expected}” exactly.",
    "error.reason.server_in_no_group": "this server's economy is in no group, so name one",
    # --- descriptions of the new slash commands and their options ---
    "discord.command.account": "Rename, hand over, close an account or set its limit",
    "discord.command.account.rename": "Rename an account (not a member's own)",
    "discord.command.account.hand-over": "Give an account (not a member's own) to another member",
    "discord.command.account.close": "Close an empty account",
    "discord.command.account.limit": "How low an account may go (negative: credit; MANAGE_FUNDS)",
    "discord.command.wallet": "Your balance in every currency usable in this server",
    "discord.command.currency": "The currencies of an economy group",
    "discord.command.currency.add": "Make an economy a currency of a group",
    "discord.command.currency.primary": "Make a currency the group's primary (default) one",
    "discord.command.currency.remove": "Take a currency out of its group",
    "discord.command.rate": "Exchange rates between the currencies of a group",
    "discord.command.rate.set": "Set the rate of one direction (MANAGE_ECONOMIES in both)",
    "discord.command.rate.remove": "Remove the rate of one direction",
    "discord.command.rate.list": "The exchange rates of a group",
    "discord.command.economy.delete": "Delete this server's economy once every account is empty",
    "discord.command.group": "Economy groups: global, local, or one server's own",
    "discord.command.group.create": "Create the global group, a local group or this server's own",
    "discord.command.group.join": "This server uses the currencies of a group",
    "discord.command.group.leave": "This server stops using a group's currencies",
    "discord.command.group.list": "Every economy group and its currencies",
    "discord.command.category": "Expense categories (for lines of credit)",
    "discord.command.category.create": "Create an expense category (MANAGE_ECONOMIES)",
    "discord.command.category.list": "The expense categories of this economy",
    "discord.command.credit": "Lines of credit: spending from an account within a limit",
    "discord.command.credit.open": "Let a member spend from an account in one category",
    "discord.command.credit.limit": "Change the limit of a line of credit",
    "discord.command.credit.reset": "Set what a line of credit spent this period",
    "discord.command.credit.close": "Terminate a line of credit",
    "discord.command.credit.list": "The lines of credit you hold, or those on an account",
    "discord.command.credit.pay": "Pay from an account under your lines of credit",
    "discord.option.renamed": "the new name",
    "discord.option.new_owner": "the member who gets the account",
    "discord.option.min_balance": "the lowest balance, e.g. 0 or -50 (a line of credit)",
    "discord.option.pay_currency": "in this currency (default: the server's primary currency)",
    "discord.option.valued_in": "value everything in this currency (default: the primary one)",
    "discord.option.group_name": "the group's name (default: the group of this server)",
    "discord.option.from_currency": "the currency sold",
    "discord.option.numerator": "units of the bought currency ...",
    "discord.option.denominator": "... per this many units of the sold one (default 1)",
    "discord.option.confirm_currency": "type the economy's currency name to confirm",
    "discord.option.kind": "GLOBAL, LOCAL or SINGLE (this server's own)",
    "discord.option.group_new_name": "the group's name",
    "discord.option.category_new_code": "a short code for machines, e.g. food",
    "discord.option.description": "what it covers",
    "discord.option.category_name": "the category's name, e.g. Food and drink",
    "discord.option.credit_account": "the account the money comes from",
    "discord.option.credit_holder": "the member who may spend",
    "discord.option.category_code": "the expense category's code",
    "discord.option.credit_name": "a name for the line",
    "discord.option.credit_limit": "the most per period, e.g. 50",
    "discord.option.credit_period": "TOTAL, DAY, WEEK, MONTH (default) or YEAR",
    "discord.option.line_number": "the line's number (see /credit list)",
    "discord.option.credit_expensed": "spent so far this period (default 0)",
    "discord.option.credit_list_account": "the lines on this account (default: the ones you hold)",
    "discord.option.category_codes": "the payment's category codes, separated by commas",
}
