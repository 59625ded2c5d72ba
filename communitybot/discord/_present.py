"""Texts the bot answers with, made from the frozen entities the services return.

Pure functions: no Discord objects, no database. Accounts are shown by the labels the handler
learnt (``ErrorContext.account``), amounts in the economy's unit. Every answer fits Discord's
2000 characters (:func:`fit`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from communitybot.core.economy import (
    Account,
    AccountType,
    BankNote,
    Economy,
    EntryKind,
    Exchange,
    IssuedNote,
    JournalEntry,
    LeaderboardEntry,
    Notification,
    NotificationKind,
    PermissionRule,
    RecurringStatus,
    RecurringTransfer,
    SubjectKind,
    TaxBracket,
    TaxCycle,
    TransferResult,
)
from communitybot.core.money import format_cents
from communitybot.discord._errors import ErrorContext

MESSAGE_MAX = 2000
"""Longest message content Discord accepts."""


def fit(lines: Sequence[str], *, limit: int = MESSAGE_MAX) -> str:
    """Join ``lines``; when too long, keep the first ones and say how many were left out."""
    text = "\n".join(lines)
    if len(text) <= limit:
        return text
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        more = f"… and {len(lines) - index} more"
        if used + len(line) + 1 + len(more) > limit:
            return "\n".join([*kept, more])
        kept.append(line)
        used += len(line) + 1
    return "\n".join(kept)


def percent(basis_points: int) -> str:
    """``250`` basis points as ``"2.5 %"``."""
    whole, rest = divmod(basis_points, 100)
    return f"{whole} %" if rest == 0 else f"{whole}.{rest:02d}".rstrip("0") + " %"


def when(moment: datetime) -> str:
    """A time as Discord renders it for each reader in their own zone (``<t:...:f>``)."""
    return f"<t:{int(moment.timestamp())}:f>"


def signed(ctx: ErrorContext, cents: int) -> str:
    """An amount with its sign: ``+5.00 cr`` or ``-5.00 cr``."""
    return ("+" if cents > 0 else "") + ctx.money(cents)


# --- accounts --------------------------------------------------------------------------------


def balance_text(account: Account, ctx: ErrorContext) -> str:
    """One account's balance, and its limit when it may go below zero."""
    text = f"{ctx.account(account.id)}: **{ctx.money(account.balance)}**"
    if account.min_balance != 0:
        text += f" (may go down to {ctx.money(account.min_balance)})"
    if not account.is_open:
        text += " (closed)"
    return text


def accounts_text(accounts: Sequence[Account], ctx: ErrorContext) -> str:
    """The accounts someone may see, with type and balance."""
    if not accounts:
        return "You see no accounts in this economy yet: open one with `/open-account`."
    lines = [f"**Accounts** ({len(accounts)})"]
    lines += [
        f"• {ctx.account(a.id)} · {a.account_type.value.lower()} · {ctx.money(a.balance)}"
        for a in accounts
    ]
    return fit(lines)


def opened_text(account: Account, ctx: ErrorContext) -> str:
    """A new account (said in the channel, so the others see who has one)."""
    if account.account_type is AccountType.USER:
        if account.owner_id == ctx.actor_id:
            return f"<@{account.owner_id}> opened an account."
        return f"Opened an account for <@{account.owner_id}>."
    kind = account.account_type.value.lower()
    owner = f" for <@{account.owner_id}>" if account.owner_id is not None else ""
    return f"Opened the {kind} account {ctx.account(account.id)}{owner}."


# --- money -----------------------------------------------------------------------------------


def transfer_text(result: TransferResult, ctx: ErrorContext) -> str:
    """A transfer (and the VAT paid on top of a purchase)."""
    entry = result.entry
    text = (
        f"{ctx.account(entry.from_account_id)} paid **{ctx.money(entry.amount)}** "
        f"to {ctx.account(entry.to_account_id)}."
    )
    if result.taxes:
        vat = sum(t.amount for t in result.taxes)
        text += f" VAT {ctx.money(vat)} on top: {ctx.money(result.total_debited)} in all."
    return text


def issue_text(entry: JournalEntry, ctx: ErrorContext) -> str:
    """Money printed into or removed from an account."""
    if entry.kind is EntryKind.MINT:
        return f"Printed **{ctx.money(entry.amount)}** into {ctx.account(entry.to_account_id)}."
    return f"Removed **{ctx.money(entry.amount)}** from {ctx.account(entry.from_account_id)}."


_KIND_WORDS = {
    EntryKind.TRANSFER: "transfer",
    EntryKind.MINT: "printed",
    EntryKind.BURN: "removed",
    EntryKind.TAX: "tax",
}


def journal_line(entry: JournalEntry, account_id: int, ctx: ErrorContext) -> str:
    """One journal leg as seen from ``account_id``: signed amount, other side, kind, time."""
    outgoing = entry.from_account_id == account_id
    other = entry.to_account_id if outgoing else entry.from_account_id
    amount = -entry.amount if outgoing else entry.amount
    direction = "to" if outgoing else "from"
    kind = _KIND_WORDS[entry.kind]
    if entry.transaction_type is not None:
        kind = entry.transaction_type.value.lower()
    if entry.tax_type is not None:
        kind = f"tax ({entry.tax_type.value.lower()})"
    if entry.recurring_id is not None:
        kind += f", recurring #{entry.recurring_id}"
    return (
        f"`#{entry.id}` {when(entry.created_at)} **{signed(ctx, amount)}** "
        f"{direction} {ctx.account(other)} · {kind}"
    )


def journal_text(entries: Sequence[JournalEntry], account_id: int, ctx: ErrorContext) -> str:
    """The last journal legs of an account, newest first."""
    if not entries:
        return f"{ctx.account(account_id)} has no transactions yet."
    lines = [f"**Transactions of {ctx.account(account_id)}** (newest first)"]
    lines += [journal_line(entry, account_id, ctx) for entry in entries]
    return fit(lines)


# --- taxes -----------------------------------------------------------------------------------


def bracket_line(bracket: TaxBracket, ctx: ErrorContext) -> str:
    """One tax bracket: name, who pays, the range, the rate, who collects."""
    end = "and above" if bracket.end is None else f"to {ctx.money(bracket.end)}"
    return (
        f"• **{bracket.name}**: {bracket.tax_type.value.lower()} on "
        f"{bracket.affected_type.value.lower()} accounts, {ctx.money(bracket.start)} {end}, "
        f"{percent(bracket.rate)} to {ctx.account(bracket.to_account_id)}"
    )


def brackets_text(brackets: Sequence[TaxBracket], ctx: ErrorContext) -> str:
    """Every tax bracket of the economy."""
    if not brackets:
        return "This economy has no tax brackets."
    return fit(["**Tax brackets**", *(bracket_line(b, ctx) for b in brackets)])


def bracket_created_text(bracket: TaxBracket, ctx: ErrorContext) -> str:
    """A new tax bracket."""
    return "Created the tax bracket\n" + bracket_line(bracket, ctx)


def preview_text(
    period: str, total: int, revenue: dict[int, int], payers: int, ctx: ErrorContext
) -> str:
    """What a tax cycle would collect now, and how to run it."""
    if total == 0:
        head = f"A tax cycle for {period} would collect nothing now."
    else:
        head = (
            f"A tax cycle for **{period}** would collect **{ctx.money(total)}** "
            f"from {payers} account(s):"
        )
    lines = [head]
    lines += [
        f"• {ctx.account(account_id)} receives {ctx.money(amount)}"
        for account_id, amount in sorted(revenue.items())
    ]
    lines.append(f"Run it with `/tax-run period:{period} confirm:True`.")
    return fit(lines)


def cycle_text(cycle: TaxCycle, ctx: ErrorContext) -> str:
    """A tax cycle that ran (now or before: a period is taxed once)."""
    return (
        f"Tax cycle **{cycle.period}**: collected **{ctx.money(cycle.collected)}** "
        f"in {cycle.payments} payment(s) ({when(cycle.created_at)})."
    )


# --- recurring -------------------------------------------------------------------------------


def recurring_line(recurring: RecurringTransfer, ctx: ErrorContext) -> str:
    """One standing order: amount, schedule, progress, status."""
    times = "until cancelled" if recurring.total is None else f"{recurring.total} times"
    progress = f"{recurring.paid} paid"
    if recurring.failed:
        progress += f", {recurring.failed} failed"
    status = "" if recurring.status is RecurringStatus.ACTIVE else f" · {recurring.status.value}"
    return (
        f"`#{recurring.id}` {ctx.money(recurring.amount)} every {recurring.interval_days} day(s) "
        f"{times} from {ctx.account(recurring.from_account_id)} to "
        f"{ctx.account(recurring.to_account_id)} · {progress}{status}"
    )


def recurring_list_text(
    items: Sequence[RecurringTransfer], account_id: int, ctx: ErrorContext
) -> str:
    """Standing orders from or to an account."""
    if not items:
        return f"{ctx.account(account_id)} has no recurring transfers."
    lines = [f"**Recurring transfers of {ctx.account(account_id)}**"]
    lines += [recurring_line(r, ctx) for r in items]
    return fit(lines)


def recurring_created_text(recurring: RecurringTransfer, ctx: ErrorContext) -> str:
    """A new standing order and when it first pays."""
    return (
        "Set up the recurring transfer\n"
        + recurring_line(recurring, ctx)
        + "\nThe first payment is due one interval from now."
    )


def recurring_cancelled_text(recurring: RecurringTransfer, ctx: ErrorContext) -> str:
    """A standing order stopped (or already over)."""
    if recurring.status is RecurringStatus.CANCELLED:
        return f"Cancelled the recurring transfer `#{recurring.id}`."
    return f"The recurring transfer `#{recurring.id}` is {recurring.status.value.lower()}."


# --- permissions -----------------------------------------------------------------------------


def subject_text(kind: SubjectKind, subject_id: int, guild_id: int) -> str:
    """A rule's subject as Discord renders it."""
    if kind is SubjectKind.ROLE:
        return "@everyone" if subject_id == guild_id else f"<@&{subject_id}>"
    if kind is SubjectKind.USER:
        return f"<@{subject_id}>"
    return f"API key #{subject_id}"


def scope_text(economy_id: int | None, account_id: int | None, ctx: ErrorContext) -> str:
    """Where a rule applies."""
    if account_id is not None:
        return f"on {ctx.account(account_id)}"
    if economy_id is not None:
        return "in this economy"
    return "everywhere"


def permissions_set_text(
    verb: str, names: Iterable[str], subject: str, scope: str, count: int | None = None
) -> str:
    """A grant, denial or reset."""
    listed = ", ".join(f"`{n}`" for n in names)
    if verb == "reset":
        removed = "" if count is None else f" ({count} rule(s) removed)"
        return f"Reset {listed} for {subject} {scope}: the defaults decide again{removed}."
    return f"{verb.capitalize()} {listed} to {subject} {scope}."


def private_answers_text(on: bool) -> str:
    """The answer to ``/private-answers``."""
    if on:
        return (
            "From now on only you see the bot's answers to your commands in this economy. "
            "`/private-answers on:False` shows your actions in the channel again."
        )
    return (
        "From now on the bot answers your actions in this economy in the channel "
        "(balances, journals and lists stay private)."
    )


def rules_text(
    rules: Sequence[PermissionRule], subject: str, guild_id: int, ctx: ErrorContext
) -> str:
    """The stored rules about one member or role."""
    if not rules:
        return f"No rules about {subject}: the defaults decide."
    lines = [f"**Rules about {subject}**"]
    for rule in rules:
        verdict = "granted" if rule.allowed else "denied"
        where = scope_text(rule.scope.economy_id, rule.scope.account_id, ctx)
        lines.append(f"• `{rule.permission.value}` {verdict} {where}")
    return fit(lines)


# --- economies -------------------------------------------------------------------------------


def economy_text(economy: Economy) -> str:
    """An economy's currency."""
    return f"**{economy.currency_name}** (unit {economy.currency_unit})"


def currencies_text(currencies: Sequence[Economy], home: Economy | None) -> str:
    """The currencies usable in a server, its own economy marked."""
    if not currencies:
        return "No currencies are usable in this server yet."
    lines = ["**Currencies here**"]
    for economy in currencies:
        mark = " · this server's economy" if home is not None and economy.id == home.id else ""
        lines.append(f"• {economy_text(economy)}{mark}")
    return fit(lines)


def leaderboard_text(
    entries: Sequence[LeaderboardEntry], primary: Economy, ctx: ErrorContext
) -> str:
    """The members with the most money in a group, valued in its primary currency."""
    if not entries:
        return "Nobody holds any money yet."
    lines = [f"**Leaderboard** (valued in {primary.currency_name})"]
    lines += [f"{e.rank}. <@{e.owner_id}> · {ctx.money(e.value)}" for e in entries]
    return fit(lines)


def exchange_text(done: Exchange, source: Economy, target: Economy, ctx: ErrorContext) -> str:
    """A completed exchange between two currencies."""
    spent = format_cents(done.amount_in, source.currency_unit)
    got = format_cents(done.amount_out, target.currency_unit)
    return (
        f"Exchanged **{spent}** from {ctx.account(done.from_account_id)} for **{got}** into "
        f"{ctx.account(done.to_account_id)} (rate {done.numerator}/{done.denominator})."
    )


# --- bank notes ------------------------------------------------------------------------------


def _expiry(note: BankNote) -> str:
    return "" if note.expires_at is None else f", expires {when(note.expires_at)}"


def note_issued_text(issued: IssuedNote, ctx: ErrorContext) -> str:
    """A new bank note and its code (the only time it is shown)."""
    note = issued.note
    head = (
        f"Bank note **#{note.id}** of **{ctx.money(note.amount)}** from "
        f"{ctx.account(note.issuer_account_id)}{_expiry(note)}."
    )
    if issued.code is None:
        return (
            f"{head} It was issued before and its code is shown only once; "
            f"if it is lost, take the money back with `/note cancel number:{note.id}`."
        )
    return (
        f"{head} Its code, shown only now (whoever has it can redeem it once, "
        f"with `/note redeem`):\n`{issued.code}`"
    )


def note_redeemed_text(note: BankNote, economy: Economy, ctx: ErrorContext) -> str:
    """A redeemed bank note."""
    target = (
        "" if note.redeemed_account_id is None else f" into {ctx.account(note.redeemed_account_id)}"
    )
    amount = f"**{ctx.money(note.amount)}** ({economy.currency_name})"
    return f"Redeemed bank note #{note.id}: {amount}{target}."


def note_cancelled_text(note: BankNote, ctx: ErrorContext) -> str:
    """A cancelled bank note: its money went back to the issuing account."""
    return (
        f"Cancelled bank note #{note.id}: {ctx.money(note.amount)} went back to "
        f"{ctx.account(note.issuer_account_id)}."
    )


def notes_text(notes: Sequence[BankNote], account_id: int, ctx: ErrorContext) -> str:
    """The bank notes an account issued, newest first."""
    if not notes:
        return f"{ctx.account(account_id)} issued no bank notes."
    lines = [f"**Bank notes of {ctx.account(account_id)}**"]
    lines += [
        f"`#{n.id}` {ctx.money(n.amount)} · {n.state.value.lower()}{_expiry(n)}" for n in notes
    ]
    return fit(lines)


# --- notifications ---------------------------------------------------------------------------


def _detail(detail: str) -> str:
    if detail.startswith("recurring:"):
        return f"recurring transfer #{detail.removeprefix('recurring:')}"
    if detail.startswith("tax_cycle:"):
        return "tax cycle"
    return {"mint": "printed", "burn": "removed"}.get(detail, detail)


_FAILURES = {
    "InsufficientBalance": "not enough money",
    "NotPermitted": "you may no longer pay from that account",
    "AccountClosed": "an account is closed",
    "AccountBalanceOutOfRange": "the receiving account cannot hold that much",
    "ApiKeyUnusable": "its API key cannot act any more",
    "SpendingLimitExceeded": "its API key reached its spending limit",
}


def failure_words(failure: str) -> str:
    """Why a recurring payment failed, from the error name the service recorded."""
    return _FAILURES.get(failure, failure)


def notification_text(
    notification: Notification,
    economy: Economy | None,
    account: str,
    failure: tuple[int, str] | None = None,
) -> str:
    """The direct message for one outbox notification.

    ``failure`` is the failed instalment and the error name of a recurring payment, when known.
    """
    ctx = ErrorContext(unit="" if economy is None else economy.currency_unit)
    where = "" if economy is None else f" ({economy.currency_name})"
    if notification.kind is NotificationKind.RECURRING_FAILED:
        what = f"your recurring transfer #{notification.recurring_id} from {account}{where}"
        if failure is None:
            return f"A payment of {what} failed: {notification.detail}"
        instalment, name = failure
        return f"Payment {instalment} of {what} failed: {failure_words(name)}."
    return (
        f"{account}{where}: **{signed(ctx, notification.amount)}** ({_detail(notification.detail)})"
    )


__all__ = [
    "MESSAGE_MAX",
    "accounts_text",
    "balance_text",
    "bracket_created_text",
    "bracket_line",
    "brackets_text",
    "currencies_text",
    "cycle_text",
    "economy_text",
    "exchange_text",
    "failure_words",
    "fit",
    "issue_text",
    "journal_line",
    "journal_text",
    "leaderboard_text",
    "note_cancelled_text",
    "note_issued_text",
    "note_redeemed_text",
    "notes_text",
    "notification_text",
    "opened_text",
    "percent",
    "permissions_set_text",
    "preview_text",
    "private_answers_text",
    "recurring_cancelled_text",
    "recurring_created_text",
    "recurring_line",
    "recurring_list_text",
    "rules_text",
    "scope_text",
    "signed",
    "subject_text",
    "transfer_text",
    "when",
]
