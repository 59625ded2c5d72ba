"""Texts the bot answers with, made from the frozen entities the services return.

Pure functions: no Discord objects, no database. Every text comes from the message catalogue in
the reader's language (:class:`Context`, rendered as Discord markdown); accounts are shown by the
labels the handler learnt, amounts in the economy's unit. Every answer fits Discord's 2000
characters (:func:`fit`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from communitybot.core.economy import (
    Account,
    AccountType,
    Economy,
    EntryKind,
    Exchange,
    JournalEntry,
    LeaderboardEntry,
    Notification,
    NotificationKind,
    TransferResult,
)
from communitybot.runtime.catalogue import ErrorContext, Markup, Translator
from communitybot.runtime.catalogue._economy import failure

MESSAGE_MAX = 2000
"""Longest message content Discord accepts."""


@dataclass(frozen=True, slots=True)
class Context:
    """What a text needs: the reader's translator, and who acts, the economy's unit and the
    labels of the accounts and members (:class:`ErrorContext`, which refusals use as well)."""

    t: Translator
    names: ErrorContext

    @property
    def actor_id(self) -> int | None:
        """The acting member."""
        return self.names.actor_id

    def account(self, account_id: int) -> str:
        """The label of an account the handler resolved, else its number."""
        return self.names.account(account_id, self.t)

    def member(self, member_id: int) -> str:
        """A member as Discord shows them (a mention)."""
        return self.names.member(member_id, self.t)

    def money(self, cents: int, *, signed: bool = False) -> str:
        """An amount in the economy's unit (a bare number when the economy is unknown)."""
        return self.names.money(cents, self.t, signed=signed)


def fit(lines: Sequence[str], t: Translator, *, limit: int = MESSAGE_MAX) -> str:
    """Join ``lines``; when too long, keep the first ones and say how many were left out."""
    text = "\n".join(lines)
    if len(text) <= limit:
        return text
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        more = t("economy.more", count=len(lines) - index)
        if used + len(line) + 1 + len(more) > limit:
            return "\n".join([*kept, more])
        kept.append(line)
        used += len(line) + 1
    return "\n".join(kept)


def percent(basis_points: int, separator: str = ".") -> str:
    """``250`` basis points as ``"2.5 %"`` (``"2,5 %"`` with a decimal comma)."""
    whole, rest = divmod(basis_points, 100)
    if rest == 0:
        return f"{whole} %"
    return f"{whole}{separator}{rest:02d}".rstrip("0") + " %"


def when(moment: datetime) -> Markup:
    """A time as Discord renders it for each reader in their own zone and language."""
    return Markup(f"<t:{int(moment.timestamp())}:f>")


def code(ctx: Context, text: object) -> Markup:
    """``text`` as inline code."""
    return ctx.t("economy.code", text=text)


# --- accounts --------------------------------------------------------------------------------


def balance_text(account: Account, ctx: Context) -> str:
    """One account's balance, and its limit when it may go below zero."""
    t = ctx.t
    text: str = t(
        "economy.balance", account=ctx.account(account.id), balance=ctx.money(account.balance)
    )
    if account.min_balance != 0:
        text += t("economy.balance.limit", limit=ctx.money(account.min_balance))
    if not account.is_open:
        text += t("economy.balance.closed")
    return text


def accounts_text(accounts: Sequence[Account], ctx: Context) -> str:
    """The accounts someone may see, with type and balance."""
    t = ctx.t
    if not accounts:
        return t("economy.accounts.none")
    lines = [t("economy.accounts.title", count=len(accounts))]
    lines += [
        t(
            "economy.accounts.line",
            account=ctx.account(a.id),
            type=t.word("economy.account_type", a.account_type.value),
            balance=ctx.money(a.balance),
        )
        for a in accounts
    ]
    return fit(lines, t)


def opened_text(account: Account, ctx: Context) -> str:
    """A new account (said in the channel, so the others see who has one)."""
    t = ctx.t
    if account.account_type is AccountType.USER and account.owner_id is not None:
        key = "economy.opened.own" if account.owner_id == ctx.actor_id else "economy.opened.for"
        return t(key, member=ctx.member(account.owner_id))
    values = {
        "type": t.word("economy.account_type", account.account_type.value),
        "account": ctx.account(account.id),
    }
    if account.owner_id is None:
        return t("economy.opened.named", **values)
    return t("economy.opened.named_for", member=ctx.member(account.owner_id), **values)


def subscribed_text(added: bool, account_id: int, ctx: Context) -> str:
    """Whether ``/subscribe`` added a subscription or found one."""
    key = "economy.subscribed" if added else "economy.subscribed.already"
    return ctx.t(key, account=ctx.account(account_id))


def unsubscribed_text(removed: bool, account_id: int, ctx: Context) -> str:
    """Whether ``/unsubscribe`` removed a subscription."""
    key = "economy.unsubscribed" if removed else "economy.unsubscribed.not"
    return ctx.t(key, account=ctx.account(account_id))


def private_answers_text(on: bool, ctx: Context) -> str:
    """The answer to ``/private-answers``."""
    return ctx.t("economy.private_answers.on" if on else "economy.private_answers.off")


# --- money -----------------------------------------------------------------------------------


def transfer_text(result: TransferResult, ctx: Context) -> str:
    """A transfer (and the VAT paid on top of a purchase)."""
    entry = result.entry
    t = ctx.t
    text: str = t(
        "economy.transfer",
        payer=ctx.account(entry.from_account_id),
        amount=ctx.money(entry.amount),
        payee=ctx.account(entry.to_account_id),
    )
    if result.taxes:
        vat = sum(tax.amount for tax in result.taxes)
        text += t("economy.transfer.vat", vat=ctx.money(vat), total=ctx.money(result.total_debited))
    return text


def issue_text(entry: JournalEntry, ctx: Context) -> str:
    """Money printed into or removed from an account."""
    if entry.kind is EntryKind.MINT:
        return ctx.t(
            "economy.printed",
            amount=ctx.money(entry.amount),
            account=ctx.account(entry.to_account_id),
        )
    return ctx.t(
        "economy.removed",
        amount=ctx.money(entry.amount),
        account=ctx.account(entry.from_account_id),
    )


def _entry_kind(entry: JournalEntry, t: Translator) -> str:
    kind = t(f"economy.entry.{entry.kind.value}")
    if entry.transaction_type is not None:
        kind = t.word("economy.transaction_type", entry.transaction_type.value)
    if entry.tax_type is not None:
        kind = t("economy.entry.tax", type=t.word("economy.tax_type", entry.tax_type.value))
    if entry.recurring_id is not None:
        kind = t("economy.entry.recurring", kind=kind, id=entry.recurring_id)
    return kind


def journal_line(entry: JournalEntry, account_id: int, ctx: Context) -> str:
    """One journal leg as seen from ``account_id``: signed amount, other side, kind, time."""
    outgoing = entry.from_account_id == account_id
    other = entry.to_account_id if outgoing else entry.from_account_id
    return ctx.t(
        "economy.journal.line",
        id=entry.id,
        when=when(entry.created_at),
        amount=ctx.money(-entry.amount if outgoing else entry.amount, signed=True),
        direction=ctx.t("history.to" if outgoing else "history.from"),
        other=ctx.account(other),
        kind=_entry_kind(entry, ctx.t),
    )


def journal_text(entries: Sequence[JournalEntry], account_id: int, ctx: Context) -> str:
    """The last journal legs of an account, newest first."""
    if not entries:
        return ctx.t("economy.journal.none", account=ctx.account(account_id))
    lines: list[str] = [ctx.t("economy.journal.title", account=ctx.account(account_id))]
    lines += [journal_line(entry, account_id, ctx) for entry in entries]
    return fit(lines, ctx.t)


# --- economies -------------------------------------------------------------------------------


def economy_text(economy: Economy, ctx: Context) -> Markup:
    """An economy's currency."""
    return ctx.t("economy.name", name=economy.currency_name, unit=economy.currency_unit)


def economy_changed_text(key: str, economy: Economy, ctx: Context) -> str:
    """``economy.created``, ``registered``, ``unregistered`` or ``info`` about ``economy``."""
    return ctx.t(f"economy.{key}", economy=economy_text(economy, ctx))


def currencies_text(currencies: Sequence[Economy], home: Economy | None, ctx: Context) -> str:
    """The currencies usable in a server, its own economy marked."""
    t = ctx.t
    if not currencies:
        return t("economy.currencies.none")
    lines = [t("economy.currencies.title")]
    for economy in currencies:
        own = home is not None and economy.id == home.id
        key = "economy.currencies.home" if own else "economy.currencies.line"
        lines.append(t(key, economy=economy_text(economy, ctx)))
    return fit(lines, t)


def leaderboard_text(entries: Sequence[LeaderboardEntry], primary: Economy, ctx: Context) -> str:
    """The members with the most money in a group, valued in its primary currency."""
    t = ctx.t
    if not entries:
        return t("economy.leaderboard.none")
    lines = [t("economy.leaderboard.title", currency=primary.currency_name)]
    lines += [
        t(
            "economy.leaderboard.line",
            rank=e.rank,
            member=ctx.member(e.owner_id),
            value=ctx.money(e.value),
        )
        for e in entries
    ]
    return fit(lines, t)


def exchange_text(done: Exchange, source: Economy, target: Economy, ctx: Context) -> str:
    """A completed exchange between two currencies."""
    t = ctx.t
    return t(
        "economy.exchanged",
        spent=t.money(done.amount_in, unit=source.currency_unit),
        payer=ctx.account(done.from_account_id),
        got=t.money(done.amount_out, unit=target.currency_unit),
        payee=ctx.account(done.to_account_id),
        numerator=done.numerator,
        denominator=done.denominator,
    )


# --- notifications ---------------------------------------------------------------------------

_ENTRY_DETAILS = {"transfer": "TRANSFER", "mint": "MINT", "burn": "BURN"}


def _detail(detail: str, t: Translator) -> Markup:
    if detail.startswith("recurring:"):
        return t("economy.detail.recurring", id=detail.removeprefix("recurring:"))
    if detail.startswith("tax_cycle:"):
        return t("economy.detail.tax_cycle")
    if detail in _ENTRY_DETAILS:
        return t(f"economy.entry.{_ENTRY_DETAILS[detail]}")
    key = f"economy.detail.{detail}"
    return t(key) if t.has(key) else t.word("kind", detail)


def failure_words(failure_name: str, t: Translator) -> Markup:
    """Why a recurring payment failed, from the error name the service recorded."""
    return failure(t, failure_name)


def notification_title(notification: Notification, t: Translator) -> str:
    """The title of a notification's embed."""
    failed = notification.kind is NotificationKind.RECURRING_FAILED
    return t("economy.notify.title.failed" if failed else "economy.notify.title.balance")


def notification_text(
    notification: Notification,
    economy: Economy | None,
    account: str,
    t: Translator,
    failure: tuple[int, str] | None = None,
) -> str:
    """The direct message for one outbox notification.

    ``account`` is the account's label; ``failure`` is the failed instalment and the error name
    of a recurring payment, when known.
    """
    names = ErrorContext(unit="" if economy is None else economy.currency_unit)
    currency = (
        Markup("") if economy is None else t("economy.notify.currency", name=economy.currency_name)
    )
    label = Markup(account)
    if notification.kind is NotificationKind.RECURRING_FAILED:
        what = t(
            "economy.notify.recurring",
            id=notification.recurring_id,
            account=label,
            currency=currency,
        )
        if failure is None:
            return t("economy.notify.failed_detail", what=what, detail=notification.detail)
        instalment, name = failure
        return t(
            "economy.notify.failed", instalment=instalment, what=what, why=failure_words(name, t)
        )
    return t(
        "economy.notify.balance",
        account=label,
        currency=currency,
        amount=names.money(notification.amount, t, signed=True),
        detail=_detail(notification.detail, t),
    )


__all__ = [
    "MESSAGE_MAX",
    "Context",
    "accounts_text",
    "balance_text",
    "code",
    "currencies_text",
    "economy_changed_text",
    "economy_text",
    "exchange_text",
    "failure_words",
    "fit",
    "issue_text",
    "journal_line",
    "journal_text",
    "leaderboard_text",
    "notification_text",
    "notification_title",
    "opened_text",
    "percent",
    "private_answers_text",
    "subscribed_text",
    "transfer_text",
    "unsubscribed_text",
    "when",
]
