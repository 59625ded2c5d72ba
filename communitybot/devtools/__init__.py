"""Development tools: the offline sandbox, a fake Telegram Bot API and helpers to drive a bot.

:class:`FakeBotApi` serves the Bot API over real HTTP on 127.0.0.1 with simulated users and chats;
:class:`BotThread` runs a python-telegram-bot ``Application`` against it in a background thread;
:class:`UpdateTracker` tells when an injected update is fully handled. The end-to-end tests, the
benchmarks and ``communitybot sandbox`` are built from these.

Not part of the running product: nothing in the bot imports this package, and the wheel leaves it
out (it is there in a source checkout, which ``scripts/run`` installs in editable mode).
"""

from communitybot.devtools._fakeapi import FakeBotApi
from communitybot.devtools._html import EntityParseError, detect_entities, parse_html
from communitybot.devtools._runner import AnyApplication, BotThread, UpdateTracker
from communitybot.devtools._session import Exchange, Session
from communitybot.devtools._simulated import (
    MAX_CALLBACK_DATA,
    MAX_TEXT,
    ApiError,
    BotCall,
    Button,
    CallbackQuery,
    Injected,
    SimChat,
    SimUser,
    StoredDocument,
    StoredMessage,
)
from communitybot.devtools._terminal import Terminal
from communitybot.devtools._world import (
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
    "parse_html",
    "populate",
    "prepare_people",
    "run_sandbox",
    "sandbox_container",
]
