"""Texts of the commands over groups, currencies, rates, the wallet, account changes, expense
categories and lines of credit. Pure functions over frozen entities, like :mod:`._present`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from communitybot.core.economy import (
    Account,
    Economy,
    EconomyGroup,
    Exchange,
    ExchangeQuote,
    ExchangeRate,
    ExpenseCategory,
    LineOfCredit,
    RecurringPayment,
)
from communitybot.core.ids import EconomyId, MemberId
from communitybot.discord._present import Context, economy_text, failure_words, fit, when
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


def quote_text(found: ExchangeQuote, source: Economy, target: Economy, t: Translator) -> str:
    """What an exchange would give now."""
    return t(
        "economy.quote",
        spent=t.money(found.amount_in, unit=source.currency_unit),
        got=t.money(found.amount_out, unit=target.currency_unit),
        numerator=found.numerator,
        denominator=found.denominator,
    )


def exchanges_text(
    found: Sequence[Exchange], economies: Mapping[EconomyId, Economy], t: Translator
) -> str:
    """Exchanges, newest first: what went in and out, and how it ended."""
    if not found:
        return t("economy.exchanges.none")

    def unit(economy_id: EconomyId) -> str:
        economy = economies.get(economy_id)
        return "" if economy is None else economy.currency_unit

    lines = [t("economy.exchanges.title")]
    lines += [
        t(
            "economy.exchanges.line",
            id=x.id,
            spent=t.money(x.amount_in, unit=unit(x.from_economy_id)),
            got=t.money(x.amount_out, unit=unit(x.to_economy_id)),
            state=t(f"economy.exchange_state.{x.state.value}"),
        )
        for x in found
    ]
    return fit(lines, t)


def subscribers_text(found: Sequence[MemberId], account_id: int, ctx: Context) -> str:
    """Who follows an account."""
    account = ctx.account(account_id)
    if not found:
        return ctx.t("economy.subscribers.none", account=account)
    members = Markup(", ".join(ctx.member(m) for m in found))
    return ctx.t("economy.subscribers", account=account, members=members)


def payments_text(number: int, found: Sequence[RecurringPayment], t: Translator) -> str:
    """The processed instalments of a recurring transfer."""
    if not found:
        return t("economy.payments.none", id=number)
    lines = [t("economy.payments.title", id=number)]
    for p in found:
        if p.failure is None:
            lines.append(
                t("economy.payments.paid", instalment=p.instalment, at=when(p.processed_at))
            )
        else:
            why = failure_words(p.failure, t)
            lines.append(
                t(
                    "economy.payments.failed",
                    instalment=p.instalment,
                    at=when(p.processed_at),
                    why=why,
                )
            )
    return fit(lines, t)


__all__ = [
    "categories_text",
    "currency_changed_text",
    "exchanges_text",
    "group_changed_text",
    "group_label",
    "groups_text",
    "limit_text",
    "line_changed_text",
    "line_text",
    "lines_text",
    "payments_text",
    "quote_text",
    "rate_text",
    "rates_text",
    "subscribers_text",
    "wallet_text",
]
