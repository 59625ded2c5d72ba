"""The ``communitybot`` command: run the bot and care for its database.

Each subcommand lives in a module ``cli/_<name>.py`` exposing ``register(subparsers)``; the module
list below is the whole command set. A handler receives the parsed arguments and the validated
settings and returns the exit status. What only some handlers need is imported inside them (alembic
by the commands that migrate), so ``communitybot run`` does not keep it in memory.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib import import_module

from sqlalchemy.exc import OperationalError

from communitybot import __version__
from communitybot.cli._guard import NotInitialised
from communitybot.cli._text import text
from communitybot.core.errors import DomainError
from communitybot.settings import Settings, SettingsError, load_settings

Handler = Callable[[argparse.Namespace, Settings], int]

COMMAND_MODULES = (
    "communitybot.cli._db",
    "communitybot.cli._ledger",
    "communitybot.cli._statements",
    "communitybot.cli._economy",
    "communitybot.cli._audit",
    "communitybot.cli._run",
    "communitybot.cli._sandbox",
)
"""Modules that register subcommands, in the order ``--help`` lists them."""

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="communitybot",
        description="The shared cash of a community, kept in MySQL and run from a Telegram chat.",
    )
    parser.add_argument("--version", action="version", version=f"communitybot {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        import_module(name).register(subparsers)
    return parser


def fail(message: str, status: int = EXIT_FAILURE) -> int:
    """Print ``communitybot: message`` to stderr and return ``status``."""
    print(f"communitybot: {message}", file=sys.stderr)
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        settings = load_settings()
    except SettingsError as error:
        return fail(str(error), EXIT_USAGE)
    try:
        return handler(args, settings)
    except DomainError as error:
        from communitybot.cli._refusals import describe_refusal

        return fail(describe_refusal(error, settings))
    except NotInitialised as error:
        return fail(text(settings, error.key, **error.values))
    except OperationalError as error:
        where = settings.database_url.split("@")[-1]
        return fail(text(settings, "cli.database_unusable", where=where, reason=error.orig))
    except KeyboardInterrupt:
        return 130


__all__ = ["EXIT_FAILURE", "EXIT_OK", "EXIT_USAGE", "Handler", "build_parser", "fail", "main"]
