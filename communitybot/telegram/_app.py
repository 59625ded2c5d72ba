"""Building the python-telegram-bot ``Application`` and running it (long polling or webhook)."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import HTTPXRequest

from communitybot.bootstrap import Container
from communitybot.core.errors import ConfigurationError
from communitybot.runtime import WorkerPool
from communitybot.settings import Settings
from communitybot.telegram._i18n import Catalogue, default_catalogue
from communitybot.telegram._jobs import schedule_jobs
from communitybot.telegram.handlers import (
    BASE_COMMANDS,
    TREASURER_COMMANDS,
    CommunityHandlers,
    Kit,
    plain,
)

_log = logging.getLogger(__name__)

AnyApplication = Application[Any, Any, Any, Any, Any, Any]

DEFAULT_CONCURRENT_UPDATES = 16
"""Updates handled at once when the settings do not say otherwise."""


def build_application(
    container: Container,
    *,
    token: str,
    base_url: str = "https://api.telegram.org/bot",
    base_file_url: str = "https://api.telegram.org/file/bot",
    catalogue: Catalogue | None = None,
    update_processor: BaseUpdateProcessor | None = None,
    concurrent_updates: int = DEFAULT_CONCURRENT_UPDATES,
    trust_env: bool = True,
) -> AnyApplication:
    """The bot with every handler, talking to the Bot API at ``base_url``.

    ``update_processor`` replaces PTB's default processor (the tests and the sandbox pass one that
    reports when an update is handled); otherwise ``concurrent_updates`` updates run at once.
    Their service calls run on a pool of ``worker_threads`` threads (by default one for each
    update handled at once). ``trust_env=False`` ignores proxy variables (for the local fake Bot
    API).
    """
    at_once = (
        concurrent_updates if update_processor is None else update_processor.max_concurrent_updates
    )
    handlers = CommunityHandlers(
        Kit(
            container,
            catalogue or default_catalogue(container.settings.locale),
            pool=WorkerPool(container.settings.worker_threads or at_once, name="telegram-worker"),
        )
    )
    httpx_kwargs = {"trust_env": trust_env}
    builder = (
        Application.builder()
        .token(token)
        .base_url(base_url)
        .base_file_url(base_file_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                allow_sending_without_reply=True,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .request(HTTPXRequest(connection_pool_size=64, httpx_kwargs=httpx_kwargs))
        .get_updates_request(HTTPXRequest(connection_pool_size=2, httpx_kwargs=httpx_kwargs))
        .post_init(handlers_post_init(handlers, container.settings))
        .post_shutdown(handlers_post_shutdown(handlers))
    )
    if update_processor is not None:
        builder = builder.concurrent_updates(update_processor)
    else:
        builder = builder.concurrent_updates(concurrent_updates)
    application = builder.build()
    register_handlers(application, handlers)
    return application


def register_handlers(application: AnyApplication, handlers: CommunityHandlers) -> None:
    """Add every command, the private-chat hint to /help, the button handler, the replay guard,
    the sender screen and the error handler."""
    new_messages = filters.UpdateType.MESSAGE
    application.add_handler(TypeHandler(Update, handlers.drop_repeated), group=-2)
    application.add_handler(TypeHandler(Update, handlers.screen), group=-1)
    for name in (*BASE_COMMANDS, *TREASURER_COMMANDS):
        application.add_handler(
            CommandHandler(name, handlers.by_command[name], filters=new_messages)
        )
    for consumable in handlers.kit.rules.consumables:
        if consumable.name in BASE_COMMANDS:
            _log.warning("consumable %r hides no command; use /consume", consumable.name)
            continue
        application.add_handler(
            CommandHandler(consumable.name, handlers.consume_shortcut, filters=new_messages)
        )
    # any other command: an article added at run time (/mate), else the hint (private only)
    application.add_handler(MessageHandler(new_messages & filters.COMMAND, handlers.other_command))
    application.add_handler(
        MessageHandler(new_messages & filters.ChatType.PRIVATE & filters.TEXT, handlers.hint)
    )
    application.add_handler(CallbackQueryHandler(handlers.button))
    application.add_error_handler(handlers.on_error)


def menu(handlers: CommunityHandlers, language_code: str | None) -> list[BotCommand]:
    """The command menu Telegram shows, in one language."""
    t = handlers.kit.catalogue.translator(language_code)
    commands: list[BotCommand] = []
    for name in handlers.commands():
        if name in BASE_COMMANDS:
            description = plain(t(f"help.{name}.summary"))
        else:
            consumable = handlers.kit.rules.consumable(name)
            if consumable is None or consumable.name in BASE_COMMANDS:
                continue
            description = plain(
                t(
                    "help.consumable_summary",
                    description=consumable.description or consumable.name,
                    price=t.money(consumable.price),
                )
            )
        commands.append(BotCommand(name, description[:256]))
    return commands


def handlers_post_init(handlers: CommunityHandlers, settings: Settings) -> Any:
    """The ``post_init`` hook: register the command menu in every shipped language and put the
    bot's rounds on its job queue (:func:`~communitybot.telegram._jobs.schedule_jobs`: payment
    request expiry, membership fees, balance reminders)."""

    async def post_init(application: AnyApplication) -> None:
        schedule_jobs(application, handlers, settings)
        catalogue = handlers.kit.catalogue
        await application.bot.set_my_commands(menu(handlers, catalogue.default))
        for code in catalogue.locales:
            await application.bot.set_my_commands(menu(handlers, code), language_code=code)

    return post_init


def handlers_post_shutdown(handlers: CommunityHandlers) -> Any:
    """The ``post_shutdown`` hook: stop the worker threads (the job queue stops with the
    application)."""

    async def post_shutdown(application: AnyApplication) -> None:
        handlers.kit.pool.shutdown()

    return post_shutdown


@dataclass(frozen=True, slots=True)
class WebhookConfig:
    """Where the bot listens for Telegram's webhook calls and what it registers."""

    listen: str
    port: int
    url_path: str
    webhook_url: str
    secret_token: str


def webhook_config(settings: Settings) -> WebhookConfig:
    """The webhook of the settings; a random secret token when none is configured."""
    url = settings.telegram_webhook_url or ""
    secret = (
        settings.telegram_webhook_secret.get_secret_value()
        if settings.telegram_webhook_secret is not None
        else secrets.token_urlsafe(32)
    )
    return WebhookConfig(
        listen=settings.telegram_webhook_listen,
        port=settings.telegram_webhook_port,
        url_path=urlsplit(url).path.lstrip("/"),
        webhook_url=url,
        secret_token=secret,
    )


def configured_application(container: Container, *, token: str) -> AnyApplication:
    """The bot as the settings configure it (Bot API address, updates handled at once)."""
    settings = container.settings
    return build_application(
        container,
        token=token,
        base_url=settings.telegram_base_url,
        base_file_url=settings.telegram_base_file_url,
        concurrent_updates=settings.telegram_concurrent_updates,
    )


def run_bot(container: Container, *, token: str) -> None:
    """Run the bot with long polling until interrupted.

    Webhook mode is not served here: ``communitybot run`` receives Telegram's webhook on its
    uvicorn server (:func:`~communitybot.telegram.webhook_route` and
    :func:`~communitybot.telegram.running`), so python-telegram-bot's own webhook server, which
    needs tornado (its ``webhooks`` extra, not installed), is never used.
    """
    settings = container.settings
    if settings.telegram_mode == "webhook":
        raise ConfigurationError(
            problem="telegram_mode webhook: serve it with `communitybot run`, run_bot long-polls"
        )
    application = configured_application(container, token=token)
    _log.info("long polling %s", settings.telegram_base_url)
    application.run_polling(allowed_updates=Update.ALL_TYPES)


__all__ = [
    "DEFAULT_CONCURRENT_UPDATES",
    "AnyApplication",
    "WebhookConfig",
    "build_application",
    "configured_application",
    "menu",
    "register_handlers",
    "run_bot",
    "webhook_config",
]
