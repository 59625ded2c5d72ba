"""``communitybot run``, ``communitybot api`` and ``communitybot discord``: start the Telegram bot
(long polling, or a webhook by setting; with the HTTP API when ``api_enabled``), the HTTP API
alone, or the optional Discord adapter (slash commands on the economy).

With the API, or in webhook mode, the bot runs inside one uvicorn server: in webhook mode that
server receives Telegram's webhook (python-telegram-bot's custom webhook pattern) and serves the
API on the webhook's address; in polling mode it serves the API on ``api_host:api_port`` while
the bot long-polls beside it, on the same event loop.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr

from communitybot.bootstrap import Container, build_container, configure_logging
from communitybot.cli._text import warn
from communitybot.core.notices import Notice
from communitybot.settings import Settings

if TYPE_CHECKING:
    import uvicorn

RunBot = Callable[..., None]


def register(subparsers: Any) -> None:
    """Add the ``run`` and ``discord`` subcommands."""
    for name, handler, summary, description in (
        (
            "run",
            run,
            "start the Telegram bot",
            "Start the bot with the configured token: long polling by default, a webhook when "
            "telegram_mode is webhook; with the HTTP API when api_enabled (see docs/api.md). "
            "Without a token it explains what to set.",
        ),
        (
            "api",
            run_api,
            "serve the HTTP API alone",
            "Serve the HTTP API (for applications with API keys) on --host and --port, by "
            "default api_host and api_port, until interrupted. OpenAPI at /openapi.json, "
            "the interactive docs at /docs.",
        ),
        (
            "discord",
            run_discord,
            "start the Discord bot (slash commands on the economy core)",
            "Connect the Discord adapter with the configured token and run until interrupted. "
            "Without a token, or without discord.py installed, it explains what to do.",
        ),
    ):
        parser: argparse.ArgumentParser = subparsers.add_parser(
            name, help=summary, description=description
        )
        parser.set_defaults(handler=handler)
        if name == "api":
            parser.add_argument("--host", help="address to listen on (default: api_host)")
            parser.add_argument("--port", type=int, help="port to listen on (default: api_port)")
    health = subparsers.add_parser(
        "health",
        help="check the database like GET /healthz does (exit 0 healthy, 1 not)",
        description="Print the health check's JSON (what GET /healthz answers) and exit 0 when "
        "the database answers with a schema version, 1 otherwise.",
    )
    health.set_defaults(handler=run_health)


def _token(settings: Settings, token: SecretStr | None, how_to_start: str) -> str | None:
    """The token's text; ``None``, after printing how to set one, if unset or empty."""
    if token is None or not token.get_secret_value():
        warn(settings, how_to_start)
        return None
    return token.get_secret_value()


def _serve(settings: Settings, token: str, run_bot: RunBot) -> int:
    """Run ``run_bot`` on a container of ``settings`` until interrupted."""
    configure_logging(settings)
    container: Container = build_container(settings)
    health = None
    if settings.health_port is not None:
        from communitybot.runtime import HealthServer

        health = HealthServer(
            container.use_cases.health, host=settings.health_listen, port=settings.health_port
        ).start()
    try:
        run_bot(container, token=token)
    finally:
        if health is not None:
            health.stop()
        container.close()
    return 0


def run_health(args: argparse.Namespace, settings: Settings) -> int:
    """Print the health check and exit 0 when healthy."""
    container = build_container(settings)
    try:
        result = container.use_cases.health()
    finally:
        container.close()
    print(result.to_json().decode())
    return 0 if result.ok else 1


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the Telegram bot until interrupted; exit status 2 when no token is configured."""
    del args
    token = _token(settings, settings.telegram_token, "cli.run.no_token")
    if token is None:
        return 2
    if settings.api_enabled or settings.telegram_mode == "webhook":
        return _serve(settings, token, run_bot_and_api)
    from communitybot.telegram import run_bot  # each command loads only its own platform

    return _serve(settings, token, run_bot)


def bot_and_api_server(container: Container, *, token: str) -> uvicorn.Server:
    """The one uvicorn server of the bot with the API (and, in webhook mode, the webhook)."""
    from communitybot.api import create_app, make_server
    from communitybot.telegram import (
        configured_application,
        running,
        webhook_config,
        webhook_route,
    )

    settings = container.settings
    application = configured_application(container, token=token)
    webhook = webhook_config(settings) if settings.telegram_mode == "webhook" else None
    app = create_app(
        container,
        routes=() if webhook is None else (webhook_route(application, webhook),),
        lifespan=lambda: running(application, webhook=webhook),
        api=settings.api_enabled,
        tell=telegram_notices(settings),
    )
    if webhook is None:
        return make_server(app, host=settings.api_host, port=settings.api_port)
    return make_server(app, host=webhook.listen, port=webhook.port)


def telegram_notices(settings: Settings) -> Callable[[Sequence[Notice]], bool]:
    """How the HTTP API tells members of what its requests did to them: privately on Telegram,
    with the bot's token (:func:`communitybot.telegram.send_notices_now`, loaded on the first
    notice); nothing is sent without a token."""

    def tell(notices: Sequence[Notice]) -> bool:
        from communitybot.telegram import send_notices_now

        return send_notices_now(settings, notices)

    return tell


def run_bot_and_api(container: Container, *, token: str) -> None:
    """Serve :func:`bot_and_api_server` until interrupted."""
    asyncio.run(bot_and_api_server(container, token=token).serve())


def run_api(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the HTTP API alone until interrupted."""
    from communitybot.api import run_api as serve

    configure_logging(settings)
    container = build_container(settings)
    try:
        serve(
            container,
            host=args.host or settings.api_host,
            port=args.port or settings.api_port,
            tell=telegram_notices(settings),
        )
    finally:
        container.close()
    return 0


def run_discord(args: argparse.Namespace, settings: Settings) -> int:
    """Run the Discord bot; exit status 2 without a token or discord.py, 1 if Discord refuses."""
    del args
    token = _token(settings, settings.discord_token, "cli.discord.no_token")
    if token is None:
        return 2
    try:
        import discord

        from communitybot.discord import run_bot
    except ImportError:
        warn(settings, "cli.discord.not_installed")
        return 2
    try:
        return _serve(settings, token, run_bot)
    except discord.LoginFailure:
        warn(settings, "cli.discord.token_refused")
        return 1


__all__ = [
    "bot_and_api_server",
    "register",
    "run",
    "run_api",
    "run_bot_and_api",
    "run_discord",
]
