"""Texts of the economy core's errors (the Discord adapter's, and the CLI's economy commands).

Accounts are shown by the labels the adapter learnt while resolving them, members as the platform
shows them (:class:`ErrorContext`), amounts in the economy's unit. What people typed is clipped.
"""

from __future__ import annotations

from communitybot.core import errors as e
from communitybot.core.economy import MAX_INTERVAL_DAYS, MAX_PAYMENTS
from communitybot.core.text import is_plain_number
from communitybot.runtime.catalogue._context import ErrorContext
from communitybot.runtime.catalogue._render import Markup
from communitybot.runtime.catalogue._table import error_text, field_text, fixed_text
from communitybot.runtime.catalogue._translator import Translator


def clip(text: str, limit: int = 64) -> str:
    """Text a person typed, shortened to ``limit`` characters (``…`` marks the cut)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def reason(t: Translator, code: str) -> Markup:
    """The words for a reason code of the economy core (``"same_currency"``)."""
    return t.word("error.reason", code)


_RENAMED = {"AccountBalanceOutOfRange": "BalanceOutOfRange", "NotPermitted": "LacksPermission"}
"""Errors stored under an earlier name (a failure is stored by the name of its error; the
stored history is never rewritten)."""


def failure(t: Translator, error_name: str) -> Markup:
    """Why a stored operation failed, from the name of the error the service recorded (the
    name itself is for the log, never for people)."""
    key = f"error.failure.{_RENAMED.get(error_name, error_name)}"
    return t(key) if t.has(key) else t("error.failure.other")


def _where(err: e.LacksPermission, t: Translator, ctx: ErrorContext) -> Markup:
    if err.account_id is not None:
        return t("economy.scope.account", account=ctx.account(err.account_id, t))
    if err.economy_id is not None:
        return t("economy.scope.economy")
    return t("error.not_permitted.global")


@error_text(e.LacksPermission)
def _not_permitted(err: e.LacksPermission, t: Translator, ctx: ErrorContext) -> Markup:
    key = f"error.permission.{err.permission}"
    what = t(key) if t.has(key) else t.escape(err.permission.replace("_", " ").lower())
    where = _where(err, t, ctx)
    return t("error.not_permitted", permission=err.permission, where=where, what=what)


@error_text(e.CannotDelegate)
def _cannot_delegate(err: e.CannotDelegate, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.cannot_delegate", permission=err.permission, where=_where(err, t, ctx))


@error_text(e.AlreadyExists)
def _already_exists(err: e.AlreadyExists, t: Translator, ctx: ErrorContext) -> Markup:
    if err.kind == "account" and err.field == "owner_id":
        if ctx.actor_id is not None and err.value == str(ctx.actor_id):
            return t("error.already_exists.own_account")
        member = ctx.member(int(err.value), t) if is_plain_number(err.value) else err.value
        return t("error.already_exists.owner", member=member)
    if err.kind == "account":
        return t("error.already_exists.account", name=clip(err.value))
    if err.kind == "economy":
        form = "currency_unit" if err.field == "currency_unit" else "currency_name"
        return t(f"error.already_exists.{form}", value=clip(err.value))
    if err.kind == "guild":
        return t("error.already_exists.guild")
    if err.kind == "expense_category":
        field = t.word("error.category_field", err.field)
        return t("error.duplicate_expense_category", field=field, value=clip(err.value))
    if err.kind == "tax_bracket":
        return t("error.already_exists.tax_bracket", name=clip(err.value))
    return t("error.already_exists", kind=t.word("kind", err.kind))


@error_text(e.InvalidName)
def _invalid_name(err: e.InvalidName, t: Translator, ctx: ErrorContext) -> Markup:
    kind = t.word("error.name_kind", err.kind)
    return t("error.invalid_name", name=clip(err.name, 24), kind=kind, maximum=err.maximum)


@error_text(e.AmountOutOfRange)
def _amount_range(err: e.AmountOutOfRange, t: Translator, ctx: ErrorContext) -> Markup:
    def money(cents: int) -> str:  # the community's euros outside any economy
        return t.money(cents) if ctx.unit is None else ctx.money(cents, t)

    amount, maximum = money(err.amount), money(err.maximum)
    if err.minimum == 1 and err.amount < 1:
        return t("error.amount_not_positive")
    if err.minimum == 1:
        return t("error.amount_too_large", amount=amount, maximum=maximum)
    return t(
        "error.amount_out_of_range", amount=amount, minimum=money(err.minimum), maximum=maximum
    )


@error_text(e.AccountClosed)
def _closed(err: e.AccountClosed, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.account_closed", account=ctx.account(err.account_id, t))


@error_text(e.AccountNotEmpty)
def _not_empty(err: e.AccountNotEmpty, t: Translator, ctx: ErrorContext) -> Markup:
    return t(
        "error.account_not_empty",
        account=ctx.account(err.account_id, t),
        balance=ctx.money(err.balance, t),
    )


@error_text(e.AccountInUse)
def _in_use(err: e.AccountInUse, t: Translator, ctx: ErrorContext) -> Markup:
    account = ctx.account(err.account_id, t)
    if err.by.startswith("tax_bracket:"):
        name = err.by.removeprefix("tax_bracket:")
        return t("error.account_in_use.tax_bracket", account=account, name=name)
    return t("error.account_in_use", account=account, by=t.word("error.in_use_by", err.by))


@error_text(e.AccountTypeForbids)
def _type_forbids(err: e.AccountTypeForbids, t: Translator, ctx: ErrorContext) -> Markup:
    operation = t.word("error.operation", err.operation)
    return t("error.account_type_forbids", type=err.account_type, operation=operation)


fixed_text(e.IssuanceAccountForbidden, "error.issuance_account_forbidden")
fixed_text(e.CrossEconomy, "error.cross_economy")


field_text(e.EconomyNotEmpty, "error.economy_not_empty", accounts="accounts")


fixed_text(e.GuildOwnsEconomy, "error.guild_owns_economy")


@error_text(e.InvalidScope)
def _invalid_scope(err: e.InvalidScope, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.invalid_scope", why=reason(t, err.reason))


fixed_text(e.AdministratorExists, "error.administrator_exists")


@error_text(e.InvalidTaxBracket)
def _invalid_bracket(err: e.InvalidTaxBracket, t: Translator, ctx: ErrorContext) -> Markup:
    why = t.word("error.tax_bracket_rule", err.reason)
    return t("error.invalid_tax_bracket", name=clip(err.name), why=why)


@error_text(e.TaxBracketOverlap)
def _overlap(err: e.TaxBracketOverlap, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.tax_bracket_overlap", name=clip(err.name), other=clip(err.other))


@error_text(e.InvalidSchedule)
def _invalid_schedule(err: e.InvalidSchedule, t: Translator, ctx: ErrorContext) -> Markup:
    if err.field == "interval_days":
        return t("error.invalid_schedule.interval", maximum=MAX_INTERVAL_DAYS)
    return t("error.invalid_schedule.payments", maximum=MAX_PAYMENTS)


fixed_text(e.InvalidApiKey, "error.invalid_api_key")


@error_text(e.ApiKeyUnusable)
def _unusable_key(err: e.ApiKeyUnusable, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.api_key_unusable", id=err.key_id, why=reason(t, err.reason))


@error_text(e.InvalidKeySpec)
def _key_spec(err: e.InvalidKeySpec, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.invalid_key_spec", why=reason(t, err.reason))


@error_text(e.SpendingLimitExceeded)
def _spending_limit(err: e.SpendingLimitExceeded, t: Translator, ctx: ErrorContext) -> Markup:
    left = max(0, err.limit - err.spent)
    return t("error.spending_limit_exceeded", id=err.key_id, left=ctx.money(left, t))


@error_text(e.InvalidPeriod)
def _invalid_period(err: e.InvalidPeriod, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.invalid_period", period=clip(err.period, 24), maximum=err.maximum)


# --- groups, exchange rates, exchanges ---


@error_text(e.InvalidGroup)
def _invalid_group(err: e.InvalidGroup, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.invalid_group", why=reason(t, err.reason))


field_text(e.EconomyInGroup, "error.economy_in_group", id="group_id")


fixed_text(e.NotInSameGroup, "error.not_in_same_group")


field_text(e.InvalidExchangeRate, "error.invalid_exchange_rate", maximum="maximum")


@error_text(e.ExchangeTooSmall)
def _exchange_too_small(err: e.ExchangeTooSmall, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.exchange_too_small", minimum=ctx.money(err.minimum, t))


fixed_text(e.ExchangeAccountMismatch, "error.exchange_account_mismatch")


@error_text(e.ExchangeReversed)
def _exchange_reversed(err: e.ExchangeReversed, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.exchange_reversed", id=err.exchange_id, why=failure(t, err.reason))


# --- bank notes ---


fixed_text(e.InvalidNoteCode, "error.invalid_note_code")


@error_text(e.NoteNotOutstanding)
def _note_settled(err: e.NoteNotOutstanding, t: Translator, ctx: ErrorContext) -> Markup:
    state = t.word("economy.note_state", err.state.upper())
    return t("error.note_not_outstanding", id=err.note_id, state=state)


field_text(e.NoteExpired, "error.note_expired", id="note_id")


fixed_text(e.InvalidNoteExpiry, "error.invalid_note_expiry")


# --- payment authorisation ---


@error_text(e.DuplicateLineOfCredit)
def _duplicate_line(err: e.DuplicateLineOfCredit, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.duplicate_line_of_credit", account=ctx.account(err.account_id, t))


@error_text(e.NoLineOfCredit)
def _no_line(err: e.NoLineOfCredit, t: Translator, ctx: ErrorContext) -> Markup:
    return t(
        "error.no_line_of_credit",
        member=ctx.member(err.holder_id, t),
        account=ctx.account(err.account_id, t),
        category=clip(err.ref),
    )


@error_text(e.CreditLimitExceeded)
def _credit_limit(err: e.CreditLimitExceeded, t: Translator, ctx: ErrorContext) -> Markup:
    left = max(0, err.limit - err.expensed)
    return t("error.credit_limit_exceeded", left=ctx.money(left, t))


fixed_text(e.PaymentNotCategorized, "error.payment_not_categorized")


@error_text(e.InvalidLineOfCredit)
def _invalid_line(err: e.InvalidLineOfCredit, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.invalid_line_of_credit", why=reason(t, err.reason))


__all__ = ["clip", "failure", "reason"]
