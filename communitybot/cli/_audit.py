"""``communitybot audit list|export``: the audit of administration, for whoever runs the server.

Every change of permissions and roles, accounts, tax brackets, economies, applications and keys,
groups and a member's standing is an entry (who, what, before and after). ``list`` prints one
page, newest first, tab-separated (``--json``: one JSON object per line) and, when there is
more, the ``--before`` that reads the next page; ``export`` writes every matching entry as CSV
or JSON. The filters hold together (AND).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from communitybot.cli._economy import _moment as moment
from communitybot.cli._guard import initialised
from communitybot.cli._keys import number
from communitybot.cli._text import text
from communitybot.core.audit import PAGE_DEFAULT, AuditQuery
from communitybot.services import audit
from communitybot.settings import Settings

EXIT_OK = 0


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--actor", help="who acted: user:<id>, key:<id>, member:<id> or admin")
    parser.add_argument("--kind", help="one change (key.disable) or an area (key)")
    parser.add_argument("--target", help="what changed: account:<id>, key:<id>, ...")
    parser.add_argument("--economy", type=number, help="only this economy id")
    parser.add_argument("--since", type=moment, help="from this ISO time (with a zone)")
    parser.add_argument("--until", type=moment, help="before this ISO time (with a zone)")


def register(subparsers: Any) -> None:
    """Add ``audit`` and its actions."""
    parser = subparsers.add_parser(
        "audit",
        help="the audit of administration: who changed what, before and after",
        description="Every change of permissions, accounts, brackets, economies, keys, groups "
        "and standing, newest first.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="print one page of entries, newest first")
    _filters(listing)
    listing.add_argument("--before", type=number, help="the next page: entries below this id")
    listing.add_argument(
        "--limit", type=number, default=PAGE_DEFAULT, help="entries per page (at most 500)"
    )
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.set_defaults(handler=run_list)
    export = actions.add_parser("export", help="write every matching entry as CSV or JSON")
    _filters(export)
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    export.set_defaults(handler=run_export)


def _query(args: argparse.Namespace, **more: Any) -> AuditQuery:
    return AuditQuery(
        actor=args.actor,
        kind=args.kind,
        target=args.target,
        economy_id=args.economy,
        since=args.since,
        until=args.until,
        **more,
    )


def run_list(args: argparse.Namespace, settings: Settings) -> int:
    """Print one page of the audit."""
    query = _query(args, before_id=args.before, limit=args.limit)
    with initialised(settings) as container:
        page = audit.list_audit(container.uow, query)
    for entry in page.entries:
        if args.json:
            print(json.dumps(entry.as_json(), sort_keys=True, ensure_ascii=False))
            continue
        values = [
            json.dumps(v, sort_keys=True) if v is not None else "-"
            for v in (
                entry.before,
                entry.after,
            )
        ]
        economy = "-" if entry.economy_id is None else str(entry.economy_id)
        fields = [str(entry.id), entry.at.isoformat(), entry.actor, entry.kind, entry.target]
        print("\t".join([*fields, economy, *values]))
    if page.next_before is not None and not args.json:
        print(text(settings, "cli.audit.more", before=page.next_before))
    return EXIT_OK


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    """Write every matching entry to ``--output`` or standard output."""
    query = _query(args)
    with initialised(settings) as container:
        if args.output is None:
            audit.export_audit(container.uow, query, sys.stdout, fmt=args.format)
            return EXIT_OK
        with args.output.open("w", newline="", encoding="utf-8") as out:
            rows = audit.export_audit(container.uow, query, out, fmt=args.format)
    print(text(settings, "cli.audit.exported", rows=rows, path=args.output))
    return EXIT_OK


__all__ = ["register", "run_export", "run_list"]
