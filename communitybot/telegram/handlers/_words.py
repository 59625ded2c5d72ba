"""Reading a command: its words as a person sees them, and the person it names."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import Message, MessageEntity, Update
from telegram import User as TgUser

from communitybot.core.ids import TelegramId
from communitybot.core.text import normalise_text

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


@dataclass(frozen=True, slots=True)
class Target:
    """A person named in a command: by ``@username`` or by Telegram id (reply or text mention)."""

    username: str | None = None
    tid: TelegramId | None = None
    label: str = ""
    bot: bool = False


def require(update: Update) -> tuple[Message, TgUser]:
    """The message and sender of a command's update (a command always has both)."""
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None:
        raise RuntimeError("a command handler got an update without message or user")
    return message, user


def find_target(message: Message, args: Sequence[str], *, allow_reply: bool) -> Target | None:
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


def extra_words(message: Message, args: Sequence[str], named: Target) -> list[str]:
    """The words of ``args`` that do not name ``named`` (a reason, or words a command refuses)."""
    if named.username is not None:
        return list(args[1:])
    return _drop_text_mention(message, " ".join(args)).split()


def _drop_text_mention(message: Message, text: str) -> str:
    """``text`` without the words of a text mention (a person picked without a username)."""
    for entity in message.entities:
        if entity.type == MessageEntity.TEXT_MENTION:
            return text.replace(" ".join(clean_args(message.parse_entity(entity).split())), "", 1)
    return text


__all__ = ["Target", "clean_args", "extra_words", "find_target", "plain", "require"]
