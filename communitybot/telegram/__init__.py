"""The python-telegram-bot adapter: handlers, keyboards, the message catalogue, the sandbox.

:func:`build_application` wires every handler into a PTB ``Application``; :func:`run_bot` runs it
with long polling or a webhook. The offline sandbox (a fake Bot API server and a terminal chat)
lives in :mod:`communitybot.telegram.sandbox`.
"""

from communitybot.telegram._app import (
    DEFAULT_CONCURRENT_UPDATES,
    WebhookConfig,
    build_application,
    menu,
    register_handlers,
    run_bot,
    webhook_config,
)
from communitybot.telegram._callbacks import Action, BadCallback, Callback, decode, encode
from communitybot.telegram._errors import (
    ErrorContext,
    describe_error,
    mapped_errors,
    user_ids_in,
)
from communitybot.telegram._handlers import CommunityHandlers
from communitybot.telegram._i18n import Catalogue, Locale, Markup, Translator
from communitybot.telegram._locales import LOCALES, default_catalogue

__all__ = [
    "DEFAULT_CONCURRENT_UPDATES",
    "LOCALES",
    "Action",
    "BadCallback",
    "Callback",
    "Catalogue",
    "CommunityHandlers",
    "ErrorContext",
    "Locale",
    "Markup",
    "Translator",
    "WebhookConfig",
    "build_application",
    "decode",
    "default_catalogue",
    "describe_error",
    "encode",
    "mapped_errors",
    "menu",
    "register_handlers",
    "run_bot",
    "user_ids_in",
    "webhook_config",
]
