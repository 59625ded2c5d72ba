"""Presenting frozen core entities as Telegram HTML texts and inline keyboards.

Pure functions of an entity and a :class:`~communitybot.telegram._i18n.Translator`: no I/O, so
they are tested directly and reused by every handler that shows the same thing.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from communitybot.core.community import (
    CollectiveKind,
    CollectiveStatus,
    CollectiveView,
    HistoryEntry,
    HistoryPage,
    UserData,
    UserInfo,
    UserSummary,
    VouchInfo,
)
from communitybot.core.rules import CommunityRules, Consumable
from communitybot.telegram._callbacks import Action, encode
from communitybot.telegram._i18n import Markup, Translator, escape
from communitybot.telegram._text import split_message

MAX_NAMES_SHOWN = 60
"""Longest list of names shown in a collective message before "+n" takes over."""


def names(users: Sequence[UserSummary], t: Translator) -> Markup:
    """Display names joined by commas, with ``+n`` beyond :data:`MAX_NAMES_SHOWN`."""
    shown = [u.name for u in users[:MAX_NAMES_SHOWN]]
    text = t.join(shown)
    if len(users) > MAX_NAMES_SHOWN:
        return Markup(f"{text} +{len(users) - MAX_NAMES_SHOWN}")
    return text


def reason_suffix(reason: str | None, t: Translator) -> Markup:
    """`` for “reason”`` or nothing."""
    return t("reason.suffix", reason=reason) if reason else Markup("")


# --- collectives ---


def collective_text(view: CollectiveView, t: Translator, rules: CommunityRules) -> Markup:
    """The message that shows a payment request or a communism, in its current state."""
    lines: list[str] = []
    body = t("collective.body", amount=t.money(view.amount), description=view.description)
    if view.kind is CollectiveKind.PAYMENT:
        lines.append(t("pay.title", id=view.id, creator=view.creator.name))
        lines.append(body)
        approvals = [v.user for v in view.votes if v.approve]
        disapprovals = [v.user for v in view.votes if not v.approve]
        lines.append(t("pay.approvals", count=len(approvals), names=names(approvals, t)))
        lines.append(t("pay.disapprovals", count=len(disapprovals), names=names(disapprovals, t)))
        if view.is_open:
            lines.append(t("pay.rule", consent=rules.payment_consent, denial=rules.payment_denial))
            if rules.payment_expiry_hours > 0:
                lines.append(t("pay.expires", hours=rules.payment_expiry_hours))
    else:
        lines.append(t("communism.title", id=view.id, creator=view.creator.name))
        lines.append(body)
        lines.append(t("communism.members", count=len(view.members), names=names(view.members, t)))
        lines.append(t("communism.externals", count=view.externals))
        if view.status in (CollectiveStatus.SETTLED, CollectiveStatus.CLOSED) and view.shares:
            lines.append(t("communism.shares"))
            for share in view.shares[:MAX_NAMES_SHOWN]:
                lines.append(
                    t("communism.share_line", name=share.user.name, amount=t.money(share.amount))
                )
            for number, amount in enumerate(view.external_shares, start=1):
                if number > MAX_NAMES_SHOWN:
                    break
                lines.append(
                    t(
                        "communism.external_line",
                        number=number,
                        amount=t.money(amount),
                        creator=view.creator.name,
                    )
                )
        elif view.is_open and view.shares:
            top = max(s.amount for s in view.shares)
            lines.append(t("communism.preview", share=t.money(top)))
    status = t(f"collective.status.{view.status.value}")
    lines.append(t("collective.status_line", status=status))
    return Markup(split_message("\n".join(lines))[0])


def collective_keyboard(view: CollectiveView, t: Translator) -> InlineKeyboardMarkup | None:
    """The buttons of an open collective; ``None`` once it is closed."""
    if not view.is_open:
        return None
    cid = int(view.id)
    if view.kind is CollectiveKind.PAYMENT:
        return InlineKeyboardMarkup(
            [
                [
                    _button(t("pay.approve"), Action.APPROVE, cid),
                    _button(t("pay.disapprove"), Action.DISAPPROVE, cid),
                ],
                [
                    _button(t("pay.retract"), Action.RETRACT, cid),
                    _button(t("pay.cancel"), Action.CANCEL_PAYMENT, cid),
                ],
            ]
        )
    return InlineKeyboardMarkup(
        [
            [
                _button(t("communism.join"), Action.JOIN, cid),
                _button(t("communism.leave"), Action.LEAVE, cid),
            ],
            [
                _button(t("communism.externals_plus"), Action.EXTERNALS_PLUS, cid),
                _button(t("communism.externals_minus"), Action.EXTERNALS_MINUS, cid),
            ],
            [
                _button(t("communism.accept"), Action.ACCEPT, cid),
                _button(t("communism.cancel"), Action.CANCEL_COMMUNISM, cid),
            ],
        ]
    )


def _button(label: str, action: Action, *args: int | str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=str(label), callback_data=encode(action, *args))


def send_keyboard(token: str, t: Translator) -> InlineKeyboardMarkup:
    """Confirm and Abort for a pending transfer."""
    return InlineKeyboardMarkup(
        [
            [
                _button(t("send.confirm"), Action.CONFIRM_SEND, token),
                _button(t("send.abort"), Action.ABORT_SEND, token),
            ]
        ]
    )


# --- history ---


def history_line(entry: HistoryEntry, t: Translator) -> Markup:
    """One journal row from the owner's view."""
    direction = t("history.from") if entry.amount > 0 else t("history.to")
    reason = t("history.reason", reason=entry.reason) if entry.reason else Markup("")
    return t(
        "history.line",
        date=t.date(entry.registered),
        amount=t.money(entry.amount, signed=True),
        direction=direction,
        counterpart=entry.counterpart.name,
        reason=reason,
    )


def history_text(page: HistoryPage, t: Translator) -> Markup:
    """A page of history, newest first (may exceed one message; split it to send)."""
    if not page.entries:
        return t("history.empty")
    first = page.offset + 1
    last = page.offset + len(page.entries)
    lines = [t("history.title", first=first, last=last, total=page.total)]
    lines.extend(history_line(entry, t) for entry in page.entries)
    return Markup("\n".join(lines))


def history_keyboard(page: HistoryPage, t: Translator) -> InlineKeyboardMarkup | None:
    """Older / Newer buttons where there is something to page to."""
    row: list[InlineKeyboardButton] = []
    if page.offset + len(page.entries) < page.total:
        row.append(
            _button(t("history.older"), Action.HISTORY_PAGE, page.offset + page.limit, page.limit)
        )
    if page.offset > 0:
        row.append(
            _button(
                t("history.newer"),
                Action.HISTORY_PAGE,
                max(0, page.offset - page.limit),
                page.limit,
            )
        )
    return InlineKeyboardMarkup([row]) if row else None


HISTORY_FIELDS = ("id", "registered", "amount", "counterpart_id", "counterpart", "reason")


def history_csv(entries: Sequence[HistoryEntry]) -> bytes:
    """The whole history as CSV (amounts in cents, UTC timestamps in ISO 8601)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HISTORY_FIELDS)
    for entry in entries:
        row = entry.as_json()
        writer.writerow(row[field] for field in HISTORY_FIELDS)  # a missing reason: empty
    return buffer.getvalue().encode()


def history_json(entries: Sequence[HistoryEntry]) -> bytes:
    """The whole history as a JSON array (amounts in cents)."""
    rows = [entry.as_json() for entry in entries]
    return json.dumps(rows, ensure_ascii=False, indent=1).encode()


# --- users ---


def data_text(data: UserData, t: Translator) -> Markup:
    """``/data``: everything stored about the user."""
    user = data.user
    yes, no = t("data.yes"), t("data.no")
    lines = [
        t("data.title"),
        t(
            "data.body",
            id=user.id,
            tid=user.tid if user.tid is not None else "–",
            name=user.name,
            username=f"@{user.username}" if user.username else t("data.none"),
            balance=t.money(user.balance),
            status=t("data.external") if user.external else t("data.internal"),
            vote=yes if user.permission else no,
            active=yes if user.active else no,
            created=t.date(user.created),
            accessed=t.date(user.accessed),
            transactions=data.transactions,
        ),
    ]
    if data.voucher is not None:
        lines.append(t("data.voucher", name=data.voucher.name))
    if data.vouchees:
        lines.append(t("data.vouchees", names=names(data.vouchees, t)))
    if data.open_collectives:
        ids = ", ".join(f"#{cid}" for cid in data.open_collectives)
        lines.append(t("data.open_collectives", ids=ids))
    return Markup("\n".join(lines))


def ranking_text(title: Markup, users: Sequence[UserInfo], t: Translator) -> Markup:
    """A numbered list of users and balances under ``title``."""
    lines = [str(title)]
    for rank, user in enumerate(users, start=1):
        lines.append(t("rank.line", rank=rank, name=user.name, balance=t.money(user.balance)))
    return Markup("\n".join(lines))


def vouchees_text(vouchees: Sequence[VouchInfo], t: Translator) -> Markup:
    """``/vouch``: the externals the user vouches for."""
    if not vouchees:
        return t("vouch.none")
    lines = [str(t("vouch.title"))]
    lines.extend(
        t("vouch.line", name=v.external.name, balance=t.money(v.balance)) for v in vouchees
    )
    return Markup("\n".join(lines))


def consumables_text(consumables: Sequence[Consumable], t: Translator) -> Markup:
    """What the community sells, with prices and shortcut commands."""
    lines = [str(t("consume.list_title"))]
    lines.extend(
        t(
            "consume.list_line",
            emoji=c.emoji,
            name=c.name,
            description=c.description or c.name,
            price=t.money(c.price),
        )
        for c in consumables
    )
    return Markup("\n".join(lines))


def mention(user: UserSummary | UserInfo) -> str:
    """``@username`` or the name, for texts that suggest a command to type."""
    return f"@{user.username}" if user.username else user.name


__all__ = [
    "HISTORY_FIELDS",
    "collective_keyboard",
    "collective_text",
    "consumables_text",
    "data_text",
    "escape",
    "history_csv",
    "history_json",
    "history_keyboard",
    "history_line",
    "history_text",
    "mention",
    "names",
    "ranking_text",
    "reason_suffix",
    "send_keyboard",
    "vouchees_text",
]
