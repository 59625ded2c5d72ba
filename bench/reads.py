"""Benchmark: the ledger's reads through the services against the best raw SQL for each answer.

Run by hand, not by CI, against a MySQL-compatible server:

    .venv/bin/python bench/reads.py [--users 100000] [--rows 1000000] [--rounds 5]
    .venv/bin/python bench/reads.py --small          # 10,000 users, 100,000 rows: a quick look

The server comes from ``COMMUNITYBOT_BENCH_DATABASE_URL`` (a server URL without database),
default ``mysql+pymysql://root@127.0.0.1:3306``. The benchmark creates its own database, migrates
it with alembic, bulk-loads the users and the journal, and drops the database at the end.

Activity is skewed: a row's sender and receiver are drawn with ``users * r**3`` (``r`` uniform),
so the most active member is in about 4 % of the journal and most members in a few rows; one row
in twenty names the community user; one user in twenty is external (half of them vouched for);
some members are inactive, some have no username, a few collectives are open. Balances are what
the journal makes them.

Each read is timed through the service (``services.community`` on the unit of work
``build_container`` builds for the bot, so reads run on its autocommit, read-only reader engine)
and as raw PyMySQL (autocommit, the same answer from hand-written SQL); before timing, both
answers are compared and must be equal. A round runs every read ``n`` times each way (``n``
chosen so a batch takes about a quarter of a second), alternating which side goes first from
round to round; a read's ratio is the median of its rounds' ratios. The reads: ``/history``
(first page and a deep page of the most active member, first page of a typical one), the
history export (``/history csv``) of both, ``/top``, ``/blame``, ``/data`` of the most active
member, ``/zwegat``, a user named by ``@username`` and the refresh every update starts with (an
unchanged profile). Last line: ``reads service/raw = X.XX``, the geometric mean of the ratios
(targets: 1.3 or less, no read above 2).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import secrets
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pymysql
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from communitybot.bootstrap import build_container
from communitybot.core.community import HistoryEntry, UserInfo
from communitybot.core.ids import TelegramId
from communitybot.db import UnitOfWork, create_db_engine
from communitybot.db import migrate as migrations
from communitybot.services import community
from communitybot.settings import Settings

TID_BASE = 10_000_000
"""The Telegram id of user number ``n`` (``users.id`` ``n + 2``) is ``TID_BASE + n``."""


def _server() -> URL:
    return make_url(
        os.environ.get("COMMUNITYBOT_BENCH_DATABASE_URL", "mysql+pymysql://root@127.0.0.1:3306")
    )


def _admin(server: URL, statement: str) -> None:
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(statement))
    admin.dispose()


def _connect(url: URL) -> pymysql.Connection[Any]:
    return pymysql.connect(
        host=url.host or "127.0.0.1",
        port=url.port or 3306,
        user=url.username or "root",
        password=url.password or "",
        database=url.database,
        autocommit=True,
    )


def _load(url: URL, users: int, rows: int) -> None:
    """Bulk-load the community user, ``users`` members and ``rows`` journal rows."""
    rng = random.Random(13)
    balances = [0] * (users + 2)
    journal = []
    start = datetime(2021, 1, 1)  # noqa: DTZ001 - the session time zone, like the bot's rows
    step = timedelta(days=5 * 365) / rows
    for number in range(rows):
        if rng.random() < 0.05:
            parties = [1, 2 + int(users * rng.random() ** 3)]
            rng.shuffle(parties)
            sender, receiver = parties
        else:
            sender = 2 + int(users * rng.random() ** 3)
            receiver = sender
            while receiver == sender:
                receiver = 2 + int(users * rng.random() ** 3)
        amount = rng.randrange(1, 2_000)
        balances[sender] -= amount
        balances[receiver] += amount
        reason = rng.choice(("send: pizza", "consume: mate", "pay: #12 beamer", None))
        journal.append((sender, receiver, amount, reason, start + step * number))
    people = [(1, None, None, "Community", balances[1], 0, 1)]
    for n in range(users):
        username = None if n % 10 == 9 else f"Member{n}"
        active = 0 if n % 37 == 36 else 1
        people.append(
            (n + 2, TID_BASE + n, username, f"Member {n}", balances[n + 2], n % 3 == 0, active)
        )
    externals = [
        (user_id, (2 + rng.randrange(1000)) if user_id % 2 else None)
        for user_id in range(200, users + 2, 20)
    ]
    collectives = [
        (user_id, 1 if k % 5 == 0 else 0, 1_000 + k, f"collective {k}", k % 2)
        for k, user_id in enumerate([2, 2, 3, *range(2, users + 2, max(1, users // 1_000))])
    ]
    connection = _connect(url)
    try:
        with connection.cursor() as cursor:
            for first in range(0, len(people), 10_000):
                cursor.executemany(
                    "INSERT INTO users (id, tid, username, name, balance, permission, active)"
                    " VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    people[first : first + 10_000],
                )
            cursor.executemany(
                "INSERT INTO externals (external, internal) VALUES (%s, %s)", externals
            )
            cursor.executemany(
                "INSERT INTO collectives (creator, active, amount, description, communistic)"
                " VALUES (%s, %s, %s, %s, %s)",
                collectives,
            )
            for first in range(0, len(journal), 20_000):
                cursor.executemany(
                    "INSERT INTO transactions (sender, receiver, amount, reason, registered)"
                    " VALUES (%s, %s, %s, %s, %s)",
                    journal[first : first + 20_000],
                )
            cursor.execute("ANALYZE TABLE users, transactions, externals, collectives")
            cursor.fetchall()
    finally:
        connection.close()


_INFO = (
    "u.id, u.tid, u.name, u.username, u.balance, u.permission, u.active, u.created, u.accessed,"
    " e.id, e.internal"
)


def _info(row: tuple[Any, ...]) -> tuple[Any, ...]:
    (user_id, tid, name, username, balance, permission, active, created, accessed, ext, voucher) = (
        row
    )
    return (
        user_id,
        tid,
        name,
        username,
        balance,
        bool(permission),
        bool(active),
        ext is not None,
        voucher,
        created,
        accessed,
    )


def _service_info(user: UserInfo) -> tuple[Any, ...]:
    return (
        user.id,
        user.tid,
        user.name,
        user.username,
        user.balance,
        user.permission,
        user.active,
        user.external,
        user.voucher,
        user.created,
        user.accessed,
    )


def _entry(entry: HistoryEntry) -> tuple[Any, ...]:
    c = entry.counterpart
    return (
        entry.transaction_id,
        entry.registered,
        entry.amount,
        c.id,
        c.name,
        c.username,
        entry.reason,
    )


class Raw:
    """The best hand-written SQL for each read, on one autocommit PyMySQL connection."""

    def __init__(self, url: URL) -> None:
        self.connection = _connect(url)
        self.cursor = self.connection.cursor()

    def _all(self, sql: str, args: Any = None) -> tuple[tuple[Any, ...], ...]:
        self.cursor.execute(sql, args)
        return self.cursor.fetchall()  # type: ignore[no-any-return]

    def _user_id(self, tid: int) -> int:
        return int(self._all("SELECT id FROM users WHERE tid = %s", (tid,))[0][0])

    def _count(self, user_id: int) -> int:
        """Rows sent plus rows received less rows to oneself: three index-only counts."""
        return int(
            self._all(
                "SELECT (SELECT COUNT(*) FROM transactions WHERE sender = %s)"
                " + (SELECT COUNT(*) FROM transactions WHERE receiver = %s)"
                " - (SELECT COUNT(*) FROM transactions WHERE sender = %s AND receiver = %s)",
                (user_id, user_id, user_id, user_id),
            )[0][0]
        )

    def _history(self, user_id: int, order: str, window: str, page: str) -> list[tuple[Any, ...]]:
        """Both index scans (rows sent; rows received, not sent), each cut to the window, the
        counterpart joined to what is left."""
        rows = self._all(
            f"SELECT t.id, t.registered, t.amount, u.id, u.name, u.username, t.reason FROM ("
            f"SELECT * FROM (SELECT id, registered, -amount AS amount, receiver AS other, reason"
            f" FROM transactions WHERE sender = %s ORDER BY id {order} {window}) s UNION ALL"
            f" SELECT * FROM (SELECT id, registered, amount, sender AS other, reason"
            f" FROM transactions WHERE receiver = %s AND sender <> %s ORDER BY id {order} {window})"
            f" r) t JOIN users u ON u.id = t.other ORDER BY t.id {order} {page}",
            (user_id, user_id, user_id),
        )
        return list(rows)

    def history(self, tid: int, offset: int, limit: int) -> tuple[Any, ...]:
        """``/history``: a page, newest first, and the total."""
        user_id = self._user_id(tid)
        rows = self._history(user_id, "DESC", f"LIMIT {offset + limit}", f"LIMIT {offset}, {limit}")
        return (rows, self._count(user_id))

    def full_history(self, tid: int) -> list[tuple[Any, ...]]:
        """The export: everything, oldest first."""
        return self._history(self._user_id(tid), "ASC", "", "")

    def _ranking(self, where: str, order: str) -> list[tuple[Any, ...]]:
        rows = self._all(
            f"SELECT {_INFO} FROM users u IGNORE INDEX (uq_users_tid)"
            f" LEFT JOIN externals e ON e.external = u.id"
            f" WHERE u.tid IS NOT NULL AND {where} ORDER BY {order} LIMIT 10"
        )
        return [_info(row) for row in rows]

    def top(self) -> list[tuple[Any, ...]]:
        """``/top``."""
        return self._ranking("u.active = 1", "u.balance DESC, u.id")

    def blame(self) -> list[tuple[Any, ...]]:
        """``/blame``."""
        return self._ranking("u.balance < 0", "u.balance, u.id")

    def data(self, tid: int) -> tuple[Any, ...]:
        """``/data``: the user, its voucher, its vouchees, its journal count, its open ids."""
        row = self._all(
            f"SELECT {_INFO}, v.name, v.username FROM users u"
            f" LEFT JOIN externals e ON e.external = u.id LEFT JOIN users v ON v.id = e.internal"
            f" WHERE u.tid = %s",
            (tid,),
        )[0]
        user = _info(row[:11])
        voucher = None if row[10] is None else (row[10], row[11], row[12])
        vouchees = self._all(
            "SELECT u.id, u.name, u.username FROM externals e JOIN users u ON u.id = e.external"
            " WHERE e.internal = %s ORDER BY u.name, u.id",
            (user[0],),
        )
        count = self._count(user[0])
        open_ids = self._all(
            "SELECT id FROM collectives WHERE creator = %s AND active = 1 ORDER BY id", (user[0],)
        )
        return (user, voucher, list(vouchees), count, [i for (i,) in open_ids])

    def zwegat(self) -> tuple[Any, ...]:
        """``/zwegat``: the community user."""
        return _info(
            self._all(
                f"SELECT {_INFO} FROM users u LEFT JOIN externals e ON e.external = u.id"
                f" WHERE u.tid IS NULL ORDER BY u.id LIMIT 1"
            )[0]
        )

    def by_username(self, username: str) -> tuple[Any, ...]:
        """``@username``: the one user of that name (the collation ignores case)."""
        ids = self._all("SELECT id FROM users WHERE username = %s LIMIT 2", (username,))
        assert len(ids) == 1
        return _info(
            self._all(
                f"SELECT {_INFO} FROM users u LEFT JOIN externals e ON e.external = u.id"
                f" WHERE u.id = %s",
                (ids[0][0],),
            )[0]
        )

    def refresh(self, tid: int) -> tuple[Any, ...]:
        """The refresh at the start of every update: read the user; unchanged, write nothing."""
        return _info(
            self._all(
                f"SELECT {_INFO} FROM users u LEFT JOIN externals e ON e.external = u.id"
                f" WHERE u.tid = %s",
                (tid,),
            )[0]
        )


Read = tuple[Callable[[], Any], Callable[[Any], Any], Callable[[], Any]]
"""A read: the service call, what turns its result into the comparable answer (not timed), and
the raw call (giving that answer)."""


def _reads(uow: UnitOfWork, raw: Raw, users: int) -> dict[str, Read]:
    """The reads by label."""
    heavy, typical = TID_BASE, TID_BASE + users // 3
    typical_name = f"MEMBER{users // 2 + 1}"

    def page(got: Any) -> Any:
        return ([_entry(e) for e in got.entries], got.total)

    def entries(got: Any) -> Any:
        return [_entry(e) for e in got]

    def users_of(got: Any) -> Any:
        return [_service_info(u) for u in got]

    def data(got: Any) -> Any:
        voucher = None if got.voucher is None else tuple(vars_of(got.voucher))
        return (
            _service_info(got.user),
            voucher,
            [(v.id, v.name, v.username) for v in got.vouchees],
            got.transactions,
            list(got.open_collectives),
        )

    def refresh() -> Any:
        return community.refresh_user(
            uow,
            tid=TelegramId(typical),
            first_name="Member",
            last_name=str(users // 3),
            username=f"Member{users // 3}",
        )

    def history(tid: int, offset: int) -> Callable[[], Any]:
        return lambda: community.history(uow, tid=TelegramId(tid), offset=offset, limit=10)

    def export(tid: int) -> Callable[[], Any]:
        return lambda: community.full_history(uow, tid=TelegramId(tid))

    return {
        "/history first page (most active)": (
            history(heavy, 0),
            page,
            lambda: raw.history(heavy, 0, 10),
        ),
        "/history page 50 (most active)": (
            history(heavy, 490),
            page,
            lambda: raw.history(heavy, 490, 10),
        ),
        "/history first page (typical)": (
            history(typical, 0),
            page,
            lambda: raw.history(typical, 0, 10),
        ),
        "/history csv (most active)": (export(heavy), entries, lambda: raw.full_history(heavy)),
        "/history csv (typical)": (export(typical), entries, lambda: raw.full_history(typical)),
        "/top": (lambda: community.leaderboard(uow, limit=10), users_of, raw.top),
        "/blame": (lambda: community.most_in_debt(uow, limit=10), users_of, raw.blame),
        "/data (most active)": (
            lambda: community.user_data(uow, tid=TelegramId(heavy)),
            data,
            lambda: raw.data(heavy),
        ),
        "/zwegat": (lambda: community.community_balance(uow), _service_info, raw.zwegat),
        "@username": (
            lambda: community.get_user(uow, user=f"@{typical_name}"),
            _service_info,
            lambda: raw.by_username(typical_name),
        ),
        "refresh (unchanged)": (refresh, _service_info, lambda: raw.refresh(typical)),
    }


def vars_of(summary: Any) -> tuple[Any, ...]:
    """A ``UserSummary`` as a tuple."""
    return (summary.id, summary.name, summary.username)


def _time(fn: Callable[[], Any]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _round(
    service: Callable[[], Any], raw: Callable[[], Any], times: int, first: int
) -> tuple[float, float]:
    """The median seconds of ``times`` service calls and ``times`` raw calls, made in pairs whose
    order alternates (``first`` 0: the service starts)."""
    taken: tuple[list[float], list[float]] = ([], [])
    for number in range(times):
        for side in (0, 1) if (number + first) % 2 == 0 else (1, 0):
            taken[side].append(_time(service if side == 0 else raw))
    return statistics.median(taken[0]), statistics.median(taken[1])


def main() -> int:
    """Set up, compare the answers, time service and raw SQL round by round, print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--small", action="store_true", help="10,000 users and 100,000 rows")
    parser.add_argument("--batch-seconds", type=float, default=0.25)
    args = parser.parse_args()
    if args.small:
        args.users, args.rows = 10_000, 100_000
    server = _server()
    name = f"cbbench_{secrets.token_hex(4)}"
    _admin(server, f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    url = server.set(database=name)
    engine = create_db_engine(url.render_as_string(hide_password=False))
    try:
        migrations.upgrade(engine)
        print(f"loading {args.users:,} users and {args.rows:,} journal rows ...", flush=True)
        started = time.perf_counter()
        _load(url, args.users, args.rows)
        print(f"loaded in {time.perf_counter() - started:.0f} s", flush=True)
        # the unit of work as the bot builds it: reads on its autocommit, read-only reader engine
        container = build_container(
            Settings(database_url=url.render_as_string(hide_password=False), telegram_token=None)
        )
        uow = container.uow
        raw = Raw(url)
        reads = _reads(uow, raw, args.users)
        counts = {}
        for label, (service, answer_of, hand) in reads.items():
            if answer_of(service()) != hand():
                print(f"{label}: the service and raw SQL answer differently")
                return 1
            once = min(_time(service), _time(hand))
            counts[label] = max(3, min(500, int(args.batch_seconds / max(once, 1e-6))))
        ratios: dict[str, list[float]] = {label: [] for label in reads}
        times: dict[str, tuple[list[float], list[float]]] = {label: ([], []) for label in reads}
        for round_number in range(args.rounds):
            for label, (service, _, hand) in reads.items():
                s, r = _round(service, hand, counts[label], round_number)
                times[label][0].append(s)
                times[label][1].append(r)
                ratios[label].append(s / r)
            print(f"round {round_number + 1} done", flush=True)
        medians = {}
        for label in reads:
            medians[label] = statistics.median(ratios[label])
            s, r = (statistics.median(t) * 1000 for t in times[label])
            print(f"{label:36} service {s:9.3f} ms  raw {r:9.3f} ms  ratio {medians[label]:.2f}")
        worst = max(medians, key=lambda label: medians[label])
        print(f"highest: {worst} {medians[worst]:.2f}")
        mean = math.exp(statistics.fmean(math.log(m) for m in medians.values()))
        print(f"reads service/raw = {mean:.2f}")
        raw.connection.close()
        container.close()
        return 0
    finally:
        engine.dispose()
        _admin(server, f"DROP DATABASE IF EXISTS `{name}`")


if __name__ == "__main__":
    raise SystemExit(main())
