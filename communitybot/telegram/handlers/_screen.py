"""Before and after every handler: the replay guard, the sender screen, the error handler."""

from __future__ import annotations

import logging

from telegram import Message, MessageEntity, Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from communitybot.telegram.handlers._kit import Context, HandlerGroup
from communitybot.telegram.handlers._press import answer

_log = logging.getLogger(__name__)


class Screen(HandlerGroup):
    """What runs around the commands."""

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
        t = self.kit.translator(update.effective_user)
        try:
            await message.reply_text(t("general.unexpected"))
        except TelegramError as err:
            _log.debug("could not tell the user about the error: %s", err)

    async def drop_repeated(self, update: Update, context: Context) -> None:
        """First handler group: stop an update this process has handled (Telegram redelivered
        it), so it is not answered twice; see :class:`RecentUpdates`."""
        if not self.kit.recent.first_time(update.update_id):
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
            t = self.kit.translator(None)
            if update.callback_query is not None:
                await answer(update.callback_query, t("sender.stand_in"), show_alert=True)
            elif message is not None and _for_this_bot(addressee, bot_username):
                await self.kit.reply(message, t("sender.stand_in"))
            raise ApplicationHandlerStop
        if message is not None and message.forward_origin is not None and addressee is not None:
            if _for_this_bot(addressee, bot_username):
                t = self.kit.translator(update.effective_user)
                await self.kit.reply(message, t("sender.forwarded"))
            raise ApplicationHandlerStop


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


__all__ = ["TELEGRAM_SERVICE_ID", "Screen", "from_stand_in"]
