"""Benchmark: the real bot's peak memory idle and after many distinct users.

Run by hand, not by CI, against a MySQL-compatible server:

    .venv/bin/python bench/memory.py [--users 10000,100000] [--concurrency 32] [--no-baseline]
                                     [--python PATH]

The server comes from ``COMMUNITYBOT_BENCH_DATABASE_URL`` (a server URL without database),
default ``mysql+pymysql://root@127.0.0.1:3306``. The benchmark creates its own database
(``cbbench_<random>``), migrates it with alembic and drops it at the end.

The real bot is the ``communitybot run`` console script, unchanged, with its default settings,
long polling a fake Bot API (:class:`communitybot.devtools.FakeBotApi`) served by this
process. Its peak resident set size (``VmHWM`` of ``/proc/<pid>/status``) is read:

1. idle: started, command menu set, polling, no user yet;
2. after each count of ``--users`` (default 10,000 and 100,000) distinct users: each one sends
   ``/start`` in the community group (which registers them as members) and then ``/balance`` in
   their private chat with the bot, ``--concurrency`` users at a time, each waiting for the
   answer before the next message.

``--python`` runs both bots with another interpreter, e.g. that of a virtual environment with
only ``pip install .`` in it, as a deployment has. The development environment's extras add to
both bots what production does not load: ``cryptography`` (pulled in by ``testcontainers[mysql]``;
python-telegram-bot imports it for Telegram Passport whenever it is installed, ~10 MB) and
``rich`` with ``pygments`` (``import-linter``; httpx then imports its command line client, ~5 MB).

The 100,000 users take the better part of an hour on a loaded two-core machine: the bot's own
work per user bounds the rate (more ``--concurrency`` only queues more updates); each count's
line gives the rate and the bot's CPU seconds so far.

For comparison (unless ``--no-baseline``) the same is done with the no-op python-telegram-bot
application of ``bench/telegram_e2e.py`` (built like ``run``'s, it answers ``/start`` and
``/balance`` with a fixed text and touches no database): what python-telegram-bot itself holds.

Checks: every ``/balance`` was answered with "Your balance: 0.00 €" (as the catalogue words
it), no Bot API call failed, and the database holds exactly one member per simulated user, none
of them external. The last line gives the three figures of the real bot and whether they meet
the targets (idle ≤ 70 MB, 10,000 users ≤ 80 MB, 100,000 users ≤ 100 MB; MB = 2^20 bytes).
"""

from __future__ import annotations

import argparse
import queue
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import telegram_e2e as e2e

FIRST_TID = 80_000_001
TARGETS_MB = {0: 70.0, 10_000: 80.0, 100_000: 100.0}
"""Peak RSS targets by user count (0: idle); other counts have none."""


def memory_mb(pid: int) -> tuple[float, float]:
    """(peak, current) resident set size of a process in MB (``VmHWM``, ``VmRSS``)."""
    values: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            values[key] = int(rest.split()[0]) / 1024
    return values["VmHWM"], values["VmRSS"]


@dataclass
class Visitors:
    """Brings new users to one bot: /start in the group, then /balance privately, C at once."""

    bot: e2e.BotProcess
    balance_text: str
    group: Any = None
    registered: int = 0
    created: int = 0
    extra: list[str] = field(default_factory=list)
    """Answers to a message that was answered already (the bot's error reply after a timeout)."""
    events: queue.Queue[Any] = field(default_factory=queue.Queue)

    def __post_init__(self) -> None:
        self.bot.api.add_listener(self.events.put)
        self.group = self.bot.api.add_group("Bench", chat_id=e2e.GROUP_ID)

    def _next(self, timeout: float) -> Any:
        try:
            return self.events.get(timeout=timeout)
        except queue.Empty:
            raise RuntimeError(
                f"the {self.bot.name} bot did not answer in {timeout:.0f} s; "
                f"its log ends:\n{self.bot.tail()}"
            ) from None

    def wait_idle(self, quiet: float = 3.0) -> None:
        """Wait for the command menu to be set, then until the bot made no call for ``quiet`` s."""
        while self._next(120).method != "setMyCommands":
            pass
        deadline = time.monotonic() + quiet
        while (left := deadline - time.monotonic()) > 0:
            try:
                self.events.get(timeout=left)
                deadline = time.monotonic() + quiet
            except queue.Empty:
                break

    def _start(self, by_group_message: dict[int, Any]) -> None:
        api = self.bot.api
        n = self.created
        self.created += 1
        user = api.add_user(f"Person{n}", username=f"p{FIRST_TID + n}", user_id=FIRST_TID + n)
        sent = api.send_text(user, self.group, "/start")
        by_group_message[sent.message.message_id] = user

    def bring(self, until: int, concurrency: int) -> None:
        """Bring users until ``until`` have registered and had their balance answered."""
        api = self.bot.api
        by_group_message: dict[int, Any] = {}
        by_private: dict[int, Any] = {}
        for _ in range(min(concurrency, until - self.created)):
            self._start(by_group_message)
        while by_group_message or by_private:
            call = self._next(120)
            if not call.ok:
                raise RuntimeError(f"{self.bot.name}: {call.method} failed: {call.description}")
            message = call.message
            if call.method != "sendMessage" or message is None:
                raise RuntimeError(f"{self.bot.name}: unexpected {call.method} {call.params}")
            if message.chat.id == self.group.id:
                if message.reply_to is None:
                    raise RuntimeError(f"{self.bot.name}: unquoted {message.text!r} in the group")
                user = by_group_message.pop(message.reply_to.message_id, None)
                if user is None:  # a second answer to a /start
                    self.extra.append(message.text or "")
                    continue
                api.send_text(user, api.private_chat(user), "/balance")
                by_private[user.id] = user
                continue
            user = by_private.pop(message.chat.id, None)
            if user is None:  # a second answer to a /balance
                self.extra.append(message.text or "")
                continue
            if message.text != self.balance_text:
                raise RuntimeError(f"{self.bot.name}: /balance answered {message.text!r}")
            self.registered += 1
            if self.created < until:
                self._start(by_group_message)


def check_members(url: str, users: int) -> str:
    """Exactly one member per simulated user, none external."""
    from sqlalchemy import text

    from communitybot.db import create_db_engine

    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            members = connection.scalar(text("SELECT COUNT(*) FROM users WHERE tid IS NOT NULL"))
            externals = connection.scalar(text("SELECT COUNT(*) FROM externals"))
    finally:
        engine.dispose()
    if members != users or externals != 0:
        raise SystemExit(f"check failed: {members} members, {externals} externals for {users}")
    return f"{members} members registered for {users} users, none external"


def measure(
    name: str, argv: list[str], counts: list[int], concurrency: int, url: str | None, tmp: Path
) -> list[tuple[float, float]]:
    """Peak and current RSS of one bot: idle, then after each user count."""
    from communitybot.devtools import FakeBotApi

    balance_text = real_balance_text()
    figures: list[tuple[float, float]] = []
    with FakeBotApi() as api:
        env = e2e.bot_environment(api, url, tmp)
        bot = e2e.BotProcess.start(name, api, env, tmp, argv, reports=False)
        try:
            visitors = Visitors(bot, balance_text)
            visitors.wait_idle()
            figures.append(memory_mb(bot.process.pid))
            print(f"{name:6} idle: peak {figures[-1][0]:6.1f} MB, now {figures[-1][1]:6.1f} MB")
            started = time.perf_counter()
            for count in counts:
                visitors.bring(count, concurrency)
                time.sleep(1.0)
                figures.append(memory_mb(bot.process.pid))
                rate = visitors.registered / (time.perf_counter() - started)
                print(
                    f"{name:6} {count:>7,} users: peak {figures[-1][0]:6.1f} MB, "
                    f"now {figures[-1][1]:6.1f} MB ({rate:.0f} users/s so far, "
                    f"{bot.cpu():.0f} CPU s)",
                    flush=True,
                )
        except (RuntimeError, KeyError):
            print(f"the {name} bot's log ends:\n{bot.tail()}", file=sys.stderr)
            raise
        finally:
            bot.stop()
        errors = [
            line for line in bot.log.read_text(errors="replace").splitlines() if " ERROR " in line
        ]
        if visitors.extra or errors:
            print(
                f"{name:6} answered {len(visitors.extra)} messages twice "
                f"({sorted(set(visitors.extra))[:3]}); {len(errors)} ERROR lines in its log, "
                f"the first: {errors[:1]}"
            )
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; the last line gives the real bot's three figures against the targets."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--users", default="10000,100000", help="user counts, comma-separated")
    parser.add_argument("--concurrency", type=int, default=32, help="users in flight at once")
    parser.add_argument(
        "--no-baseline", action="store_true", help="skip the no-op python-telegram-bot bot"
    )
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="interpreter of both bots (default: this one), e.g. a venv without the dev extras",
    )
    args = parser.parse_args(argv)
    counts = sorted(int(c) for c in args.users.split(","))
    python = str(Path(args.python).absolute())
    script = Path(python).parent / "communitybot"
    real_argv = [str(script), "run"] if script.exists() else [python, "-m", "communitybot", "run"]
    noop_argv = [python, str(Path(e2e.__file__).resolve()), "--bot", "noop"]
    server = e2e._server()
    url = e2e.create_database(server)
    try:
        with tempfile.TemporaryDirectory(prefix="cbbench-") as tmp:
            real = measure("real", real_argv, counts, args.concurrency, url, Path(tmp))
            checks = check_members(url, counts[-1])
            noop = None
            if not args.no_baseline:
                noop = measure("no-op", noop_argv, counts, args.concurrency, None, Path(tmp))
    finally:
        e2e.drop_database(server, url)
    print(f"checks: {checks}; every /balance answered “{real_balance_text()}”")
    if noop is not None:
        shown = ", ".join(f"{r[0] - n[0]:+.1f}" for r, n in zip(real, noop, strict=True))
        print(f"real minus no-op peak, idle and per user count: {shown} MB")
    verdicts = []
    for count, (peak, _) in zip([0, *counts], real, strict=True):
        label = f"{count:,} users" if count else "idle"
        target = TARGETS_MB.get(count)
        if target is None:
            verdicts.append(f"{label} {peak:.0f} MB (no target)")
        else:
            verdict = "meets" if peak <= target else "misses"
            verdicts.append(f"{label} {peak:.0f} MB ({verdict} ≤ {target:.0f})")
    print("memory peak RSS: " + ", ".join(verdicts))
    return 0


def real_balance_text() -> str:
    """The answer to /balance of a member without money, as Telegram shows it."""
    from communitybot.devtools import parse_html
    from communitybot.telegram import default_catalogue

    t = default_catalogue("en").translator(None)
    return parse_html(str(t("balance.own", balance=t.money(0)))).text


if __name__ == "__main__":
    raise SystemExit(main())
