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
    BasePersistence,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    PersistenceInput,
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

FORGET_SECONDS = 1.0
"""How often :class:`ForgetfulPersistence` lets python-telegram-bot forget whom it saw: each
round runs one task per chat and user marked since the last, so rounds are kept small."""


class ForgetfulPersistence(BasePersistence[dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """A persistence that stores nothing and makes python-telegram-bot forget every chat and
    user it marked, every ``update_interval`` seconds.

    Without a persistence, python-telegram-bot still marks the chat and the user of every update
    "to be updated in the persistence" and, having no persistence to update, never unmarks them:
    two sets that grow by one id per distinct chat and user for as long as the process runs
    (about 150 bytes each, some 15 MB after 100,000 people in private chats). With this
    persistence its periodic :meth:`~telegram.ext.Application.update_persistence` hands the
    marked ids over and empties the sets; each chat's and user's ``chat_data`` and ``user_data``
    (empty: the bot keeps nothing there) is dropped again by
    :meth:`~telegram.ext.Application.drop_chat_data` and
    :meth:`~telegram.ext.Application.drop_user_data`. Nothing is ever written anywhere.
    """

    def __init__(self, update_interval: float = FORGET_SECONDS) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=True, user_data=True, callback_data=False
            ),
            update_interval=update_interval,
        )
        self.application: AnyApplication | None = None
        """Set by :func:`build_application`: whose ``chat_data`` and ``user_data`` to drop."""

    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        """Nothing stored: no user data."""
        return {}

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        """Nothing stored: no chat data."""
        return {}

    async def get_bot_data(self) -> dict[Any, Any]:
        """Nothing stored: no bot data."""
        return {}

    async def get_callback_data(self) -> None:
        """Nothing stored: no callback data."""
        return

    async def get_conversations(self, name: str) -> dict[Any, Any]:
        """Nothing stored: no conversation."""
        return {}

    async def update_conversation(self, name: str, key: Any, new_state: object | None) -> None:
        """Stores nothing."""

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        """Forget the user: their (empty) ``user_data`` is dropped."""
        if self.application is not None:
            self.application.drop_user_data(user_id)

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        """Forget the chat: its (empty) ``chat_data`` is dropped."""
        if self.application is not None:
            self.application.drop_chat_data(chat_id)

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        """Stores nothing."""

    async def update_callback_data(self, data: Any) -> None:
        """Stores nothing."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Nothing stored to drop."""

    async def drop_user_data(self, user_id: int) -> None:
        """Nothing stored to drop."""

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        """Nothing stored to refresh from."""

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        """Nothing stored to refresh from."""

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        """Nothing stored to refresh from."""

    async def flush(self) -> None:
        """Nothing to write."""


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
    persistence = ForgetfulPersistence()
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
        .persistence(persistence)
        .post_init(handlers_post_init(handlers, container.settings))
        .post_shutdown(handlers_post_shutdown(handlers))
    )
    if update_processor is not None:
        builder = builder.concurrent_updates(update_processor)
    else:
        builder = builder.concurrent_updates(concurrent_updates)
    application = builder.build()
    persistence.application = application
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
    "FORGET_SECONDS",
    "AnyApplication",
    "ForgetfulPersistence",
    "WebhookConfig",
    "build_application",
    "configured_application",
    "menu",
    "register_handlers",
    "run_bot",
    "webhook_config",
]
