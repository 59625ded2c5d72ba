"""``communitybot migrate``: bring the database schema to the newest (or a given) revision."""

from __future__ import annotations

import argparse
from typing import Any

from communitybot.bootstrap import build_container
from communitybot.cli._text import text
from communitybot.settings import Settings


def register(subparsers: Any) -> None:
    """Add the ``migrate`` subcommand."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "migrate",
        help="upgrade (or downgrade) the database schema",
        description="Run the alembic migrations against the configured database.",
    )
    parser.add_argument(
        "revision", nargs="?", default="head", help="target revision (default head)"
    )
    parser.add_argument(
        "--down", action="store_true", help="downgrade to REVISION instead of upgrading"
    )
    parser.set_defaults(handler=run_migrate)


def run_migrate(args: argparse.Namespace, settings: Settings) -> int:
    """Upgrade or downgrade the configured database and print the revision it ends at."""
    from communitybot.db import migrate  # alembic: only the commands that migrate load it

    container = build_container(settings)
    try:
        if args.down:
            migrate.downgrade(container.engine, args.revision)
        else:
            migrate.upgrade(container.engine, args.revision)
        print(
            text(
                settings,
                "cli.revision",
                revision=migrate.current_revision(container.engine) or "base",
            )
        )
    finally:
        container.close()
    return 0
