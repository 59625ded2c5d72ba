"""What every handler group shares: who acts, work in the worker pool, replies, refusals.

A handler parses its command on the event loop and hands one function to :meth:`Kit.work`,
which runs it in the adapter's worker pool after identifying the acting user; when the service
refuses, the names the refusal needs are looked up there too and it comes back as
:class:`~communitybot.runtime.Refused`. :func:`command` turns it into a reply from the
catalogue; the button handler into an alert.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Concatenate, TypeVar

from telegram import InlineKeyboardMarkup, InputFile, Message, Update
from telegram import User as TgUser
from telegram.constants import ChatType
from telegram.error import Forbidden
from telegram.ext import ContextTypes

from communitybot.bootstrap import Container
from communitybot.core.community import UserInfo
from communitybot.core.errors import DomainError, InvalidAmount, InvalidNumber, UnknownUser
from communitybot.core.ids import TelegramId, UserId
from communitybot.core.money import parse_amount
from communitybot.core.text import parse_number
from communitybot.runtime import Refused, WorkerPool
from communitybot.runtime.catalogue import ErrorContext, describe_error, user_ids_in
from communitybot.telegram._i18n import Catalogue, Translator
from communitybot.telegram._pending import Profile, RecentUpdates, StoredProfiles
from communitybot.telegram._text import split_message
from communitybot.telegram.handlers._words import (
    Target,
    clean_args,
    extra_words,
    find_target,
    require,
)

_log = logging.getLogger(__name__)

T = TypeVar("T")
G = TypeVar("G", bound="HandlerGroup")
Context = ContextTypes.DEFAULT_TYPE

COUNT_DIGITS = 6
"""Longest count read from a command (``/history n``, ``/drink n``, ``/top n``); longer is refused
before it is turned into a number."""

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
    "statement",
    "chart",
    "notify",
    "deposit",
    "withdraw",
    "cashbox",
    "undo",
    "forgetme",
)
"""Every command except the per-consumable shortcuts, in the order /help lists them."""

TREASURER_COMMANDS = ("vote_right", "member", "close", "reverse", "article", "fee")
"""Commands of the treasurers (:mod:`~communitybot.telegram.handlers._vote_right`,
:mod:`~communitybot.telegram.handlers._member_admin`, ``/reverse``, ``/article``, ``/fee``):
registered with the others, explained by ``/help <command>``, kept out of the menu; ``/help``
lists them, under their own title, only to whoever may use them."""


@dataclass(frozen=True, slots=True)
class _Visitor:
    """Who sent the update being handled, as stored after the refresh at its start."""

    tid: TelegramId
    user: UserInfo | None


_VISITOR: ContextVar[_Visitor | None] = ContextVar("communitybot_visitor", default=None)
"""The sender of the update this task handles (worker threads get a copy of the context)."""


class Kit:
    """The use cases, the catalogue and the worker pool of one bot, and the steps every handler
    takes with them.

    ``community`` are the community's use cases, bound in :mod:`communitybot.bootstrap` (no unit
    of work here); ``rules`` are the community's rules, to be shown.
    """

    def __init__(
        self,
        container: Container,
        catalogue: Catalogue,
        *,
        recent: RecentUpdates | None = None,
        pool: WorkerPool | None = None,
        profiles: StoredProfiles | None = None,
    ) -> None:
        self.community = container.use_cases.community
        self.rules = self.community.rules
        self.settings = container.settings
        self.catalogue = catalogue
        self.recent = recent or RecentUpdates()
        self.profiles = profiles or StoredProfiles()
        self.pool = pool or WorkerPool.from_settings(container.settings, name="telegram-worker")

    def translator(self, user: TgUser | None) -> Translator:
        """The translator for a Telegram user's language."""
        return self.catalogue.translator(user.language_code if user else None)

    def sender(self, update: Update) -> tuple[Message, TgUser, Translator]:
        """The message and sender of a command's update (see :func:`require`) and the
        translator for the sender's language."""
        message, user = require(update)
        return message, user, self.translator(user)

    @property
    def shared(self) -> Translator:
        """The community's own locale, used for messages many people see (collectives)."""
        return self.catalogue.translator(None)

    def commands(self) -> list[str]:
        """Every command name, shortcuts for consumables included."""
        return [*BASE_COMMANDS, *(c.name for c in self.rules.consumables)]

    # --- work in the worker pool ------------------------------------------------------------

    async def work(self, tg_user: TgUser | None, fn: Callable[[UserInfo], T]) -> T:
        """Run ``fn(actor)`` in a worker thread; refusals come back as :class:`Refused`."""
        if tg_user is None:
            raise RuntimeError("an update without a user reached a handler")
        tid = TelegramId(tg_user.id)

        def run() -> T:
            actor = self.known(tg_user)
            if actor is None:
                raise UnknownUser(ref=str(tid))
            holder.append(actor)
            return fn(actor)

        holder: list[UserInfo] = []
        return await self.pool.refusing(run, self._context(holder, tid))

    async def work_by_id(self, tg_user: TgUser, fn: Callable[[UserId], T]) -> T:
        """Like :meth:`work` for a function that needs only the actor's id: known without a
        read when this process stored the sender's profile recently; the user is looked up for
        a refusal's names only."""
        tid = TelegramId(tg_user.id)
        known = self.profiles.user_id(tid, _profile(tg_user))

        def run() -> T:
            if known is not None:
                return fn(UserId(known))
            actor = self.known(tg_user)
            if actor is None:
                raise UnknownUser(ref=str(tid))
            return fn(actor.id)

        return await self.pool.refusing(
            run, lambda error: self._error_context(error, self._actor(tg_user), tid)
        )

    async def pressing(self, tg_user: TgUser, fn: Callable[[], T]) -> T:
        """Run ``fn()`` in a worker thread for a presser who need not be registered; a refusal
        names them as the actor when they are (looked up only then)."""
        tid = TelegramId(tg_user.id)
        return await self.pool.refusing(
            fn, lambda error: self._error_context(error, self._actor(tg_user), tid)
        )

    def _actor(self, tg_user: TgUser) -> UserInfo | None:
        """The acting user for a refusal's text, when it can be read (worker thread): a refusal
        because the database is away is still told as itself."""
        try:
            return self.known(tg_user)
        except Exception:  # noqa: BLE001 - logged; the refusal names nobody then
            _log.warning("could not look up Telegram user %s", tg_user.id, exc_info=True)
            return None

    async def anonymous(self, fn: Callable[[], T], *, tg_user: TgUser | None = None) -> T:
        """Run ``fn()`` in a worker thread without identifying anybody (``/start``)."""
        tid = TelegramId(tg_user.id) if tg_user else None
        return await self.pool.refusing(fn, self._context([], tid))

    @contextlib.asynccontextmanager
    async def visit(self, tg_user: TgUser | None) -> AsyncIterator[None]:
        """Handle one update of ``tg_user``: refresh their stored name and username first.

        Every command and button press goes through here, so a person's name is refreshed on
        every interaction, with at most one
        :func:`~communitybot.services.community.refresh_user` call per update (it writes only
        when something changed, and never registers anybody); none when this process stored
        the same profile recently (:class:`~communitybot.telegram._pending.StoredProfiles`),
        and then a handler that needs the user reads it (:meth:`known`). The handlers reuse
        the refreshed user instead of reading it again. The refresh is best effort: when it
        fails (the database is away), a command that needs no database still works, and one
        that does identifies the user itself.
        """
        visitor = None
        if (
            tg_user is not None
            and not tg_user.is_bot
            and self.profiles.user_id(tg_user.id, _profile(tg_user)) is None
        ):
            try:
                user = await self.pool.run(self._refresh, tg_user)
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
        user = self.community.refresh_user(
            tid=TelegramId(tg_user.id),
            first_name=tg_user.first_name,
            last_name=tg_user.last_name,
            username=tg_user.username,
        )
        if user is not None:
            self.remember(tg_user, user)
        return user

    def remember(self, tg_user: TgUser, user: UserInfo) -> None:
        """Record that ``user`` was just stored with ``tg_user``'s profile (see :meth:`visit`)."""
        self.profiles.stored(tg_user.id, _profile(tg_user), user.id)

    def known(self, tg_user: TgUser) -> UserInfo | None:
        """The stored user of ``tg_user`` (refreshed at the start of this update), or ``None``
        (worker thread)."""
        visitor = _VISITOR.get()
        if visitor is not None and visitor.tid == tg_user.id:
            return visitor.user
        return self._refresh(tg_user)

    def _context(
        self, actor_holder: list[UserInfo], tid: TelegramId | None
    ) -> Callable[[DomainError], ErrorContext]:
        """How a refusal's context is made in the worker: the actor, once identified."""
        return lambda error: self._error_context(
            error, actor_holder[0] if actor_holder else None, tid
        )

    def _error_context(
        self, error: DomainError, actor: UserInfo | None, tid: TelegramId | None
    ) -> ErrorContext:
        names: dict[int, str] = {}
        for user_id in user_ids_in(error):
            if actor is not None and user_id == actor.id:
                names[user_id] = actor.name
                continue
            try:
                names[user_id] = self.community.get_user(user=UserId(user_id)).name
            except DomainError:
                continue
        return ErrorContext(
            actor_id=actor.id if actor else None,
            actor_tid=tid,
            names=names,
        )

    def resolve(self, named: Target) -> UserId | str:
        """A user reference the use cases accept (a user id or a username), for a target (worker
        thread)."""
        if named.username is not None:
            return named.username
        if named.tid is None:
            raise UnknownUser(ref=named.label or "?")
        found = self.community.find_user(tid=named.tid)
        if found is None:
            raise UnknownUser(ref=named.label or str(named.tid))
        return found.id

    # --- answering --------------------------------------------------------------------------

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

    async def privately(
        self,
        message: Message,
        tg_user: TgUser,
        t: Translator,
        *,
        text: str = "",
        reply_markup: InlineKeyboardMarkup | None = None,
        document: InputFile | None = None,
        caption: str | None = None,
    ) -> None:
        """Answer ``tg_user`` in its private chat with the bot: here when ``message`` is in it;
        from a group, sent there with a short note in the group, or, when the bot may not write
        first (the person never opened a chat with it), a note how to open one. A ``document``
        goes with ``caption``; else ``text`` (the keyboard on its last part)."""
        if message.chat.type == ChatType.PRIVATE:
            if document is not None:
                await message.reply_document(document, caption=caption)
            else:
                await self.reply(message, text, reply_markup=reply_markup)
            return
        bot = message.get_bot()
        try:
            if document is not None:
                await bot.send_document(chat_id=tg_user.id, document=document, caption=caption)
            else:
                parts = split_message(text)
                for index, part in enumerate(parts):
                    markup = reply_markup if index == len(parts) - 1 else None
                    await bot.send_message(chat_id=tg_user.id, text=part, reply_markup=markup)
        except Forbidden:
            await self.reply(message, t("privacy.open_private_chat", bot=f"@{bot.username}"))
            return
        await self.reply(message, t("privacy.sent_privately"))

    async def usage(self, message: Message, t: Translator, name: str) -> None:
        """Answer with the usage and an example of command ``name``."""
        await self.reply(
            message,
            t("general.usage", usage=t(f"help.{name}.usage"), example=t(f"help.{name}.example")),
        )

    def amount(self, text: str, tg_user: TgUser) -> int:
        """The amount ``text`` in cents; a refusal names ``tg_user`` as the actor."""
        try:
            return parse_amount(text)
        except InvalidAmount as error:
            raise Refused(error, ErrorContext(actor_tid=tg_user.id)) from error

    async def count(
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

    async def person_and_verb(
        self, message: Message, args: Sequence[str], t: Translator, name: str, verbs: Iterable[str]
    ) -> tuple[Target, str] | None:
        """The person and the last word of ``/name @user verb`` (or ``/name verb`` in reply to
        the person), the verb one of ``verbs``; ``None`` after answering with the usage (or that
        a bot is no member)."""
        verb = args[-1].lower() if args else ""
        named = args[:-1]
        target = find_target(message, named, allow_reply=True) if verb in verbs else None
        if target is None or extra_words(message, named, target):
            await self.usage(message, t, name)
            return None
        if await self.refuse_bot(message, target, t):
            return None
        return target, verb

    async def refuse_bot(self, message: Message, named: Target, t: Translator) -> bool:
        """Answer that a bot is no member when ``named`` is one (this bot or another)."""
        own = message.get_bot()
        is_self = named.tid == own.id or (
            named.username is not None
            and own.username is not None
            and named.username.lower() == own.username.lower()
        )
        if not (is_self or named.bot):
            return False
        community = self.rules.community_name
        if is_self:
            await self.reply(message, t("target.bot.self", community=community))
        else:
            await self.reply(message, t("target.bot.other", name=named.label, community=community))
        return True


def _profile(tg_user: TgUser) -> Profile:
    return (tg_user.first_name, tg_user.last_name, tg_user.username)


class HandlerGroup:
    """The handlers of one command group, over the bot's shared :class:`Kit`."""

    def __init__(self, kit: Kit) -> None:
        self.kit = kit


Handler = Callable[[G, Update, Context], Coroutine[Any, Any, None]]
"""A handler method of a group."""

BoundHandler = Callable[[Update, Context], Coroutine[Any, Any, None]]
"""A handler as python-telegram-bot calls it."""


def command(
    method: Callable[Concatenate[G, Update, Context, ...], Awaitable[None]],
) -> Handler[G]:
    """Wrap a command handler: the update's sender is visited first, the words are cleaned,
    and domain refusals become a reply from the catalogue."""

    @functools.wraps(method)
    async def wrapper(self: G, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or update.effective_user is None:
            return
        context.args = clean_args(context.args)
        kit = self.kit
        async with kit.visit(update.effective_user):
            try:
                await method(self, update, context)
            except Refused as refused:
                t = kit.translator(update.effective_user)
                await kit.reply(message, describe_error(refused.error, t, refused.context))

    return wrapper


__all__ = [
    "BASE_COMMANDS",
    "COUNT_DIGITS",
    "TREASURER_COMMANDS",
    "BoundHandler",
    "Context",
    "Handler",
    "HandlerGroup",
    "Kit",
    "command",
]
