"""``communitybot statements``: every member's statement of a month, as CSV.

``--month 2026-11`` (default: the current month); one file per member in a directory
(``--dir``, default ``statements-<month>``) or all in one file (``--file``, ``-`` for stdout).
Amounts and running balances in euros, names, reasons, times with their offset in the
community's time zone (``community.time_zone``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from communitybot.cli._guard import initialised
from communitybot.cli._text import usage, warn
from communitybot.core.books import Month, statements_csv, zone_of
from communitybot.core.errors import InvalidMonth
from communitybot.services import community as svc
from communitybot.settings import Settings


def _month(text: str) -> Month:
    try:
        return Month.parse(text)
    except InvalidMonth as error:
        raise argparse.ArgumentTypeError(
            usage("cli.statements.bad_month", text=repr(text))
        ) from error


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``statements``."""
    parser = subparsers.add_parser(
        "statements",
        help="write every member's statement of a month as CSV",
        description=(
            "Per member with a movement in the month or a balance at its start: the opening "
            "balance, every movement with its counterpart, reason and running balance, and the "
            "closing balance; euros, times with their offset in community.time_zone."
        ),
    )
    parser.add_argument("--month", type=_month, help="YYYY-MM (default: the current month)")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--dir",
        type=Path,
        help="directory for one file per member (default: statements-YYYY-MM)",
    )
    where.add_argument("--file", help="one file for all members; - for stdout")
    parser.set_defaults(handler=run_statements)


def run_statements(args: argparse.Namespace, settings: Settings) -> int:
    """Write the statements; the count goes to stderr."""
    rules = settings.community.to_rules()
    zone = zone_of(rules.time_zone)
    with initialised(settings) as container:
        month = args.month or container.uow.read(lambda session: svc.current_month(session, rules))
        statements = svc.all_statements(container.uow, rules, month=month)
        if args.file is not None:
            listed = list(statements)
            content = statements_csv(listed, zone)
            if args.file == "-":
                sys.stdout.write(content)
                return 0
            path = Path(args.file)
            path.write_text(content, encoding="utf-8")
            warn(settings, "cli.statements.written", count=len(listed), month=month, path=path)
            return 0
        folder = args.dir or Path(f"statements-{month}")
        folder.mkdir(parents=True, exist_ok=True)
        count = 0
        for statement in statements:
            name = f"statement-{month}-{statement.member.id}.csv"
            (folder / name).write_text(statements_csv([statement], zone), encoding="utf-8")
            count += 1
    warn(settings, "cli.statements.written", count=count, month=month, path=folder)
    return 0


__all__ = ["register"]
