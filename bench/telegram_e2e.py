"""Benchmark: /send + Confirm end to end through the real bot against a no-op bot.

Run by hand, not by CI, against a MySQL-compatible server:

    .venv/bin/python bench/telegram_e2e.py [--chats 1,8,32] [--transfers 240] [--rounds 5]

The server comes from ``COMMUNITYBOT_BENCH_DATABASE_URL`` (a server URL without database),
default ``mysql+pymysql://root@127.0.0.1:3306``. The benchmark creates its own database
(``cbbench_<random>``), migrates it with alembic and drops it at the end.

Two bots run as their own processes, each long polling its own fake Bot API
(:class:`communitybot.devtools.FakeBotApi`, real HTTP on 127.0.0.1, kept-alive
connections with ``TCP_NODELAY``, ``getUpdates`` honouring ``limit``) served by this process:

- the real bot: ``communitybot run`` (``communitybot.cli.main(["run"])``, the console script's
  own entry point) with its default settings, pointed at the fake through
  ``COMMUNITYBOT_TELEGRAM_BASE_URL``;
- a no-op bot: a python-telegram-bot ``Application`` built like ``run`` builds it (same request
  pools, defaults and update concurrency) whose handlers make the same Bot API calls and nothing
  else: ``/send`` answers with the summary (``sendMessage``) and then adds the Confirm/Abort
  keyboard (``editMessageReplyMarkup``), as the real bot does once the pending transfer is
  stored; a press answers the query (``answerCallbackQuery``), edits the summary
  (``editMessageText``) and tells the receiver (``sendMessage``). It configures no logging
  (python-telegram-bot's default), while the real bot logs at its default level, INFO, as
  ``run`` does.

K chats (``--chats``, default 1, 8 and 32) work at once in a closed loop: in each, a member
sends ``/send 0.01 @receiver bench`` in the community group, waits for the Confirm button to
appear on the summary, presses it at once (a ``callback_query`` update) and waits until the bot
has answered the press, edited the summary and told the receiver; then the next transfer starts
(the two members of a chat take turns sending). A round is ``--transfers`` transfers split over
the K chats. Rounds alternate real/no-op and no-op/real (``--rounds`` of each per K); a ratio is
the median over the rounds of the two rates of one round.

It prints, per K and bot, transfers per second (median), p50/p95 latency of a /send+Confirm
pair, the bot process's CPU time per transfer (``/proc/<pid>/stat``, all threads; their ratio
depends less on a busy machine than the rates do) and, for the real bot, the SQL round trips per
transfer, counted inside the bot process at PyMySQL's command
level (every ``COM_QUERY`` including ``COMMIT``/``ROLLBACK``, every ``COM_PING``). Checks: both
bots made exactly the same Bot API calls per transfer, none failed, every press was answered
without an alert; at the end the journal holds one row per completed transfer, every balance is
what the transfers make it, the balances sum to zero and ``check_ledger`` finds nothing. The
last line is ``telegram e2e/no-op = X.XX`` for K = 8 (target: 0.9 or more at every K).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import queue
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GROUP_ID = -1_001_777_000_001
"""The community group (an internal chat): members register there and send there."""

AMOUNT = "0.01"
CENTS = 1
FIRST_TID = 70_000_001
CONFIRM = "✅ Confirm"
ABORT = "❌ Abort"
EXPECTED_CALLS = Counter(
    {"sendMessage": 2, "editMessageReplyMarkup": 1, "answerCallbackQuery": 1, "editMessageText": 1}
)
"""The Bot API calls of one /send + Confirm: summary, its buttons, answer, edit, the receiver's
notice."""


# --- inside the bot processes ---------------------------------------------------------------


def _count_sql() -> tuple[Counter[str], threading.Lock]:
    """Count every command PyMySQL sends (one round trip each), by statement kind."""
    import pymysql.connections
    from pymysql.constants import COMMAND

    counts: Counter[str] = Counter()
    lock = threading.Lock()
    original = pymysql.connections.Connection._execute_command

    def counted(self: Any, command: int, sql: Any) -> Any:
        if command == COMMAND.COM_QUERY:
            text = sql.decode(errors="replace") if isinstance(sql, bytes) else str(sql)
            words = text.split(None, 1)
            kind = words[0].upper() if words else "?"
            if kind == "SELECT" and text.rstrip().upper().endswith("FOR UPDATE"):
                kind = "SELECT FOR UPDATE"
        elif command == COMMAND.COM_PING:
            kind = "PING"
        else:
            kind = f"COMMAND {command}"
        with lock:
            counts[kind] += 1
        return original(self, command, sql)

    pymysql.connections.Connection._execute_command = counted  # type: ignore[method-assign]
    return counts, lock


def _serve_reports(counts: Counter[str], lock: threading.Lock) -> None:
    """Answer every line on stdin with the SQL counts so far, as one JSON line on the report fd.

    Only when the benchmark asked for reports (``CBBENCH_REPORT_FD``); ``bench/memory.py`` does
    not, so that its bots load nothing for the benchmark.
    """
    if "CBBENCH_REPORT_FD" not in os.environ:
        return
    out = os.fdopen(int(os.environ["CBBENCH_REPORT_FD"]), "w", buffering=1)

    def serve() -> None:
        for _line in sys.stdin:
            with lock:
                snapshot = dict(counts)
            out.write(json.dumps(snapshot) + "\n")

    threading.Thread(target=serve, name="bench-report", daemon=True).start()


@contextlib.contextmanager
def _profiled() -> Any:
    """With ``CBBENCH_PROFILE`` set (``--profile``), profile the main thread (the event loop)
    by its CPU time and write the statistics there when the bot stops."""
    path = os.environ.get("CBBENCH_PROFILE")
    if not path:
        yield
        return
    import cProfile

    profile = cProfile.Profile(time.thread_time)
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        profile.dump_stats(path)


def _real_bot() -> int:
    counts, lock = _count_sql()
    _serve_reports(counts, lock)
    from communitybot.cli import main

    with _profiled():
        return main(["run"])


def _noop_bot() -> int:
    """A python-telegram-bot application built like ``run``'s, making the same calls only."""
    from telegram import (
        InlineKeyboardButton,
        InlineKeyboardMarkup,
        LinkPreviewOptions,
        Update,
    )
    from telegram.constants import ParseMode
    from telegram.error import BadRequest, Forbidden
    from telegram.ext import Application, CallbackQueryHandler, CommandHandler, Defaults
    from telegram.request import HTTPXRequest

    _serve_reports(Counter(), threading.Lock())  # no database, nothing to count
    pending: dict[str, tuple[int, str, str]] = {}

    async def start(update: Update, context: Any) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("Welcome.")

    async def balance(update: Update, context: Any) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text("Your balance: <b>0.00 €</b>")

    async def send(update: Update, context: Any) -> None:
        message, user = update.effective_message, update.effective_user
        assert message is not None
        assert user is not None
        amount, username = context.args[0], context.args[1].lstrip("@")
        token = secrets.token_urlsafe(6)
        pending[token] = (int(username.removeprefix("u")), amount, user.full_name)
        keyboard = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(CONFIRM, callback_data=f"sy:{token}"),
                    InlineKeyboardButton(ABORT, callback_data=f"sn:{token}"),
                ]
            ]
        )
        summary = await message.reply_text(
            f"Send {amount} € from {user.full_name} to @{username} for “bench”?\n"
            f"Only {user.full_name} can confirm."
        )
        await summary.edit_reply_markup(reply_markup=keyboard)

    async def press(update: Update, context: Any) -> None:
        query = update.callback_query
        assert query is not None
        assert query.data is not None
        receiver, amount, sender = pending.pop(query.data.split(":", 1)[1])
        await query.answer(f"Your balance: -{amount} €")
        await query.edit_message_text(
            f"✅ {sender} sent <b>{amount} €</b> to {receiver} for “bench”.", reply_markup=None
        )
        with contextlib.suppress(Forbidden, BadRequest):  # as the real bot's _notify
            await query.get_bot().send_message(
                receiver, f"💶 You received <b>{amount} €</b> from {sender} for “bench”."
            )

    async def post_init(application: Any) -> None:
        await application.bot.set_my_commands([("start", "Start"), ("send", "Send money")])

    httpx_kwargs = {"trust_env": True}
    application = (
        Application.builder()
        .token(os.environ["COMMUNITYBOT_TELEGRAM_TOKEN"])
        .base_url(os.environ["COMMUNITYBOT_TELEGRAM_BASE_URL"])
        .base_file_url(os.environ["COMMUNITYBOT_TELEGRAM_BASE_FILE_URL"])
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                allow_sending_without_reply=True,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .request(HTTPXRequest(connection_pool_size=64, httpx_kwargs=httpx_kwargs))
        .get_updates_request(HTTPXRequest(connection_pool_size=2, httpx_kwargs=httpx_kwargs))
        .concurrent_updates(16)
        .post_init(post_init)
        .build()
    )
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("balance", balance))
    application.add_handler(CommandHandler("send", send))
    application.add_handler(CallbackQueryHandler(press))
    with _profiled():
        application.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


# --- the bot processes, seen from the benchmark ---------------------------------------------

CLOCK_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process (all its threads) so far."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICK


def thread_cpu_seconds(pid: int) -> dict[int, float]:
    """User plus system CPU time of each living thread of a process so far, by thread id (the
    main thread's id is ``pid``)."""
    times: dict[int, float] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            stat = (task / "stat").read_text()
        except OSError:  # the thread ended meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        times[int(task.name)] = (int(fields[11]) + int(fields[12])) / CLOCK_TICK
    return times


def bot_environment(api: Any, database_url: str | None, workdir: Path) -> dict[str, str]:
    """The environment of a bot process: only our ``COMMUNITYBOT_`` settings, no config file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMUNITYBOT_")}
    env.update(
        COMMUNITYBOT_CONFIG=str(workdir / "absent.toml"),
        COMMUNITYBOT_TELEGRAM_TOKEN=api.token,
        COMMUNITYBOT_TELEGRAM_BASE_URL=api.base_url,
        COMMUNITYBOT_TELEGRAM_BASE_FILE_URL=api.base_file_url,
        COMMUNITYBOT_COMMUNITY__INTERNAL_CHATS=json.dumps([GROUP_ID]),
        COMMUNITYBOT_COMMUNITY__NAME="Bench",
        PTB_TIMEDELTA="1",
    )
    if database_url is not None:
        env["COMMUNITYBOT_DATABASE_URL"] = database_url
    return env


@dataclass
class BotProcess:
    """A bot running in its own process against its own fake Bot API."""

    name: str
    api: Any
    process: subprocess.Popen[str]
    reports: Any
    log: Path

    @classmethod
    def start(
        cls,
        name: str,
        api: Any,
        env: dict[str, str],
        workdir: Path,
        argv: list[str],
        *,
        reports: bool = True,
    ) -> BotProcess:
        """Start ``argv``; with ``reports`` it answers :meth:`sql` (``--bot`` of this script)."""
        read_fd, write_fd = os.pipe()
        if reports:
            env = {**env, "CBBENCH_REPORT_FD": str(write_fd)}
        log = workdir / f"{name}.log"
        with log.open("w") as stderr:
            process = subprocess.Popen(  # noqa: S603 - our own interpreter and script
                argv,
                cwd=workdir,
                env=env,
                stdin=subprocess.PIPE,
                stdout=stderr,
                stderr=stderr,
                pass_fds=(write_fd,),
                text=True,
            )
        os.close(write_fd)
        return cls(name, api, process, os.fdopen(read_fd), log)

    def sql(self) -> Counter[str]:
        """The SQL round trips the process made so far, by kind."""
        assert self.process.stdin is not None
        self.process.stdin.write("?\n")
        self.process.stdin.flush()
        line = self.reports.readline()
        if not line:
            raise RuntimeError(f"the {self.name} bot died; see {self.log}:\n{self.tail()}")
        return Counter(json.loads(line))

    def cpu(self) -> float:
        return cpu_seconds(self.process.pid)

    def loop_cpu(self) -> float:
        """The CPU time of the main thread (python-telegram-bot's event loop) so far."""
        return thread_cpu_seconds(self.process.pid).get(self.process.pid, 0.0)

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.reports.close()


# --- the simulated members ------------------------------------------------------------------


@dataclass
class Lane:
    """One chat's closed loop: two members taking turns sending each other a cent."""

    members: tuple[Any, Any]
    left: int = 0
    turn: int = 0
    started: float = 0.0
    preview: Any = None
    answered: bool = False
    edited: bool = False
    notified: bool = False

    @property
    def sender(self) -> Any:
        return self.members[self.turn % 2]

    @property
    def receiver(self) -> Any:
        return self.members[(self.turn + 1) % 2]


@dataclass
class RoundResult:
    """One round of one bot."""

    transfers: int
    seconds: float
    latencies: list[float]
    cpu: float
    loop_cpu: float
    sql: Counter[str]
    driver_cpu: float
    calls: Counter[str]

    @property
    def rate(self) -> float:
        return self.transfers / self.seconds


@dataclass
class Driver:
    """Plays the members of every chat against one bot, following its calls as they happen."""

    bot: BotProcess
    group: Any
    members: list[Any]
    balances: dict[int, int] = field(default_factory=dict)
    transfers: int = 0
    events: queue.Queue[Any] = field(default_factory=queue.Queue)

    def __post_init__(self) -> None:
        self.bot.api.add_listener(self.events.put)
        self.balances = {m.id: 0 for m in self.members}

    def _next(self, timeout: float) -> Any:
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            raise RuntimeError(
                f"the {self.bot.name} bot did not answer in {timeout:.0f} s; "
                f"its log ends:\n{self.bot.tail()}"
            ) from None

    def register(self) -> None:
        """Every member sends /start in the group (registers internal), then privately."""
        api = self.bot.api
        for chat_of in (lambda m: self.group, api.private_chat):
            waiting: set[tuple[int, int]] = set()
            for member in self.members:
                chat = chat_of(member)
                sent = api.send_text(member, chat, "/start")
                waiting.add((chat.id, sent.message.message_id))
            while waiting:
                call = self._next(120)
                if call.method != "sendMessage" or call.message is None:
                    continue
                if not call.ok:
                    raise RuntimeError(f"{self.bot.name}: {call.method} failed: {call.description}")
                message = call.message
                if message.reply_to is not None:
                    waiting.discard((message.chat.id, message.reply_to.message_id))
                else:  # in private chats PTB does not quote
                    waiting = {w for w in waiting if w[0] != message.chat.id}
        self._drain()

    def _drain(self) -> None:
        while True:
            try:
                self.events.get(timeout=0.3)
            except queue.Empty:
                return

    def _send(self, lane: Lane, by_command: dict[int, Lane]) -> None:
        lane.started = time.perf_counter()
        lane.preview = None
        lane.answered = lane.edited = lane.notified = False
        text = f"/send {AMOUNT} @{lane.receiver.username} bench"
        sent = self.bot.api.send_text(lane.sender, self.group, text)
        by_command[sent.message.message_id] = lane

    def run(self, chats: int, per_chat: int) -> RoundResult:
        """``per_chat`` transfers in each of ``chats`` chats at once; wait until all are done."""
        api = self.bot.api
        lanes = [
            Lane((self.members[2 * i], self.members[2 * i + 1]), left=per_chat)
            for i in range(chats)
        ]
        by_private = {m.id: lane for lane in lanes for m in lane.members}
        by_command: dict[int, Lane] = {}
        by_summary: dict[int, Lane] = {}
        by_query: dict[str, Lane] = {}
        latencies: list[float] = []
        calls: Counter[str] = Counter()
        sql_before, cpu_before = self.bot.sql(), self.bot.cpu()
        loop_before = self.bot.loop_cpu()
        driver_before = time.process_time()
        started = time.perf_counter()
        for lane in lanes:
            self._send(lane, by_command)
        busy = len(lanes)
        while busy:
            call = self._next(60)
            calls[call.method] += 1
            if not call.ok:
                raise RuntimeError(f"{self.bot.name}: {call.method} failed: {call.description}")
            lane = None
            message = call.message
            if call.method == "sendMessage" and message is not None:
                if message.chat.id == self.group.id and message.reply_to is not None:
                    lane = by_command.pop(message.reply_to.message_id)
                    lane.preview = message
                    by_summary[message.message_id] = lane
                    continue
                lane = by_private[message.chat.id]
                if message.chat.id != lane.receiver.id:
                    raise RuntimeError(f"{self.bot.name}: the sender got {message.text!r}")
                lane.notified = True
            elif call.method == "editMessageReplyMarkup" and message is not None:
                lane = by_summary[message.message_id]
                if CONFIRM not in [b.text for b in message.buttons]:
                    raise RuntimeError(f"{self.bot.name}: no Confirm under {message.text!r}")
                press = api.press(lane.sender, message, CONFIRM)  # the moment it appears
                by_query[press.callback_query_id] = lane
                continue
            elif call.method == "answerCallbackQuery":
                lane = by_query.pop(str(call.params["callback_query_id"]))
                if str(call.params.get("show_alert", "")).lower() in ("true", "1"):
                    raise RuntimeError(f"{self.bot.name}: refused: {call.params.get('text')}")
                lane.answered = True
            elif call.method == "editMessageText":
                lane = by_summary[int(call.params["message_id"])]
                lane.edited = True
            else:
                raise RuntimeError(f"{self.bot.name}: unexpected {call.method} {call.params}")
            if lane.answered and lane.edited and lane.notified:
                del by_summary[lane.preview.message_id]
                latencies.append(time.perf_counter() - lane.started)
                self.balances[lane.sender.id] -= CENTS
                self.balances[lane.receiver.id] += CENTS
                self.transfers += 1
                lane.left -= 1
                lane.turn += 1
                if lane.left:
                    self._send(lane, by_command)
                else:
                    busy -= 1
        seconds = time.perf_counter() - started
        result = RoundResult(
            transfers=chats * per_chat,
            seconds=seconds,
            latencies=latencies,
            cpu=self.bot.cpu() - cpu_before,
            loop_cpu=self.bot.loop_cpu() - loop_before,
            sql=self.bot.sql() - sql_before,
            driver_cpu=time.process_time() - driver_before,
            calls=calls,
        )
        expected = Counter({k: v * result.transfers for k, v in EXPECTED_CALLS.items()})
        if calls != expected:
            raise RuntimeError(f"{self.bot.name}: Bot API calls {dict(calls)} != {dict(expected)}")
        return result


# --- the database ---------------------------------------------------------------------------


def _server() -> Any:
    from sqlalchemy.engine import make_url

    return make_url(
        os.environ.get("COMMUNITYBOT_BENCH_DATABASE_URL", "mysql+pymysql://root@127.0.0.1:3306")
    )


def create_database(server: Any) -> str:
    """A fresh database migrated by alembic, with the community user; its URL."""
    from sqlalchemy import create_engine, text

    from communitybot.core.rules import CommunityRules
    from communitybot.db import UnitOfWork, create_db_engine
    from communitybot.db import migrate as migrations
    from communitybot.services import community as svc

    name = f"cbbench_{secrets.token_hex(4)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
    admin.dispose()
    url: str = server.set(database=name).render_as_string(hide_password=False)
    engine = create_db_engine(url)
    migrations.upgrade(engine)
    svc.ensure_community_user(UnitOfWork(engine), CommunityRules(community_name="Bench"))
    engine.dispose()
    return url


def drop_database(server: Any, url: str) -> None:
    """Drop the benchmark's database."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS `{make_url(url).database}`"))
    admin.dispose()


def check_ledger(url: str, transfers: int, balances: dict[int, int]) -> str:
    """Journal rows equal completed transfers, balances as the transfers made them, sum zero."""
    from sqlalchemy import text

    from communitybot.db import UnitOfWork, create_db_engine
    from communitybot.services import community as svc

    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.scalar(text("SELECT COUNT(*) FROM transactions"))
            total = connection.scalar(text("SELECT COALESCE(SUM(balance), 0) FROM users"))
            found = connection.execute(text("SELECT tid, balance FROM users WHERE tid IS NOT NULL"))
            stored = {int(tid): int(balance) for tid, balance in found}
        problems = svc.check_ledger(UnitOfWork(engine))
    finally:
        engine.dispose()
    wrong = {
        tid: (stored.get(tid), cents) for tid, cents in balances.items() if stored.get(tid) != cents
    }
    if rows != transfers or total != 0 or wrong or problems:
        raise SystemExit(
            f"ledger check failed: {rows} journal rows for {transfers} transfers, balances sum "
            f"to {total}, wrong balances {wrong}, problems {problems}"
        )
    return (
        f"{rows} journal rows = {transfers} transfers, every balance as expected, "
        "sum 0, ledger consistent"
    )


# --- the benchmark --------------------------------------------------------------------------


def _percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


def _members(api: Any, count: int) -> list[Any]:
    return [
        api.add_user(f"Member{n}", username=f"u{FIRST_TID + n}", user_id=FIRST_TID + n)
        for n in range(count)
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the figures; the last line is the K = 8 ratio."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--chats", default="1,8,32", help="concurrent chats, comma-separated")
    parser.add_argument("--transfers", type=int, default=240, help="transfers per round")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of each bot per K")
    parser.add_argument("--warmup", type=int, default=64, help="unmeasured transfers per bot")
    parser.add_argument(
        "--profile",
        type=Path,
        help="a directory for cProfiles (CPU time) of the bots' event loops (real.prof, noop.prof)",
    )
    parser.add_argument("--bot", choices=("real", "noop"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.bot == "real":
        return _real_bot()
    if args.bot == "noop":
        return _noop_bot()

    from communitybot.devtools import FakeBotApi

    chat_counts = [int(k) for k in args.chats.split(",")]
    server = _server()
    url = create_database(server)
    me = [sys.executable, str(Path(__file__).resolve())]
    bots: list[BotProcess] = []
    with tempfile.TemporaryDirectory(prefix="cbbench-") as tmp, FakeBotApi() as real_api:
        workdir = Path(tmp)
        try:
            with FakeBotApi() as noop_api:
                profiles = {}
                if args.profile is not None:
                    args.profile.mkdir(parents=True, exist_ok=True)
                    profiles = {
                        name: {"CBBENCH_PROFILE": str(args.profile.resolve() / f"{name}.prof")}
                        for name in ("real", "noop")
                    }
                real = BotProcess.start(
                    "real",
                    real_api,
                    {**bot_environment(real_api, url, workdir), **profiles.get("real", {})},
                    workdir,
                    [*me, "--bot", "real"],
                )
                bots.append(real)
                noop = BotProcess.start(
                    "no-op",
                    noop_api,
                    {**bot_environment(noop_api, None, workdir), **profiles.get("noop", {})},
                    workdir,
                    [*me, "--bot", "noop"],
                )
                bots.append(noop)
                drivers: dict[str, Driver] = {}
                for bot in bots:
                    bot.api.add_group("Bench", chat_id=GROUP_ID)
                    members = _members(bot.api, 2 * max(chat_counts))
                    drivers[bot.name] = Driver(bot, bot.api.chat(GROUP_ID), members)
                    drivers[bot.name].register()
                for driver in drivers.values():
                    k = min(8, max(chat_counts))
                    driver.run(k, max(1, args.warmup // k))
                results: dict[tuple[str, int], list[RoundResult]] = {}
                for chats in chat_counts:
                    per_chat = max(1, math.ceil(args.transfers / chats))
                    for number in range(args.rounds):
                        order = ["real", "no-op"] if number % 2 == 0 else ["no-op", "real"]
                        for name in order:
                            try:
                                result = drivers[name].run(chats, per_chat)
                            except (RuntimeError, KeyError):
                                bot = drivers[name].bot
                                print(f"the {name} bot's log ends:\n{bot.tail()}", file=sys.stderr)
                                raise
                            results.setdefault((name, chats), []).append(result)
                checks = check_ledger(url, drivers["real"].transfers, drivers["real"].balances)
        finally:
            for bot in bots:
                bot.stop()
            drop_database(server, url)
    _report(results, chat_counts, checks)
    return 0


def _report(
    results: dict[tuple[str, int], list[RoundResult]], chat_counts: list[int], checks: str
) -> None:
    ratios: dict[int, float] = {}
    sql_total: Counter[str] = Counter()
    sql_transfers = 0
    for chats in chat_counts:
        for name in ("real", "no-op"):
            rounds = results[(name, chats)]
            latencies = [x for r in rounds for x in r.latencies]
            rates = ", ".join(f"{r.rate:.0f}" for r in rounds)
            cpu = statistics.median(1000 * r.cpu / r.transfers for r in rounds)
            loop = statistics.median(1000 * r.loop_cpu / r.transfers for r in rounds)
            others = statistics.median(1000 * (r.cpu - r.loop_cpu) / r.transfers for r in rounds)
            driver = statistics.median(1000 * r.driver_cpu / r.transfers for r in rounds)
            sql = sum(sum(r.sql.values()) for r in rounds) / sum(r.transfers for r in rounds)
            print(
                f"K={chats:<3} {name:6} {statistics.median(r.rate for r in rounds):6.1f} "
                f"transfers/s (rounds {rates})  p50 {1000 * statistics.median(latencies):5.1f} ms  "
                f"p95 {1000 * _percentile(latencies, 0.95):5.1f} ms  "
                f"bot CPU {cpu:5.2f} ms/transfer (event loop {loop:5.2f}, other threads "
                f"{others:5.2f})  SQL {sql:4.1f}/transfer  "
                f"(fake API + members {driver:.2f} ms CPU/transfer)"
            )
            if name == "real":
                for r in rounds:
                    sql_total += r.sql
                    sql_transfers += r.transfers
        pairs = zip(results[("real", chats)], results[("no-op", chats)], strict=True)
        round_ratios = [real.rate / noop.rate for real, noop in pairs]
        ratios[chats] = statistics.median(round_ratios)
        shown = ", ".join(f"{x:.2f}" for x in round_ratios)
        cpu_ratio = statistics.median(
            (noop.cpu / noop.transfers) / (real.cpu / real.transfers)
            for real, noop in zip(results[("real", chats)], results[("no-op", chats)], strict=True)
        )
        print(
            f"K={chats:<3} e2e/no-op = {ratios[chats]:.2f} (rounds {shown}); "
            f"bot CPU per transfer no-op/real = {cpu_ratio:.2f}"
        )
    kinds = ", ".join(
        f"{kind} {count / sql_transfers:.1f}" for kind, count in sql_total.most_common()
    )
    print(
        f"SQL round trips per /send + Confirm (real bot): "
        f"{sum(sql_total.values()) / sql_transfers:.1f} ({kinds})"
    )
    print(f"checks: {checks}; both bots made the same Bot API calls per transfer")
    for chats in chat_counts:
        if chats != 8:
            print(f"telegram e2e/no-op (K = {chats}) = {ratios[chats]:.2f}")
    key = 8 if 8 in ratios else chat_counts[-1]
    print(f"telegram e2e/no-op = {ratios[key]:.2f}")


if __name__ == "__main__":
    raise SystemExit(main())
