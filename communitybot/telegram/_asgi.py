"""The bot inside an ASGI server of its own choosing: Telegram's webhook as one route, and the
application's life tied to the server's (python-telegram-bot's custom webhook pattern).

``communitybot run`` serves this route and the HTTP API from one uvicorn server in webhook mode,
and runs long polling next to the API's server in polling mode; both through :func:`running`.

Starlette is imported by :func:`webhook_route`, not with the module: the package imports this
module, and the bot in polling mode without the API never loads Starlette.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from telegram import Update

from communitybot.telegram._app import AnyApplication, WebhookConfig

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.routing import Route

_log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
"""The header in which Telegram repeats the webhook's secret token."""

MAX_UPDATE_BYTES = 1_048_576
"""Longest webhook body read (an update is a few kilobytes)."""


def webhook_route(application: AnyApplication, config: WebhookConfig) -> Route:
    """The route receiving Telegram's pushes at the webhook's path: an update with the right
    secret token goes to ``application.update_queue`` (200); a wrong token is refused (403)."""
    from starlette.responses import Response
    from starlette.routing import Route

    expected = config.secret_token.encode("utf-8")

    async def receive(request: Request) -> Response:
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8")
        if not hmac.compare_digest(given, expected):
            return Response(status_code=403)
        body = await request.body()
        if len(body) > MAX_UPDATE_BYTES:
            return Response(status_code=413)
        try:
            update = Update.de_json(json.loads(body), application.bot)
        except (ValueError, TypeError, KeyError):
            _log.warning("webhook: an update that cannot be read was dropped")
            return Response(status_code=400)
        await application.update_queue.put(update)
        return Response()

    return Route("/" + config.url_path, receive, methods=["POST"])


@asynccontextmanager
async def running(
    application: AnyApplication, *, webhook: WebhookConfig | None
) -> AsyncIterator[None]:
    """Run ``application`` while the block runs, as ``run_polling``/``run_webhook`` would:
    ``post_init``, start, then register the webhook (its updates come by :func:`webhook_route`)
    or start long polling; on the way out stop and ``post_shutdown``."""
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        updater = application.updater
        try:
            if webhook is not None:
                await application.bot.set_webhook(
                    url=webhook.webhook_url,
                    secret_token=webhook.secret_token,
                    allowed_updates=Update.ALL_TYPES,
                )
            elif updater is not None:
                await updater.start_polling(allowed_updates=Update.ALL_TYPES)
            yield
        finally:
            if updater is not None and updater.running:
                await updater.stop()
            await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
    if application.post_shutdown is not None:
        await application.post_shutdown(application)


__all__ = ["MAX_UPDATE_BYTES", "SECRET_HEADER", "running", "webhook_route"]
