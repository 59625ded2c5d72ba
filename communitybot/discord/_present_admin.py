"""Texts of what acts later or by rule: tax brackets and cycles, recurring transfers,
permission rules and bank notes (pure functions, like :mod:`communitybot.discord._present`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from communitybot.core.economy import (
    BankNote,
    Economy,
    IssuedNote,
    PermissionRule,
    RecurringStatus,
    RecurringTransfer,
    SubjectKind,
    TaxBracket,
    TaxCycle,
)
from communitybot.discord._present import Context, code, fit, percent, when
from communitybot.runtime.catalogue import Markup

# --- taxes -----------------------------------------------------------------------------------


def bracket_line(bracket: TaxBracket, ctx: Context) -> str:
    """One tax bracket: name, who pays, the range, the rate, who collects."""
    t = ctx.t
    if bracket.end is None:
        end = t("economy.bracket.open_end")
    else:
        end = t("economy.bracket.end", end=ctx.money(bracket.end))
    return t(
        "economy.bracket.line",
        name=bracket.name,
        tax_type=t.word("economy.tax_type", bracket.tax_type.value),
        affected=t.word("economy.account_type", bracket.affected_type.value),
        start=ctx.money(bracket.start),
        end=end,
        rate=percent(bracket.rate, t.decimal_separator),
        collector=ctx.account(bracket.to_account_id),
    )


def brackets_text(brackets: Sequence[TaxBracket], ctx: Context) -> str:
    """Every tax bracket of the economy."""
    if not brackets:
        return ctx.t("economy.brackets.none")
    return fit([ctx.t("economy.brackets.title"), *(bracket_line(b, ctx) for b in brackets)], ctx.t)


def bracket_created_text(bracket: TaxBracket, ctx: Context) -> str:
    """A new tax bracket."""
    return ctx.t("economy.bracket.created", line=Markup(bracket_line(bracket, ctx)))


def bracket_deleted_text(name: str, ctx: Context) -> str:
    """A deleted tax bracket."""
    return ctx.t("economy.bracket.deleted", name=name)


def preview_text(
    period: str, total: int, revenue: dict[int, int], payers: int, ctx: Context
) -> str:
    """What a tax cycle would collect now, and how to run it."""
    t = ctx.t
    if total == 0:
        lines = [t("economy.tax_preview.nothing", period=period)]
    else:
        lines = [
            t("economy.tax_preview.total", period=period, total=ctx.money(total), payers=payers)
        ]
    lines += [
        t("economy.tax_preview.line", account=ctx.account(account_id), amount=ctx.money(amount))
        for account_id, amount in sorted(revenue.items())
    ]
    lines.append(t("economy.tax_preview.run", period=period))
    return fit(lines, t)


def cycle_text(cycle: TaxCycle, ctx: Context) -> str:
    """A tax cycle that ran (now or before: a period is taxed once)."""
    return ctx.t(
        "economy.tax_cycle",
        period=cycle.period,
        collected=ctx.money(cycle.collected),
        payments=cycle.payments,
        when=when(cycle.created_at),
    )


# --- recurring -------------------------------------------------------------------------------


def recurring_line(recurring: RecurringTransfer, ctx: Context) -> str:
    """One standing order: amount, schedule, progress, status."""
    t = ctx.t
    if recurring.total is None:
        times = t("economy.recurring.until_cancelled")
    else:
        times = t("economy.recurring.times", count=recurring.total)
    progress: str = t("economy.recurring.paid", count=recurring.paid)
    if recurring.failed:
        progress += t("economy.recurring.failed", count=recurring.failed)
    status = (
        ""
        if recurring.status is RecurringStatus.ACTIVE
        else t("economy.recurring.status", status=recurring.status.value)
    )
    return t(
        "economy.recurring.line",
        id=recurring.id,
        amount=ctx.money(recurring.amount),
        days=recurring.interval_days,
        times=times,
        payer=ctx.account(recurring.from_account_id),
        payee=ctx.account(recurring.to_account_id),
        progress=Markup(progress),
        status=Markup(status),
    )


def recurring_list_text(items: Sequence[RecurringTransfer], account_id: int, ctx: Context) -> str:
    """Standing orders from or to an account."""
    if not items:
        return ctx.t("economy.recurring.none", account=ctx.account(account_id))
    lines: list[str] = [ctx.t("economy.recurring.title", account=ctx.account(account_id))]
    lines += [recurring_line(r, ctx) for r in items]
    return fit(lines, ctx.t)


def recurring_created_text(recurring: RecurringTransfer, ctx: Context) -> str:
    """A new standing order and when it first pays."""
    return ctx.t("economy.recurring.created", line=Markup(recurring_line(recurring, ctx)))


def recurring_cancelled_text(recurring: RecurringTransfer, ctx: Context) -> str:
    """A standing order stopped (or already over)."""
    if recurring.status is RecurringStatus.CANCELLED:
        return ctx.t("economy.recurring.cancelled", id=recurring.id)
    status = ctx.t.word("economy.recurring_status", recurring.status.value)
    return ctx.t("economy.recurring.over", id=recurring.id, status=status)


# --- permissions -----------------------------------------------------------------------------


def subject_text(kind: SubjectKind, subject_id: int, guild_id: int, ctx: Context) -> Markup:
    """A rule's subject as Discord renders it."""
    if kind is SubjectKind.ROLE:
        return Markup("@everyone" if subject_id == guild_id else f"<@&{subject_id}>")
    if kind is SubjectKind.USER:
        return Markup(ctx.member(subject_id))
    return ctx.t("economy.api_key", id=subject_id)


def scope_text(economy_id: int | None, account_id: int | None, ctx: Context) -> Markup:
    """Where a rule applies."""
    if account_id is not None:
        return ctx.t("economy.scope.account", account=ctx.account(account_id))
    if economy_id is not None:
        return ctx.t("economy.scope.economy")
    return ctx.t("economy.scope.everywhere")


def permissions_set_text(
    verb: str,
    names: Iterable[str],
    subject: str,
    scope: str,
    ctx: Context,
    count: int | None = None,
) -> str:
    """A grant (``verb`` ``"granted"``), denial (``"denied"``) or reset (``"reset"``)."""
    t = ctx.t
    listed = Markup(", ".join(code(ctx, n) for n in names))
    values = {"names": listed, "subject": Markup(subject), "scope": Markup(scope)}
    if verb == "reset":
        removed = "" if count is None else t("economy.permissions.removed", count=count)
        return t("economy.permissions.reset", removed=Markup(removed), **values)
    return t(f"economy.permissions.{verb}", **values)


def rules_text(rules: Sequence[PermissionRule], subject: str, ctx: Context) -> str:
    """The stored rules about one member or role."""
    t = ctx.t
    if not rules:
        return t("economy.rules.none", subject=Markup(subject))
    lines = [t("economy.rules.title", subject=Markup(subject))]
    for rule in rules:
        lines.append(
            t(
                "economy.rules.line",
                permission=rule.permission.value,
                verdict=t("economy.rules.granted" if rule.allowed else "economy.rules.denied"),
                scope=scope_text(rule.scope.economy_id, rule.scope.account_id, ctx),
            )
        )
    return fit(lines, t)


# --- bank notes ------------------------------------------------------------------------------


def _expiry(note: BankNote, ctx: Context) -> Markup:
    if note.expires_at is None:
        return Markup("")
    return ctx.t("economy.note.expires", when=when(note.expires_at))


def note_issued_text(issued: IssuedNote, ctx: Context) -> str:
    """A new bank note and its code (the only time it is shown)."""
    note = issued.note
    t = ctx.t
    head = t(
        "economy.note.issued",
        id=note.id,
        amount=ctx.money(note.amount),
        account=ctx.account(note.issuer_account_id),
        expiry=_expiry(note, ctx),
    )
    if issued.code is None:
        return t("economy.note.code_shown", note=head, id=note.id)
    recipient = Markup(f"<@{issued.recipient_id}>")
    return t("economy.note.code", note=head, code=issued.code, recipient=recipient)


def note_redeemed_text(note: BankNote, economy: Economy, ctx: Context) -> str:
    """A redeemed bank note."""
    target = (
        Markup("")
        if note.redeemed_account_id is None
        else ctx.t("economy.note.into", account=ctx.account(note.redeemed_account_id))
    )
    return ctx.t(
        "economy.note.redeemed",
        id=note.id,
        amount=ctx.money(note.amount),
        currency=economy.currency_name,
        target=target,
    )


def note_cancelled_text(note: BankNote, ctx: Context) -> str:
    """A cancelled bank note: its money went back to the issuing account."""
    return ctx.t(
        "economy.note.cancelled",
        id=note.id,
        amount=ctx.money(note.amount),
        account=ctx.account(note.issuer_account_id),
    )


def notes_text(notes: Sequence[BankNote], account_id: int, ctx: Context) -> str:
    """The bank notes an account issued, newest first."""
    t = ctx.t
    if not notes:
        return t("economy.notes.none", account=ctx.account(account_id))
    lines = [t("economy.notes.title", account=ctx.account(account_id))]
    lines += [
        t(
            "economy.notes.line",
            id=n.id,
            amount=ctx.money(n.amount),
            state=t.word("economy.note_state", n.state.value),
            expiry=_expiry(n, ctx),
        )
        for n in notes
    ]
    return fit(lines, t)


__all__ = [
    "bracket_created_text",
    "bracket_deleted_text",
    "bracket_line",
    "brackets_text",
    "cycle_text",
    "note_cancelled_text",
    "note_issued_text",
    "note_redeemed_text",
    "notes_text",
    "permissions_set_text",
    "preview_text",
    "recurring_cancelled_text",
    "recurring_created_text",
    "recurring_line",
    "recurring_list_text",
    "rules_text",
    "scope_text",
    "subject_text",
]
