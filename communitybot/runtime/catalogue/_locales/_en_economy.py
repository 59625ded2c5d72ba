"""English texts of the economies (the Discord bot): accounts, money, taxes, notes, permissions."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    # --- shared pieces ---
    "economy.more": "… and {count} more",
    "economy.code": "<code>{text}</code>",
    "economy.or": " or ",
    "economy.account_number": "account #{id}",
    "economy.member_number": "member {id}",
    "economy.issuance_account": "the issuance account",
    "economy.api_key": "API key #{id}",
    "economy.scope.account": "on {account}",
    "economy.scope.economy": "in this economy",
    "economy.scope.everywhere": "everywhere",
    "economy.account_type.USER": "user",
    "economy.account_type.GOVERNMENT": "government",
    "economy.account_type.CORPORATION": "corporation",
    "economy.account_type.CHARITY": "charity",
    "economy.account_type.FINANCIAL": "financial",
    "economy.note_state.OUTSTANDING": "outstanding",
    "economy.note_state.REDEEMED": "redeemed",
    "economy.note_state.CANCELLED": "cancelled",
    "economy.note_state.EXPIRED": "expired",
    "economy.recurring_status.ACTIVE": "active",
    "economy.recurring_status.FINISHED": "finished",
    "economy.recurring_status.CANCELLED": "cancelled",
    # --- accounts ---
    "economy.balance": "{account}: <b>{balance}</b>",
    "economy.balance.limit": " (may go down to {limit})",
    "economy.balance.closed": " (closed)",
    "economy.accounts.none": (
        "You see no accounts in this economy yet: open one with <code>/open-account</code>."
    ),
    "economy.accounts.title": "<b>Accounts</b> ({count})",
    "economy.accounts.line": "• {account} · {type} · {balance}",
    "economy.opened.own": "{member} opened an account.",
    "economy.opened.for": "Opened an account for {member}.",
    "economy.opened.named": "Opened the {type} account {account}.",
    "economy.opened.named_for": "Opened the {type} account {account} for {member}.",
    "economy.subscribed": (
        "You will get a direct message whenever the balance of {account} changes."
    ),
    "economy.subscribed.already": "You follow {account} already.",
    "economy.unsubscribed": "Stopped following {account}.",
    "economy.unsubscribed.not": "You did not follow {account}.",
    "economy.private_answers.on": (
        "From now on only you see the bot's answers to your commands in this economy. "
        "<code>/private-answers on:False</code> shows your actions in the channel again."
    ),
    "economy.private_answers.off": (
        "From now on the bot answers your actions in this economy in the channel "
        "(balances, journals and lists stay private)."
    ),
    # --- money ---
    "economy.transfer": "{payer} paid <b>{amount}</b> to {payee}.",
    "economy.transfer.vat": " VAT {vat} on top: {total} in all.",
    "economy.printed": "Printed <b>{amount}</b> into {account}.",
    "economy.removed": "Removed <b>{amount}</b> from {account}.",
    "economy.journal.title": "<b>Transactions of {account}</b> (newest first)",
    "economy.journal.none": "{account} has no transactions yet.",
    "economy.journal.line": (
        "<code>#{id}</code> {when} <b>{amount}</b> {direction} {other} · {kind}"
    ),
    "economy.entry.TRANSFER": "transfer",
    "economy.entry.MINT": "printed",
    "economy.entry.BURN": "removed",
    "economy.entry.TAX": "tax",
    "economy.entry.tax": "tax ({type})",
    "economy.entry.recurring": "{kind}, recurring #{id}",
    "economy.transaction_type.PERSONAL": "personal",
    "economy.transaction_type.INCOME": "income",
    "economy.transaction_type.PURCHASE": "purchase",
    "economy.tax_type.WEALTH_MARGINAL": "wealth_marginal",
    "economy.tax_type.WEALTH_FLAT": "wealth_flat",
    "economy.tax_type.INCOME": "income",
    "economy.tax_type.VAT": "vat",
    # --- taxes ---
    "economy.brackets.none": "This economy has no tax brackets.",
    "economy.brackets.title": "<b>Tax brackets</b>",
    "economy.bracket.line": (
        "• <b>{name}</b>: {tax_type} on {affected} accounts, {start} {end}, {rate} to {collector}"
    ),
    "economy.bracket.open_end": "and above",
    "economy.bracket.end": "to {end}",
    "economy.bracket.created": "Created the tax bracket\n{line}",
    "economy.bracket.deleted": "Deleted the tax bracket “{name}”.",
    "economy.tax_preview.nothing": "A tax cycle for {period} would collect nothing now.",
    "economy.tax_preview.total": (
        "A tax cycle for <b>{period}</b> would collect <b>{total}</b> from {payers} account(s):"
    ),
    "economy.tax_preview.line": "• {account} receives {amount}",
    "economy.tax_preview.run": "Run it with <code>/tax-run period:{period} confirm:True</code>.",
    "economy.tax_cycle": (
        "Tax cycle <b>{period}</b>: collected <b>{collected}</b> in {payments} payment(s) ({when})."
    ),
    # --- recurring transfers ---
    "economy.recurring.line": (
        "<code>#{id}</code> {amount} every {days} day(s) {times} from {payer} to {payee} "
        "· {progress}{status}"
    ),
    "economy.recurring.until_cancelled": "until cancelled",
    "economy.recurring.times": "{count} times",
    "economy.recurring.paid": "{count} paid",
    "economy.recurring.failed": ", {count} failed",
    "economy.recurring.status": " · {status}",
    "economy.recurring.none": "{account} has no recurring transfers.",
    "economy.recurring.title": "<b>Recurring transfers of {account}</b>",
    "economy.recurring.created": (
        "Set up the recurring transfer\n{line}\nThe first payment is due one interval from now."
    ),
    "economy.recurring.cancelled": "Cancelled the recurring transfer <code>#{id}</code>.",
    "economy.recurring.over": "The recurring transfer <code>#{id}</code> is {status}.",
    # --- permissions ---
    "economy.permissions.granted": "Granted {names} to {subject} {scope}.",
    "economy.permissions.denied": "Denied {names} to {subject} {scope}.",
    "economy.permissions.reset": (
        "Reset {names} for {subject} {scope}: the defaults decide again{removed}."
    ),
    "economy.permissions.removed": " ({count} rule(s) removed)",
    "economy.rules.none": "No rules about {subject}: the defaults decide.",
    "economy.rules.title": "<b>Rules about {subject}</b>",
    "economy.rules.line": "• <code>{permission}</code> {verdict} {scope}",
    "economy.rules.granted": "granted",
    "economy.rules.denied": "denied",
    # --- economies, currencies, exchanges ---
    "economy.name": "<b>{name}</b> (unit {unit})",
    "economy.created": (
        "Created the economy {economy} for this server. "
        "Members open their accounts with <code>/open-account</code>."
    ),
    "economy.registered": "This server now uses the economy {economy}.",
    "economy.unregistered": "This server left the economy {economy}.",
    "economy.info": "This server uses the economy {economy}.",
    "economy.currencies.none": "No currencies are usable in this server yet.",
    "economy.currencies.title": "<b>Currencies here</b>",
    "economy.currencies.line": "• {economy}",
    "economy.currencies.home": "• {economy} · this server's economy",
    "economy.leaderboard.none": "Nobody holds any money yet.",
    "economy.leaderboard.title": "<b>Leaderboard</b> (valued in {currency})",
    "economy.leaderboard.line": "{rank}. {member} · {value}",
    "economy.exchanged": (
        "Exchanged <b>{spent}</b> from {payer} for <b>{got}</b> into {payee} "
        "(rate {numerator}/{denominator})."
    ),
    # --- bank notes ---
    "economy.note.expires": ", expires {when}",
    "economy.note.issued": "Bank note <b>#{id}</b> of <b>{amount}</b> from {account}{expiry}.",
    "economy.note.code": (
        "{note} Its code, shown only now: only {recipient} can redeem it, once, with "
        "<code>/note redeem</code>; send it to them:\n<code>{code}</code>"
    ),
    "economy.note.code_shown": (
        "{note} It was issued before and its code is shown only once; if it is lost, take the "
        "money back with <code>/note cancel number:{id}</code>."
    ),
    "economy.note.redeemed": "Redeemed bank note #{id}: <b>{amount}</b> ({currency}){target}.",
    "economy.note.into": " into {account}",
    "economy.note.cancelled": "Cancelled bank note #{id}: {amount} went back to {account}.",
    "economy.notes.none": "{account} issued no bank notes.",
    "economy.notes.title": "<b>Bank notes of {account}</b>",
    "economy.notes.line": "<code>#{id}</code> {amount} · {state}{expiry}",
    # --- notifications (direct messages) ---
    "economy.notify.balance": "{account}{currency}: <b>{amount}</b> ({detail})",
    "economy.notify.currency": " ({name})",
    "economy.notify.recurring": "your recurring transfer #{id} from {account}{currency}",
    "economy.notify.failed": "Payment {instalment} of {what} failed: {why}.",
    "economy.notify.failed_detail": "A payment of {what} failed: {detail}",
    "economy.detail.payment": "payment",
    "economy.detail.exchange_reversed": "exchange reversed",
    "economy.detail.recurring": "recurring transfer #{id}",
    "economy.detail.tax_cycle": "tax cycle",
    # --- the Discord adapter ---
    "discord.guild_only": "Economy commands work in a server, not in direct messages.",
    "discord.no_economy": (
        "This server has no economy yet. An administrator starts one with "
        "<code>/economy create</code> or joins one with <code>/economy register</code>."
    ),
    "discord.no_account.own": (
        "You have no account in this economy yet: open one with <code>/open-account</code>."
    ),
    "discord.no_account.other": "{member} has no account in this economy.",
    "discord.no_account_in.own": "You have no account in “{currency}”.",
    "discord.no_account_in.other": "{member} has no account in “{currency}”.",
    "discord.unknown_account": "There is no open account called “{name}” in this economy.",
    "discord.unknown_currency": "There is no economy with the currency “{ref}”.",
    "discord.choose_one": "Name exactly one of {options}.",
    "discord.name_required": "A {type} account needs a <code>name</code>.",
    "discord.invalid_rate": (
        "“{text}” is not a rate: write a percentage from 0 to 100 with at most two decimals, "
        "e.g. <code>10</code> or <code>2.5</code>."
    ),
    "discord.not_a_member": "That is not a member of this server.",
    "discord.bad_option": "One of the options could not be read; please check it.",
    "discord.command_changed": "This command has just changed; please try again in a minute.",
    "discord.check_failed": "You cannot use this command here.",
    # --- descriptions of the slash commands and their options (plain text, 100 characters) ---
    "discord.command.balance": "Your balance, or an account's",
    "discord.command.accounts": "The accounts you may see, with balances",
    "discord.command.transactions": "The latest transactions of an account",
    "discord.command.open-account": "Open an account in this economy",
    "discord.command.subscribe": "Get a direct message when a balance moves",
    "discord.command.unsubscribe": "Stop the direct messages of a balance",
    "discord.command.pay": "Pay a member",
    "discord.command.pay-account": "Pay an account (a shop, a charity...)",
    "discord.command.print": "Print money into an account (MANAGE_FUNDS)",
    "discord.command.remove": "Remove money from an account (MANAGE_FUNDS)",
    "discord.command.tax-brackets": "The tax brackets of this economy",
    "discord.command.tax-bracket": "Create or delete tax brackets (MANAGE_TAX_BRACKETS)",
    "discord.command.tax-bracket.create": "Create a tax bracket",
    "discord.command.tax-bracket.delete": "Delete a tax bracket",
    "discord.command.tax-run": "Preview a tax cycle, or run it with confirm (once a period)",
    "discord.command.recurring": "Recurring transfers",
    "discord.command.recurring.create": "Pay an amount every few days",
    "discord.command.recurring.list": "Recurring transfers from or to an account",
    "discord.command.recurring.cancel": "Stop a recurring transfer",
    "discord.command.permissions": "Grant, deny or reset permissions (MANAGE_PERMISSIONS)",
    "discord.command.permissions.grant": "Allow a member or role something",
    "discord.command.permissions.deny": "Forbid a member or role something",
    "discord.command.permissions.reset": "Remove a rule: the defaults decide again",
    "discord.command.permissions.list": "The rules about a member or role",
    "discord.command.private-answers": "Only you see the answers to your actions (or not)",
    "discord.command.note": "One-time bank notes: whoever has the code redeems them once",
    "discord.command.note.issue": "Put money into a bank note and get its code",
    "discord.command.note.redeem": "Redeem a bank note by its code",
    "discord.command.note.cancel": "Take back an outstanding bank note",
    "discord.command.note.list": "The bank notes an account issued",
    "discord.command.currencies": "The currencies usable in this server",
    "discord.command.exchange": "Exchange money into another currency of this group",
    "discord.command.leaderboard": "The members with the most money in this economy (or its group)",
    "discord.command.economy": "This server's economy",
    "discord.command.economy.create": "Create an economy owned by this server",
    "discord.command.economy.register": "Join this server to an economy",
    "discord.command.economy.unregister": "Leave this server's economy",
    "discord.command.economy.info": "Which economy this server uses",
    "discord.option.own_account": "an account name (default: your own account)",
    "discord.option.count": "how many (1 to 25, default 10)",
    "discord.option.new_name": "the account's name (default for your own account: your mention)",
    "discord.option.account_type": "USER (default), GOVERNMENT, CORPORATION, CHARITY or FINANCIAL",
    "discord.option.owner": "open it for another member (needs OPEN_SPECIAL_ACCOUNT)",
    "discord.option.payee": "who gets the money",
    "discord.option.amount": "e.g. 5, 5.50 or 12,5",
    "discord.option.purchase": "e.g. 5, 5.50 or 12,5 (a purchase adds VAT on top)",
    "discord.option.pay_from": "pay from this account (default: your own)",
    "discord.option.account_name": "the account's name",
    "discord.option.funds": "e.g. 100",
    "discord.option.member_account": "a member's account",
    "discord.option.or_account_name": "or an account's name",
    "discord.option.bracket": "the bracket's name",
    "discord.option.affected_type": "which accounts pay it",
    "discord.option.tax_type": "WEALTH_MARGINAL, WEALTH_FLAT, INCOME or VAT",
    "discord.option.rate": "percent, e.g. 10 or 2.5",
    "discord.option.collector": "the account that receives it",
    "discord.option.start": "where it starts (default 0)",
    "discord.option.end": "where it ends (default: no end)",
    "discord.option.period": "the period taxed, e.g. 2026-03 (each period is taxed once)",
    "discord.option.confirm": "True runs the cycle; without it you see what it would collect",
    "discord.option.instalment": "each payment, e.g. 10",
    "discord.option.interval_days": "days between payments",
    "discord.option.pay_member": "pay this member",
    "discord.option.or_account": "or this account",
    "discord.option.payments": "how many payments (default: until cancelled)",
    "discord.option.recurring_number": "the transfer's number (see /recurring list)",
    "discord.option.rule_who": "a member or a role (@everyone for everybody)",
    "discord.option.allow": "what they may do",
    "discord.option.forbid": "what they may not do",
    "discord.option.rule_account": "only on this account (default: the whole economy)",
    "discord.option.rule_everywhere": "in every economy (a global rule)",
    "discord.option.reset_who": "a member or a role",
    "discord.option.reset_permission": "the permission whose rule goes",
    "discord.option.reset_account": "the rule on this account (default: the economy's rule)",
    "discord.option.reset_everywhere": "the global rule",
    "discord.option.list_who": "a member or a role (default: you)",
    "discord.option.private": (
        "True: answers to your actions only to you; False: in the channel, as by default"
    ),
    "discord.option.note_value": "the note's value, e.g. 20",
    "discord.option.note_from": "draw it from this account (default: your own)",
    "discord.option.expires_in_days": (
        "give the money back to you after this many days (default: never)"
    ),
    "discord.option.code": "the note's code (eyJ...)",
    "discord.option.note_to": "into this account of the note's currency (default: your own)",
    "discord.option.note_number": "the note's number",
    "discord.option.exchange_amount": "how much of this server's currency",
    "discord.option.to_currency": "the currency's name",
    "discord.option.exchange_from": "from this account (default: your own)",
    "discord.option.exchange_to": "into this account of yours in that currency (default: your own)",
    "discord.option.places": "how many places (1 to 25, default 5)",
    "discord.option.currency_name": "the currency's name, e.g. credits",
    "discord.option.currency_unit": "its unit, e.g. cr",
    "discord.option.economy_name": "the economy's currency name",
}
