"""``communitybot discord``: run the optional Discord adapter (slash commands on the economy)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from communitybot.bootstrap import build_container, configure_logging
from communitybot.cli._token import configured_token
from communitybot.settings import Settings

HOW_TO_START = """\
communitybot discord: no Discord bot token is set.

Create an application at https://discord.com/developers/applications, add a bot to it and copy
its token, then either
  export COMMUNITYBOT_DISCORD_TOKEN=...     (or put it in .env)
or set discord_token in config/communitybot.toml, and run `communitybot discord` again.
Invite the bot to your server with the scopes `bot` and `applications.commands`.
Make yourself the first administrator with
  communitybot economy grant-admin YOUR_DISCORD_USER_ID
and start an economy in your server with /economy create (see docs/discord.md)."""

NOT_INSTALLED = """\
communitybot discord: discord.py is not installed. Install the optional extra:
  pip install 'communitybot[discord]'"""


def register(subparsers: Any) -> None:
    """Add the ``discord`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "discord",
        help="start the Discord bot (slash commands on the economy core)",
        description=(
            "Connect the Discord adapter with the configured token and run until interrupted. "
            "Without a token, or without discord.py installed, it explains what to do."
        ),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the Discord bot; exit status 2 without a token or discord.py, 1 if Discord refuses."""
    del args
    token = configured_token(settings.discord_token, how_to_start=HOW_TO_START)
    if token is None:
        return 2
    try:
        import discord

        from communitybot.discord import run_bot
    except ImportError:
        print(NOT_INSTALLED, file=sys.stderr)
        return 2
    configure_logging(settings)
    container = build_container(settings)
    try:
        run_bot(container, token=token)
    except discord.LoginFailure:
        print(
            "communitybot discord: Discord refused the token; check COMMUNITYBOT_DISCORD_TOKEN.",
            file=sys.stderr,
        )
        return 1
    finally:
        container.close()
    return 0


__all__ = ["HOW_TO_START", "NOT_INSTALLED", "register", "run"]
