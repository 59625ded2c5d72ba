"""The command and button handlers: parse, one service call in a worker thread, present.

Every handler is thin. Database work never runs on the event loop: each handler hands one
function to a worker thread (:meth:`CommunityHandlers._work`), which identifies the acting user,
calls the community service and, when the service refuses, looks up the names the error needs.
The services own their transactions; nothing here touches ORM rows or sessions.

Domain errors become one short text from the catalogue (:func:`describe_error`). Anything else goes
to the global error handler (:meth:`CommunityHandlers.on_error`), which logs it with the update
and answers politely. Every button press is answered exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import html
import logging
import re
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Concatenate, TypeVar

from telegram import (
    CallbackQuery,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    MessageEntity,
    Update,
)
from telegram import User as TgUser
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from communitybot.bootstrap import Container
from communitybot.core.community import (
    CollectiveKind,
    CollectiveMessage,
    CollectiveReceipt,
    CollectiveStatus,
    CollectiveView,
    TransferPreview,
    UserInfo,
    VouchInfo,
)
from communitybot.core.errors import (
    CollectiveClosed,
    DomainError,
    InvalidAmount,
    InvalidNumber,
    NotPendingSendOwner,
    OutcomeUnknown,
    PendingSendExpired,
    UnknownPendingSend,
    UnknownUser,
)
from communitybot.core.ids import CollectiveId, TelegramId, UserId
from communitybot.core.money import parse_amount, take_amount
from communitybot.core.text import normalise_text, parse_number
from communitybot.services import community as services
from communitybot.telegram._callbacks import Action, BadCallback, Callback, decode
from communitybot.telegram._errors import ErrorContext, describe_error, user_ids_in
from communitybot.telegram._i18n import Catalogue, Markup, Translator
from communitybot.telegram._pending import RecentUpdates
from communitybot.telegram._present import (
    collective_keyboard,
    collective_text,
    consumables_text,
    data_text,
    history_csv,
    history_json,
    history_keyboard,
    history_text,
    mention,
    ranking_text,
    reason_suffix,
    send_keyboard,
    vouchees_text,
)
from communitybot.telegram._text import split_message

_log = logging.getLogger(__name__)

T = TypeVar("T")
Context = ContextTypes.DEFAULT_TYPE

HISTORY_DEFAULT = 10
"""Entries per ``/history`` page when no count is given."""

HISTORY_MAX = 100
"""Most entries ``/history n`` shows at once (more: ``/history csv``)."""

RANKING_SIZE = 10
"""Entries shown by ``/blame`` and ``/top`` when no count is given."""

RANKING_MAX = 100
"""Most entries ``/blame n`` and ``/top n`` show."""

COUNT_DIGITS = 6
"""Longest count read from a command (``/history n``, ``/drink n``, ``/top n``); longer is refused
before it is turned into a number."""

CALLBACK_ANSWER_MAX = 200
"""Telegram's limit for the text of a callback answer."""

BASE_COMMANDS = (
    "start",
    "help",
    "balance",
    "history",
    "data",
    "zwegat",
    "blame",
    "top",
    "send",
    "pay",
    "communism",
    "consume",
    "vouch",
)
"""Every command except the per-consumable shortcuts, in the order /help lists them."""

TREASURER_COMMANDS = ("vote_right",)
"""Commands of the treasurers (:mod:`communitybot.telegram._vote_right`): registered with the
others, explained by ``/help <command>``, but kept out of the menu and the ``/help`` list."""

_TAGS = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """Telegram HTML as plain text (for callback answers, which know no formatting)."""
    return html.unescape(_TAGS.sub("", text))


def clean_args(args: Sequence[str] | None) -> list[str]:
    """A command's words as a person sees them (:func:`~communitybot.core.text.normalise_text`).

    Words that are only invisible characters (a zero-width space between two blanks) are dropped,
    so every handler judges, and every service stores, what a reader of the command would see.
    """
    words = (normalise_text(word) for word in args or ())
    return [word for word in words if word]


class Refused(Exception):
    """A domain error from a service, with what is needed to describe it to the person."""

    def __init__(self, error: DomainError, context: ErrorContext) -> None:
        super().__init__(str(error))
        self.error = error
        self.context = context


@dataclass(frozen=True, slots=True)
class Target:
    """A person named in a command: by ``@username`` or by Telegram id (reply or text mention)."""

    username: str | None = None
    tid: TelegramId | None = None
    label: str = ""
    bot: bool = False


def message_key(message: Message) -> str:
    """The idempotency key of a command message: unique per bot, for ever."""
    return f"tg:msg:{message.chat.id}:{message.message_id}"


def callback_key(query: CallbackQuery) -> str:
    """The idempotency key of one button press."""
    return f"tg:cb:{query.id}"


_Handler = Callable[["CommunityHandlers", Update, Context], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class _ButtonResult:
    """How to answer a press, and what to do once it is answered.

    ``then`` updates messages (every copy of a collective, the pressed summary, a notification):
    the press is answered first, so the person hears back at once even when Telegram is slow to
    edit many messages or limits the bot's edits.
    """

    text: str | None
    alert: bool = False
    then: Callable[[], Awaitable[object]] | None = None


def command(
    method: Callable[Concatenate[CommunityHandlers, Update, Context, ...], Awaitable[None]],
) -> _Handler:
    """Wrap a command handler: domain refusals become a reply from the catalogue."""

    @functools.wraps(method)
    async def wrapper(self: CommunityHandlers, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or update.effective_user is None:
            return
        context.args = clean_args(context.args)
        async with self.visit(update.effective_user):
            try:
                await method(self, update, context)
            except Refused as refused:
                t = self.translator(update.effective_user)
                await self.reply(message, describe_error(refused.error, t, refused.context))

    return wrapper


@dataclass(frozen=True, slots=True)
class _Visitor:
    """Who sent the update being handled, as stored after the refresh at its start."""

    tid: TelegramId
    user: UserInfo | None


_VISITOR: ContextVar[_Visitor | None] = ContextVar("communitybot_visitor", default=None)
"""The sender of the update this task handles (worker threads get a copy of the context)."""


class CommunityHandlers:
    """Every handler of the community bot, bound to one :class:`Container`."""

    def __init__(
        self,
        container: Container,
        catalogue: Catalogue,
        *,
        recent: RecentUpdates | None = None,
    ) -> None:
        self.container = container
        self.uow = container.uow
        self.rules = container.rules
        self.catalogue = catalogue
        self.recent = recent or RecentUpdates()

    # --- infrastructure ---------------------------------------------------------------------

    def translator(self, user: TgUser | None) -> Translator:
        """The translator for a Telegram user's language."""
        return self.catalogue.translator(user.language_code if user else None)

    @property
    def shared(self) -> Translator:
        """The community's own locale, used for messages many people see (collectives)."""
        return self.catalogue.translator(None)

    def commands(self) -> list[str]:
        """Every command name, shortcuts for consumables included."""
        return [*BASE_COMMANDS, *(c.name for c in self.rules.consumables)]

    async def _work(self, tg_user: TgUser | None, fn: Callable[[UserInfo], T]) -> T:
        """Run ``fn(actor)`` in a worker thread; refusals come back as :class:`Refused`."""
        if tg_user is None:
            raise RuntimeError("an update without a user reached a handler")
        return await asyncio.to_thread(self._identified, tg_user, fn)

    async def _pressing(self, tg_user: TgUser, fn: Callable[[], T]) -> T:
        """Run ``fn()`` in a worker thread for a presser who need not be registered; a refusal
        names them as the actor when they are."""
        tid = TelegramId(tg_user.id)

        def run() -> T:
            actor = self._known(tg_user)
            if actor is not None:
                holder.append(actor)
            return fn()

        holder: list[UserInfo] = []
        return await asyncio.to_thread(self._guarded, run, holder, tid)

    async def _anonymous(self, fn: Callable[[], T], *, tg_user: TgUser | None = None) -> T:
        """Run ``fn()`` in a worker thread without identifying anybody (``/start``)."""
        tid = TelegramId(tg_user.id) if tg_user else None
        return await asyncio.to_thread(self._guarded, fn, None, tid)

    @contextlib.asynccontextmanager
    async def visit(self, tg_user: TgUser | None) -> AsyncIterator[None]:
        """Handle one update of ``tg_user``: refresh their stored name and username first.

        Every command and button press goes through here, so a person's name is refreshed on
        every interaction, with one :func:`~communitybot.services.community.refresh_user` call
        per update (it writes only when something changed, and never registers anybody). The
        handlers reuse the refreshed user instead of reading it again. The refresh is best
        effort: when it fails (the database is away), a command that needs no database still
        works, and one that does identifies the user itself.
        """
        visitor = None
        if tg_user is not None and not tg_user.is_bot:
            try:
                user = await asyncio.to_thread(self._refresh, tg_user)
            except Exception:  # noqa: BLE001 - logged; the handler identifies the user itself
                _log.warning("could not refresh Telegram user %s", tg_user.id, exc_info=True)
            else:
                visitor = _Visitor(tid=TelegramId(tg_user.id), user=user)
        if visitor is None:
            yield
            return
        token = _VISITOR.set(visitor)
        try:
            yield
        finally:
            _VISITOR.reset(token)

    def _refresh(self, tg_user: TgUser) -> UserInfo | None:
        return services.refresh_user(
            self.uow,
            tid=TelegramId(tg_user.id),
            first_name=tg_user.first_name,
            last_name=tg_user.last_name,
            username=tg_user.username,
        )

    def _known(self, tg_user: TgUser) -> UserInfo | None:
        """The stored user of ``tg_user`` (refreshed at the start of this update), or ``None``."""
        visitor = _VISITOR.get()
        if visitor is not None and visitor.tid == tg_user.id:
            return visitor.user
        return self._refresh(tg_user)

    def _identified(self, tg_user: TgUser, fn: Callable[[UserInfo], T]) -> T:
        tid = TelegramId(tg_user.id)

        def run() -> T:
            actor = self._known(tg_user)
            if actor is None:
                raise UnknownUser(ref=str(tid))
            holder.append(actor)
            return fn(actor)

        holder: list[UserInfo] = []
        return self._guarded(run, holder, tid)

    def _guarded(
        self, fn: Callable[[], T], actor_holder: list[UserInfo] | None, tid: TelegramId | None
    ) -> T:
        try:
            return fn()
        except DomainError as error:
            actor = actor_holder[0] if actor_holder else None
            raise Refused(error, self._error_context(error, actor, tid)) from error

    def _error_context(
        self, error: DomainError, actor: UserInfo | None, tid: TelegramId | None
    ) -> ErrorContext:
        names: dict[int, str] = {}
        for user_id in user_ids_in(error):
            if actor is not None and user_id == actor.id:
                names[user_id] = actor.name
                continue
            try:
                names[user_id] = services.get_user(self.uow, user=UserId(user_id)).name
            except DomainError:
                continue
        return ErrorContext(
            actor_id=actor.id if actor else None,
            actor_tid=tid,
            names=names,
        )

    def _resolve(self, target: Target) -> services.UserRef:
        """A user reference the services accept, for a target (runs in the worker thread)."""
        if target.username is not None:
            return target.username
        if target.tid is None:
            raise UnknownUser(ref=target.label or "?")
        found = services.find_user(self.uow, tid=target.tid)
        if found is None:
            raise UnknownUser(ref=target.label or str(target.tid))
        return found.id

    async def reply(
        self,
        message: Message,
        text: str,
        *,
        reply_markup: InlineKeyboardMarkup | None = None,
    ) -> Message:
        """Reply with ``text`` split below 4096 characters; the keyboard goes on the last part."""
        parts = split_message(text)
        sent = message
        for index, part in enumerate(parts):
            markup = reply_markup if index == len(parts) - 1 else None
            sent = await message.reply_text(part, reply_markup=markup)
        return sent

    # --- registration and greeting ----------------------------------------------------------

    @command
    async def start(self, update: Update, context: Context) -> None:
        """``/start``: register (internal in an internal chat) and greet with the next steps."""
        message, tg_user = _require(update)
        t = self.translator(tg_user)
        tid = TelegramId(tg_user.id)

        def work() -> tuple[bool, UserInfo]:
            before = self._known(tg_user)
            info = services.register_or_refresh(
                self.uow,
                self.rules,
                tid=tid,
                first_name=tg_user.first_name,
                last_name=tg_user.last_name,
                username=tg_user.username,
                chat_id=message.chat.id,
            )
            return before is None, info

        is_new, user = await self._anonymous(work, tg_user=tg_user)
        community = self.rules.community_name
        if not is_new:
            lines = [t("start.welcome_back", name=user.name, balance=t.money(user.balance))]
        elif user.external:
            lines = [
                t(
                    "start.welcome_external",
                    name=user.name,
                    community=community,
                    mention=mention(user),
                )
            ]
        else:
            lines = [t("start.welcome_internal", name=user.name, community=community)]
        lines.append(t("start.next_steps"))
        await self.reply(message, "\n\n".join(lines))

    @command
    async def help(self, update: Update, context: Context) -> None:
        """``/help [command]``: every command with its usage, or one in detail with an example."""
        message, tg_user = _require(update)
        t = self.translator(tg_user)
        args = context.args or []
        if args:
            name = args[0].lstrip("/").split("@")[0].lower()
            detail = self._help_entry(name, t)
            if detail is None:
                await self.reply(message, t("help.unknown", command=name[:32]))
                return
            summary, usage, example = detail
            await self.reply(
                message,
                t("help.detail", command=name, summary=summary, usage=usage, example=example),
            )
            return
        lines = [str(t("help.title", community=self.rules.community_name))]
        for name in self.commands():
            detail = self._help_entry(name, t)
            if detail is not None:
                lines.append(t("help.line", command=name, summary=detail[0]))
        lines.append("")
        lines.append(t("help.footer", accepted=t("amount.accepted")))
        await self.reply(message, "\n".join(lines))

    def _help_entry(self, name: str, t: Translator) -> tuple[str, str, str] | None:
        if name in BASE_COMMANDS or name in TREASURER_COMMANDS:
            return (t(f"help.{name}.summary"), t(f"help.{name}.usage"), t(f"help.{name}.example"))
        consumable = self.rules.consumable(name)
        if consumable is None:
            return None
        summary = t(
            "help.consumable_summary",
            description=consumable.description or consumable.name,
            price=t.money(consumable.price),
        )
        usage = t("help.consumable_usage", command=consumable.name)
        return summary, usage, f"/{consumable.name} 2"

    # --- reading ----------------------------------------------------------------------------

    @command
    async def balance(self, update: Update, context: Context) -> None:
        """``/balance [@user]``: your balance, or someone else's (also by reply)."""
        message, tg_user = _require(update)
        t = self.translator(tg_user)
        args = context.args or []
        target = _target(message, args, allow_reply=True)
        if (target is None and args) or (target is not None and _extra(message, args, target)):
            await self._usage(message, t, "balance")
            return
        if target is not None and await self._refuse_bot(message, target, t):
            return

        def work(actor: UserInfo) -> UserInfo:
            if target is None:
                return actor
            return services.get_user(self.uow, user=self._resolve(target))

        user = await self._work(tg_user, work)
        if target is None or user.tid == tg_user.id:
            await self.reply(message, t("balance.own", balance=t.money(user.balance)))
        else:
            await self.reply(
                message, t("balance.other", name=user.name, balance=t.money(user.balance))
            )

    @command
    async def history(self, update: Update, context: Context) -> None:
        """``/history [n | csv | json]``: a page of your journal, or all of it as a file."""
        message, tg_user = _require(update)
        t = self.translator(tg_user)
        args = context.args or []
        tid = TelegramId(tg_user.id)
        wanted = args[0].lower() if args else ""
        if len(args) > 1:
            await self._usage(message, t, "history")
            return
        if wanted in ("csv", "json"):
            if message.chat.type != ChatType.PRIVATE:
                await self.reply(message, t("general.private_only", command=f"history {wanted}"))
                return
            entries = await self._work(
                tg_user, lambda actor: services.full_history(self.uow, tid=tid)
            )
            content = history_csv(entries) if wanted == "csv" else history_json(entries)
            stamp = datetime.now(UTC).strftime("%Y%m%d")
            await message.reply_document(
                InputFile(content, filename=f"history-{tg_user.id}-{stamp}.{wanted}"),
                caption=t("history.file_caption", count=len(entries), format=wanted.upper()),
            )
            return
        limit = HISTORY_DEFAULT
        if wanted:
            refusal = t("history.count_invalid", maximum=HISTORY_MAX)
            count = await self._count(message, wanted, t, refusal, (1, HISTORY_MAX))
            if count is None:
                return
            limit = count
        page = await self._work(
            tg_user, lambda actor: services.history(self.uow, tid=tid, offset=0, limit=limit)
        )
        await self.reply(message, history_text(page, t), reply_markup=history_keyboard(page, t))

    @command
    async def data(self, update: Update, context: Context) -> None:
        """``/data``: everything the bot stores about you."""
        message, tg_user = _require(update)
        t = self.translator(tg_user)
        if context.args:
            await self._usage(message, t, "data")
            return
        tid = TelegramId(tg_user.id)
        stored = await self._work(tg_user, lambda actor: services.user_data(self.uow, tid=tid))
        await self.reply(message, data_text(stored, t))

    @command
    async def zwegat(self, update: Update, context: Context) -> None:
        """``/zwegat``: the community's balance."""
        message, tg_user = _require(update)
        t = self.translator(tg_user)
        if context.args:
            await self._usage(message, t, "zwegat")
            return
        community = await self._work(tg_user, lambda actor: services.community_balance(self.uow))
        await self.reply(
            message, t("zwegat.text", name=community.name, balance=t.money(community.balance))
        )

    async def _ranking(
        self,
        update: Update,
        context: Context,
        rank: Callable[..., tuple[UserInfo, ...]],
        *,
        name: str,
        none_key: str,
    ) -> None:
        """Answer with the first ``n`` (``RANKING_SIZE`` when not given) members ``rank`` lists,
        or ``none_key``."""
        message, tg_user = _require(update)
        t = self.translator(tg_user)
        args = context.args or []
        if len(args) > 1:
            await self._usage(message, t, name)
            return
        limit = RANKING_SIZE
        if args:
            refusal = t("rank.count_invalid", maximum=RANKING_MAX)
            count = await self._count(message, args[0], t, refusal, (1, RANKING_MAX))
            if count is None:
                return
            limit = count
        ranked = await self._work(tg_user, lambda actor: rank(self.uow, limit=limit))
        text = ranking_text(t(f"{name}.title"), ranked, t) if ranked else t(none_key)
        await self.reply(message, text)

    @command
    async def blame(self, update: Update, context: Context) -> None:
        """``/blame [n]``: the members most in debt."""
        await self._ranking(
            update, context, services.most_in_debt, name="blame", none_key="blame.none"
        )

    @command
    async def top(self, update: Update, context: Context) -> None:
        """``/top [n]``: the highest balances."""
        await self._ranking(update, context, services.leaderboard, name="top", none_key="top.none")

    # --- send -------------------------------------------------------------------------------

    @command
    async def send(self, update: Update, context: Context) -> None:
        """``/send amount @user [reason]``: a summary with Confirm and Abort for the sender."""
        message, tg_user = _require(update)
        t = self.translator(tg_user)
        args = context.args or []
        if not args:
            await self._usage(message, t, "send")
            return
        amount_text, after = take_amount(args)
        amount = self._amount(amount_text, tg_user)
        target = _target(message, after, allow_reply=True)
        if target is None:
            await self.reply(message, t("send.no_receiver"))
            return
        if await self._refuse_bot(message, target, t):
            return
        reason = " ".join(_extra(message, after, target)) or None

        def work(actor: UserInfo) -> TransferPreview:
            return services.preview_send(
                self.uow,
                self.rules,
                sender=actor.id,
                receiver=self._resolve(target),
                amount=amount,
                reason=reason,
            )

        preview = await self._work(tg_user, work)
        token = secrets.token_urlsafe(9)
        text = t(
            "send.preview",
            amount=t.money(preview.amount),
            sender=preview.sender.name,
            receiver=preview.receiver.name,
            reason=reason_suffix(reason, t),
        )
        summary = await self.reply(message, text, reply_markup=send_keyboard(token, t))
        try:
            await asyncio.to_thread(
                services.hold_send,
                self.uow,
                token=token,
                key=f"tg:send:{message.chat.id}:{message.message_id}",
                sender=preview.sender.id,
                receiver=preview.receiver.id,
                amount=preview.amount,
                reason=reason,
                chat_id=summary.chat.id,
                msg_id=summary.message_id,
                now=self.container.clock.now(),
            )
        except Exception:
            with contextlib.suppress(TelegramError):  # buttons that would only say "expired"
                await summary.edit_reply_markup(reply_markup=None)
            raise

    async def _send_button(
        self, update: Update, query: CallbackQuery, callback: Callback, t: Translator
    ) -> _ButtonResult:
        """Confirm or Abort: only on the message that shows the token, only by its sender."""
        pressed = query.message
        if not isinstance(pressed, Message):
            return _ButtonResult(t("callback.invalid"), True)
        token, tid = callback.token, TelegramId(query.from_user.id)
        chat_id, msg_id = pressed.chat.id, pressed.message_id
        now = self.container.clock.now()
        try:
            if callback.action is Action.ABORT_SEND:
                await self._pressing(
                    query.from_user,
                    lambda: services.abort_send(
                        self.uow,
                        token=token,
                        presser_tid=tid,
                        chat_id=chat_id,
                        msg_id=msg_id,
                        now=now,
                    ),
                )
                return _ButtonResult(
                    t("callback.done"), then=lambda: _edit(query, t("send.aborted"))
                )
            confirmed = await self._pressing(
                query.from_user,
                lambda: services.confirm_send(
                    self.uow,
                    self.rules,
                    token=token,
                    presser_tid=tid,
                    chat_id=chat_id,
                    msg_id=msg_id,
                    now=now,
                ),
            )
        except Refused as refused:
            if isinstance(refused.error, OutcomeUnknown):
                # It may have gone through: the summary keeps its buttons, and Confirm again
                # (same key) either finds the transfer or makes it.
                return _ButtonResult(t("send.outcome_unknown"), True)
            error = describe_error(refused.error, t, refused.context)
            if isinstance(refused.error, PendingSendExpired):
                return _ButtonResult(error, True, lambda: _drop_keyboard(query))
            if isinstance(refused.error, (UnknownPendingSend, NotPendingSendOwner)):
                return _ButtonResult(error, True)
            failed = t("send.failed", error=error)
            return _ButtonResult(error, True, lambda: _edit(query, failed))
        pending, receipt = confirmed.pending, confirmed.receipt
        done = t(
            "send.done",
            sender=receipt.sender.name,
            amount=t.money(receipt.amount),
            receiver=receipt.receiver.name,
            reason=reason_suffix(pending.reason, t),
        )
        if receipt.replayed:
            done = Markup(f"{done}\n{t('replayed.note')}")

        async def show() -> None:
            await _edit(query, done)
            if not receipt.notify_receiver:
                return
            # Owed until confirmed: a replay (a second Confirm, a redelivered press) after a
            # crash or an unknown commit outcome still tells the receiver, once.
            if pending.receiver_tid is not None:
                await self._notify(
                    pending.receiver_tid,
                    self.shared(
                        "send.received",
                        amount=self.shared.money(receipt.amount),
                        sender=receipt.sender.name,
                        reason=reason_suffix(pending.reason, self.shared),
                        balance=self.shared.money(receipt.receiver_balance),
                    ),
                    query,
                )
            try:
                await asyncio.to_thread(services.receiver_notified, self.uow, key=pending.key)
            except Exception:  # noqa: BLE001 - still owed: the next replay tells them again
                _log.warning("could not record the notification of %s", pending.key, exc_info=True)

        return _ButtonResult(t("send.balance", balance=t.money(receipt.sender_balance)), then=show)

    async def _notify(self, tid: TelegramId, text: str, query: CallbackQuery) -> None:
        """Tell a user privately; quietly skipped when they never opened a chat with the bot."""
        if query.message is not None and query.message.chat.id == tid:
            return
        try:
            await query.get_bot().send_message(tid, text)
        except (Forbidden, BadRequest) as err:
            _log.debug("could not notify %s: %s", tid, err)

    # --- collectives ------------------------------------------------------------------------

    @command
    async def pay(self, update: Update, context: Context) -> None:
        """``/pay amount description``: a payment request the members vote on."""
        await self._open_collective(update, context, CollectiveKind.PAYMENT)

    @command
    async def communism(self, update: Update, context: Context) -> None:
        """``/communism amount description``: split a bill among everyone who joins."""
        await self._open_collective(update, context, CollectiveKind.COMMUNISM)

    async def _open_collective(
        self, update: Update, context: Context, kind: CollectiveKind
    ) -> None:
        message, tg_user = _require(update)
        t = self.translator(tg_user)
        args = context.args or []
        tid = TelegramId(tg_user.id)
        name = "pay" if kind is CollectiveKind.PAYMENT else "communism"
        if not args:
            await self._show_open(message, tg_user, kind, t, name)
            return
        amount_text, words = take_amount(args)
        amount = self._amount(amount_text, tg_user)
        description = " ".join(words)
        key = message_key(message)
        open_one = (
            services.request_payment if kind is CollectiveKind.PAYMENT else services.start_communism
        )

        def work(actor: UserInfo) -> CollectiveReceipt:
            return open_one(
                self.uow,
                self.rules,
                creator_tid=tid,
                amount=amount,
                description=description,
                key=key,
            )

        # A replayed command (redelivered after a restart) opened nothing: showing the collective
        # again, as a recorded copy kept up to date like the first, is its answer.
        receipt = await self._work(tg_user, work)
        await self._post_collective(message, receipt.collective)

    async def _show_open(
        self, message: Message, tg_user: TgUser, kind: CollectiveKind, t: Translator, name: str
    ) -> None:
        """``/pay`` or ``/communism`` alone: show your open ones again here, or the usage."""
        tid = TelegramId(tg_user.id)

        def work(actor: UserInfo) -> list[CollectiveView]:
            ids = services.user_data(self.uow, tid=tid).open_collectives
            views = [services.get_collective(self.uow, collective_id=cid) for cid in ids]
            return [v for v in views if v.kind is kind and v.is_open]

        views = await self._work(tg_user, work)
        if not views:
            usage = t(
                "general.usage", usage=t(f"help.{name}.usage"), example=t(f"help.{name}.example")
            )
            await self.reply(message, t(f"{name}.none_open", usage=usage))
            return
        for view in views:
            await self._post_collective(message, view)

    async def _post_collective(self, message: Message, view: CollectiveView) -> None:
        """Send the message that shows ``view`` and record it, so it is edited on change."""
        t = self.shared
        sent = await message.reply_text(
            collective_text(view, t, self.rules), reply_markup=collective_keyboard(view, t)
        )
        await asyncio.to_thread(
            services.record_message,
            self.uow,
            collective_id=view.id,
            chat_id=sent.chat.id,
            msg_id=sent.message_id,
        )

    async def _collective_button(
        self, update: Update, query: CallbackQuery, callback: Callback, t: Translator
    ) -> _ButtonResult:
        cid = CollectiveId(callback.number)
        tid = TelegramId(query.from_user.id)
        action = callback.action
        key = callback_key(query)
        pressed = query.message
        if not isinstance(pressed, Message):
            return _ButtonResult(t("callback.invalid"), True)
        chat_id, msg_id = pressed.chat.id, pressed.message_id

        def work(
            actor: UserInfo,
        ) -> tuple[CollectiveView, str, tuple[CollectiveMessage, ...]] | None:
            # A press counts only on a message that shows its collective (collective_messages).
            if services.collective_shown_by(self.uow, chat_id=chat_id, msg_id=msg_id) != cid:
                return None
            view, answer = self._collective_action(action, cid, tid, key, t)
            return view, answer, services.list_messages(self.uow, collective_id=cid)

        try:
            done = await self._work(query.from_user, work)
        except Refused as refused:
            refusal = describe_error(refused.error, t, refused.context)
            if isinstance(refused.error, CollectiveClosed):
                return _ButtonResult(refusal, True, lambda: self._refresh_pressed(query, cid))
            return _ButtonResult(refusal, True)
        if done is None:
            return _ButtonResult(t("callback.invalid"), True)
        view, answer, recorded = done
        return _ButtonResult(answer, then=lambda: self._show_everywhere(view, recorded, query))

    def _collective_action(
        self, action: Action, cid: CollectiveId, tid: TelegramId, key: str, t: Translator
    ) -> tuple[CollectiveView, str]:
        """One service call for one collective button (runs in the worker thread)."""
        uow, rules = self.uow, self.rules
        if action in (Action.APPROVE, Action.DISAPPROVE):
            approve = action is Action.APPROVE
            receipt = services.vote(
                uow, rules, collective_id=cid, voter_tid=tid, approve=approve, key=key
            )
            view = receipt.collective
            answer = t("pay.voted_approve") if approve else t("pay.voted_disapprove")
            if receipt.decided and view.status is CollectiveStatus.PAID:
                answer = t(
                    "pay.decided_paid", amount=t.money(view.amount), creator=view.creator.name
                )
            elif receipt.decided:
                answer = t("pay.decided_denied")
            return view, answer
        if action is Action.JOIN:
            view = services.join_communism(uow, rules, collective_id=cid, user_tid=tid)
            return view, t("communism.joined")
        if action is Action.LEAVE:
            view = services.leave_communism(uow, collective_id=cid, user_tid=tid)
            return view, t("communism.left")
        if action in (Action.EXTERNALS_PLUS, Action.EXTERNALS_MINUS):
            delta = 1 if action is Action.EXTERNALS_PLUS else -1
            changed = services.change_externals(
                uow, collective_id=cid, actor_tid=tid, delta=delta, key=key
            )
            view = changed.collective
            return view, t("communism.externals_now", count=view.externals)
        if action is Action.ACCEPT:
            settled = services.accept_communism(
                uow, rules, collective_id=cid, actor_tid=tid, key=key
            )
            view = settled.collective
            return view, t("communism.accepted", creator=view.creator.name)
        if action in (Action.CANCEL_PAYMENT, Action.CANCEL_COMMUNISM):
            view = services.cancel_collective(uow, collective_id=cid, actor_tid=tid)
            return view, t("communism.cancelled")
        raise BadCallback(action.name)

    async def _redraw(self, bot: Any, cid: CollectiveId) -> None:
        """Bring every recorded message of a collective up to date (after a change elsewhere)."""
        view = await asyncio.to_thread(services.get_collective, self.uow, collective_id=cid)
        recorded = await asyncio.to_thread(services.list_messages, self.uow, collective_id=cid)
        await self._show_everywhere(view, recorded, None, bot=bot)

    async def _refresh_pressed(self, query: CallbackQuery, cid: CollectiveId) -> None:
        """A press on a stale message: bring that message up to date (drops old buttons)."""
        try:
            view = await asyncio.to_thread(services.get_collective, self.uow, collective_id=cid)
        except DomainError:
            return
        await self._show_everywhere(view, (), query)

    async def _show_everywhere(
        self,
        view: CollectiveView,
        recorded: Sequence[CollectiveMessage],
        query: CallbackQuery | None,
        *,
        bot: Any = None,
    ) -> None:
        """Edit every recorded message of the collective (and the pressed one) to its state."""
        t = self.shared
        text = collective_text(view, t, self.rules)
        keyboard = collective_keyboard(view, t)
        targets = {(m.chat_id, m.msg_id) for m in recorded}
        if query is not None and query.message is not None:
            targets.add((query.message.chat.id, query.message.message_id))
        if query is not None:
            bot = query.get_bot()
        if bot is None:
            return
        results = await asyncio.gather(
            *(
                self._edit_one(bot, chat_id, msg_id, text, keyboard)
                for chat_id, msg_id in sorted(targets)
            )
        )
        gone = [target for target, alive in zip(sorted(targets), results, strict=True) if not alive]
        for chat_id, msg_id in gone:
            await asyncio.to_thread(
                services.forget_message, self.uow, chat_id=chat_id, msg_id=msg_id
            )

    async def _edit_one(
        self,
        bot: Any,
        chat_id: int,
        msg_id: int,
        text: str,
        keyboard: InlineKeyboardMarkup | None,
    ) -> bool:
        """Edit one message; False when it is gone for good (deleted, or the bot was removed)."""
        try:
            await bot.edit_message_text(
                text, chat_id=chat_id, message_id=msg_id, reply_markup=keyboard
            )
        except BadRequest as err:
            reason = str(err).lower()
            if "not modified" in reason:
                return True
            if "not found" in reason or "can't be edited" in reason:
                return False
            _log.warning("could not edit collective message %s/%s: %s", chat_id, msg_id, err)
        except Forbidden:
            return False
        except TelegramError as err:  # flood control, timeouts: this copy stays as it was
            _log.warning("could not edit collective message %s/%s: %s", chat_id, msg_id, err)
        return True

    # --- consume ----------------------------------------------------------------------------

    @command
    async def consume(self, update: Update, context: Context) -> None:
        """``/consume name [n]``: buy from the community; alone, list what there is."""
        message, tg_user = _require(update)
        t = self.translator(tg_user)
        args = context.args or []
        if not args:
            await self.reply(message, consumables_text(self.rules.consumables, t))
            return
        if len(args) > 2:
            await self._usage(message, t, "consume")
            return
        await self._consume(message, tg_user, args[0], args[1:], t)

    async def consume_shortcut(self, update: Update, context: Context) -> None:
        """``/drink [n]`` and the other per-consumable shortcuts."""
        message = update.effective_message
        tg_user = update.effective_user
        if message is None or tg_user is None or not message.text:
            return
        name = message.text.split()[0].lstrip("/").split("@")[0].lower()
        t = self.translator(tg_user)
        args = clean_args(context.args)
        async with self.visit(tg_user):
            if len(args) > 1:
                usage = t("help.consumable_usage", command=name)
                await self.reply(message, t("general.usage", usage=usage, example=f"/{name} 2"))
                return
            try:
                await self._consume(message, tg_user, name, args, t)
            except Refused as refused:
                await self.reply(message, describe_error(refused.error, t, refused.context))

    async def _consume(
        self, message: Message, tg_user: TgUser, name: str, rest: list[str], t: Translator
    ) -> None:
        count = 1
        if rest:
            # the range is the service's to check (it names the count it refused)
            refusal = t("consume.count_invalid", maximum=self.rules.max_consume)
            wanted = await self._count(message, rest[0], t, refusal, None)
            if wanted is None:
                return
            count = wanted
        tid = TelegramId(tg_user.id)
        key = message_key(message)
        receipt = await self._work(
            tg_user,
            lambda actor: services.consume(
                self.uow, self.rules, tid=tid, name=name, count=count, key=key
            ),
        )
        text = t(
            "consume.done",
            emoji=receipt.consumable.emoji,
            count=receipt.count,
            name=receipt.consumable.name,
            amount=t.money(receipt.amount),
            balance=t.money(receipt.balance),
        )
        if receipt.replayed:
            text = Markup(f"{text}\n{t('replayed.note')}")
        await self.reply(message, text)

    # --- vouch ------------------------------------------------------------------------------

    @command
    async def vouch(self, update: Update, context: Context) -> None:
        """``/vouch``, ``/vouch add @user``, ``/vouch remove @user`` (or by reply)."""
        message, tg_user = _require(update)
        t = self.translator(tg_user)
        args = context.args or []
        tid = TelegramId(tg_user.id)
        if not args:
            await self._vouch_overview(message, tg_user, t)
            return
        verb = args[0].lower()
        if verb not in ("add", "remove"):
            await self.reply(message, t("vouch.bad_verb"))
            return
        target = _target(message, args[1:], allow_reply=True)
        if target is None:
            await self.reply(message, t("vouch.no_target"))
            return
        if _extra(message, args[1:], target):
            await self.reply(message, t("vouch.bad_verb"))
            return
        if await self._refuse_bot(message, target, t):
            return
        if verb == "add":
            info = await self._work(
                tg_user,
                lambda actor: services.vouch(
                    self.uow, self.rules, voucher_tid=tid, external=self._resolve(target)
                ),
            )
            await self.reply(
                message,
                t(
                    "vouch.added",
                    name=info.external.name,
                    limit=t.money(self.rules.external_min_balance),
                ),
            )
            return
        key = message_key(message)
        ended = await self._work(
            tg_user,
            lambda actor: services.stop_vouching(
                self.uow, self.rules, voucher_tid=tid, external=self._resolve(target), key=key
            ),
        )
        if ended.settled > 0:
            text = t(
                "vouch.removed_credit", name=ended.external.name, amount=t.money(ended.settled)
            )
        elif ended.settled < 0:
            text = t("vouch.removed_debt", name=ended.external.name, amount=t.money(-ended.settled))
        else:
            text = t("vouch.removed_zero", name=ended.external.name)
        if ended.cancelled:
            ids = ", ".join(f"#{cid}" for cid in ended.cancelled)
            text = Markup(f"{text}\n{t('vouch.cancelled', ids=ids)}")
        if ended.replayed:
            text = Markup(f"{text}\n{t('replayed.note')}")
        await self.reply(message, text)
        for cid in ended.cancelled:  # their messages lose the buttons nobody could use
            try:
                await self._redraw(message.get_bot(), cid)
            except Exception:  # noqa: BLE001 - answered and done: only the display lags
                _log.warning("could not redraw cancelled collective %s", cid, exc_info=True)

    async def _vouch_overview(self, message: Message, tg_user: TgUser, t: Translator) -> None:
        tid = TelegramId(tg_user.id)

        def work(actor: UserInfo) -> tuple[UserInfo, tuple[VouchInfo, ...], str | None]:
            vouchees = () if actor.external else services.list_vouchees(self.uow, voucher_tid=tid)
            voucher_name = None
            if actor.external and actor.voucher is not None:
                voucher_name = services.get_user(self.uow, user=actor.voucher).name
            return actor, vouchees, voucher_name

        actor, vouchees, voucher_name = await self._work(tg_user, work)
        if actor.external:
            if voucher_name is not None:
                text = t("vouch.your_voucher", name=voucher_name)
            else:
                text = t("vouch.no_voucher", mention=mention(actor))
        else:
            text = vouchees_text(vouchees, t)
        await self.reply(message, text)

    # --- buttons ----------------------------------------------------------------------------

    async def button(self, update: Update, context: Context) -> None:
        """Every inline button: decode, check, act, edit, and answer exactly once."""
        query = update.callback_query
        if query is None:
            return
        t = self.translator(query.from_user)
        answered = False
        try:
            async with self.visit(query.from_user):
                try:
                    callback = decode(query.data)
                except BadCallback:
                    result = _ButtonResult(t("callback.invalid"), True)
                else:
                    try:
                        result = await self._dispatch_button(update, query, callback, t)
                    except Refused as refused:
                        error = describe_error(refused.error, t, refused.context)
                        result = _ButtonResult(error, True)
                answered = True
                await _answer(query, result.text, show_alert=result.alert)
                if result.then is not None:
                    try:
                        await result.then()
                    except TelegramError as err:  # answered and done: only the display lags
                        _log.warning("could not update messages after a press: %s", err)
        finally:
            if not answered:
                await _answer(query, t("general.unexpected"), show_alert=True)

    async def _dispatch_button(
        self, update: Update, query: CallbackQuery, callback: Callback, t: Translator
    ) -> _ButtonResult:
        if callback.action in (Action.CONFIRM_SEND, Action.ABORT_SEND):
            return await self._send_button(update, query, callback, t)
        if callback.action is Action.HISTORY_PAGE:
            return await self._history_button(query, callback, t)
        return await self._collective_button(update, query, callback, t)

    async def _history_button(
        self, query: CallbackQuery, callback: Callback, t: Translator
    ) -> _ButtonResult:
        owner = _history_owner(query)
        if owner is None or owner.id != query.from_user.id:
            name = owner.full_name if owner else "?"
            return _ButtonResult(t("callback.not_yours", name=name), True)
        offset, limit = int(callback.args[0]), int(callback.args[1])
        if not 1 <= limit <= HISTORY_MAX or not _shows_button(query):
            return _ButtonResult(t("callback.invalid"), True)
        tid = TelegramId(query.from_user.id)
        page = await self._work(
            query.from_user,
            lambda actor: services.history(self.uow, tid=tid, offset=offset, limit=limit),
        )
        text = split_message(history_text(page, t))[0]
        return _ButtonResult(None, then=lambda: _edit(query, text, history_keyboard(page, t)))

    async def hint(self, update: Update, context: Context) -> None:
        """A private message no command took (plain text, an unknown command): point to /help.

        Registered for private chats only, after every command; in a group the bot stays silent
        on everything that is not one of its commands.
        """
        message = update.effective_message
        tg_user = update.effective_user
        if message is None or tg_user is None or tg_user.is_bot or not message.text:
            return
        if message.chat.type != ChatType.PRIVATE:
            return
        t = self.translator(tg_user)
        text = message.text.strip()
        if text.startswith("/") and len(text) > 1:
            name = text.split()[0][1:].split("@")[0]
            await self.reply(message, t("help.unknown", command=name[:32]))
        else:
            await self.reply(message, t("hint.plain_text"))

    # --- errors -----------------------------------------------------------------------------

    async def on_error(self, update: object, context: Context) -> None:
        """Log an unexpected error with its update and answer the person politely."""
        error = context.error
        described = update.to_dict() if isinstance(update, Update) else repr(update)
        _log.error("error while handling update %s", described, exc_info=error)
        if not isinstance(update, Update) or update.callback_query is not None:
            return
        message = update.effective_message
        if message is None:
            return
        t = self.translator(update.effective_user)
        try:
            await message.reply_text(t("general.unexpected"))
        except TelegramError as err:
            _log.debug("could not tell the user about the error: %s", err)

    async def drop_repeated(self, update: Update, context: Context) -> None:
        """First handler group: stop an update this process has handled (Telegram redelivered
        it), so it is not answered twice; see :class:`RecentUpdates`."""
        if not self.recent.first_time(update.update_id):
            _log.info("dropping update %s: it was handled already", update.update_id)
            if update.callback_query is not None:
                try:
                    await update.callback_query.answer()
                except TelegramError as err:
                    _log.debug("could not answer a repeated press: %s", err)
            raise ApplicationHandlerStop

    async def screen(self, update: Update, context: Context) -> None:
        """Second handler group: only what a person sent as themselves reaches a command.

        An update of a stand-in account (:func:`from_stand_in`) never reaches a handler, so it
        can neither register nor be charged: a command of theirs to this bot is answered with
        a hint to post as oneself, a press too, and anything else is ignored. A forwarded
        command (``forward_origin`` set) is not a command of the forwarder: it is not carried
        out and, when it is addressed to this bot, answered with a short note.
        """
        bot_username = context.bot.username
        message = update.message
        addressee = None if message is None else _command_addressee(message)
        if from_stand_in(update):
            t = self.translator(None)
            if update.callback_query is not None:
                await _answer(update.callback_query, t("sender.stand_in"), show_alert=True)
            elif message is not None and _for_this_bot(addressee, bot_username):
                await self.reply(message, t("sender.stand_in"))
            raise ApplicationHandlerStop
        if message is not None and message.forward_origin is not None and addressee is not None:
            if _for_this_bot(addressee, bot_username):
                t = self.translator(update.effective_user)
                await self.reply(message, t("sender.forwarded"))
            raise ApplicationHandlerStop

    # --- helpers ----------------------------------------------------------------------------

    def _amount(self, text: str, tg_user: TgUser) -> int:
        try:
            return parse_amount(text)
        except InvalidAmount as error:
            raise Refused(error, ErrorContext(actor_tid=tg_user.id)) from error

    async def _count(
        self,
        message: Message,
        text: str,
        t: Translator,
        refusal: str,
        bounds: tuple[int, int] | None,
    ) -> int | None:
        """The count ``text`` of a command, or ``None`` after answering why it is refused.

        Only the digits 0-9 are read (:func:`~communitybot.core.text.parse_number`); other digits
        get the "use the digits 0-9" answer, anything else (and a count outside ``bounds``, when
        given) the command's own ``refusal``.
        """
        try:
            count = parse_number(text, max_digits=COUNT_DIGITS)
        except InvalidNumber as error:
            if error.reason == "foreign_digits":
                await self.reply(message, describe_error(error, t))
            else:
                await self.reply(message, refusal)
            return None
        if bounds is not None and not bounds[0] <= count <= bounds[1]:
            await self.reply(message, refusal)
            return None
        return count

    async def _refuse_bot(self, message: Message, target: Target, t: Translator) -> bool:
        """Answer that a bot is no member when ``target`` is one (this bot or another)."""
        own = message.get_bot()
        is_self = target.tid == own.id or (
            target.username is not None
            and own.username is not None
            and target.username.lower() == own.username.lower()
        )
        if not (is_self or target.bot):
            return False
        community = self.rules.community_name
        if is_self:
            await self.reply(message, t("target.bot.self", community=community))
        else:
            await self.reply(message, t("target.bot.other", name=target.label, community=community))
        return True

    async def _usage(self, message: Message, t: Translator, name: str) -> None:
        await self.reply(
            message,
            t("general.usage", usage=t(f"help.{name}.usage"), example=t(f"help.{name}.example")),
        )


TELEGRAM_SERVICE_ID = 777_000
"""Telegram's own account: it posts the automatic forwards of a linked channel and notices."""


def from_stand_in(update: Update) -> bool:
    """Whether ``update`` comes from no person acting as themselves.

    That is an update without a sender (channel posts), one from a bot account (among them
    ``GroupAnonymousBot``, which speaks for anonymous group admins, and ``Channel_Bot`` of posts
    made as a channel), one from Telegram's service account 777000 (automatic forwards), and a
    message posted on behalf of a chat (``sender_chat``).
    """
    user = update.effective_user
    if user is None or user.is_bot or user.id == TELEGRAM_SERVICE_ID:
        return True
    message = update.message or update.edited_message
    return message is not None and message.sender_chat is not None


def _command_addressee(message: Message) -> str | None:
    """``None`` unless ``message`` starts with a command, as ``CommandHandler`` reads one; then
    the bot it names after ``@`` (``/cmd@name``), or ``""`` when it names none."""
    if not message.text or not message.entities:
        return None
    first = message.entities[0]
    if first.type != MessageEntity.BOT_COMMAND or first.offset != 0:
        return None
    return message.parse_entity(first).partition("@")[2]


def _for_this_bot(addressee: str | None, bot_username: str | None) -> bool:
    """Whether a command with ``addressee`` (see :func:`_command_addressee`) is one of ours."""
    if addressee is None:
        return False
    return not addressee or addressee.lower() == (bot_username or "").lower()


def _require(update: Update) -> tuple[Message, TgUser]:
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None:
        raise RuntimeError("a command handler got an update without message or user")
    return message, user


def _target(message: Message, args: Sequence[str], *, allow_reply: bool) -> Target | None:
    """The person a command names: ``@username`` first, then a text mention, then a reply."""
    if args and args[0].startswith("@") and len(args[0]) > 1:
        return Target(username=args[0].lstrip("@"), label=args[0])
    for entity in message.entities:
        if entity.type == MessageEntity.TEXT_MENTION and entity.user is not None:
            who = entity.user
            return Target(tid=TelegramId(who.id), label=who.full_name, bot=who.is_bot)
    reply = message.reply_to_message
    if allow_reply and reply is not None and reply.from_user is not None:
        who = reply.from_user
        label = f"@{who.username}" if who.username else who.full_name
        return Target(tid=TelegramId(who.id), label=label, bot=who.is_bot)
    return None


def _extra(message: Message, args: Sequence[str], target: Target) -> list[str]:
    """The words of ``args`` that do not name ``target`` (a reason, or words a command refuses)."""
    if target.username is not None:
        return list(args[1:])
    return _drop_text_mention(message, " ".join(args)).split()


def _drop_text_mention(message: Message, text: str) -> str:
    """``text`` without the words of a text mention (a person picked without a username)."""
    for entity in message.entities:
        if entity.type == MessageEntity.TEXT_MENTION:
            return text.replace(" ".join(clean_args(message.parse_entity(entity).split())), "", 1)
    return text


def _history_owner(query: CallbackQuery) -> TgUser | None:
    """Whose history a paged message shows: the author of the command it replies to."""
    message = query.message
    if not isinstance(message, Message):
        return None
    if message.reply_to_message is not None and message.reply_to_message.from_user is not None:
        return message.reply_to_message.from_user
    if message.chat.type == ChatType.PRIVATE:
        return query.from_user if message.chat.id == query.from_user.id else None
    return None


def _shows_button(query: CallbackQuery) -> bool:
    """Whether the pressed message, as Telegram delivers it, carries a button with the press's
    data (for presses that no table ties to their message, such as history pages)."""
    message = query.message
    if not isinstance(message, Message) or message.reply_markup is None:
        return False
    return any(
        button.callback_data == query.data
        for row in message.reply_markup.inline_keyboard
        for button in row
    )


def _answer_text(text: str | None) -> str | None:
    if text is None:
        return None
    flat = plain(text)
    return flat if len(flat) <= CALLBACK_ANSWER_MAX else flat[: CALLBACK_ANSWER_MAX - 1] + "…"


async def _answer(query: CallbackQuery, text: str | None, *, show_alert: bool) -> None:
    """Answer a press; a query Telegram no longer knows (too old, replayed) is only logged."""
    try:
        await query.answer(_answer_text(text), show_alert=show_alert)
    except BadRequest as err:
        _log.info("could not answer callback query %s: %s", query.id, err)


async def _edit(
    query: CallbackQuery, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """Edit the pressed message; a message that is gone or unchanged is fine."""
    try:
        await query.edit_message_text(text, reply_markup=keyboard)
    except BadRequest as err:
        if "not modified" not in str(err).lower():
            _log.info("could not edit the pressed message: %s", err)


async def _drop_keyboard(query: CallbackQuery) -> None:
    try:
        await query.edit_message_reply_markup(reply_markup=None)
    except BadRequest as err:
        _log.debug("could not drop the keyboard: %s", err)


__all__ = ["BASE_COMMANDS", "CommunityHandlers", "Refused", "Target", "plain"]
