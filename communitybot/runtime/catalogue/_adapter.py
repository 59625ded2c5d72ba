"""Texts of the chat adapters' own refusals (:class:`~communitybot.core.errors.AdapterError`)."""

from __future__ import annotations

from communitybot.core import errors as e
from communitybot.runtime.catalogue._context import ErrorContext
from communitybot.runtime.catalogue._economy import clip
from communitybot.runtime.catalogue._render import Markup
from communitybot.runtime.catalogue._table import error_text, field_text, fixed_text
from communitybot.runtime.catalogue._translator import Translator

fixed_text(e.GuildOnly, "discord.guild_only")
fixed_text(e.NoGuildEconomy, "discord.no_economy")


@error_text(e.NoUserAccount)
def _no_account(err: e.NoUserAccount, t: Translator, ctx: ErrorContext) -> Markup:
    own = ctx.is_actor(err.member_id)
    member = ctx.member(err.member_id, t)
    if err.ref:
        currency = clip(err.ref)
        if own:
            return t("discord.no_account_in.own", currency=currency)
        return t("discord.no_account_in.other", member=member, currency=currency)
    if own:
        return t("discord.no_account.own")
    return t("discord.no_account.other", member=member)


@error_text(e.UnknownAccountName)
def _unknown_account(err: e.UnknownAccountName, t: Translator, ctx: ErrorContext) -> Markup:
    return t("discord.unknown_account", name=clip(err.ref))


@error_text(e.ChooseOneTarget)
def _choose_one(err: e.ChooseOneTarget, t: Translator, ctx: ErrorContext) -> Markup:
    options = Markup(t("economy.or").join(t("economy.code", text=o) for o in err.options))
    return t("discord.choose_one", options=options)


field_text(e.AccountNameRequired, "discord.name_required", type="account_type")


@error_text(e.InvalidRate)
def _invalid_rate(err: e.InvalidRate, t: Translator, ctx: ErrorContext) -> Markup:
    return t("discord.invalid_rate", text=clip(err.text, 24))
