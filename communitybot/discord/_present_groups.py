"""Texts of the commands over groups, currencies, rates, the wallet, account changes, expense
categories and lines of credit. Pure functions over frozen entities, like :mod:`._present`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from communitybot.core.economy import (
    Account,
    Economy,
    EconomyGroup,
    ExchangeRate,
    ExpenseCategory,
    LineOfCredit,
)
from communitybot.core.ids import EconomyId
from communitybot.discord._present import Context, economy_text, fit
from communitybot.runtime.catalogue import Markup, Translator


def limit_text(account: Account, ctx: Context) -> str:
    """An account's new lowest balance."""
    return ctx.t(
        "economy.account.limited",
        account=ctx.account(account.id),
        limit=ctx.money(account.min_balance),
    )


def wallet_text(lines: Sequence[tuple[Economy, Account | None]], ctx: Context) -> str:
    """One's balance in every currency usable in the server."""
    t = ctx.t
    if not lines:
        return t("economy.wallet.none")
    out = [t("economy.wallet.title")]
    for economy, account in lines:
        currency = economy_text(economy, ctx)
        if account is None:
            out.append(t("economy.wallet.no_account", currency=currency))
        else:
            balance = t.money(account.balance, unit=economy.currency_unit)
            out.append(t("economy.wallet.line", currency=currency, balance=balance))
    return fit(out, t)


def group_label(group: EconomyGroup, t: Translator) -> Markup:
    """A group by name and kind."""
    return t(
        "economy.group.label", name=group.name, kind=t(f"economy.group_kind.{group.kind.value}")
    )


def group_changed_text(key: str, group: EconomyGroup, t: Translator) -> str:
    """``economy.group.created``, ``joined`` or ``left``."""
    return t(f"economy.group.{key}", group=group_label(group, t))


def currency_changed_text(key: str, economy: Economy, group: EconomyGroup, ctx: Context) -> str:
    """``economy.currency.added``, ``primary`` or ``removed``."""
    return ctx.t(
        f"economy.currency.{key}",
        currency=economy_text(economy, ctx),
        group=group_label(group, ctx.t),
    )


def groups_text(
    groups: Sequence[EconomyGroup],
    economies: Mapping[EconomyId, Economy],
    guild_id: int,
    t: Translator,
) -> str:
    """Every group, its currencies (the primary one first) and whether this server joined."""
    if not groups:
        return t("economy.groups.none")
    lines = [t("economy.groups.title")]
    for group in groups:
        ordered = sorted(group.economy_ids, key=lambda e: (e != group.primary_economy_id, e))
        names = ", ".join(economies[e].currency_name for e in ordered if e in economies)
        key = "economy.groups.joined" if guild_id in group.guild_ids else "economy.groups.line"
        lines.append(t(key, group=group_label(group, t), currencies=names or "—"))
    return fit(lines, t)


def rate_text(key: str, rate: ExchangeRate, source: Economy, target: Economy, t: Translator) -> str:
    """A rate: how much of ``target`` one unit of ``source`` buys."""
    return t(
        key,
        source=source.currency_name,
        target=target.currency_name,
        numerator=rate.numerator,
        denominator=rate.denominator,
    )


def rates_text(
    group: EconomyGroup,
    rates: Sequence[ExchangeRate],
    economies: Mapping[EconomyId, Economy],
    t: Translator,
) -> str:
    """Every rate of a group."""
    if not rates:
        return t("economy.rates.none", group=group_label(group, t))
    lines: list[str] = [t("economy.rates.title", group=group_label(group, t))]
    for rate in rates:
        source, target = economies.get(rate.from_economy_id), economies.get(rate.to_economy_id)
        if source is not None and target is not None:
            lines.append(rate_text("economy.rates.line", rate, source, target, t))
    return fit(lines, t)


def categories_text(categories: Sequence[ExpenseCategory], t: Translator) -> str:
    """The expense categories of an economy."""
    if not categories:
        return t("economy.categories.none")
    lines = [t("economy.categories.title")]
    lines += [t("economy.categories.line", code=c.code, name=c.name) for c in categories]
    return fit(lines, t)


def line_text(line: LineOfCredit, ctx: Context, now: datetime) -> Markup:
    """One line of credit: holder, account, what is left of its limit and the period."""
    t = ctx.t
    return t(
        "economy.credit.line",
        id=line.id,
        name=line.name,
        holder=ctx.member(line.holder_id),
        account=ctx.account(line.account_id),
        left=ctx.money(line.available_at(now)),
        limit=ctx.money(line.credits_limit),
        period=t(f"economy.credit_period.{line.period.value}"),
        state=t("economy.credit.open" if line.is_open else "economy.credit.terminated"),
    )


def line_changed_text(key: str, line: LineOfCredit, ctx: Context, now: datetime) -> str:
    """``economy.credit.opened``, ``limited``, ``reset`` or ``closed``, with the line."""
    return ctx.t(f"economy.credit.{key}", line=line_text(line, ctx, now))


def lines_text(lines: Sequence[LineOfCredit], ctx: Context, now: datetime) -> str:
    """Lines of credit."""
    if not lines:
        return ctx.t("economy.credit.none")
    return fit([ctx.t("economy.credit.title"), *(line_text(x, ctx, now) for x in lines)], ctx.t)


__all__ = [
    "categories_text",
    "currency_changed_text",
    "group_changed_text",
    "group_label",
    "groups_text",
    "limit_text",
    "line_changed_text",
    "line_text",
    "lines_text",
    "rate_text",
    "rates_text",
    "wallet_text",
]
