"""The python-telegram-bot adapter: handlers, keyboards, the message catalogue as HTML.

:func:`build_application` wires every handler into a PTB ``Application``; :func:`run_bot` runs it
with long polling or a webhook; :func:`running` and :func:`webhook_route` run it inside an ASGI
server shared with the HTTP API (``communitybot run`` with the API, or in webhook mode). The
offline sandbox (a fake Bot API server and a terminal chat) is a development tool outside this
package: :mod:`communitybot.devtools`.
"""

from communitybot.telegram._app import (
    DEFAULT_CONCURRENT_UPDATES,
    FORGET_SECONDS,
    ForgetfulPersistence,
    WebhookConfig,
    build_application,
    configured_application,
    menu,
    register_handlers,
    run_bot,
    webhook_config,
)
from communitybot.telegram._asgi import running, webhook_route
from communitybot.telegram._callbacks import Action, BadCallback, Callback, decode, encode
from communitybot.telegram._i18n import Catalogue, Locale, Markup, Translator, default_catalogue
from communitybot.telegram._jobs import (
    CHARGE_DUE_FEES,
    EXPIRE_PAYMENT_REQUESTS,
    REMIND_LOW_BALANCES,
    schedule_jobs,
)
from communitybot.telegram._outside import send_notices_now
from communitybot.telegram.handlers import CommunityHandlers

__all__ = [
    "CHARGE_DUE_FEES",
    "DEFAULT_CONCURRENT_UPDATES",
    "EXPIRE_PAYMENT_REQUESTS",
    "FORGET_SECONDS",
    "REMIND_LOW_BALANCES",
    "Action",
    "BadCallback",
    "Callback",
    "Catalogue",
    "CommunityHandlers",
    "ForgetfulPersistence",
    "Locale",
    "Markup",
    "Translator",
    "WebhookConfig",
    "build_application",
    "configured_application",
    "decode",
    "default_catalogue",
    "encode",
    "menu",
    "register_handlers",
    "run_bot",
    "running",
    "schedule_jobs",
    "send_notices_now",
    "webhook_config",
    "webhook_route",
]
