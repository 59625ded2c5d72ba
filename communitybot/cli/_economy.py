"""``communitybot economy ...``: administer the economy core from the shell.

``grant-admin`` makes the first administrator (there is no user that bypasses permission
checks); every other command acts as ``--actor`` (a platform user id) and is checked like any
other request. Economies are named by currency name or by id.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from communitybot.bootstrap import Container
from communitybot.cli._guard import initialised
from communitybot.cli._text import text, usage, warn
from communitybot.core.economy import Actor, Economy
from communitybot.core.errors import NotFound
from communitybot.core.ids import AccountId, EconomyId, MemberId
from communitybot.core.ledger import Finding
from communitybot.core.money import format_cents
from communitybot.core.text import is_plain_number
from communitybot.services.economy import (
    economies,
    exchange,
    notes,
    permissions,
    recurring,
    taxes,
    transfers,
)
from communitybot.settings import Settings

EXIT_OK = 0
EXIT_PROBLEMS = 1


def register(subparsers: Any) -> None:
    """Add ``economy`` and its actions."""
    economy = subparsers.add_parser(
        "economy",
        help="administer the economy core (admins, taxes, recurring transfers, journals)",
        description="Economy administration. Commands other than grant-admin act as --actor.",
    )
    actions = economy.add_subparsers(dest="action", metavar="ACTION", required=True)

    admin = actions.add_parser(
        "grant-admin", help="grant the first administrator every administrative permission"
    )
    admin.add_argument("user_id", type=int, help="platform user id of the administrator")
    admin.set_defaults(handler=run_grant_admin)

    listing = actions.add_parser("list", help="list the economies")
    listing.set_defaults(handler=run_list)

    check = actions.add_parser(
        "check", help="verify the invariants of every economy (exit 1 when one is broken)"
    )
    check.add_argument("--economy", help="only this economy (currency name or id)")
    check.set_defaults(handler=run_check)

    preview = actions.add_parser("tax-preview", help="show who would pay what in a tax cycle")
    _economy_and_actor(preview)
    preview.set_defaults(handler=run_tax_preview)

    cycle = actions.add_parser("tax-run", help="run the tax cycle of a period (once per period)")
    _economy_and_actor(cycle)
    cycle.add_argument("--period", required=True, help='period label, e.g. "2026-03"')
    cycle.set_defaults(handler=run_tax_cycle)

    tick = actions.add_parser("tick", help="pay every recurring transfer instalment now due")
    tick.set_defaults(handler=run_tick)

    recover = actions.add_parser(
        "recover-exchanges",
        help="finish exchanges left half-done (credit them, or give the amount back)",
    )
    recover.add_argument(
        "--older-than",
        type=float,
        default=exchange.RECOVERY_GRACE.total_seconds(),
        help="only exchanges pending for more than this many seconds (default: %(default)s)",
    )
    recover.set_defaults(handler=run_recover_exchanges)

    expire = actions.add_parser(
        "expire-notes", help="return the money of every expired bank note to its issuer"
    )
    expire.set_defaults(handler=run_expire_notes)

    export = actions.add_parser("export-journal", help="write an account's journal as CSV")
    export.add_argument("--account", type=int, required=True, help="account id")
    export.add_argument("--actor", type=int, required=True, help="platform user id acting")
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    export.add_argument("--after", type=_moment, help="only after this ISO time")
    export.add_argument("--before", type=_moment, help="only before this ISO time")
    export.set_defaults(handler=run_export_journal)

    from communitybot.cli._keys import register_actions

    register_actions(actions)


def _economy_and_actor(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--economy", required=True, help="currency name or id")
    parser.add_argument("--actor", type=int, required=True, help="platform user id acting")


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(usage("cli.arg.no_zone", text=repr(text)))
    return moment


def _economy(container: Container, ref: str) -> Economy:
    economy = economies.find_economy_by_name(container.uow, currency_name=ref)
    if economy is None and is_plain_number(ref):
        economy = economies.get_economy(container.uow, economy_id=EconomyId(int(ref)))
    if economy is None:
        raise NotFound(kind="economy", ref=ref)
    return economy


def run_grant_admin(args: argparse.Namespace, settings: Settings) -> int:
    """Grant ``user_id`` every administrative permission globally (only if there is no admin)."""
    with initialised(settings) as container:
        granted = permissions.grant_first_administrator(
            container.uow, user_id=MemberId(args.user_id)
        )
        names = ", ".join(p.value for p in granted)
        print(text(settings, "cli.economy.admin", id=args.user_id, permissions=names))
        return EXIT_OK


def run_list(args: argparse.Namespace, settings: Settings) -> int:
    """Print every live economy."""
    with initialised(settings) as container:
        for economy in economies.list_economies(container.uow):
            print(f"{economy.id}\t{economy.currency_name}\t{economy.currency_unit}")
        return EXIT_OK


def run_check(args: argparse.Namespace, settings: Settings) -> int:
    """Check the invariants; print each economy's supply and every problem."""
    with initialised(settings) as container:
        chosen = (
            [_economy(container, args.economy)]
            if args.economy
            else economies.list_economies(container.uow)
        )
        problems = 0
        for economy in chosen:
            check = economies.check_economy(container.uow, economy_id=economy.id)
            unit = economy.currency_unit
            supply = format_cents(check.minted - check.burned, unit)
            balances = format_cents(check.balances, unit)
            said = {"currency": economy.currency_name, "supply": supply, "balances": balances}
            print(text(settings, "cli.economy.supply", **said))
            found_here: list[str] = []
            if check.issuance_balance != -(check.minted - check.burned):
                balance = check.issuance_balance
                found_here.append(text(settings, "cli.economy.issuance_mismatch", balance=balance))
            if check.balances != check.minted - check.burned:
                found_here.append(text(settings, "cli.economy.supply_mismatch"))
            found_here += [f"  {f.code}: {_finding(settings, f)}" for f in check.findings]
            vault = notes.check_vault(container.uow, economy_id=economy.id)
            if not vault.ok:
                held = {"vault": vault.vault_balance, "outstanding": vault.outstanding}
                found_here.append(text(settings, "cli.economy.vault_mismatch", **held))
            for line in found_here:
                print(line)
            problems += len(found_here)
        if problems:
            warn(settings, "cli.check.problems", count=problems)
            return EXIT_PROBLEMS
        print(text(settings, "cli.economy.consistent"))
        return EXIT_OK


def _finding(settings: Settings, found: Finding) -> str:
    values = {"ref": found.ref, "value": found.value}
    if found.code in ("bad_amount", "unknown_account", "reaction_mint_mismatch"):
        return text(settings, f"cli.finding.{found.code}", **values)
    if found.expected is None:
        return text(settings, "cli.finding.holds", **values)
    return text(settings, "cli.finding.holds_journal", expected=found.expected, **values)


def run_tax_preview(args: argparse.Namespace, settings: Settings) -> int:
    """Print the lines a tax cycle would collect now."""
    with initialised(settings) as container:
        economy = _economy(container, args.economy)
        preview = taxes.preview_tax_cycle(
            container.uow, Actor(MemberId(args.actor)), economy_id=economy.id
        )
        print("account\tbracket\tcollector\tbase\tdue\tcollected")
        for line in preview.lines:
            print(
                f"{line.account_id}\t{line.bracket_id}\t{line.to_account_id}\t"
                f"{line.base}\t{line.due}\t{line.collected}"
            )
        total = format_cents(preview.total, economy.currency_unit)
        print(text(settings, "cli.economy.tax_total", total=total, count=len(preview.lines)))
        return EXIT_OK


def run_tax_cycle(args: argparse.Namespace, settings: Settings) -> int:
    """Run (or show the earlier run of) the tax cycle of ``--period``."""
    with initialised(settings) as container:
        economy = _economy(container, args.economy)
        cycle = taxes.run_tax_cycle(
            container.uow,
            Actor(MemberId(args.actor)),
            economy_id=economy.id,
            period=args.period,
            clock=container.clock,
        )
        collected = format_cents(cycle.collected, economy.currency_unit)
        print(
            text(
                settings,
                "cli.economy.tax_cycle",
                period=cycle.period,
                currency=economy.currency_name,
                collected=collected,
                count=cycle.payments,
            )
        )
        return EXIT_OK


def run_tick(args: argparse.Namespace, settings: Settings) -> int:
    """Pay every due recurring transfer instalment."""
    with initialised(settings) as container:
        report = recurring.tick(container.uow, clock=container.clock)
        done = {"paid": report.paid, "failed": report.failed, "finished": report.finished}
        print(text(settings, "cli.economy.tick", **done))
        return EXIT_OK


def run_recover_exchanges(args: argparse.Namespace, settings: Settings) -> int:
    """Finish every exchange pending for longer than ``--older-than`` seconds."""
    with initialised(settings) as container:
        report = exchange.recover_exchanges(
            container.uow, clock=container.clock, older_than=timedelta(seconds=args.older_than)
        )
        done = {"completed": report.completed, "reversed": report.reversed}
        print(text(settings, "cli.economy.recovered", stuck=len(report.stuck), **done))
        for exchange_id in report.stuck:
            warn(settings, "cli.economy.stuck", id=exchange_id)
        return EXIT_PROBLEMS if report.stuck else EXIT_OK


def run_expire_notes(args: argparse.Namespace, settings: Settings) -> int:
    """Return the money of every expired bank note to its issuer."""
    with initialised(settings) as container:
        report = notes.expire_notes(container.uow, clock=container.clock)
        print(
            text(settings, "cli.economy.expired", expired=report.expired, failed=len(report.failed))
        )
        for note_id in report.failed:
            warn(settings, "cli.economy.expiry_failed", id=note_id)
        return EXIT_PROBLEMS if report.failed else EXIT_OK


def run_export_journal(args: argparse.Namespace, settings: Settings) -> int:
    """Write an account's journal as CSV to ``--output`` or standard output."""
    with initialised(settings) as container:

        def export(out: Any) -> int:
            return transfers.export_journal_csv(
                container.uow,
                Actor(MemberId(args.actor)),
                account_id=AccountId(args.account),
                out=out,
                before=args.before,
                after=args.after,
            )

        if args.output is None:
            export(sys.stdout)
            return EXIT_OK
        with args.output.open("w", newline="", encoding="utf-8") as out:
            rows = export(out)
        print(text(settings, "cli.economy.exported", rows=rows, path=args.output))
        return EXIT_OK


__all__ = [
    "register",
    "run_check",
    "run_expire_notes",
    "run_export_journal",
    "run_grant_admin",
    "run_list",
    "run_recover_exchanges",
    "run_tax_cycle",
    "run_tax_preview",
    "run_tick",
]
