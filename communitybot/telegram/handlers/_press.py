"""Answering a button press and editing the pressed message."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import CallbackQuery, InlineKeyboardMarkup, Message
from telegram.error import BadRequest

from communitybot.telegram.handlers._words import plain

_log = logging.getLogger(__name__)

CALLBACK_ANSWER_MAX = 200
"""Telegram's limit for the text of a callback answer."""


@dataclass(frozen=True, slots=True)
class ButtonResult:
    """How to answer a press, and what to do once it is answered.

    ``then`` updates messages (every copy of a collective, the pressed summary, a notification):
    the press is answered first, so the person hears back at once even when Telegram is slow to
    edit many messages or limits the bot's edits.
    """

    text: str | None
    alert: bool = False
    then: Callable[[], Awaitable[object]] | None = None


def _answer_text(text: str | None) -> str | None:
    if text is None:
        return None
    flat = plain(text)
    return flat if len(flat) <= CALLBACK_ANSWER_MAX else flat[: CALLBACK_ANSWER_MAX - 1] + "…"


async def answer(query: CallbackQuery, text: str | None, *, show_alert: bool) -> None:
    """Answer a press; a query Telegram no longer knows (too old, replayed) is only logged."""
    try:
        await query.answer(_answer_text(text), show_alert=show_alert)
    except BadRequest as err:
        _log.info("could not answer callback query %s: %s", query.id, err)


async def edit(
    query: CallbackQuery, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """Edit the pressed message; a message that is gone or unchanged is fine."""
    try:
        await query.edit_message_text(text, reply_markup=keyboard)
    except BadRequest as err:
        if "not modified" not in str(err).lower():
            _log.info("could not edit the pressed message: %s", err)


def shows_button(query: CallbackQuery) -> bool:
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


async def drop_keyboard(query: CallbackQuery) -> None:
    """Take the buttons off the pressed message."""
    try:
        await query.edit_message_reply_markup(reply_markup=None)
    except BadRequest as err:
        _log.debug("could not drop the keyboard: %s", err)


__all__ = [
    "CALLBACK_ANSWER_MAX",
    "ButtonResult",
    "answer",
    "drop_keyboard",
    "edit",
    "shows_button",
]
