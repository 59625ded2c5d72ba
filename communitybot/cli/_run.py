"""``communitybot run``: start the Telegram bot (long polling, or a webhook by setting)."""

from __future__ import annotations

import argparse
from typing import Any

from communitybot.bootstrap import build_container, configure_logging
from communitybot.cli._token import configured_token
from communitybot.settings import Settings
from communitybot.telegram import run_bot

HOW_TO_START = """\
communitybot run: no Telegram bot token is set.

Get a token from @BotFather in Telegram, then either
  export COMMUNITYBOT_TELEGRAM_TOKEN=123456:ABC...     (or put it in .env)
or set telegram_token in config/communitybot.toml, and run `communitybot run` again.
For a self-hosted Bot API server also set COMMUNITYBOT_TELEGRAM_BASE_URL; for webhook mode
COMMUNITYBOT_TELEGRAM_MODE=webhook, COMMUNITYBOT_TELEGRAM_WEBHOOK_URL and
COMMUNITYBOT_TELEGRAM_WEBHOOK_SECRET (see docs/telegram.md).

To try the bot without a token and without internet, start the offline sandbox:
  communitybot sandbox"""


def register(subparsers: Any) -> None:
    """Add the ``run`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "run",
        help="start the Telegram bot",
        description=(
            "Start the bot with the configured token: long polling by default, a webhook when "
            "telegram_mode is webhook. Without a token it explains what to set."
        ),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the bot until interrupted; exit status 2 when no token is configured."""
    del args
    token = configured_token(settings.telegram_token, how_to_start=HOW_TO_START)
    if token is None:
        return 2
    configure_logging(settings)
    container = build_container(settings)
    try:
        run_bot(container, token=token)
    finally:
        container.close()
    return 0


__all__ = ["HOW_TO_START", "register", "run"]
