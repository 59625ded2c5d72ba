"""Benchmark: the client CPU of a transfer's minimal SQL, raw PyMySQL against SQLAlchemy Core.

Run by hand, not by CI, against a MySQL-compatible server:

    .venv/bin/python bench/sql_floor.py [--transfers 400] [--rounds 5] [--noop-ms 10.0]

The server comes from ``COMMUNITYBOT_BENCH_DATABASE_URL`` (a server URL without database),
default ``mysql+pymysql://root@127.0.0.1:3306``. The benchmark creates its own database
(``cbbench_<random>``), migrates it with alembic, adds 32 members and drops it at the end.

A ``/send`` + Confirm needs at least six round trips (the design of the pending transfer as the
Confirm's own idempotency record):

- ``/send``: one read of both users (by id and by ``@username``, with their externals row and
  whether a community rule applies to them), one ``INSERT`` of the pending transfer in
  autocommit mode;
- Confirm: one locking read of the pending transfer of the pressed message with both its users
  (``FOR UPDATE``, ascending id), the journal ``INSERT``, one multi-table ``UPDATE`` of both
  balances that also claims the pending row with the journal id, ``COMMIT``.

Those six statements (the same SQL text each time, compiled once from SQLAlchemy Core
statements) run in one thread, transfer after transfer, through

- ``raw PyMySQL``: ``cursor.execute(sql, params)`` on two connections (an autocommit one for the
  ``/send`` statements, a ``READ COMMITTED`` one for the Confirm's transaction);
- ``SQLAlchemy Core``: the statements built once with bind parameters, executed on a
  ``Connection`` of engines made by :func:`communitybot.db.create_db_engine` (autocommit for
  the ``/send``, transactional for the Confirm), as the bot's engines are made; SQLAlchemy's
  compiled cache finds every statement;
- ``Core in a Session``: the same, the Confirm's transaction in an ORM ``Session`` as
  :meth:`communitybot.db.UnitOfWork.run` opens one;
- ``services``: the bot's own use cases (``preview_send``, ``hold_send``, ``confirm_send`` of
  the container ``communitybot run`` builds), whatever statements they make today.

The variants take turns in rounds (``--rounds`` of ``--transfers`` transfers each, every other
round in reverse order). Per variant it prints the median CPU time of this thread per transfer
(``time.thread_time``; the server's work is not in it) and the wall time. The last lines say
what the bot's CPU per transfer would be at the floor next to the no-op python-telegram-bot
application of ``bench/telegram_e2e.py`` (``--noop-ms``, its CPU per transfer; 10.0 on a quiet
machine): the e2e/no-op ratio reachable when the bot is CPU-bound and its handlers and event
loop cost nothing beyond the no-op's, ``noop / (noop + floor)``.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import secrets
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pymysql
import pymysql.connections
import telegram_e2e as e2e
from sqlalchemy import (
    Engine,
    MetaData,
    bindparam,
    case,
    exists,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import sessionmaker

from communitybot.core.ids import TelegramId, UserId
from communitybot.db import create_db_engine

MEMBERS = 32
TID_BASE = 81_000_000
CHAT_ID = -1_001_777_000_002


def _setup(server: URL) -> str:
    """A fresh migrated database (:func:`telegram_e2e.create_database`) with :data:`MEMBERS`
    members."""
    url = e2e.create_database(server)
    engine = create_db_engine(url)
    with engine.begin() as connection:
        for n in range(MEMBERS):
            connection.execute(
                text("INSERT INTO users (tid, name, username) VALUES (:tid, :name, :username)"),
                {"tid": TID_BASE + n, "name": f"Member {n}", "username": f"m{TID_BASE + n}"},
            )
    engine.dispose()
    return url


class Statements:
    """The six statements of a transfer as SQLAlchemy Core, built once from the reflected
    tables, and their SQL text for PyMySQL (``%(name)s`` parameters)."""

    def __init__(self, engine: Engine) -> None:
        meta = MetaData()
        names = (
            "users",
            "externals",
            "pending_sends",
            "transactions",
            "economy_permissions",
            "community_role_members",
            "community_economy",
            "member_notice_optouts",
        )
        meta.reflect(engine, only=names)
        t = meta.tables
        users, externals, pending = t["users"], t["externals"], t["pending_sends"]
        permissions, roles = t["economy_permissions"], t["community_role_members"]
        opt_outs = t["member_notice_optouts"]
        economy = (
            select(t["community_economy"].c.economy_id)
            .where(t["community_economy"].c.id == 1)
            .scalar_subquery()
        )

        def ruled(user_id: Any) -> Any:
            held = select(roles.c.role_id).where(roles.c.user_id == user_id)
            return (
                exists()
                .where(
                    permissions.c.economy_id == economy,
                    or_(
                        (permissions.c.subject_kind == "user")
                        & (permissions.c.subject_id == user_id),
                        (permissions.c.subject_kind == "role")
                        & permissions.c.subject_id.in_(held.scalar_subquery()),
                    ),
                )
                .label("ruled")
            )

        info = (
            users.c.id,
            users.c.tid,
            users.c.name,
            users.c.username,
            users.c.balance,
            users.c.permission,
            users.c.active,
            users.c.created,
            users.c.accessed,
            externals.c.id.label("external_row"),
            externals.c.internal,
        )
        joined = users.outerjoin(externals, externals.c.external == users.c.id)
        self.read = (
            select(*info, ruled(users.c.id))
            .select_from(joined)
            .where(
                or_(users.c.id == bindparam("sender"), users.c.username == bindparam("username"))
            )
        )
        record = [
            pending.c[n]
            for n in (
                "token",
                "idempotency_key",
                "sender",
                "receiver",
                "amount",
                "reason",
                "chat_id",
                "msg_id",
                "created",
                "expires",
            )
        ]
        self.hold = insert(pending).values({c: bindparam(c.name) for c in record})
        muted = (
            exists()
            .where(opt_outs.c.user_id == pending.c.receiver, opt_outs.c.kind == "received")
            .label("muted")
        )
        self.lock = (
            select(*info, ruled(users.c.id), *record, pending.c.transaction_id, muted)
            .select_from(pending)
            .join(joined, users.c.id.in_([pending.c.sender, pending.c.receiver]))
            .where(
                pending.c.chat_id == bindparam("chat_id"), pending.c.msg_id == bindparam("msg_id")
            )
            .order_by(users.c.id)
            .with_for_update()
        )
        self.journal = insert(t["transactions"]).values(
            sender=bindparam("sender"),
            receiver=bindparam("receiver"),
            amount=bindparam("amount"),
            reason=bindparam("reason"),
        )
        change = case(
            (users.c.id == bindparam("id0"), bindparam("d0")),
            (users.c.id == bindparam("id1"), bindparam("d1")),
            else_=0,
        )
        self.move = (
            update(users)
            .where(
                users.c.id.in_([bindparam("id0"), bindparam("id1")]),
                users.c.id.in_([pending.c.sender, pending.c.receiver]),
                pending.c.idempotency_key == bindparam("claim_key"),
                pending.c.transaction_id.is_(None),
            )
            .values(
                {
                    users.c.balance: users.c.balance + change,
                    pending.c.transaction_id: bindparam("made"),
                }
            )
        )
        dialect = engine.dialect
        compiled = {
            name: getattr(self, name).compile(dialect=dialect)
            for name in ("read", "hold", "lock", "journal", "move")
        }
        self.sql = {name: str(c) for name, c in compiled.items()}
        self.constants = {
            name: {k: v for k, v in c.params.items() if v is not None}
            for name, c in compiled.items()
        }
        """The values of the statements' own bind parameters (the rules' constants)."""


_MESSAGES = itertools.count(1)
"""The summaries' message ids, one per transfer of any variant (unique in the chat)."""


class Members:
    """Who sends to whom next: pairs of members taking turns; ``tids`` are their Telegram ids
    by user id."""

    def __init__(self, tids: dict[int, int]) -> None:
        self.tids = tids
        self.ids = sorted(tids)
        self._turn = itertools.count()

    def next(self) -> tuple[int, int, str, int]:
        """(sender id, receiver id, receiver's username, a fresh message id)."""
        n = next(self._turn)
        pair = (n // 2) % (len(self.ids) // 2)
        a, b = self.ids[2 * pair], self.ids[2 * pair + 1]
        sender, receiver = (a, b) if n % 2 == 0 else (b, a)
        return sender, receiver, f"m{self.tids[receiver]}", next(_MESSAGES)


def _pending(sender: int, receiver: int, msg_id: int) -> dict[str, Any]:
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    token = secrets.token_urlsafe(9)
    return {
        "token": token,
        "idempotency_key": f"floor:{token}",
        "sender": sender,
        "receiver": receiver,
        "amount": 1,
        "reason": "bench",
        "chat_id": CHAT_ID,
        "msg_id": msg_id,
        "created": now,
        "expires": now + timedelta(hours=1),
    }


def _moves(held: dict[str, Any], made: int) -> dict[str, Any]:
    low, high = sorted((held["sender"], held["receiver"]))
    deltas = {held["sender"]: -held["amount"], held["receiver"]: held["amount"]}
    return {
        "id0": low,
        "d0": deltas[low],
        "id1": high,
        "d1": deltas[high],
        "claim_key": held["idempotency_key"],
        "made": made,
    }


Transfer = Callable[[], None]


@contextlib.contextmanager
def _counting() -> Iterator[list[int]]:
    """Count the commands PyMySQL sends meanwhile (one round trip each; ``COMMIT`` too)."""
    counted = [0]
    original = pymysql.connections.Connection._execute_command

    def counting(self: Any, command: int, sql: Any) -> Any:
        counted[0] += 1
        return original(self, command, sql)

    pymysql.connections.Connection._execute_command = counting  # type: ignore[method-assign]
    try:
        yield counted
    finally:
        pymysql.connections.Connection._execute_command = original  # type: ignore[method-assign]


def raw_pymysql(
    url: str, statements: Statements, members: Members
) -> tuple[Transfer, Callable[[], None]]:
    """One transfer as raw PyMySQL."""
    parsed = make_url(url)
    args = {
        "host": parsed.host or "127.0.0.1",
        "port": parsed.port or 3306,
        "user": parsed.username or "root",
        "password": parsed.password or "",
        "database": parsed.database,
        "charset": "utf8mb4",
    }
    reads = pymysql.connect(**args, autocommit=True)
    writes = pymysql.connect(**args, autocommit=False)
    sql, constants = statements.sql, statements.constants
    with writes.cursor() as cursor:
        cursor.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED")

    def execute(cursor: Any, name: str, params: dict[str, Any]) -> None:
        cursor.execute(sql[name], {**constants[name], **params})

    def transfer() -> None:
        sender, receiver, username, msg_id = members.next()
        with reads.cursor() as cursor:
            execute(cursor, "read", {"sender": sender, "username": username})
            assert len(cursor.fetchall()) == 2
            held = _pending(sender, receiver, msg_id)
            execute(cursor, "hold", held)
        with writes.cursor() as cursor:
            execute(cursor, "lock", {"chat_id": CHAT_ID, "msg_id": msg_id})
            assert len(cursor.fetchall()) == 2
            journal = {"sender": sender, "receiver": receiver, "amount": 1, "reason": "send:bench"}
            execute(cursor, "journal", journal)
            execute(cursor, "move", _moves(held, cursor.lastrowid))
            assert cursor.rowcount == 3
        writes.commit()

    def close() -> None:
        reads.close()
        writes.close()

    return transfer, close


def core(
    url: str, statements: Statements, members: Members, *, session: bool
) -> tuple[Transfer, Callable[[], None]]:
    """One transfer through SQLAlchemy Core, the Confirm on a ``Connection`` or in a
    ``Session``."""
    engine = create_db_engine(url)
    autocommit = create_db_engine(url, autocommit=True, read_only=False)
    sessions = sessionmaker(engine, expire_on_commit=False, autoflush=False)
    s = statements

    def confirm(db: Any, held: dict[str, Any]) -> None:
        rows = db.execute(s.lock, {"chat_id": CHAT_ID, "msg_id": held["msg_id"]}).all()
        assert len(rows) == 2
        made = db.execute(
            s.journal,
            {
                "sender": held["sender"],
                "receiver": held["receiver"],
                "amount": 1,
                "reason": "send:bench",
            },
        ).inserted_primary_key[0]
        assert db.execute(s.move, _moves(held, made)).rowcount == 3
        db.commit()

    def transfer() -> None:
        sender, receiver, username, msg_id = members.next()
        with autocommit.connect() as connection:
            rows = connection.execute(s.read, {"sender": sender, "username": username}).all()
            assert len(rows) == 2
        held = _pending(sender, receiver, msg_id)
        with autocommit.connect() as connection:
            connection.execute(s.hold, held)
        if session:
            with sessions() as db:
                confirm(db, held)
        else:
            with engine.connect() as connection:
                confirm(connection, held)

    def close() -> None:
        engine.dispose()
        autocommit.dispose()

    return transfer, close


def services(url: str, members: Members) -> tuple[Transfer, Callable[[], None]]:
    """One transfer through the bot's use cases, as its handlers call them."""
    os.environ["COMMUNITYBOT_CONFIG"] = str(Path(os.devnull) / "absent.toml")
    from communitybot.bootstrap import build_container
    from communitybot.settings import Settings

    settings = Settings(database_url=url, community={"name": "Bench"})  # type: ignore[call-arg,arg-type]
    container = build_container(settings)
    community = container.use_cases.community

    def transfer() -> None:
        sender, _, username, msg_id = members.next()
        preview = community.preview_send(
            sender=UserId(sender), receiver=username, amount=1, reason="bench"
        )
        token = secrets.token_urlsafe(9)
        community.hold_send(
            token=token,
            key=f"floor:{token}",
            sender=preview.sender,
            receiver=preview.receiver,
            amount=preview.amount,
            reason="bench",
            chat_id=CHAT_ID,
            msg_id=msg_id,
        )
        community.confirm_send(
            token=token,
            presser_tid=TelegramId(members.tids[sender]),
            chat_id=CHAT_ID,
            msg_id=msg_id,
        )

    return transfer, container.close


def main(argv: Sequence[str] | None = None) -> int:
    """Run the variants in rounds and print their CPU per transfer; the last line is the
    reachable e2e/no-op ratio."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--transfers", type=int, default=400, help="transfers per round")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of each variant")
    parser.add_argument("--warmup", type=int, default=50, help="unmeasured transfers each")
    parser.add_argument(
        "--noop-ms",
        type=float,
        default=10.0,
        help="CPU per transfer of telegram_e2e.py's no-op bot (ms)",
    )
    parser.add_argument("--no-services", action="store_true", help="leave the bot's use cases out")
    args = parser.parse_args(argv)
    server = e2e._server()
    url = _setup(server)
    closers: list[Callable[[], None]] = []
    try:
        engine = create_db_engine(url)
        statements = Statements(engine)
        with engine.connect() as connection:
            found = connection.execute(
                text("SELECT id, tid FROM users WHERE tid >= :base ORDER BY id"),
                {"base": TID_BASE},
            ).all()
        engine.dispose()
        tids = {int(i): int(tid) for i, tid in found}
        variants: dict[str, Transfer] = {}
        for name, make in (
            ("raw PyMySQL", lambda m: raw_pymysql(url, statements, m)),
            ("SQLAlchemy Core", lambda m: core(url, statements, m, session=False)),
            ("Core in a Session", lambda m: core(url, statements, m, session=True)),
            ("services", lambda m: services(url, m)),
        ):
            if name == "services" and args.no_services:
                continue
            transfer, close = make(Members(tids))
            closers.append(close)
            variants[name] = transfer
        trips: dict[str, float] = {}
        for name, transfer in variants.items():
            for _ in range(args.warmup):  # connections made, statements compiled
                transfer()
            with _counting() as counted:
                for _ in range(20):
                    transfer()
            trips[name] = counted[0] / 20
        cpu: dict[str, list[float]] = {name: [] for name in variants}
        wall: dict[str, list[float]] = {name: [] for name in variants}
        for number in range(args.rounds):
            order = list(variants) if number % 2 == 0 else list(reversed(variants))
            for name in order:
                transfer = variants[name]
                started, ticks = time.perf_counter(), time.thread_time()
                for _ in range(args.transfers):
                    transfer()
                cpu[name].append(1000 * (time.thread_time() - ticks) / args.transfers)
                wall[name].append(1000 * (time.perf_counter() - started) / args.transfers)
    finally:
        for close in closers:
            close()
        e2e.drop_database(server, url)
    medians = {name: statistics.median(values) for name, values in cpu.items()}
    for name in variants:
        rounds = ", ".join(f"{x:.2f}" for x in cpu[name])
        print(
            f"{name:18} {medians[name]:5.2f} ms CPU/transfer, {trips[name]:.1f} round trips "
            f"({medians[name] / trips[name]:4.2f} ms each; rounds {rounds})  "
            f"wall {statistics.median(wall[name]):5.2f} ms"
        )
    noop = args.noop_ms
    for name in ("raw PyMySQL", "SQLAlchemy Core"):
        print(
            f"reachable e2e/no-op with {name} at the floor: {noop:.1f} / ({noop:.1f} + "
            f"{medians[name]:.2f}) = {noop / (noop + medians[name]):.2f}"
        )
    print(
        f"sql floor: raw PyMySQL {medians['raw PyMySQL']:.2f} ms, SQLAlchemy Core "
        f"{medians['SQLAlchemy Core']:.2f} ms CPU per transfer (6 round trips)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
