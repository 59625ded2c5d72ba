"""``communitybot sandbox``: the real bot against a local fake Telegram, in a terminal chat.

The sandbox is a development tool (:mod:`communitybot.devtools`), in a source checkout but not in
the wheel; it is imported only when the command runs, and its absence is explained.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

from communitybot.bootstrap import build_container
from communitybot.cli._text import warn
from communitybot.services import community as services
from communitybot.settings import Settings

DEFAULT_STATE_FILE = Path(".communitybot-sandbox.json")
"""Where the sandbox keeps the fake Telegram's numbering (and added people) between runs."""


def register(subparsers: Any) -> None:
    """Add the ``sandbox`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "sandbox",
        help="try the bot offline: a local fake Telegram and a terminal chat",
        description=(
            "Serve a fake Telegram Bot API on 127.0.0.1, run the real bot against it on the "
            "configured database (the embedded SQLite file by default) and open a terminal chat "
            "in which you type as several simulated people. No token, no internet."
        ),
    )
    parser.add_argument(
        "--state",
        type=Path,
        default=DEFAULT_STATE_FILE,
        help="file keeping the fake Telegram's numbering between runs (saved after every change)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Prepare the database (migrations, community user) and open the sandbox chat.

    Exit status 2 (and how to get it) when the sandbox is not installed.
    """
    try:
        # Imported here: a development tool, absent from the wheel.
        from communitybot.devtools import run_sandbox
    except ModuleNotFoundError as error:
        if error.name != "communitybot.devtools":
            raise
        warn(settings, "cli.sandbox.not_installed")
        return 2
    from communitybot.db import migrate  # alembic: only the commands that migrate load it

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    container = build_container(settings)
    try:
        migrate.upgrade(container.engine)
        services.ensure_community_user(container.uow, container.rules)
        run_sandbox(container, state_file=args.state)
    finally:
        container.close()
    return 0


__all__ = ["DEFAULT_STATE_FILE", "register", "run"]
