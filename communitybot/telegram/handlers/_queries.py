"""Reading: ``/balance``, ``/history`` (pages and files), ``/data``, ``/zwegat``, ``/blame`` and
``/top``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from telegram import CallbackQuery, InputFile, Message, Update
from telegram import User as TgUser
from telegram.constants import ChatType

from communitybot.core.community import UserInfo
from communitybot.core.ids import TelegramId
from communitybot.core.privacy import personal_data_json
from communitybot.telegram._callbacks import Callback
from communitybot.telegram._i18n import Translator
from communitybot.telegram._present import (
    data_text,
    history_csv,
    history_json,
    history_keyboard,
    history_text,
    ranking_text,
)
from communitybot.telegram._text import split_message
from communitybot.telegram.handlers._kit import Context, HandlerGroup, command
from communitybot.telegram.handlers._press import ButtonResult, edit, shows_button
from communitybot.telegram.handlers._words import extra_words, find_target

HISTORY_DEFAULT = 10
"""Entries per ``/history`` page when no count is given."""

HISTORY_MAX = 100
"""Most entries ``/history n`` shows at once (more: ``/history csv``)."""

RANKING_SIZE = 10
"""Entries shown by ``/blame`` and ``/top`` when no count is given."""

RANKING_MAX = 100
"""Most entries ``/blame n`` and ``/top n`` show."""


class Queries(HandlerGroup):
    """The commands that only read, and the history page buttons."""

    @command
    async def balance(self, update: Update, context: Context) -> None:
        """``/balance [@user]``: your balance, or someone else's (also by reply)."""
        message, tg_user, t = self.kit.sender(update)
        args = context.args or []
        target = find_target(message, args, allow_reply=True)
        if (target is None and args) or (target is not None and extra_words(message, args, target)):
            await self.kit.usage(message, t, "balance")
            return
        if target is not None and await self.kit.refuse_bot(message, target, t):
            return

        def work(actor: UserInfo) -> UserInfo:
            if target is None:
                return actor
            return self.kit.community.get_user(user=self.kit.resolve(target))

        user = await self.kit.work(tg_user, work)
        if target is not None and user.tid != tg_user.id and self.kit.rules.hide_balances:
            await self.kit.reply(message, t("privacy.balances_hidden"))
            return
        if target is None or user.tid == tg_user.id:
            await self.kit.reply(message, t("balance.own", balance=t.money(user.balance)))
        else:
            await self.kit.reply(
                message, t("balance.other", name=user.name, balance=t.money(user.balance))
            )

    @command
    async def history(self, update: Update, context: Context) -> None:
        """``/history [n | csv | json]``: a page of your journal, or all of it as a file."""
        message, tg_user, t = self.kit.sender(update)
        args = context.args or []
        tid = TelegramId(tg_user.id)
        wanted = args[0].lower() if args else ""
        if len(args) > 1:
            await self.kit.usage(message, t, "history")
            return
        if wanted in ("csv", "json"):
            entries = await self.kit.work(
                tg_user, lambda actor: self.kit.community.full_history(tid=tid)
            )
            content = history_csv(entries) if wanted == "csv" else history_json(entries)
            await self.kit.privately(
                message,
                tg_user,
                t,
                document=InputFile(content, filename=_file_name("history", tg_user, wanted)),
                caption=t("history.file_caption", count=len(entries), format=wanted.upper()),
            )
            return
        limit = HISTORY_DEFAULT
        if wanted:
            refusal = t("history.count_invalid", maximum=HISTORY_MAX)
            count = await self.kit.count(message, wanted, t, refusal, (1, HISTORY_MAX))
            if count is None:
                return
            limit = count
        page = await self.kit.work(
            tg_user, lambda actor: self.kit.community.history(tid=tid, offset=0, limit=limit)
        )
        await self.kit.privately(
            message, tg_user, t, text=history_text(page, t), reply_markup=history_keyboard(page, t)
        )

    @command
    async def data(self, update: Update, context: Context) -> None:
        """``/data [export]``: everything the bot stores about you, as text or as a JSON file;
        always in your private chat."""
        message, tg_user, t = self.kit.sender(update)
        args = context.args or []
        if args and [a.lower() for a in args] != ["export"]:
            await self.kit.usage(message, t, "data")
            return
        tid = TelegramId(tg_user.id)
        if args:
            personal = await self.kit.work(
                tg_user, lambda actor: self.kit.community.personal_data(tid=tid)
            )
            await self.kit.privately(
                message,
                tg_user,
                t,
                document=InputFile(
                    personal_data_json(personal), filename=_file_name("data", tg_user, "json")
                ),
                caption=t("privacy.export_caption", count=len(personal.journal)),
            )
            return
        stored = await self.kit.work(tg_user, lambda actor: self.kit.community.user_data(tid=tid))
        await self.kit.privately(message, tg_user, t, text=data_text(stored, t))

    @command
    async def zwegat(self, update: Update, context: Context) -> None:
        """``/zwegat``: the community's balance."""
        message, tg_user, t = self.kit.sender(update)
        if context.args:
            await self.kit.usage(message, t, "zwegat")
            return
        community = await self.kit.work(
            tg_user, lambda actor: self.kit.community.community_balance()
        )
        await self.kit.reply(
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
        message, tg_user, t = self.kit.sender(update)
        args = context.args or []
        if len(args) > 1:
            await self.kit.usage(message, t, name)
            return
        limit = RANKING_SIZE
        if args:
            refusal = t("rank.count_invalid", maximum=RANKING_MAX)
            count = await self.kit.count(message, args[0], t, refusal, (1, RANKING_MAX))
            if count is None:
                return
            limit = count
        if self.kit.rules.hide_balances:
            await self.kit.reply(message, t("privacy.balances_hidden"))
            return
        ranked = await self.kit.work(tg_user, lambda actor: rank(limit=limit))
        text = ranking_text(t(f"{name}.title"), ranked, t) if ranked else t(none_key)
        await self.kit.reply(message, text)

    @command
    async def blame(self, update: Update, context: Context) -> None:
        """``/blame [n]``: the members most in debt."""
        await self._ranking(
            update, context, self.kit.community.most_in_debt, name="blame", none_key="blame.none"
        )

    @command
    async def top(self, update: Update, context: Context) -> None:
        """``/top [n]``: the highest balances."""
        await self._ranking(
            update, context, self.kit.community.leaderboard, name="top", none_key="top.none"
        )

    async def history_press(
        self, query: CallbackQuery, callback: Callback, t: Translator
    ) -> ButtonResult:
        """A page button of ``/history``: only for the owner of the history, only on a message
        that shows the button."""
        owner = _history_owner(query)
        if owner is None or owner.id != query.from_user.id:
            name = owner.full_name if owner else "?"
            return ButtonResult(t("callback.not_yours", name=name), True)
        offset, limit = int(callback.args[0]), int(callback.args[1])
        if not 1 <= limit <= HISTORY_MAX or not shows_button(query):
            return ButtonResult(t("callback.invalid"), True)
        tid = TelegramId(query.from_user.id)
        page = await self.kit.work(
            query.from_user,
            lambda actor: self.kit.community.history(tid=tid, offset=offset, limit=limit),
        )
        text = split_message(history_text(page, t))[0]
        return ButtonResult(None, then=lambda: edit(query, text, history_keyboard(page, t)))


def _file_name(what: str, tg_user: TgUser, extension: str) -> str:
    """``history-<telegram id>-<yyyymmdd>.csv`` and the like."""
    return f"{what}-{tg_user.id}-{datetime.now(UTC):%Y%m%d}.{extension}"


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


__all__ = ["HISTORY_DEFAULT", "HISTORY_MAX", "RANKING_MAX", "RANKING_SIZE", "Queries"]
