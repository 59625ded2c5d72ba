"""Benchmark: a tax cycle through the service against the same work as raw SQL.

Run by hand, not by CI, against a MySQL-compatible server:

    .venv/bin/python bench/taxes.py [--accounts 100000] [--rounds 3]

The server comes from ``COMMUNITYBOT_BENCH_DATABASE_URL`` (a server URL without database),
default ``mysql+pymysql://root@127.0.0.1:3306``. The benchmark creates its own database and drops
it at the end.

Two identical economies are set up, each with 100,000 USER accounts holding random balances
(minted through journal legs, so the invariants hold), a treasury and three marginal wealth
brackets (0 to 1,000.00 free, 1,000.00 to 5,000.00 at 10 %, above at 25 %). Each round runs, in
the same process and on the same server:

- the service: :func:`communitybot.services.economy.taxes.run_tax_cycle` on the first economy
  (permission check and the cycle record in one short transaction, then one chunk of every
  account on one server, ``--chunk N`` accounts per chunk if given: accounts locked in id order,
  one ``INSERT ... SELECT`` of the journal legs, the set-based debit and credit, the outbox, the
  cycle's progress);
- raw SQL on the second economy, through PyMySQL: one ``INSERT ... SELECT`` of the journal rows
  and one ``UPDATE`` of the balances with the marginal arithmetic inline (plus the one-row credit
  of the treasury), then ``COMMIT``.

It prints each round's times and, as its last line, ``tax cycle service/raw = X.XX``: the ratio
of the median times (target: 2.0 or less).
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import time
from datetime import UTC, datetime

import pymysql
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from communitybot.core.economy import AccountType, Actor, TaxType
from communitybot.core.ids import EconomyId, MemberId
from communitybot.db import UnitOfWork, create_db_engine
from communitybot.db import migrate as migrations
from communitybot.services.economy import accounts, economies, permissions, taxes

ADMIN = Actor(MemberId(1))
BRACKETS = ((0, 100_000, 0), (100_000, 500_000, 1_000), (500_000, None, 2_500))
"""(start, end, rate in basis points) of the three marginal brackets."""


def _server() -> URL:
    return make_url(
        os.environ.get("COMMUNITYBOT_BENCH_DATABASE_URL", "mysql+pymysql://root@127.0.0.1:3306")
    )


def _create_database(server: URL) -> str:
    name = f"cbbench_{secrets.token_hex(4)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
    admin.dispose()
    return name


def _drop_database(server: URL, name: str) -> None:
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
    admin.dispose()


def _economy(uow: UnitOfWork, name: str, balances: list[int]) -> tuple[EconomyId, int, list[int]]:
    """An economy with a treasury, the three brackets and one USER account per balance."""
    economy = economies.create_economy(uow, ADMIN, currency_name=name, currency_unit=name[:8])
    treasury = accounts.open_account(
        uow, ADMIN, economy_id=economy.id, name="treasury", account_type=AccountType.GOVERNMENT
    )
    bracket_ids = []
    for number, (start, end, rate) in enumerate(BRACKETS):
        bracket = taxes.create_tax_bracket(
            uow,
            ADMIN,
            economy_id=economy.id,
            name=f"wealth-{number}",
            affected_type=AccountType.USER,
            tax_type=TaxType.WEALTH_MARGINAL,
            start=start,
            end=end,
            rate=rate,
            to_account_id=treasury.id,
        )
        bracket_ids.append(bracket.id)
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = [
        (economy.id, f"user-{n}", 1_000_000 + n, balance, now) for n, balance in enumerate(balances)
    ]
    with uow.engine.begin() as connection:
        cursor = connection.connection.cursor()
        for first in range(0, len(rows), 10_000):
            cursor.executemany(
                "INSERT INTO economy_accounts (economy_id, name, account_type, owner_id, balance,"
                " min_balance, is_issuance, live, user_slot, created_at)"
                " VALUES (%s, %s, 'USER', %s, %s, 0, 0, 1, 1, %s)",
                rows[first : first + 10_000],
            )
        connection.execute(
            text(
                "INSERT INTO economy_journal (economy_id, kind, from_account_id, to_account_id,"
                " amount, actor_id, created_at)"
                " SELECT a.economy_id, 'MINT', :issuance, a.id, a.balance, 1, :now"
                " FROM economy_accounts a"
                " WHERE a.economy_id = :economy AND a.balance > 0 AND a.is_issuance = 0"
            ),
            {"issuance": economy.issuance_account_id, "now": now, "economy": economy.id},
        )
        connection.execute(
            text("UPDATE economy_accounts SET balance = balance - :total WHERE id = :issuance"),
            {"total": sum(balances), "issuance": economy.issuance_account_id},
        )
    return economy.id, treasury.id, bracket_ids


def _raw_cycle(
    url: URL, economy_id: int, treasury_id: int, bracket_ids: list[int], period: str
) -> float:
    """The same cycle as plain SQL through PyMySQL; returns the seconds it took."""
    marginal = [
        f"FLOOR(GREATEST(0, LEAST(a.balance, {end if end is not None else 'a.balance'}) - {start})"
        f" * {rate} / 10000)"
        for start, end, rate in BRACKETS
    ]
    legs = " UNION ALL ".join(
        f"SELECT a.id AS account_id, {bracket_id} AS bracket_id, {expression} AS tax"
        f" FROM economy_accounts a WHERE a.economy_id = {economy_id}"
        f" AND a.account_type = 'USER' AND a.is_issuance = 0 AND a.closed_at IS NULL"
        f" AND a.id <> {treasury_id}"
        for bracket_id, expression in zip(bracket_ids, marginal, strict=True)
    )
    connection = pymysql.connect(
        host=url.host or "127.0.0.1",
        port=url.port or 3306,
        user=url.username or "root",
        password=url.password or "",
        database=url.database,
        autocommit=False,
    )
    try:
        with connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(
                "INSERT INTO economy_tax_cycles (economy_id, period, journal_watermark, payments,"
                " collected, actor_id, created_at) VALUES (%s, %s, 0, 0, 0, 1, UTC_TIMESTAMP(6))",
                (economy_id, period),
            )
            cycle_id = cursor.lastrowid
            cursor.execute(
                "INSERT INTO economy_journal (economy_id, kind, tax_type, from_account_id,"
                " to_account_id, amount, actor_id, tax_bracket_id, tax_cycle_id, created_at)"
                f" SELECT {economy_id}, 'TAX', 'WEALTH_MARGINAL', t.account_id, {treasury_id},"
                f" t.tax, 1, t.bracket_id, {cycle_id}, UTC_TIMESTAMP(6)"
                f" FROM ({legs}) t WHERE t.tax > 0"
            )
            cursor.execute(
                f"UPDATE economy_accounts a SET a.balance = a.balance - ({' + '.join(marginal)})"
                f" WHERE a.economy_id = {economy_id} AND a.account_type = 'USER'"
                f" AND a.is_issuance = 0 AND a.closed_at IS NULL AND a.id <> {treasury_id}"
            )
            cursor.execute(
                "UPDATE economy_accounts SET balance = balance + (SELECT SUM(amount)"
                " FROM economy_journal WHERE tax_cycle_id = %s) WHERE id = %s",
                (cycle_id, treasury_id),
            )
            connection.commit()
            return time.perf_counter() - started
    finally:
        connection.close()


def main() -> int:
    """Set up, time the service and raw SQL round by round, print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--chunk",
        type=int,
        default=None,
        help="accounts in the first chunk of the service's cycle (default: all on one server)",
    )
    args = parser.parse_args()
    server = _server()
    name = _create_database(server)
    url = server.set(database=name)
    engine = create_db_engine(url.render_as_string(hide_password=False))
    try:
        migrations.upgrade(engine)
        uow = UnitOfWork(engine)
        permissions.grant_first_administrator(uow, user_id=ADMIN.user_id)
        rng = random.Random(7)
        balances = [rng.choice([0, rng.randrange(1_000_000)]) for _ in range(args.accounts)]
        print(f"setting up two economies of {args.accounts:,} accounts ...", flush=True)
        service_economy, _, _ = _economy(uow, "service", balances)
        raw_economy, raw_treasury, raw_brackets = _economy(uow, "rawsql", balances)
        service_times, raw_times = [], []
        for round_number in range(1, args.rounds + 1):
            period = f"round-{round_number}"
            started = time.perf_counter()
            cycle = taxes.run_tax_cycle(
                uow, ADMIN, economy_id=service_economy, period=period, chunk_accounts=args.chunk
            )
            service_times.append(time.perf_counter() - started)
            raw_times.append(_raw_cycle(url, raw_economy, raw_treasury, raw_brackets, period))
            print(
                f"round {round_number}: service {service_times[-1]:.3f} s"
                f" ({cycle.payments:,} payments, {cycle.collected:,} collected),"
                f" raw {raw_times[-1]:.3f} s",
                flush=True,
            )
        for economy_id in (service_economy, raw_economy):
            check = economies.check_economy(uow, economy_id=economy_id)
            if not check.ok:
                print(f"economy {economy_id} is inconsistent: {check}", file=sys.stderr)
                return 1
        service, raw = statistics.median(service_times), statistics.median(raw_times)
        print(f"median: service {service:.3f} s, raw {raw:.3f} s")
        print(f"tax cycle service/raw = {service / raw:.2f}")
        return 0
    finally:
        engine.dispose()
        _drop_database(server, name)


if __name__ == "__main__":
    raise SystemExit(main())
