"""The offline sandbox: a fake Telegram Bot API on 127.0.0.1 and helpers to drive a real bot.

:class:`FakeBotApi` serves the Bot API over real HTTP with simulated users and chats;
:class:`BotThread` runs a python-telegram-bot ``Application`` against it in a background thread;
:class:`UpdateTracker` tells when an injected update is fully handled. The end-to-end tests and
``communitybot sandbox`` are built from these.
"""

from communitybot.telegram.sandbox._fakeapi import (
    MAX_CALLBACK_DATA,
    MAX_TEXT,
    ApiError,
    BotCall,
    Button,
    CallbackQuery,
    FakeBotApi,
    Injected,
    SimChat,
    SimUser,
    StoredDocument,
    StoredMessage,
    flatten_buttons,
)
from communitybot.telegram.sandbox._html import EntityParseError, detect_entities, parse_html
from communitybot.telegram.sandbox._runner import AnyApplication, BotThread, UpdateTracker
from communitybot.telegram.sandbox._session import Exchange, Session
from communitybot.telegram.sandbox._terminal import Terminal
from communitybot.telegram.sandbox._world import (
    PEOPLE,
    SANDBOX_GROUP_ID,
    SandboxState,
    continue_after_database,
    populate,
    prepare_people,
    run_sandbox,
    sandbox_container,
)

__all__ = [
    "MAX_CALLBACK_DATA",
    "MAX_TEXT",
    "PEOPLE",
    "SANDBOX_GROUP_ID",
    "AnyApplication",
    "ApiError",
    "BotCall",
    "BotThread",
    "Button",
    "CallbackQuery",
    "EntityParseError",
    "Exchange",
    "FakeBotApi",
    "Injected",
    "SandboxState",
    "Session",
    "SimChat",
    "SimUser",
    "StoredDocument",
    "StoredMessage",
    "Terminal",
    "UpdateTracker",
    "continue_after_database",
    "detect_entities",
    "flatten_buttons",
    "parse_html",
    "populate",
    "prepare_people",
    "run_sandbox",
    "sandbox_container",
]
