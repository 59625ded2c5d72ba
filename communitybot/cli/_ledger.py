"""Admin commands of the community ledger: ``init``, ``users``, ``check`` (and ``check accept``)
and ``export``.

Users are named by their user id (``42``), their Telegram username (``@ada`` or ``ada``) or their
Telegram id (``tid:123456789``).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from communitybot.bootstrap import Container, build_container
from communitybot.cli._guard import initialised as _container
from communitybot.cli._text import text as cli_text
from communitybot.cli._text import usage, warn
from communitybot.core.community import (
    HISTORY_CODES,
    HistoryAcceptance,
    JournalEntry,
    UserInfo,
)
from communitybot.core.ids import TelegramId, UserId
from communitybot.core.money import format_cents
from communitybot.core.notices import Notice
from communitybot.services import community as svc
from communitybot.settings import Settings

EXIT_PROBLEMS = 1

_ID = re.compile(r"[0-9]{1,18}")
"""A user id as typed: ASCII digits only (``str.isdigit`` also accepts ``²``)."""
_TID = re.compile(r"tid:-?[0-9]{1,18}")

USER_FIELDS = (
    "id",
    "tid",
    "username",
    "name",
    "balance",
    "permission",
    "active",
    "external",
    "voucher",
    "created",
    "accessed",
)
TRANSACTION_FIELDS = ("id", "sender", "receiver", "amount", "reason", "registered")


def register(subparsers: Any) -> None:
    """Add ``init``, ``users``, ``check`` and ``export``."""
    init = subparsers.add_parser(
        "init",
        help="migrate the database and create the community user (idempotent)",
        description=(
            "Run the migrations to head and make sure exactly one community user exists. A "
            "database with the six documented tables and no migration version (MateBot v0.2) is "
            "verified and adopted first."
        ),
    )
    init.add_argument(
        "--dry-run",
        action="store_true",
        help="show what init would do (adopt, migrate) and change nothing",
    )
    init.set_defaults(handler=run_init)

    users = subparsers.add_parser(
        "users",
        help="list, show and administer community users",
        description="User administration. USER is an id (42), a username (@ada) or tid:<id>.",
    )
    actions = users.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list users")
    listing.add_argument("--active", action="store_true", help="only active users")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(handler=run_users_list)
    show = actions.add_parser("show", help="show one user with its vouching and counts")
    show.add_argument("user", help="id, @username or tid:<telegram id>")
    show.set_defaults(handler=run_users_show)
    for name, text in _USER_ACTIONS.items():
        action = actions.add_parser(name, help=text)
        action.add_argument("user", help="id, @username or tid:<telegram id>")
        action.set_defaults(handler=run_user_action)
    from communitybot.cli._standing import register_users  # it uses this module's helpers

    register_users(actions)

    check = subparsers.add_parser(
        "check",
        help="verify the ledger; exits 1 and lists problems when something is wrong",
        description=(
            "Balances equal their journal, exactly one community user, no unvouched external "
            "moved money, no collective paid twice, every idempotency key agrees with the "
            "journal row it claims. `check accept` accepts findings on history older software "
            "wrote."
        ),
    )
    check.set_defaults(handler=run_check)
    check_actions = check.add_subparsers(dest="check_action", metavar="ACTION")
    accept = check_actions.add_parser(
        "accept",
        help="accept findings on journal rows older software wrote, before a cut-off",
        description=(
            "Record that the findings CODE on journal rows registered before the cut-off are "
            "history written by older software under its own rules (e.g. MateBot let externals "
            "without voucher receive money). `check` leaves them out from then on and lists the "
            "acceptance; the journal is not changed. Later rows are still reported."
        ),
    )
    accept.add_argument(
        "--before",
        required=True,
        type=_cutoff,
        help="cut-off, e.g. 2024-03-01 or '2024-03-01 18:30', in the database's time zone",
    )
    accept.add_argument("--note", required=True, help='why, e.g. "written by MateBot v0.2"')
    accept.add_argument(
        "--code",
        default="unvouched_external_moved",
        choices=sorted(HISTORY_CODES),
        help="the finding to accept (default: %(default)s)",
    )
    accept.set_defaults(handler=run_check_accept)

    export = subparsers.add_parser(
        "export",
        help="export users or transactions as CSV or JSON",
        description="Write every user or every journal row, in id order, as CSV or JSON.",
    )
    export.add_argument("what", choices=("users", "transactions"))
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--output", "-o", type=Path, help="file to write (default: stdout)")
    export.set_defaults(handler=run_export)


_USER_ACTIONS = {
    "internal": "make an external user internal",
    "external": "make an internal user external (without voucher)",
    "grant-vote": "allow the user to vote on payment requests",
    "revoke-vote": "withdraw the vote permission",
    "activate": "allow the user to write again",
    "deactivate": "forbid every writing operation; settles the externals it vouches for",
}


def resolve_user(container: Container, text: str) -> UserInfo:
    """The user ``text`` names: ``42`` (user id), ``tid:123`` (Telegram id) or a username."""
    cleaned = text.strip()
    if _TID.fullmatch(cleaned):
        return svc.get_user_by_tid(container.uow, tid=TelegramId(int(cleaned[4:])))
    ref: svc.UserRef = UserId(int(cleaned)) if _ID.fullmatch(cleaned) else cleaned
    return svc.get_user(container.uow, user=ref)


def run_init(args: argparse.Namespace, settings: Settings) -> int:
    """Adopt a MateBot database if that is what it finds, migrate to head and ensure the
    community user; safe to run again. ``--dry-run`` only says what it would do."""
    from communitybot.cli._adopt import prepare
    from communitybot.db import migrate  # alembic: only the commands that migrate load it

    container = build_container(settings)
    with closing(container):
        if not prepare(container.engine, settings, dry_run=args.dry_run):
            return EXIT_PROBLEMS
        if args.dry_run:
            return 0
        migrate.upgrade(container.engine)
        community = svc.ensure_community_user(container.uow, container.rules)
        revision = migrate.current_revision(container.engine)
        print(cli_text(settings, "cli.revision", revision=revision))
        balance = format_cents(community.balance)
        name = repr(community.name)
        print(cli_text(settings, "cli.community_user", id=community.id, name=name, balance=balance))
    return 0


def _status(settings: Settings, user: UserInfo) -> str:
    if user.is_community:
        return cli_text(settings, "cli.status.community")
    if not user.external:
        return cli_text(settings, "cli.status.internal")
    if user.voucher:
        return cli_text(settings, "cli.status.vouched", voucher=user.voucher)
    return cli_text(settings, "cli.status.unvouched")


def yes_no(settings: Settings, flag: bool) -> str:
    """``yes`` or ``no`` in the configured language."""
    return cli_text(settings, "cli.yes" if flag else "cli.no")


def _user_row(user: UserInfo) -> dict[str, object]:
    row = asdict(user)
    row["created"] = user.created.isoformat()
    row["accessed"] = user.accessed.isoformat()
    return {name: row[name] for name in USER_FIELDS}


def _all_users(container: Container, *, active_only: bool = False) -> Iterator[UserInfo]:
    offset, page = 0, 500
    while True:
        users = svc.list_users(
            container.uow, offset=offset, limit=page, include_inactive=not active_only
        )
        yield from users
        if len(users) < page:
            return
        offset += page


def run_users_list(args: argparse.Namespace, settings: Settings) -> int:
    """Print every user (a table, or JSON with ``--json``)."""
    with _container(settings) as container:
        users = list(_all_users(container, active_only=args.active))
    if args.json:
        print(json.dumps([_user_row(u) for u in users], indent=2, ensure_ascii=False))
        return 0
    print(cli_text(settings, "cli.users.header"))
    for user in users:
        name = user.name + (f" (@{user.username})" if user.username else "")
        print(
            f"{user.id:>6} {user.tid if user.tid is not None else '-':>12} "
            f"{format_cents(user.balance):>12}  {yes_no(settings, user.permission):4} "
            f"{yes_no(settings, user.active):6} {_status(settings, user):24} {name}"
        )
    return 0


def run_users_show(args: argparse.Namespace, settings: Settings) -> int:
    """Print one user with its vouching and journal count."""
    with _container(settings) as container:
        user = resolve_user(container, args.user)
        # Money as the chat and `users list` show it; `--json` and `export` keep cents.
        shown = {**_user_row(user), "balance": format_cents(user.balance)}
        lines = [f"{key}: {value}" for key, value in shown.items()]
        lines.append(cli_text(settings, "cli.user.status", status=_status(settings, user)))
        if user.tid is not None:
            data = svc.user_data(container.uow, tid=user.tid)
            vouchees = ", ".join(f"#{v.id} {v.name}" for v in data.vouchees) or "-"
            open_ones = ", ".join(map(str, data.open_collectives)) or "-"
            lines += [
                cli_text(settings, "cli.user.transactions", count=data.transactions),
                cli_text(settings, "cli.user.vouches", vouchees=vouchees),
                cli_text(settings, "cli.user.collectives", collectives=open_ones),
            ]
    print("\n".join(lines))
    return 0


def _tell(settings: Settings, container: Container, notices: Sequence[Notice], key: str) -> None:
    """Send the notices an administrative change owes (the vouch settlements of a deactivated
    voucher) through the bot's token, and record them delivered; without a token they stay
    owed, and that is said."""
    if not notices:
        return
    from communitybot.telegram import send_notices_now  # only this command needs Telegram

    if send_notices_now(settings, notices):
        svc.notices_delivered(container.uow, key=key)
    else:
        print(cli_text(settings, "cli.user.notices_not_sent", count=len(notices)))


def run_user_action(args: argparse.Namespace, settings: Settings) -> int:
    """Apply one of the administrative changes to a user and print the result."""
    with _container(settings) as container:
        uow = container.uow
        user = resolve_user(container, args.user).id
        actions: dict[str, Callable[[], UserInfo]] = {
            "internal": lambda: svc.make_internal(uow, user=user),
            "external": lambda: svc.make_external(uow, user=user),
            "grant-vote": lambda: svc.set_vote_permission(uow, user=user, allowed=True),
            "revoke-vote": lambda: svc.set_vote_permission(uow, user=user, allowed=False),
        }
        if args.action in actions:
            changed = actions[args.action]()
        else:
            key = f"cli:{uuid.uuid4().hex}"
            receipt = svc.set_active(uow, user=user, active=args.action == "activate", key=key)
            changed = receipt.user
            _tell(settings, container, receipt.notices, key)
            for settlement in receipt.settlements:
                external = settlement.external
                amount = format_cents(settlement.settled)
                print(
                    cli_text(
                        settings,
                        "cli.user.settled",
                        id=external.id,
                        name=external.name,
                        amount=amount,
                    )
                )
    state = {"status": _status(settings, changed), "vote": yes_no(settings, changed.permission)}
    active = yes_no(settings, changed.active)
    print(
        cli_text(
            settings, "cli.user.changed", id=changed.id, name=changed.name, active=active, **state
        )
    )
    return 0


def _cutoff(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(usage("cli.arg.no_date", text=repr(text))) from None
    if moment.tzinfo is not None:
        raise argparse.ArgumentTypeError(usage("cli.arg.zoned", text=repr(text)))
    return moment


def _acceptance_line(settings: Settings, acceptance: HistoryAcceptance) -> str:
    return cli_text(
        settings,
        "cli.check.accepted",
        id=acceptance.id,
        covered=acceptance.covered,
        code=acceptance.code,
        cutoff=f"{acceptance.cutoff:%Y-%m-%d %H:%M:%S}",
        note=acceptance.note,
        accepted=f"{acceptance.accepted:%Y-%m-%d %H:%M:%S}",
    )


def run_check(args: argparse.Namespace, settings: Settings) -> int:
    """List every problem of the ledger, every broken rule and the accepted history; exit 1 on
    any problem."""
    del args
    with _container(settings) as container:
        report = svc.check_report(container.uow)
        problems = report.problems + svc.rule_violations(container.uow, container.rules)
    if not problems:
        print(cli_text(settings, "cli.check.consistent"))
    for problem in problems:
        print(f"{problem.code}: {problem.detail}")
    for acceptance in report.accepted:
        print(_acceptance_line(settings, acceptance))
    if not problems:
        return 0
    warn(settings, "cli.check.problems", count=len(problems))
    return EXIT_PROBLEMS


def run_check_accept(args: argparse.Namespace, settings: Settings) -> int:
    """Accept the findings of one code before a cut-off as history; print what was recorded."""
    with _container(settings) as container:
        acceptance = svc.accept_history(
            container.uow, code=args.code, before=args.before, note=args.note
        )
    print(_acceptance_line(settings, acceptance))
    return 0


def _transactions(container: Container) -> Iterator[JournalEntry]:
    after = 0
    while True:
        page = svc.journal_page(container.uow, after_id=after, limit=1000)
        yield from page
        if len(page) < 1000:
            return
        after = page[-1].id


def _transaction_row(entry: JournalEntry) -> dict[str, object]:
    return {
        "id": entry.id,
        "sender": entry.sender,
        "receiver": entry.receiver,
        "amount": entry.amount,
        "reason": entry.reason,
        "registered": entry.registered.isoformat(),
    }


def _write(
    rows: Iterator[dict[str, object]], fields: tuple[str, ...], fmt: str, out: IO[str]
) -> int:
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
        return count
    out.write("[")
    for row in rows:
        out.write(("," if count else "") + "\n  " + json.dumps(row, ensure_ascii=False))
        count += 1
    out.write("\n]\n")
    return count


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    """Write users or transactions as CSV or JSON to a file or stdout."""
    with _container(settings) as container:
        fields: tuple[str, ...]
        if args.what == "users":
            rows = (_user_row(u) for u in _all_users(container))
            fields = USER_FIELDS
        else:
            rows = (_transaction_row(t) for t in _transactions(container))
            fields = TRANSACTION_FIELDS
        if args.output is None:
            _write(rows, fields, args.format, sys.stdout)
            return 0
        with args.output.open("w", encoding="utf-8", newline="") as out:
            count = _write(rows, fields, args.format, out)
    warn(settings, "cli.exported", count=count, what=args.what, path=args.output)
    return 0


__all__ = ["register", "resolve_user", "yes_no"]
