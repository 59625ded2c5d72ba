"""English texts of the refusals: one or more keys per domain error class."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    "error.person.someone": "this person",
    "error.invalid_amount": "“{text}” is not an amount: {why}. Accepted: {accepted}.",
    "error.invalid_amount.empty": "it is empty",
    "error.invalid_amount.too_long": "it is too long",
    "error.invalid_amount.negative": "it is negative",
    "error.invalid_amount.sign": "it has a sign",
    "error.invalid_amount.exponent": "exponents are not allowed",
    "error.invalid_amount.not_a_number": "it is not a number",
    "error.invalid_amount.foreign_digits": "please write it with the digits 0-9",
    "error.invalid_amount.too_many_decimals": "it has more than two decimals",
    "error.invalid_amount.zero": "it is zero",
    "error.invalid_amount.too_large": "it is far too large",
    "error.invalid_amount.other": "it cannot be read",
    "amount.accepted.economy": "5, 5.5 or 5,50 (at most two decimals, more than zero)",
    "error.not_found": "There is no {kind} “{ref}”.",
    "error.not_found.number": "There is no {kind} #{ref}.",
    "error.not_found.guild": "This server is not registered to an economy.",
    "error.configuration": "The bot is not set up completely ({problem}). Please tell an admin.",
    "error.unknown_user": "I don't know {ref}. They have to send /start to me first.",
    "error.unknown_user.self": "I don't know you yet. Please send /start first.",
    "error.ambiguous_username": (
        "More than one person is called @{username}; reply to their message instead."
    ),
    "error.inactive_user.self": (
        "Your account is deactivated: you can read, but not change anything."
    ),
    "error.inactive_user.other": "{name} is deactivated and cannot take part.",
    "error.external_not_allowed.unvouched": (
        "As an external guest without a voucher you may only read. Ask a member to vouch for you."
    ),
    "error.external_not_allowed.vouched": "External guests cannot {action}.",
    "error.external_not_allowed.other": "{name} is an external guest and cannot {action}.",
    "error.no_vote_permission": "You don't have the permission to vote on payment requests.",
    "error.community_user_not_allowed": "The community account cannot {action}.",
    "error.action_denied.self": (
        "You may not {action}; the treasurers or the administrator decide who may."
    ),
    "error.action_denied.other": "{name} may not {action}.",
    "error.self_transfer": "You cannot send money to yourself.",
    "error.amount_not_positive": "The amount must be more than zero.",
    "error.amount_too_large": "{amount} is more than the maximum of {maximum} per operation.",
    "error.debt_limit.self": (
        "You cannot pay {amount}: your balance of {balance} may not go below {limit}."
    ),
    "error.debt_limit.other": (
        "{name} cannot pay {amount}: their balance of {balance} may not go below {limit}."
    ),
    "error.balance_out_of_range.self": "That would take your balance out of the possible range.",
    "error.balance_out_of_range.other": (
        "That would take the balance of {name} out of the possible range."
    ),
    "error.unknown_collective": "There is no payment request or communism #{ref}.",
    "error.collective_closed": "#{id} is already closed.",
    "error.wrong_collective_kind.payment": "#{id} is not a payment request.",
    "error.wrong_collective_kind.communism": "#{id} is not a communism.",
    "error.not_collective_creator": "Only the creator of #{id} can do this.",
    "error.creator_cannot_vote": "You cannot vote on your own payment request.",
    "error.already_voted.approve": "You already approved #{id}.",
    "error.already_voted.disapprove": "You already disapproved #{id}.",
    "error.already_participant": "You already take part in #{id}.",
    "error.not_participant": "You don't take part in #{id}.",
    "error.creator_cannot_leave": "As the creator you cannot leave #{id}; cancel it instead.",
    "error.externals_out_of_range.none": "#{id} counts no externals, so there is none to remove.",
    "error.externals_out_of_range.many": "#{id} cannot count any more externals.",
    "error.too_many_open_collectives": (
        "You already have {open} open payment request or communism; at most {limit} at a time."
    ),
    "error.settlement_refused": "#{id} cannot be settled yet: {problems}",
    "error.missing_description": "Please add a description.",
    "error.unknown_consumable": "There is nothing called “{name}”. Available: {known}.",
    "error.consume_count_out_of_range": "You can take 1 to {maximum} at once, not {count}.",
    "error.invalid_number": "“{text}” is not a whole number.",
    "error.invalid_number.foreign_digits": (
        "“{text}” is not a number I can read: please write it with the digits 0-9."
    ),
    "error.not_external": "{name} is a member; only external guests need a voucher.",
    "error.already_external": "{name} is already an external guest.",
    "error.already_vouched.self": "You already vouch for {name}.",
    "error.already_vouched.other": "{voucher} already vouches for {name}.",
    "error.not_vouching": "You don't vouch for {name}.",
    "error.too_many_vouchees": "You already vouch for {limit} guests, the maximum.",
    "error.still_vouching": "{name} still vouches for {vouchees} guests; that has to end first.",
    "error.idempotency_conflict": (
        "This request was already used for something else; please send it again."
    ),
    "error.generic": "That cannot be done. If you think it should work, please tell an admin.",
    "error.person.you": "you",
    "error.action.send": "send money",
    "error.action.receive": "receive money",
    "error.action.vote": "vote",
    "error.action.request_payment": "request payments",
    "error.action.start_communism": "start communisms",
    "error.action.join_communism": "join communisms",
    "error.action.consume": "consume",
    "error.action.vouch": "vouch for others",
    "error.action.be_vouched": "be vouched for",
    "error.action.make_internal": "be made a member",
    "error.action.make_external": "be made an external guest",
    "error.action.activate": "be activated",
    "error.action.deactivate": "be deactivated",
    "error.action.grant_vote": "grant or revoke the vote",
    "error.action.activate_members": "activate or deactivate members",
    "error.action.set_membership": "make people members or external guests",
    "error.action.close_collective": "close other people's payment requests and communisms",
    "error.action.hold_role": "hold a role",
    "error.action.other": "do this",
    "error.cannot_accept_history.code": (
        "Only findings about history older software could write can be accepted, not {code}."
    ),
    "error.cannot_accept_history.future": (
        "The cut-off {cutoff} is not in the past; only history can be accepted."
    ),
    "error.cannot_accept_history.nothing": (
        "No finding {code} that is not accepted yet lies before {cutoff}; nothing was recorded."
    ),
    "error.outcome_unknown": (
        "I don't know yet whether that went through: the database stopped answering while it "
        "was being saved. It has not failed, it may well have worked. Look at "
        "<code>/balance</code> in a minute before you try again: a new command would count again."
    ),
    "cli.outcome_unknown": (
        "The outcome is not known yet: the database stopped answering while {operation} was "
        "being saved. It may have happened; running the same command again is safe."
    ),
    "cli.unknown_user": "There is no user {ref}.",
    "kind.account": "account",
    "kind.api_key": "API key",
    "kind.application": "application",
    "kind.bank_note": "bank note",
    "kind.economy": "economy",
    "kind.economy_group": "economy group",
    "kind.exchange": "exchange",
    "kind.expense_category": "expense category",
    "kind.guild": "server",
    "kind.journal_entry": "journal entry",
    "kind.line_of_credit": "line of credit",
    "kind.payment_authorization": "payment authorisation",
    "kind.recurring_transfer": "recurring transfer",
    "kind.tax_bracket": "tax bracket",
    "kind.transaction": "transaction",
    "kind.user": "user",
    # --- economy ---
    "error.not_permitted": (
        "You lack <code>{permission}</code> {where}, which is needed to {what}."
    ),
    "error.not_permitted.global": "globally",
    "error.cannot_delegate": (
        "You do not hold <code>{permission}</code> {where} yourself, so you cannot grant, "
        "deny or reset it there."
    ),
    "error.permission.OPEN_ACCOUNT": "open an account",
    "error.permission.VIEW_BALANCE": "see a balance",
    "error.permission.CLOSE_ACCOUNT": "close or hand over an account",
    "error.permission.TRANSFER_FUNDS": "pay from an account",
    "error.permission.CREATE_RECURRING_TRANSFERS": "set up recurring transfers",
    "error.permission.MANAGE_FUNDS": "print or remove money",
    "error.permission.MANAGE_TAX_BRACKETS": "manage taxes",
    "error.permission.MANAGE_PERMISSIONS": "change permissions",
    "error.permission.MANAGE_ECONOMIES": "manage economies",
    "error.permission.OPEN_SPECIAL_ACCOUNT": "open this kind of account",
    "error.permission.LOGIN_AS_ACCOUNT": "act as an account",
    "error.permission.GOVERNMENT_OFFICIAL": "act for the government",
    "error.permission.USES_EPHEMERAL": "get private answers",
    "error.already_exists": "That {kind} exists already.",
    "error.already_exists.own_account": "You have an account in this economy already.",
    "error.already_exists.owner": "{member} has an account in this economy already.",
    "error.already_exists.account": "An account called “{name}” exists already.",
    "error.already_exists.currency_name": (
        "An economy with the currency name “{value}” exists already."
    ),
    "error.already_exists.currency_unit": (
        "An economy with the currency unit “{value}” exists already."
    ),
    "error.already_exists.guild": "This server belongs to an economy already.",
    "error.already_exists.tax_bracket": "A tax bracket called “{name}” exists already.",
    "error.invalid_name": (
        "“{name}” is not a usable {kind}: use 1 to {maximum} printable characters."
    ),
    "error.name_kind.account": "account name",
    "error.name_kind.currency_name": "currency name",
    "error.name_kind.currency_unit": "currency unit",
    "error.name_kind.tax_bracket": "tax bracket name",
    "error.name_kind.application": "application name",
    "error.amount_out_of_range": "{amount} is out of range: from {minimum} to {maximum}.",
    "error.insufficient_balance": (
        "Not enough money on {account}: it holds {balance}, this needs {needed}, "
        "and it may not go below {limit}."
    ),
    "error.account_balance_out_of_range": "{account} cannot hold that much.",
    "error.account_closed": "{account} is closed.",
    "error.account_not_empty": "{account} still holds {balance}; only empty accounts close.",
    "error.account_in_use": "{account} is still used by {by}.",
    "error.account_in_use.tax_bracket": "{account} is still used by the tax bracket “{name}”.",
    "error.in_use_by.bank_note": "an outstanding bank note",
    "error.in_use_by.exchange": "an exchange",
    "error.account_type_forbids": "{type} accounts cannot {operation}.",
    "error.operation.rename": "be renamed",
    "error.operation.transfer_ownership": "change hands",
    "error.issuance_account_forbidden": (
        "The issuance account moves money only through <code>/print</code> and "
        "<code>/remove</code>."
    ),
    "error.same_account": "An account cannot pay itself.",
    "error.cross_economy": "Those belong to different economies.",
    "error.economy_not_empty": "The economy still has {accounts} accounts holding money.",
    "error.guild_owns_economy": "This server created its economy and cannot leave it.",
    "error.invalid_scope": "That permission cannot be set there: {why}.",
    "error.administrator_exists": "There is an administrator already.",
    "error.invalid_tax_bracket": "Tax bracket “{name}” is not possible: {why}.",
    "error.tax_bracket_rule.name": "its name must be 1 to 64 characters",
    "error.tax_bracket_rule.rate": "the rate must be from 0 to 100 %",
    "error.tax_bracket_rule.start": "the start must be zero or more",
    "error.tax_bracket_rule.end": "the end must be above the start",
    "error.tax_bracket_overlap": (
        "Tax bracket “{name}” overlaps “{other}” (same account type and tax type)."
    ),
    "error.invalid_schedule.interval": "The interval must be 1 to {maximum} days.",
    "error.invalid_schedule.payments": "The number of payments must be 1 to {maximum}.",
    "error.invalid_api_key": "That API key is not valid.",
    "error.api_key_unusable": "API key #{id} cannot act: it is {why}.",
    "error.invalid_key_spec": "That API key cannot be made: {why}.",
    "error.spending_limit_exceeded": "API key #{id} may spend only {left} more.",
    "error.invalid_period": "“{period}” cannot name a tax period: use 1 to {maximum} characters.",
    "error.invalid_group": "That economy group change is not possible: {why}.",
    "error.economy_in_group": "That economy belongs to group #{id} already.",
    "error.not_in_same_group": (
        "Those currencies are not in one group, so they cannot be exchanged."
    ),
    "error.invalid_exchange_rate": "An exchange rate is two whole numbers from 1 to {maximum}.",
    "error.no_exchange_rate": (
        "There is no exchange rate between those currencies in that direction."
    ),
    "error.exchange_too_small": (
        "That amount buys nothing at this rate; exchange at least {minimum}."
    ),
    "error.exchange_account_mismatch": (
        "An exchange moves money between two accounts of the same owner."
    ),
    "error.exchange_reversed": (
        "Exchange #{id} could not be credited ({why}); the money went back."
    ),
    "error.invalid_note_code": "That is not a valid bank note code.",
    "error.note_not_outstanding": "Bank note #{id} was {state} already.",
    "error.note_expired": "Bank note #{id} has expired; its money goes back to the issuer.",
    "error.invalid_note_expiry": "A bank note can only expire in the future.",
    "error.duplicate_expense_category": (
        "An expense category with the {field} “{value}” exists already."
    ),
    "error.category_field.code": "code",
    "error.category_field.name": "name",
    "error.duplicate_line_of_credit": "{account} has such a line of credit already.",
    "error.no_line_of_credit": (
        "{member} has no open line of credit on {account} for “{category}”."
    ),
    "error.credit_limit_exceeded": "That exceeds the line of credit: {left} left this period.",
    "error.payment_not_categorized": "An authorised payment needs an expense category.",
    "error.invalid_line_of_credit": "That line of credit is not possible: {why}.",
    "error.reason.account_outside_economy": "that account is not in this economy",
    "error.reason.account_without_economy": "an account rule needs its economy",
    "error.reason.key_rule_outside_key_economy": "an API key's rules stay in its economy",
    "error.reason.credits_limit": "the limit is out of range",
    "error.reason.expensed_credits": "the amount already spent is out of range",
    "error.reason.deleted": "deleted",
    "error.reason.disabled": "disabled",
    "error.reason.inactive": "not activated",
    "error.reason.terminated": "it was ended already",
    "error.reason.grant_needs_account": "a grant key needs an account",
    "error.reason.grant_needs_spending_limit": "a grant key needs a spending limit",
    "error.reason.master_has_no_account": "a master key has no account",
    "error.reason.spending_limit_range": "the spending limit is out of range",
    "error.reason.guild_not_registered": "the server is not registered to it",
    "error.reason.no_primary_currency": "the group has no primary currency",
    "error.reason.only_single_has_guild": "only a single-server group has a server",
    "error.reason.primary_currency": "that is the group's primary currency",
    "error.reason.same_currency": "that is the same currency",
    "error.reason.single_has_one_guild": "a single-server group has exactly one server",
    "error.reason.single_needs_guild": "a single-server group needs its server",
    "error.failure.InsufficientBalance": "not enough money",
    "error.failure.LacksPermission": "you may no longer pay from that account",
    "error.failure.AccountClosed": "an account is closed",
    "error.failure.BalanceOutOfRange": "the receiving account cannot hold that much",
    "error.failure.ApiKeyUnusable": "its API key cannot act any more",
    "error.failure.SpendingLimitExceeded": "its API key reached its spending limit",
    "error.failure.other": "it was refused",
}
