"""One table from refusals to short texts for people, made from each error's data.

The domain errors come from :mod:`communitybot.core.errors` (the generic and the economy
sections); a few refusals belong to the adapter itself (a command used outside a server, a server
without an economy, a member without an account) and are declared here, carrying data the same
way. Account ids in errors are shown by the labels the handler learnt while resolving them
(:class:`ErrorContext`); amounts in the economy's currency unit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from communitybot.core import errors as e
from communitybot.core.economy import MAX_INTERVAL_DAYS, MAX_PAYMENTS
from communitybot.core.money import format_cents

E = TypeVar("E", bound=e.DomainError)


# --- the adapter's own refusals ---------------------------------------------------------------


@dataclass(eq=False, kw_only=True)
class GuildOnly(e.DomainError):
    """A command reached the bot outside a server (economies belong to servers)."""


@dataclass(eq=False, kw_only=True)
class NoGuildEconomy(e.DomainError):
    """Server ``guild_id`` is registered to no economy."""

    guild_id: int


@dataclass(eq=False, kw_only=True)
class NoUserAccount(e.DomainError):
    """Member ``member_id`` has no open USER account in the economy (``currency``: another
    economy than the server's, by its currency name)."""

    member_id: int
    currency: str | None = None


@dataclass(eq=False, kw_only=True)
class UnknownAccountName(e.DomainError):
    """No open account of the server's economy is called ``name``."""

    name: str


@dataclass(eq=False, kw_only=True)
class UnknownCurrency(e.DomainError):
    """No live economy has the currency name ``name``."""

    name: str


@dataclass(eq=False, kw_only=True)
class ChooseOneTarget(e.DomainError):
    """Exactly one of the command's ``options`` must name where the money goes."""

    options: tuple[str, ...]


@dataclass(eq=False, kw_only=True)
class AccountNameRequired(e.DomainError):
    """Accounts of ``account_type`` need a name (only USER accounts default to a mention)."""

    account_type: str


@dataclass(eq=False, kw_only=True)
class InvalidRate(e.DomainError):
    """``text`` is not a percentage with at most two decimals (``"2.5"``, ``"10 %"``)."""

    text: str


# --- context ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ErrorContext:
    """What a message needs beyond the error: who acts, the currency, labels of accounts."""

    actor_id: int | None = None
    unit: str = ""
    names: Mapping[int, str] = field(default_factory=dict)

    def account(self, account_id: int) -> str:
        """The label of an account the handler resolved, else its number."""
        return self.names.get(account_id) or f"account #{account_id}"

    def money(self, cents: int) -> str:
        """An amount in the economy's unit (plain number when the economy is unknown)."""
        return format_cents(cents, self.unit)


def quote(text: str, limit: int = 64) -> str:
    """Text a person typed, shortened and quoted, with Discord markdown and mentions defused."""
    cut = text if len(text) <= limit else text[: limit - 1] + "…"
    for char in ("\\", "*", "_", "`", "~", "|", ">", "@", "#"):
        cut = cut.replace(char, "\\" + char)
    return f"“{cut}”"


_Describe = Callable[[Any, ErrorContext], str]
_TABLE: dict[type[e.DomainError], _Describe] = {}


def _entry(cls: type[E]) -> Callable[[Callable[[E, ErrorContext], str]], None]:
    def register(describe: Callable[[E, ErrorContext], str]) -> None:
        _TABLE[cls] = describe

    return register


# --- adapter ---------------------------------------------------------------------------------


@_entry(GuildOnly)
def _guild_only(err: GuildOnly, ctx: ErrorContext) -> str:
    return "Economy commands work in a server, not in direct messages."


@_entry(NoGuildEconomy)
def _no_economy(err: NoGuildEconomy, ctx: ErrorContext) -> str:
    return (
        "This server has no economy yet. An administrator starts one with `/economy create` "
        "or joins one with `/economy register`."
    )


@_entry(NoUserAccount)
def _no_account(err: NoUserAccount, ctx: ErrorContext) -> str:
    if err.currency is not None:
        who = "You have" if err.member_id == ctx.actor_id else f"<@{err.member_id}> has"
        return f"{who} no account in {quote(err.currency)}."
    if err.member_id == ctx.actor_id:
        return "You have no account in this economy yet: open one with `/open-account`."
    return f"<@{err.member_id}> has no account in this economy."


@_entry(UnknownAccountName)
def _unknown_account(err: UnknownAccountName, ctx: ErrorContext) -> str:
    return f"There is no open account called {quote(err.name)} in this economy."


@_entry(UnknownCurrency)
def _unknown_currency(err: UnknownCurrency, ctx: ErrorContext) -> str:
    return f"There is no economy with the currency {quote(err.name)}."


@_entry(ChooseOneTarget)
def _choose_one(err: ChooseOneTarget, ctx: ErrorContext) -> str:
    options = " or ".join(f"`{o}`" for o in err.options)
    return f"Name exactly one of {options}."


@_entry(AccountNameRequired)
def _name_required(err: AccountNameRequired, ctx: ErrorContext) -> str:
    return f"A {err.account_type} account needs a `name`."


@_entry(InvalidRate)
def _invalid_rate(err: InvalidRate, ctx: ErrorContext) -> str:
    return (
        f"{quote(err.text, 24)} is not a rate: write a percentage from 0 to 100 with at most "
        "two decimals, e.g. `10` or `2.5`."
    )


# --- generic ---------------------------------------------------------------------------------

_AMOUNT_REASONS = {
    "empty": "it is empty",
    "too_long": "it is too long",
    "negative": "amounts are positive",
    "sign": "write it without a sign",
    "exponent": "write it without an exponent",
    "not_a_number": "it is not a number",
    "foreign_digits": "write it with the digits 0-9",
    "too_many_decimals": "at most two decimals",
    "zero": "it must be more than zero",
    "too_large": "that is more than one command moves",
}


@_entry(e.InvalidAmount)
def _invalid_amount(err: e.InvalidAmount, ctx: ErrorContext) -> str:
    why = _AMOUNT_REASONS.get(err.reason, "it cannot be read")
    return (
        f"{quote(err.text, 24)} is not an amount: {why}. "
        "Write e.g. `5`, `5.50` or `12,5` (at most 83886.07)."
    )


_KINDS = {
    "account": "account",
    "economy": "economy",
    "guild": "server",
    "recurring_transfer": "recurring transfer",
    "tax_bracket": "tax bracket",
}


@_entry(e.NotFound)
def _not_found(err: e.NotFound, ctx: ErrorContext) -> str:
    kind = _KINDS.get(err.kind, err.kind.replace("_", " "))
    if err.kind == "guild":
        return "This server is not registered to an economy."
    if err.ref.isdigit():
        return f"There is no {kind} #{err.ref}."
    return f"There is no {kind} {quote(err.ref)}."


@_entry(e.ConfigurationError)
def _configuration(err: e.ConfigurationError, ctx: ErrorContext) -> str:
    return "The bot is not set up completely; please tell an administrator."


@_entry(e.IdempotencyKeyConflict)
def _key_conflict(err: e.IdempotencyKeyConflict, ctx: ErrorContext) -> str:
    return "This request was already used for something else; nothing changed."


@_entry(e.OutcomeUnknown)
def _outcome_unknown(err: e.OutcomeUnknown, ctx: ErrorContext) -> str:
    return (
        "I don't know yet whether that went through: the database stopped answering while it "
        "was being saved. It has not failed, it may well have worked. Look at `/balance` in a "
        "minute before you try again: a new command would count again."
    )


# --- economy ---------------------------------------------------------------------------------

_PERMISSION_WORDS = {
    "OPEN_ACCOUNT": "open an account",
    "VIEW_BALANCE": "see a balance",
    "CLOSE_ACCOUNT": "close or hand over an account",
    "TRANSFER_FUNDS": "pay from an account",
    "CREATE_RECURRING_TRANSFERS": "set up recurring transfers",
    "MANAGE_FUNDS": "print or remove money",
    "MANAGE_TAX_BRACKETS": "manage taxes",
    "MANAGE_PERMISSIONS": "change permissions",
    "MANAGE_ECONOMIES": "manage economies",
    "OPEN_SPECIAL_ACCOUNT": "open this kind of account",
    "LOGIN_AS_ACCOUNT": "act as an account",
    "GOVERNMENT_OFFICIAL": "act for the government",
}


def _where(err: e.NotPermitted, ctx: ErrorContext) -> str:
    if err.account_id is not None:
        return f"on {ctx.account(err.account_id)}"
    if err.economy_id is not None:
        return "in this economy"
    return "globally"


@_entry(e.NotPermitted)
def _not_permitted(err: e.NotPermitted, ctx: ErrorContext) -> str:
    what = _PERMISSION_WORDS.get(err.permission, err.permission.replace("_", " ").lower())
    return f"You lack `{err.permission}` {_where(err, ctx)}, which is needed to {what}."


@_entry(e.CannotDelegate)
def _cannot_delegate(err: e.CannotDelegate, ctx: ErrorContext) -> str:
    return (
        f"You do not hold `{err.permission}` {_where(err, ctx)} yourself, so you cannot grant, "
        "deny or reset it there."
    )


@_entry(e.AlreadyExists)
def _already_exists(err: e.AlreadyExists, ctx: ErrorContext) -> str:
    if err.kind == "account" and err.field == "owner_id":
        if ctx.actor_id is not None and err.value == str(ctx.actor_id):
            return "You have an account in this economy already."
        return f"<@{err.value}> has an account in this economy already."
    if err.kind == "account":
        return f"An account called {quote(err.value)} exists already."
    if err.kind == "economy":
        field_name = "currency unit" if err.field == "currency_unit" else "currency name"
        return f"An economy with the {field_name} {quote(err.value)} exists already."
    if err.kind == "guild":
        return "This server belongs to an economy already."
    if err.kind == "tax_bracket":
        return f"A tax bracket called {quote(err.value)} exists already."
    return f"That {err.kind.replace('_', ' ')} exists already."


_NAME_KINDS = {
    "account": "account name",
    "currency_name": "currency name",
    "currency_unit": "currency unit",
    "tax_bracket": "tax bracket name",
    "application": "application name",
}


@_entry(e.InvalidName)
def _invalid_name(err: e.InvalidName, ctx: ErrorContext) -> str:
    kind = _NAME_KINDS.get(err.kind, err.kind.replace("_", " "))
    return (
        f"{quote(err.name, 24)} is not a usable {kind}: "
        f"use 1 to {err.maximum} printable characters."
    )


@_entry(e.AmountOutOfRange)
def _amount_range(err: e.AmountOutOfRange, ctx: ErrorContext) -> str:
    return (
        f"{ctx.money(err.amount)} is out of range: "
        f"from {ctx.money(err.minimum)} to {ctx.money(err.maximum)}."
    )


@_entry(e.InsufficientBalance)
def _insufficient(err: e.InsufficientBalance, ctx: ErrorContext) -> str:
    return (
        f"Not enough money on {ctx.account(err.account_id)}: it holds {ctx.money(err.balance)}, "
        f"this needs {ctx.money(err.needed)}, and it may not go below {ctx.money(err.limit)}."
    )


@_entry(e.AccountBalanceOutOfRange)
def _balance_range(err: e.AccountBalanceOutOfRange, ctx: ErrorContext) -> str:
    return f"{ctx.account(err.account_id)} cannot hold that much."


@_entry(e.AccountClosed)
def _closed(err: e.AccountClosed, ctx: ErrorContext) -> str:
    return f"{ctx.account(err.account_id)} is closed."


@_entry(e.AccountNotEmpty)
def _not_empty(err: e.AccountNotEmpty, ctx: ErrorContext) -> str:
    return (
        f"{ctx.account(err.account_id)} still holds {ctx.money(err.balance)}; "
        "only empty accounts close."
    )


@_entry(e.AccountInUse)
def _in_use(err: e.AccountInUse, ctx: ErrorContext) -> str:
    by = err.by.replace("tax_bracket:", "the tax bracket ")
    return f"{ctx.account(err.account_id)} is still used by {by}."


@_entry(e.AccountTypeForbids)
def _type_forbids(err: e.AccountTypeForbids, ctx: ErrorContext) -> str:
    return f"{err.account_type} accounts cannot {err.operation.replace('_', ' ')}."


@_entry(e.IssuanceAccountForbidden)
def _issuance(err: e.IssuanceAccountForbidden, ctx: ErrorContext) -> str:
    return "The issuance account moves money only through `/print` and `/remove`."


@_entry(e.SameAccount)
def _same_account(err: e.SameAccount, ctx: ErrorContext) -> str:
    return "An account cannot pay itself."


@_entry(e.CrossEconomy)
def _cross_economy(err: e.CrossEconomy, ctx: ErrorContext) -> str:
    return "Those belong to different economies."


@_entry(e.EconomyNotEmpty)
def _economy_not_empty(err: e.EconomyNotEmpty, ctx: ErrorContext) -> str:
    return f"The economy still has {err.accounts} accounts holding money."


@_entry(e.GuildOwnsEconomy)
def _guild_owns(err: e.GuildOwnsEconomy, ctx: ErrorContext) -> str:
    return "This server created its economy and cannot leave it."


_SCOPE_REASONS = {
    "account_outside_economy": "that account is not in this economy",
    "key_rule_outside_key_economy": "an API key's rules stay in its economy",
}


@_entry(e.InvalidScope)
def _invalid_scope(err: e.InvalidScope, ctx: ErrorContext) -> str:
    why = _SCOPE_REASONS.get(err.reason, err.reason.replace("_", " "))
    return f"That permission cannot be set there: {why}."


@_entry(e.AdministratorExists)
def _admin_exists(err: e.AdministratorExists, ctx: ErrorContext) -> str:
    return "There is an administrator already."


_BRACKET_REASONS = {
    "name": "its name must be 1 to 64 characters",
    "rate": "the rate must be from 0 to 100 %",
    "start": "the start must be zero or more",
    "end": "the end must be above the start",
}


@_entry(e.InvalidTaxBracket)
def _invalid_bracket(err: e.InvalidTaxBracket, ctx: ErrorContext) -> str:
    why = _BRACKET_REASONS.get(err.reason, err.reason)
    return f"Tax bracket {quote(err.name)} is not possible: {why}."


@_entry(e.TaxBracketOverlap)
def _overlap(err: e.TaxBracketOverlap, ctx: ErrorContext) -> str:
    return (
        f"Tax bracket {quote(err.name)} overlaps {quote(err.other)} "
        "(same account type and tax type)."
    )


@_entry(e.InvalidSchedule)
def _invalid_schedule(err: e.InvalidSchedule, ctx: ErrorContext) -> str:
    if err.field == "interval_days":
        return f"The interval must be 1 to {MAX_INTERVAL_DAYS} days."
    return f"The number of payments must be 1 to {MAX_PAYMENTS}."


@_entry(e.InvalidApiKey)
def _invalid_key(err: e.InvalidApiKey, ctx: ErrorContext) -> str:
    return "That API key is not valid."


@_entry(e.ApiKeyUnusable)
def _unusable_key(err: e.ApiKeyUnusable, ctx: ErrorContext) -> str:
    return f"API key #{err.key_id} cannot act: it is {err.reason}."


@_entry(e.InvalidKeySpec)
def _key_spec(err: e.InvalidKeySpec, ctx: ErrorContext) -> str:
    return f"That API key cannot be made: {err.reason.replace('_', ' ')}."


@_entry(e.SpendingLimitExceeded)
def _spending_limit(err: e.SpendingLimitExceeded, ctx: ErrorContext) -> str:
    left = max(0, err.limit - err.spent)
    return f"API key #{err.key_id} may spend only {ctx.money(left)} more."


@_entry(e.InvalidPeriod)
def _invalid_period(err: e.InvalidPeriod, ctx: ErrorContext) -> str:
    return f"{quote(err.period, 24)} cannot name a tax period: use 1 to {err.maximum} characters."


# --- economy: groups, exchange rates, exchanges -----------------------------------------------


@_entry(e.InvalidGroup)
def _invalid_group(err: e.InvalidGroup, ctx: ErrorContext) -> str:
    return f"That economy group change is not possible: {err.reason.replace('_', ' ')}."


@_entry(e.EconomyInGroup)
def _economy_in_group(err: e.EconomyInGroup, ctx: ErrorContext) -> str:
    return f"That economy belongs to group #{err.group_id} already."


@_entry(e.NotInSameGroup)
def _not_in_same_group(err: e.NotInSameGroup, ctx: ErrorContext) -> str:
    return "Those currencies are not in one group, so they cannot be exchanged."


@_entry(e.InvalidExchangeRate)
def _invalid_exchange_rate(err: e.InvalidExchangeRate, ctx: ErrorContext) -> str:
    return f"An exchange rate is two whole numbers from 1 to {err.maximum}."


@_entry(e.NoExchangeRate)
def _no_rate(err: e.NoExchangeRate, ctx: ErrorContext) -> str:
    return "There is no exchange rate between those currencies in that direction."


@_entry(e.ExchangeTooSmall)
def _exchange_too_small(err: e.ExchangeTooSmall, ctx: ErrorContext) -> str:
    return f"That amount buys nothing at this rate; exchange at least {ctx.money(err.minimum)}."


@_entry(e.ExchangeAccountMismatch)
def _exchange_mismatch(err: e.ExchangeAccountMismatch, ctx: ErrorContext) -> str:
    return "An exchange moves money between two accounts of the same owner."


@_entry(e.ExchangeReversed)
def _exchange_reversed(err: e.ExchangeReversed, ctx: ErrorContext) -> str:
    return (
        f"Exchange #{err.exchange_id} could not be credited "
        f"({err.reason.replace('_', ' ')}); the money went back."
    )


# --- economy: bank notes -----------------------------------------------------------------------


@_entry(e.InvalidNoteCode)
def _invalid_note(err: e.InvalidNoteCode, ctx: ErrorContext) -> str:
    return "That is not a valid bank note code."


@_entry(e.NoteNotOutstanding)
def _note_settled(err: e.NoteNotOutstanding, ctx: ErrorContext) -> str:
    return f"Bank note #{err.note_id} was {err.state.lower()} already."


@_entry(e.NoteExpired)
def _note_expired(err: e.NoteExpired, ctx: ErrorContext) -> str:
    return f"Bank note #{err.note_id} has expired; its money goes back to the issuer."


@_entry(e.InvalidNoteExpiry)
def _note_expiry(err: e.InvalidNoteExpiry, ctx: ErrorContext) -> str:
    return "A bank note can only expire in the future."


# --- economy: payment authorisation ------------------------------------------------------------


@_entry(e.DuplicateExpenseCategory)
def _duplicate_category(err: e.DuplicateExpenseCategory, ctx: ErrorContext) -> str:
    return f"An expense category with the {err.field} {quote(err.value)} exists already."


@_entry(e.ExpenseCategoryNotFound)
def _category_not_found(err: e.ExpenseCategoryNotFound, ctx: ErrorContext) -> str:
    return f"There is no expense category {quote(err.ref)}."


@_entry(e.DuplicateLineOfCredit)
def _duplicate_line(err: e.DuplicateLineOfCredit, ctx: ErrorContext) -> str:
    return f"{ctx.account(err.account_id)} has such a line of credit already."


@_entry(e.NoLineOfCredit)
def _no_line(err: e.NoLineOfCredit, ctx: ErrorContext) -> str:
    return (
        f"<@{err.holder_id}> has no open line of credit on {ctx.account(err.account_id)} "
        f"for {quote(err.category)}."
    )


@_entry(e.CreditLimitExceeded)
def _credit_limit(err: e.CreditLimitExceeded, ctx: ErrorContext) -> str:
    left = max(0, err.limit - err.expensed)
    return f"That exceeds the line of credit: {ctx.money(left)} left this period."


@_entry(e.PaymentNotCategorized)
def _not_categorized(err: e.PaymentNotCategorized, ctx: ErrorContext) -> str:
    return "An authorised payment needs an expense category."


@_entry(e.InvalidLineOfCredit)
def _invalid_line(err: e.InvalidLineOfCredit, ctx: ErrorContext) -> str:
    return f"That line of credit is not possible: {err.reason.replace('_', ' ')}."


def describe_error(error: e.DomainError, ctx: ErrorContext | None = None) -> str:
    """The text for ``error``; an unmapped subclass uses its nearest mapped base class."""
    context = ctx or ErrorContext()
    for cls in type(error).__mro__:
        describe = _TABLE.get(cls)
        if describe is not None:
            return describe(error, context)
    return f"That did not work ({type(error).__name__})."


def mapped_errors() -> frozenset[type[e.DomainError]]:
    """Every error class with its own entry in the table."""
    return frozenset(_TABLE)


__all__ = [
    "AccountNameRequired",
    "ChooseOneTarget",
    "ErrorContext",
    "GuildOnly",
    "InvalidRate",
    "NoGuildEconomy",
    "NoUserAccount",
    "UnknownAccountName",
    "UnknownCurrency",
    "describe_error",
    "mapped_errors",
    "quote",
]
