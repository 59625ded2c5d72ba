"""``/forgetme``: a person asks to be forgotten, in its private chat, and confirms by button."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType

from communitybot.core.community import UserInfo
from communitybot.core.ids import TelegramId
from communitybot.runtime import press_key
from communitybot.telegram._callbacks import Action, Callback, encode
from communitybot.telegram._i18n import Translator
from communitybot.telegram.handlers._kit import Context, HandlerGroup, command
from communitybot.telegram.handlers._press import ButtonResult, edit, shows_button


class Privacy(HandlerGroup):
    """Forgetting a person on request."""

    @command
    async def forgetme(self, update: Update, context: Context) -> None:
        """``/forgetme``: explain what is kept and what is erased, and ask to confirm."""
        message, tg_user, t = self.kit.sender(update)
        if context.args:
            await self.kit.usage(message, t, "forgetme")
            return
        if message.chat.type != ChatType.PRIVATE:
            await self.kit.reply(message, t("general.private_only", command="forgetme"))
            return
        tid = TelegramId(tg_user.id)
        user = await self.kit.work(tg_user, lambda actor: self.kit.community.can_forget(tid=tid))
        keyboard = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        str(t("forget.confirm")), callback_data=encode(Action.FORGET, user.id)
                    ),
                    InlineKeyboardButton(
                        str(t("forget.keep")), callback_data=encode(Action.KEEP, user.id)
                    ),
                ]
            ]
        )
        await self.kit.reply(message, t("forget.ask", id=user.id), reply_markup=keyboard)

    async def press(self, query: CallbackQuery, callback: Callback, t: Translator) -> ButtonResult:
        """Confirm or keep: only the person itself, in its private chat, on a message that shows
        the button; the id in the button only has to match the presser's own."""
        message = query.message
        tid = TelegramId(query.from_user.id)
        if (
            not isinstance(message, Message)
            or message.chat.id != query.from_user.id
            or not shows_button(query)
        ):
            return ButtonResult(t("callback.invalid"), True)

        def mine(actor: UserInfo) -> bool:
            return int(actor.id) == callback.number

        if not await self.kit.work(query.from_user, mine):
            return ButtonResult(t("callback.invalid"), True)
        if callback.action is Action.KEEP:
            kept = t("forget.kept")
            return ButtonResult(kept, then=lambda: edit(query, kept))
        key = press_key(query)
        user_id = await self.kit.work(
            query.from_user, lambda actor: self.kit.community.forget_user(tid=tid, key=key)
        )
        self.kit.profiles.forget(tid)
        done = t("forget.done", id=user_id)
        return ButtonResult(done, then=lambda: edit(query, done))


__all__ = ["Privacy"]
