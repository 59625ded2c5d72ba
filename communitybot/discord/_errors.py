"""The Discord adapter's own refusals, and their entries in the catalogue's error table.

Domain errors come from :mod:`communitybot.core.errors` and are told by the one table of the
message catalogue (:func:`communitybot.runtime.catalogue.describe_error`); a few refusals belong
to the adapter itself (a command used outside a server, a server without an economy, a member
without an account) and are declared here, carrying data the same way, with their texts
registered in the same table.
"""

from __future__ import annotations

from dataclasses import dataclass

from communitybot.core import errors as e
from communitybot.runtime.catalogue import ErrorContext, Markup, Translator, clip, error_text

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


ADAPTER_ERRORS = (
    GuildOnly,
    NoGuildEconomy,
    NoUserAccount,
    UnknownAccountName,
    UnknownCurrency,
    ChooseOneTarget,
    AccountNameRequired,
    InvalidRate,
)
"""Every refusal the adapter declares."""


# --- their texts -------------------------------------------------------------------------------


@error_text(GuildOnly)
def _guild_only(err: GuildOnly, t: Translator, ctx: ErrorContext) -> Markup:
    return t("discord.guild_only")


@error_text(NoGuildEconomy)
def _no_economy(err: NoGuildEconomy, t: Translator, ctx: ErrorContext) -> Markup:
    return t("discord.no_economy")


@error_text(NoUserAccount)
def _no_account(err: NoUserAccount, t: Translator, ctx: ErrorContext) -> Markup:
    own = ctx.is_actor(err.member_id)
    member = ctx.member(err.member_id, t)
    if err.currency is not None:
        currency = clip(err.currency)
        if own:
            return t("discord.no_account_in.own", currency=currency)
        return t("discord.no_account_in.other", member=member, currency=currency)
    if own:
        return t("discord.no_account.own")
    return t("discord.no_account.other", member=member)


@error_text(UnknownAccountName)
def _unknown_account(err: UnknownAccountName, t: Translator, ctx: ErrorContext) -> Markup:
    return t("discord.unknown_account", name=clip(err.name))


@error_text(UnknownCurrency)
def _unknown_currency(err: UnknownCurrency, t: Translator, ctx: ErrorContext) -> Markup:
    return t("discord.unknown_currency", name=clip(err.name))


@error_text(ChooseOneTarget)
def _choose_one(err: ChooseOneTarget, t: Translator, ctx: ErrorContext) -> Markup:
    options = Markup(t("economy.or").join(t("economy.code", text=o) for o in err.options))
    return t("discord.choose_one", options=options)


@error_text(AccountNameRequired)
def _name_required(err: AccountNameRequired, t: Translator, ctx: ErrorContext) -> Markup:
    return t("discord.name_required", type=err.account_type)


@error_text(InvalidRate)
def _invalid_rate(err: InvalidRate, t: Translator, ctx: ErrorContext) -> Markup:
    return t("discord.invalid_rate", text=clip(err.text, 24))


__all__ = [
    "ADAPTER_ERRORS",
    "AccountNameRequired",
    "ChooseOneTarget",
    "GuildOnly",
    "InvalidRate",
    "NoGuildEconomy",
    "NoUserAccount",
    "UnknownAccountName",
    "UnknownCurrency",
]
