"""The fake Telegram's world: simulated people and chats, stored messages, what the bot did.

Their Bot API JSON is made by python-telegram-bot's own classes (``telegram.Message(...)
.to_dict()``), so it has the shape the bot's library reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import telegram

MAX_TEXT = 4096
"""Telegram's limit for a message text, in UTF-16 code units after entity parsing."""

MAX_CAPTION = 1024
"""Telegram's limit for a document caption."""

MAX_CALLBACK_DATA = 64
"""Telegram's limit for ``callback_data``, in bytes."""


class ApiError(Exception):
    """A Bot API refusal: the HTTP status code and Telegram's ``description``."""

    def __init__(self, code: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after

    def response(self) -> dict[str, Any]:
        """The JSON body Telegram answers with (``parameters.retry_after`` for flood control)."""
        body = {"ok": False, "error_code": self.code, "description": self.description}
        retry = (
            {} if self.retry_after is None else {"parameters": {"retry_after": self.retry_after}}
        )
        return body | retry


@dataclass(frozen=True, slots=True)
class SimUser:
    """A simulated Telegram account (a person, or the bot itself)."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "en"
    is_bot: bool = False

    @property
    def full_name(self) -> str:
        """First and last name, as Telegram clients show them."""
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name

    def ptb(self) -> telegram.User:
        """The account as python-telegram-bot's ``User``."""
        language = None if self.is_bot else self.language_code
        return telegram.User(
            self.id, self.first_name, self.is_bot, self.last_name, self.username, language
        )

    def to_api(self) -> dict[str, Any]:
        """The ``User`` object of the Bot API."""
        return self.ptb().to_dict()


@dataclass(frozen=True, slots=True)
class SimChat:
    """A chat: ``private`` (its id is the user's id), a ``group``, ``supergroup`` or ``channel``."""

    id: int
    type: str
    title: str | None = None
    user: SimUser | None = None

    @property
    def label(self) -> str:
        """A short human name for logs and the terminal."""
        if self.user is not None:
            return f"private:{self.user.username or self.user.first_name}"
        return self.title or str(self.id)

    def ptb(self) -> telegram.Chat:
        """The chat as python-telegram-bot's ``Chat``."""
        user = self.user
        if user is None:
            return telegram.Chat(self.id, self.type, self.title)
        return telegram.Chat(
            self.id, "private", None, user.username, user.first_name, user.last_name
        )

    def to_api(self) -> dict[str, Any]:
        """The ``Chat`` object of the Bot API."""
        return self.ptb().to_dict()


@dataclass(frozen=True, slots=True)
class Button:
    """One inline keyboard button; ``index`` counts from 0 across all rows."""

    index: int
    row: int
    text: str
    callback_data: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document the bot sent, with its bytes."""

    file_id: str
    file_unique_id: str
    file_name: str
    mime_type: str
    content: bytes


@dataclass(frozen=True, slots=True)
class StoredMessage:
    """A message as the fake server holds it; read-only snapshots are handed out."""

    chat: SimChat
    message_id: int
    sender: SimUser
    date: int
    text: str | None = None
    entities: tuple[dict[str, Any], ...] = ()
    caption: str | None = None
    reply_markup: Mapping[str, Any] | None = None
    reply_to: StoredMessage | None = None
    document: StoredDocument | None = None
    deleted: bool = False
    edit_date: int | None = None
    edits: int = 0

    @property
    def from_bot(self) -> bool:
        """Whether the bot sent this message."""
        return self.sender.is_bot

    @property
    def body(self) -> str:
        """The text, or the caption of a document."""
        return self.text if self.text is not None else (self.caption or "")

    @property
    def buttons(self) -> tuple[Button, ...]:
        """The inline keyboard, flattened; empty when there is none."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        flat = [(row_no, button) for row_no, row in enumerate(rows) for button in row]
        return tuple(
            Button(n, row_no, str(b.get("text", "")), b.get("callback_data"), b.get("url"))
            for n, (row_no, b) in enumerate(flat)
        )

    def button(self, which: int | str) -> Button:
        """A button by index (from 0) or by its exact or case-insensitive label prefix."""
        buttons = self.buttons
        if not buttons:
            raise LookupError(f"message {self.message_id} has no buttons")
        if isinstance(which, int):
            if not 0 <= which < len(buttons):
                raise LookupError(
                    f"message {self.message_id} has no button with index {which} "
                    f"(its {len(buttons)} button(s) have the indexes 0 to {len(buttons) - 1})"
                )
            return buttons[which]
        exact = [b for b in buttons if b.text == which]
        loose = [b for b in buttons if b.text.lower().startswith(which.lower())]
        if not exact and len(loose) != 1:
            labels = ", ".join(b.text for b in buttons)
            raise LookupError(f"no single button {which!r} on message (buttons: {labels})")
        return (exact or loose)[0]

    def ptb(self, *, nested: bool = False) -> telegram.Message:
        """The message as python-telegram-bot's ``Message`` (a replied-to one without its own)."""
        entities = telegram.MessageEntity.de_list([dict(e) for e in self.entities])
        stored, markup, replied = self.document, self.reply_markup, self.reply_to
        return telegram.Message(
            self.message_id,
            datetime.fromtimestamp(self.date, UTC),
            self.chat.ptb(),
            from_user=self.sender.ptb(),
            text=self.text,
            entities=entities if self.text is not None else None,
            caption=self.caption,
            caption_entities=entities if self.caption is not None else None,
            document=None
            if stored is None
            else telegram.Document(
                stored.file_id,
                stored.file_unique_id,
                stored.file_name,
                stored.mime_type,
                len(stored.content),
            ),
            edit_date=None
            if self.edit_date is None
            else datetime.fromtimestamp(self.edit_date, UTC),
            reply_markup=telegram.InlineKeyboardMarkup.de_json(dict(markup))
            if markup and "inline_keyboard" in markup
            else None,
            reply_to_message=None if nested or not replied else replied.ptb(nested=True),
        )

    def to_api(self) -> dict[str, Any]:
        """The ``Message`` object of the Bot API."""
        return self.ptb().to_dict()


@dataclass(frozen=True, slots=True)
class CallbackQuery:
    """A button press that was delivered to the bot, and how the bot answered it."""

    id: str
    update_id: int
    user: SimUser
    chat_id: int
    message_id: int
    data: str
    answered: bool = False
    answer_text: str | None = None
    show_alert: bool = False


@dataclass(frozen=True, slots=True)
class BotCall:
    """One Bot API request the bot made and its outcome, in order (``seq`` from 1)."""

    seq: int
    method: str
    params: Mapping[str, Any]
    ok: bool
    error_code: int | None = None
    description: str | None = None
    message: StoredMessage | None = None


@dataclass(frozen=True, slots=True)
class Injected:
    """What a simulated user did: the update that carries it and, for texts, the message."""

    update_id: int
    message: StoredMessage | None = None
    callback_query_id: str | None = None


__all__ = [
    "MAX_CALLBACK_DATA",
    "MAX_CAPTION",
    "MAX_TEXT",
    "ApiError",
    "BotCall",
    "Button",
    "CallbackQuery",
    "Injected",
    "SimChat",
    "SimUser",
    "StoredDocument",
    "StoredMessage",
]
