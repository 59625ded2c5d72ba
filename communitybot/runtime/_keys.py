"""The idempotency keys of commands, made from the platform event that carried them.

A money-moving command is made under a key that names the event, so that the same event
delivered again (Telegram redelivers an unconfirmed update, Discord's gateway replays after a
resume) finds what the first delivery did instead of doing it twice, in any process. Every key
is unique to its bot for ever and is stored: the formats below never change.
"""

from __future__ import annotations

import hashlib
from typing import Protocol


class _Chat(Protocol):
    @property
    def id(self) -> int: ...


class ChatMessage(Protocol):
    """A Telegram message, as far as its key goes (``telegram.Message`` is one)."""

    @property
    def chat(self) -> _Chat: ...

    @property
    def message_id(self) -> int: ...


class Press(Protocol):
    """A Telegram button press, as far as its key goes (``telegram.CallbackQuery`` is one)."""

    @property
    def id(self) -> str: ...


def command_key(message: ChatMessage) -> str:
    """The key of a Telegram command message: its chat and message id."""
    return f"tg:msg:{message.chat.id}:{message.message_id}"


def held_send_key(message: ChatMessage) -> str:
    """The key a ``/send`` is confirmed under: made from the command, not from the press, so
    every press of Confirm (twice, or after a restart) names the one transfer."""
    return f"tg:send:{message.chat.id}:{message.message_id}"


def press_key(query: Press) -> str:
    """The key of one Telegram button press (Telegram never reuses a callback query id)."""
    return f"tg:cb:{query.id}"


def interaction_key(interaction_id: int) -> str:
    """The key of one Discord interaction: Discord never reuses an interaction id."""
    return f"dc:{interaction_id}"


def http_key(api_key_id: int, idempotency_key: str) -> str:
    """The key of one money-moving HTTP API request: the API key that made it and a hash of the
    client's ``Idempotency-Key`` (the engine's keys compare without regard to case and are at
    most 191 characters; the hash keeps ``a`` and ``A`` apart and fits any client key)."""
    digest = hashlib.sha256(idempotency_key.encode("utf-8")).hexdigest()[:40]
    return f"api:{api_key_id}:{digest}"


__all__ = [
    "ChatMessage",
    "Press",
    "command_key",
    "held_send_key",
    "http_key",
    "interaction_key",
    "press_key",
]
