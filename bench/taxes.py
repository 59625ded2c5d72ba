"""Benchmark: a tax cycle through the service against the same work as raw SQL.

Run by hand, not by CI, against a MySQL-compatible server:

    .venv/bin/python bench/taxes.py [--accounts 100000] [--rounds 7] [--chunk N] [--profile]

The server comes from ``COMMUNITYBOT_BENCH_DATABASE_URL`` (a server URL without database),
default ``mysql+pymysql://root@127.0.0.1:3306``. The benchmark migrates a template database once,
then gives every round a fresh database of its own (the template's tables, created anew) and drops
it after the round, so every round starts from the same table sizes and the same rows.

Each round sets up two identical economies, each with ``--accounts`` USER accounts holding the
same random balances in every round (minted through journal legs, so the invariants hold), a
treasury and three marginal wealth brackets (0 to 1,000.00 free, 1,000.00 to 5,000.00 at 10 %,
above at 25 %), runs ``ANALYZE TABLE`` on the accounts and the journal, and then times:

- the service: :func:`communitybot.services.economy.taxes.run_tax_cycle` on the first economy
  (permission check and the cycle record in one short transaction, then one chunk of every
  account on one server, ``--chunk N`` accounts per chunk if given: accounts locked in id order,
  one ``INSERT ... SELECT`` of the journal legs, the set-based debit and credit, the outbox, the
  cycle's progress);
- raw SQL on the second economy, through PyMySQL: one ``INSERT ... SELECT`` of the journal rows
  and one ``UPDATE`` of the balances with the marginal arithmetic inline (plus the one-row credit
  of the treasury), then ``COMMIT``.

The two sides alternate which goes first (odd rounds the service, even rounds raw SQL). Before
each side the benchmark waits for the server to settle (the previous side's dirty pages of the
round's tables flushed with ``FLUSH TABLES ... FOR EXPORT``, InnoDB's purge caught up) and reads
both economies' accounts (the same warm buffer pool for both). After each round it checks that
both sides did the same: the same balance for every account, the same legs (account, bracket,
amount), the service's cycle record agreeing with the legs, and both economies' invariants.

Per side it records the wall time, the CPU time of the server threads of the side's connections
(``/proc/<server>/task/<tid>/schedstat``, readable when the server runs on this machine) and the
client's CPU time: on a machine shared with other work the wall time also counts waiting for the
CPU and the disk, the CPU times only the work itself. It prints each round's figures and ratios,
the medians, and, as its last line, ``tax cycle service/raw = X.XX``: the ratio of the median
wall times (the median of the rounds' own ratios is printed above it).
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import signal
import statistics
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pymysql
from sqlalchemy import bindparam, create_engine, event, text
from sqlalchemy.engine import URL, Engine, make_url

from communitybot.core.economy import AccountType, Actor, TaxType
from communitybot.core.ids import EconomyId, MemberId
from communitybot.db import UnitOfWork, create_db_engine
from communitybot.db import migrate as migrations
from communitybot.services.economy import accounts, economies, permissions, taxes

ADMIN = Actor(MemberId(1))
BRACKETS = ((0, 100_000, 0), (100_000, 500_000, 1_000), (500_000, None, 2_500))
"""(start, end, rate in basis points) of the three marginal brackets."""
TABLES = ("economy_accounts", "economy_journal", "economy_tax_cycles", "economy_notifications")
"""The tables a cycle reads and writes (flushed and analysed before each side)."""


def _server() -> URL:
    return make_url(
        os.environ.get("COMMUNITYBOT_BENCH_DATABASE_URL", "mysql+pymysql://root@127.0.0.1:3306")
    )


def _pymysql(url: URL, **options: Any) -> pymysql.connections.Connection[Any]:
    return pymysql.connect(
        host=url.host or "127.0.0.1",
        port=url.port or 3306,
        user=url.username or "root",
        password=url.password or "",
        database=url.database,
        **options,
    )


def _admin(server: URL) -> Engine:
    return create_engine(server, isolation_level="AUTOCOMMIT")


def _new_name() -> str:
    return f"cbbench_{secrets.token_hex(4)}"


def _clone_schema(admin: Engine, template: str, name: str) -> None:
    """Create database ``name`` with ``template``'s tables (foreign keys included) and copy their
    rows (the template holds only what the migrations seed)."""
    with admin.connect() as connection:
        tables = [
            row[0]
            for row in connection.execute(
                text(
                    "SELECT table_name FROM information_schema.tables"
                    " WHERE table_schema = :db AND table_type = 'BASE TABLE'"
                ),
                {"db": template},
            )
        ]
        connection.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
        connection.execute(text("SET SESSION foreign_key_checks = 0"))
        for table in tables:
            ddl = connection.execute(text(f"SHOW CREATE TABLE `{template}`.`{table}`")).one()[1]
            connection.execute(text(f"USE `{name}`"))
            connection.execute(text(ddl))
            connection.execute(
                text(f"INSERT INTO `{name}`.`{table}` SELECT * FROM `{template}`.`{table}`")
            )
        connection.execute(text("SET SESSION foreign_key_checks = 1"))


def _drop_database(admin: Engine, name: str) -> None:
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))


def _economy(uow: UnitOfWork, name: str, balances: list[int]) -> tuple[EconomyId, Any, list[Any]]:
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


# --- what a side costs -----------------------------------------------------------------------


class ServerThreads:
    """CPU time of the server threads serving the connections to one database, where the server
    runs on this machine (``None`` otherwise)."""

    def __init__(self, admin: Engine, database: str) -> None:
        self.admin = admin
        self.database = database
        self.pid = self._server_pid()

    def _server_pid(self) -> int | None:
        with self.admin.connect() as connection:
            tid = connection.execute(
                text("SELECT tid FROM information_schema.processlist WHERE id = CONNECTION_ID()")
            ).scalar()
        for pid in Path("/proc").iterdir() if tid is not None else ():
            if pid.name.isdigit() and (pid / "task" / str(tid)).exists():
                return int(pid.name)
        return None

    def sample(self, extra: tuple[int, ...] = ()) -> dict[int, tuple[int, int]]:
        """Nanoseconds on the CPU and waiting for a CPU so far, by server thread id (``extra``:
        more thread ids)."""
        if self.pid is None:
            return {}
        with self.admin.connect() as connection:
            tids = [
                row[0]
                for row in connection.execute(
                    text("SELECT tid FROM information_schema.processlist WHERE db = :db"),
                    {"db": self.database},
                )
            ]
        times = {}
        for tid in {*tids, *extra}:
            try:
                stat = Path(f"/proc/{self.pid}/task/{tid}/schedstat").read_text()
                running, waiting = stat.split()[:2]
                times[tid] = (int(running), int(waiting))
            except OSError:  # the thread ended meanwhile
                continue
        return times

    @staticmethod
    def spent(
        before: dict[int, tuple[int, int]], after: dict[int, tuple[int, int]]
    ) -> tuple[float, float] | None:
        """Seconds the threads ran and waited for a CPU between two samples (new threads count
        from zero)."""
        if not after:
            return None
        ran = sum(ns - before.get(tid, (0, 0))[0] for tid, (ns, _w) in after.items())
        waited = sum(ns - before.get(tid, (0, 0))[1] for tid, (_r, ns) in after.items())
        return ran / 1e9, waited / 1e9


@dataclass
class Cost:
    """What one side took: wall seconds, server-thread and client CPU seconds, the seconds the
    server threads and the client waited for a CPU, and the server's counters that moved."""

    wall: float
    server: float | None
    client: float
    queued: float | None
    client_queued: float
    status: dict[str, int]

    @property
    def cpu(self) -> float | None:
        return None if self.server is None else self.server + self.client

    @property
    def unqueued(self) -> float | None:
        """The wall time less the time the server threads and the client waited for a CPU
        (while one of them waits for the CPU the other waits for it, so the two add up)."""
        if self.queued is None:
            return None
        return self.wall - self.queued - self.client_queued


def _client_queued() -> float:
    """Seconds this thread has waited for a CPU (0 where the kernel does not say)."""
    try:
        stat = Path(f"/proc/self/task/{threading.get_native_id()}/schedstat").read_text()
    except OSError:
        return 0.0
    return int(stat.split()[1]) / 1e9


@dataclass
class Statements:
    """One side's statements of one run (``--profile``): seconds and count by SQL text."""

    side: str
    seconds: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    count: Counter[str] = field(default_factory=Counter)

    def watch(self, engine: Engine) -> Callable[[], None]:
        """Time every statement ``engine`` executes until the returned function is called."""
        started: list[float] = []

        def before(*_args: Any) -> None:
            started.append(time.perf_counter())

        def after(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            key = " ".join(statement.split())[:150]
            self.seconds[key] += time.perf_counter() - started.pop()
            self.count[key] += 1

        event.listen(engine, "before_cursor_execute", before)
        event.listen(engine, "after_cursor_execute", after)

        def stop() -> None:
            event.remove(engine, "before_cursor_execute", before)
            event.remove(engine, "after_cursor_execute", after)

        return stop

    def print(self, total: float) -> None:
        print(f"  {self.side} statements ({sum(self.count.values())}, {total:.3f} s in all):")
        for key, seconds in sorted(self.seconds.items(), key=lambda item: -item[1]):
            print(f"    {seconds:7.3f} s  x{self.count[key]:<3} {key}")
        outside = total - sum(self.seconds.values())
        print(f"    {outside:7.3f} s  outside statements (COMMIT, Python)")


# --- the two sides ---------------------------------------------------------------------------


def _raw_cycle(
    connection: pymysql.connections.Connection[Any],
    economy_id: int,
    treasury_id: int,
    bracket_ids: list[int],
    period: str,
    statements: Statements | None,
) -> None:
    """The same cycle as plain SQL through PyMySQL (REPEATABLE READ: the ``INSERT ... SELECT``
    share-locks the accounts it reads, so the ``UPDATE`` sees the same balances)."""
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
    with connection.cursor() as plain:
        cursor = plain if statements is None else _Timed(plain, statements)
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
        started = time.perf_counter()
        connection.commit()
        if statements is not None:
            statements.seconds["COMMIT"] += time.perf_counter() - started
            statements.count["COMMIT"] += 1


class _Timed:
    """A PyMySQL cursor whose statements are timed into ``statements``."""

    def __init__(self, cursor: Any, statements: Statements) -> None:
        self.cursor = cursor
        self.statements = statements

    @property
    def lastrowid(self) -> int:
        return int(self.cursor.lastrowid)

    def execute(self, statement: str, parameters: Any = None) -> None:
        started = time.perf_counter()
        self.cursor.execute(statement, parameters)
        key = " ".join(statement.split())[:150]
        self.statements.seconds[key] += time.perf_counter() - started
        self.statements.count[key] += 1


@contextmanager
def _measured(
    threads: ServerThreads, costs: list[Cost], extra: tuple[int, ...] = ()
) -> Iterator[None]:
    status = _status(threads.admin)
    before = threads.sample(extra)
    client = time.process_time()
    client_queued = _client_queued()
    started = time.perf_counter()
    yield
    wall = time.perf_counter() - started
    client = time.process_time() - client
    client_queued = _client_queued() - client_queued
    spent = ServerThreads.spent(before, threads.sample(extra))
    moved = {k: v - status[k] for k, v in _status(threads.admin).items()}
    costs.append(
        Cost(
            wall,
            None if spent is None else spent[0],
            client,
            None if spent is None else spent[1],
            client_queued,
            moved,
        )
    )


STATUS = (
    "Innodb_buffer_pool_reads",
    "Innodb_buffer_pool_wait_free",
    "Innodb_buffer_pool_pages_flushed",
    "Innodb_log_waits",
    "Innodb_data_fsyncs",
    "Innodb_row_lock_time",
)
"""Server-wide counters printed per side (every client of the server moves them)."""


def _status(admin: Engine) -> dict[str, int]:
    with admin.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT variable_name, variable_value FROM information_schema.global_status"
                " WHERE variable_name IN :names"
            ).bindparams(bindparam("names", expanding=True)),
            {"names": [name.upper() for name in STATUS]},
        ).all()
    found = {name.upper(): int(value) for name, value in rows}
    return {name: found.get(name.upper(), 0) for name in STATUS}


def _settle(admin: Engine, database: str, economy_ids: tuple[int, ...]) -> None:
    """Flush the round's dirty pages, wait (up to 30 s) for InnoDB's purge, warm the accounts."""
    with admin.connect() as connection:
        tables = ", ".join(f"`{database}`.`{table}`" for table in TABLES)
        connection.execute(text(f"FLUSH TABLES {tables} FOR EXPORT"))
        connection.execute(text("UNLOCK TABLES"))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            status = connection.execute(text("SHOW ENGINE INNODB STATUS")).one()[2]
            length = next(
                (int(line.split()[-1]) for line in status.splitlines() if "History list" in line),
                0,
            )
            if length < 1_000:
                break
            time.sleep(0.5)
        ids = ", ".join(str(i) for i in economy_ids)
        for index in ("PRIMARY", "ix_economy_accounts_economy_id"):
            connection.execute(
                text(
                    f"SELECT SUM(balance), COUNT(*) FROM `{database}`.economy_accounts"
                    f" FORCE INDEX ({index})"
                    f" WHERE economy_id IN ({ids})"
                )
            ).one()


# --- checks ----------------------------------------------------------------------------------


def _check_same(uow: UnitOfWork, service: int, raw: int, cycle: Any) -> list[str]:
    """What differs between the two economies after a round (empty: nothing)."""
    problems = []
    with uow.engine.connect() as connection:
        differ = connection.execute(
            text(
                "SELECT COUNT(*) FROM economy_accounts s JOIN economy_accounts r"
                " ON r.economy_id = :raw AND r.name = s.name"
                " WHERE s.economy_id = :service AND s.balance <> r.balance"
            ),
            {"service": service, "raw": raw},
        ).scalar()
        if differ:
            problems.append(f"{differ} accounts have different balances")
        legs = {}
        for economy_id in (service, raw):
            legs[economy_id] = Counter(
                tuple(row)
                for row in connection.execute(
                    text(
                        "SELECT a.name, b.name, j.amount FROM economy_journal j"
                        " JOIN economy_accounts a ON a.id = j.from_account_id"
                        " JOIN economy_tax_brackets b ON b.id = j.tax_bracket_id"
                        " WHERE j.economy_id = :economy AND j.kind = 'TAX'"
                    ),
                    {"economy": economy_id},
                )
            )
        if legs[service] != legs[raw]:
            problems.append("the journal legs differ")
        if (cycle.payments, cycle.collected) != (
            sum(legs[service].values()),
            sum(amount * n for (_a, _b, amount), n in legs[service].items()),
        ):
            problems.append("the service's cycle record disagrees with its legs")
    for economy_id in (service, raw):
        check = economies.check_economy(uow, economy_id=EconomyId(economy_id))
        if not check.ok:
            problems.append(f"economy {economy_id} is inconsistent: {check}")
    return problems


# --- the rounds ------------------------------------------------------------------------------


def _round(
    args: argparse.Namespace,
    admin: Engine,
    server: URL,
    template: str,
    balances: list[int],
    number: int,
    costs: dict[str, list[Cost]],
) -> list[str]:
    name = _new_name()
    _clone_schema(admin, template, name)
    url = server.set(database=name)
    engine = create_db_engine(url.render_as_string(hide_password=False))
    try:
        uow = UnitOfWork(engine)
        permissions.grant_first_administrator(uow, user_id=ADMIN.user_id)
        service_economy, _, _ = _economy(uow, "service", balances)
        raw_economy, raw_treasury, raw_brackets = _economy(uow, "rawsql", balances)
        with admin.connect() as connection:
            for table in ("economy_accounts", "economy_journal"):
                connection.execute(text(f"ANALYZE TABLE `{name}`.`{table}`")).all()
        threads = ServerThreads(admin, name)
        period = f"round-{number}"
        statements = Statements("service") if args.profile else None
        raw_statements = Statements("raw")
        cycle = None

        def service() -> None:
            nonlocal cycle
            _settle(admin, name, (service_economy, raw_economy))
            stop = statements.watch(engine) if statements else None
            with _measured(threads, costs["service"]):
                cycle = taxes.run_tax_cycle(
                    uow, ADMIN, economy_id=service_economy, period=period, chunk_accounts=args.chunk
                )
            if stop:
                stop()

        def raw() -> None:
            connection = _pymysql(url, autocommit=False)
            try:
                _settle(admin, name, (service_economy, raw_economy))
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT tid FROM information_schema.processlist WHERE id = CONNECTION_ID()"
                    )
                    tid = (int(cursor.fetchone()[0]),)
                connection.rollback()
                with _measured(threads, costs["raw"], extra=tid):
                    _raw_cycle(
                        connection,
                        raw_economy,
                        raw_treasury,
                        raw_brackets,
                        period,
                        raw_statements if args.profile else None,
                    )
            finally:
                connection.close()

        for side in (service, raw) if number % 2 else (raw, service):
            side()
        s, r = costs["service"][-1], costs["raw"][-1]
        cpu = (
            ""
            if s.cpu is None or r.cpu is None
            else (
                f" | cpu service {s.server:.2f}+{s.client:.2f} s,"
                f" raw {r.server:.2f}+{r.client:.2f} s = {s.cpu / r.cpu:.2f}"
            )
        )
        assert cycle is not None
        first = "service" if number % 2 else "raw"
        print(
            f"round {number} ({first} first): service {s.wall:.3f} s, raw {r.wall:.3f} s"
            f" = {s.wall / r.wall:.2f}{cpu} ({cycle.payments:,} payments,"
            f" {cycle.collected:,} collected)",
            flush=True,
        )
        for side_name, c in (("service", s), ("raw", r)):
            waits = (
                ""
                if c.queued is None
                else f"waited for a CPU: server {c.queued:.2f} s, client {c.client_queued:.2f} s;"
                f" wall without the waits {c.unqueued:.3f} s; "
            )
            counters = ", ".join(f"{k.removeprefix('Innodb_')} {v:,}" for k, v in c.status.items())
            print(f"  {side_name}: {waits}server-wide {counters}")
        if statements:
            statements.print(s.wall)
            raw_statements.print(r.wall)
        return _check_same(uow, service_economy, raw_economy, cycle)
    finally:
        engine.dispose()
        _drop_database(admin, name)


def main() -> int:
    """Set up, time the service and raw SQL round by round, check, print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--chunk",
        type=int,
        default=None,
        help="accounts in the first chunk of the service's cycle (default: all on one server)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="print the service's statements of every round"
    )
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # killed: still drop the databases
    server = _server()
    admin = _admin(server)
    template = _new_name()
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE `{template}` CHARACTER SET utf8mb4"))
    engine = create_db_engine(server.set(database=template).render_as_string(hide_password=False))
    try:
        migrations.upgrade(engine)
        engine.dispose()
        rng = random.Random(7)
        balances = [rng.choice([0, rng.randrange(1_000_000)]) for _ in range(args.accounts)]
        print(
            f"{args.rounds} rounds, each on a fresh database with two economies of"
            f" {args.accounts:,} accounts",
            flush=True,
        )
        costs: dict[str, list[Cost]] = {"service": [], "raw": []}
        for number in range(1, args.rounds + 1):
            problems = _round(args, admin, server, template, balances, number, costs)
            if problems:
                print("\n".join(problems), file=sys.stderr)
                return 1
        service, raw = costs["service"], costs["raw"]
        walls = [s.wall / r.wall for s, r in zip(service, raw, strict=True)]
        print(
            f"round ratios (wall): {', '.join(f'{x:.2f}' for x in walls)};"
            f" median {statistics.median(walls):.2f}"
        )
        if all(c.cpu is not None for c in (*service, *raw)):
            cpus = [s.cpu / r.cpu for s, r in zip(service, raw, strict=True)]  # type: ignore[operator]
            print(
                f"round ratios (cpu):  {', '.join(f'{x:.2f}' for x in cpus)};"
                f" median {statistics.median(cpus):.2f}"
            )
        if all(c.unqueued is not None for c in (*service, *raw)):
            unqueued = [s.unqueued / r.unqueued for s, r in zip(service, raw, strict=True)]  # type: ignore[operator]
            print(
                f"round ratios (wall without the waits for a CPU):"
                f" {', '.join(f'{x:.2f}' for x in unqueued)};"
                f" median {statistics.median(unqueued):.2f}"
            )
        median_service = statistics.median(c.wall for c in service)
        median_raw = statistics.median(c.wall for c in raw)
        print(f"median: service {median_service:.3f} s, raw {median_raw:.3f} s")
        print(f"tax cycle service/raw = {median_service / median_raw:.2f}")
        return 0
    finally:
        engine.dispose()
        _drop_database(admin, template)
        admin.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
