"""``communitybot run`` and ``communitybot discord``: start the Telegram bot (long polling, or a
webhook by setting) or the optional Discord adapter (slash commands on the economy)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from pydantic import SecretStr

from communitybot.bootstrap import Container, build_container, configure_logging
from communitybot.cli._text import warn
from communitybot.settings import Settings

RunBot = Callable[..., None]


def register(subparsers: Any) -> None:
    """Add the ``run`` and ``discord`` subcommands."""
    for name, handler, summary, description in (
        (
            "run",
            run,
            "start the Telegram bot",
            "Start the bot with the configured token: long polling by default, a webhook when "
            "telegram_mode is webhook. Without a token it explains what to set.",
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
    from communitybot.telegram import run_bot  # each command loads only its own platform

    return _serve(settings, token, run_bot)


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


__all__ = ["register", "run", "run_discord"]
