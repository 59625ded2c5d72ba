"""Benchmark: community transfers through the services against the same work as raw SQL.

Run by hand, not by CI, against a MySQL-compatible server:

    .venv/bin/python bench/transfers.py [--transfers 4000] [--users 1000]

The server comes from ``COMMUNITYBOT_BENCH_DATABASE_URL`` (a server URL without database),
default ``mysql+pymysql://root@127.0.0.1:3306``. The benchmark creates its own database, fills it
with 1,000 users and drops it at the end.

Random transfers run through :func:`communitybot.services.community.send` by 1 and by 4 worker
processes, and as raw PyMySQL statements (both rows locked in id order with
``SELECT ... FOR UPDATE``, two relative ``UPDATE``s, one ``INSERT``, ``COMMIT``) by 1 and by 4
worker processes. They run in rounds (``--rounds``, default 5), service and raw side by side in
each, every other round in reverse order; a ratio is the median over the rounds of the two rates
of one round, so a passing disturbance of a shared machine does not decide it. It prints the
median transfers per second of each and, as its last line, ``transfers service/raw = X.XX``: the
4-worker ratio (target: 0.8 or more).

For orientation it also runs, with 4 workers, the statements the service sends (the lock of both
users with their external status, one relative ``UPDATE``, the journal ``INSERT``, the
idempotency key ``INSERT``, ``COMMIT``) as raw PyMySQL: ``statements floor`` is that rate over
the raw rate, the ratio the service would reach if its Python cost nothing.
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing as mp
import os
import random
import secrets
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from multiprocessing.synchronize import Barrier
from typing import Any

import pymysql
from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import URL, make_url

from communitybot.core.ids import UserId
from communitybot.core.rules import CommunityRules
from communitybot.db import UnitOfWork, create_db_engine
from communitybot.db import migrate as migrations
from communitybot.db.models import User
from communitybot.services import community as svc

Transfer = tuple[int, int, int]
"""(sender user id, receiver user id, amount in cents)"""

TID_BASE = 10_000_000
RULES = CommunityRules()


def _server() -> URL:
    return make_url(
        os.environ.get("COMMUNITYBOT_BENCH_DATABASE_URL", "mysql+pymysql://root@127.0.0.1:3306")
    )


def _setup(server: URL, users: int) -> tuple[str, list[int]]:
    """Create and migrate a fresh database with the community user and ``users`` members."""
    name = f"cbbench_{secrets.token_hex(4)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
    admin.dispose()
    url = server.set(database=name).render_as_string(hide_password=False)
    engine = create_db_engine(url)
    migrations.upgrade(engine)
    uow = UnitOfWork(engine)
    svc.ensure_community_user(uow, RULES)
    with engine.begin() as connection:
        connection.execute(
            insert(User),
            [{"tid": TID_BASE + i, "name": f"member {i}"} for i in range(users)],
        )
        ids = list(
            connection.scalars(text("SELECT id FROM users WHERE tid IS NOT NULL ORDER BY id"))
        )
    engine.dispose()
    return url, ids


def _drop(server: URL, url: str) -> None:
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS `{make_url(url).database}`"))
    admin.dispose()


def _plan(ids: Sequence[int], count: int, seed: int) -> list[Transfer]:
    """Random transfers between distinct members; small amounts keep everyone within limits."""
    rng = random.Random(seed)
    return [(*rng.sample(list(ids), 2), rng.randint(1, 100)) for _ in range(count)]  # type: ignore[misc]


def _service_worker(url: str, transfers: list[Transfer], tids: dict[int, int], go: Barrier) -> None:
    engine = create_db_engine(url)
    uow = UnitOfWork(engine, attempts=10)
    go.wait()
    for sender, receiver, amount in transfers:
        svc.send(
            uow,
            RULES,
            sender=UserId(sender),
            receiver=UserId(receiver),
            amount=amount,
            reason="bench",
            key=uuid.uuid4().hex,
        )
    engine.dispose()


def _connect(url: str) -> pymysql.Connection[Any]:
    parsed = make_url(url)
    connection = pymysql.connect(
        host=parsed.host or "127.0.0.1",
        port=parsed.port or 3306,
        user=parsed.username or "root",
        password=parsed.password or "",
        database=parsed.database,
        charset="utf8mb4",
        autocommit=False,
    )
    with connection.cursor() as cursor:
        cursor.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED")
    return connection


Statements = Callable[[Any, int, int, int], None]
"""Sends one transfer's statements on a cursor: ``(cursor, sender, receiver, amount)``."""


def _raw_loop(url: str, transfers: list[Transfer], go: Barrier, statements: Statements) -> None:
    """Run ``statements`` for each transfer and commit, retrying deadlocks and lock waits."""
    connection = _connect(url)
    go.wait()
    for sender, receiver, amount in transfers:
        for _attempt in range(10):
            try:
                with connection.cursor() as cursor:
                    statements(cursor, sender, receiver, amount)
                connection.commit()
                break
            except pymysql.err.OperationalError as error:
                connection.rollback()
                if error.args[0] not in (1213, 1205):
                    raise
    connection.close()


def _raw_statements(cursor: Any, sender: int, receiver: int, amount: int) -> None:
    low, high = sorted((sender, receiver))
    cursor.execute(
        "SELECT id, balance FROM users WHERE id IN (%s, %s) ORDER BY id FOR UPDATE", (low, high)
    )
    cursor.execute("UPDATE users SET balance = balance - %s WHERE id = %s", (amount, sender))
    cursor.execute("UPDATE users SET balance = balance + %s WHERE id = %s", (amount, receiver))
    cursor.execute(_JOURNAL, (sender, receiver, amount, "send: bench"))


def _raw_worker(url: str, transfers: list[Transfer], tids: dict[int, int], go: Barrier) -> None:
    del tids
    _raw_loop(url, transfers, go, _raw_statements)


_JOURNAL = "INSERT INTO transactions (sender, receiver, amount, reason) VALUES (%s, %s, %s, %s)"
_SERVICE_LOCK = (
    "SELECT users.id, users.tid, users.name, users.username, users.balance, users.permission, "
    "users.active, users.created, users.accessed, externals.id, externals.internal "
    "FROM users LEFT OUTER JOIN externals ON externals.external = users.id "
    "WHERE users.id IN (%s, %s) ORDER BY users.id FOR UPDATE"
)
_SERVICE_UPDATE = (
    "UPDATE users SET balance = balance + CASE WHEN id = %s THEN %s WHEN id = %s THEN %s "
    "ELSE 0 END WHERE id IN (%s, %s)"
)
_SERVICE_KEY = "INSERT IGNORE INTO operation_keys (`key`, scope, result) VALUES (%s, %s, %s)"


def _service_statements(cursor: Any, sender: int, receiver: int, amount: int) -> None:
    low, high = sorted((sender, receiver))
    deltas = {sender: -amount, receiver: amount}
    cursor.execute(_SERVICE_LOCK, (low, high))
    cursor.fetchall()
    cursor.execute(_SERVICE_UPDATE, (low, deltas[low], high, deltas[high], low, high))
    cursor.execute(_JOURNAL, (sender, receiver, amount, "send: bench"))
    result = f'{{"op":"send","tx":{cursor.lastrowid}}}'
    cursor.execute(_SERVICE_KEY, (uuid.uuid4().hex, "send", result))


def _floor_worker(url: str, transfers: list[Transfer], tids: dict[int, int], go: Barrier) -> None:
    """The service's own statements as raw PyMySQL, without any of its Python."""
    del tids
    _raw_loop(url, transfers, go, _service_statements)


Worker = Callable[[str, list[Transfer], dict[int, int], Barrier], None]


def _run(worker: Worker, url: str, plan: list[Transfer], tids: dict[int, int], n: int) -> float:
    """Run ``plan`` split over ``n`` processes; return transfers per second (wall clock)."""
    context = mp.get_context("spawn")
    go = context.Barrier(n + 1)
    chunks = [plan[i::n] for i in range(n)]
    processes = [context.Process(target=worker, args=(url, chunk, tids, go)) for chunk in chunks]
    for process in processes:
        process.start()
    go.wait()
    started = time.perf_counter()
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - started
    if any(process.exitcode != 0 for process in processes):
        sys.exit("a worker failed")
    return len(plan) / elapsed


def _paired(rates: dict[tuple[str, int], list[float]], name: str, workers: int) -> float:
    """The median over the rounds of ``name``'s rate over the raw rate of the same round."""
    pairs = zip(rates[(name, workers)], rates[("raw", workers)], strict=True)
    return statistics.median(rate / raw for rate, raw in pairs)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the rates and the 4-worker service/raw ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transfers", type=int, default=4000, help="transfers per run")
    parser.add_argument("--users", type=int, default=1000, help="members to transfer among")
    parser.add_argument("--rounds", type=int, default=5, help="runs of each kind, alternating")
    args = parser.parse_args(argv)
    server = _server()
    url, ids = _setup(server, args.users)
    tids = {user_id: TID_BASE + i for i, user_id in enumerate(ids)}
    seeds = itertools.count(1)
    kinds: list[tuple[str, Worker, tuple[int, ...]]] = [
        ("service", _service_worker, (1, 4)),
        ("raw", _raw_worker, (1, 4)),
        ("floor", _floor_worker, (4,)),
    ]
    try:
        rates: dict[tuple[str, int], list[float]] = {}
        for workers in (1, 4):
            for number in range(args.rounds):
                # every other round in reverse order, so a drifting machine favours no kind
                for name, worker, counts in kinds if number % 2 == 0 else kinds[::-1]:
                    if workers in counts:
                        plan = _plan(ids, args.transfers, seed=next(seeds))
                        rate = _run(worker, url, plan, tids, workers)
                        rates.setdefault((name, workers), []).append(rate)
        for (name, workers), runs in rates.items():
            shown = ", ".join(f"{rate:.0f}" for rate in runs)
            print(
                f"{name:8} {workers} worker(s): {statistics.median(runs):7.1f} transfers/s "
                f"(median of {shown})"
            )
        engine = create_db_engine(url)
        problems = svc.check_ledger(UnitOfWork(engine))
        engine.dispose()
        print(f"ledger check: {problems or 'consistent'}")
        print(f"statements floor (4 workers) = {_paired(rates, 'floor', 4):.2f}")
        print(f"transfers service/raw (1 worker) = {_paired(rates, 'service', 1):.2f}")
        print(f"transfers service/raw = {_paired(rates, 'service', 4):.2f}")
    finally:
        _drop(server, url)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
