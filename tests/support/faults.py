"""Worker processes of the fault test (``tests/services/test_faults.py``) and the logs they keep.

A worker moves money through :mod:`communitybot.services.community` in a loop, one operation at
a time, each under its own idempotency key: transfers, consumable purchases, payment requests
and votes on them. For every operation it appends an *intent* line (the key and the parameters)
before calling the service and an *acknowledgement* line (the outcome) after the call returned,
written with ``fsync``: what is acknowledged is what a person was told.

When a call raises anything but one of the expected refusals — the server is down or
restarting (``OperationalError``), or the services say the outcome of a commit is not known —
the worker calls again with the *same* key until it gets an answer (the documented safe way),
and only then acknowledges. The test kills workers with SIGKILL and starts them again as a new
*incarnation*: that one presses again on most keys its predecessor had in flight (same key,
same parameters), then goes on with keys of its own.

Run as ``python -m tests.support.faults CONFIG SLOT INCARNATION`` (from the repository root);
it stops when the file ``stop`` appears next to ``CONFIG``.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import traceback
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

from communitybot.core.errors import (
    AlreadyVoted,
    BalanceOutOfRange,
    CollectiveClosed,
    CreatorCannotVote,
    InsufficientBalance,
)
from communitybot.core.ids import CollectiveId, TelegramId, UserId
from communitybot.core.rules import CommunityRules
from communitybot.db import UnitOfWork, create_db_engine
from communitybot.services import community as svc
from tests.support.community import RULES

FAULT_RULES: CommunityRules = replace(RULES, max_open_collectives=1_000)
"""The rules of the fault test: the default ones, with room for many open payment requests."""

REFUSALS: tuple[type[Exception], ...] = (
    InsufficientBalance,
    BalanceOutOfRange,
    CollectiveClosed,
    AlreadyVoted,
    CreatorCannotVote,
)
"""The answers a worker's operations may legitimately get. Anything else means "the outcome is
not known": the worker presses again with the same key."""

KEY_PREFIX = "fault-"
OP_DEADLINE_SECONDS = 90.0
"""How long a worker keeps pressing on one key before it gives up and fails."""

ACK_DELAY_SECONDS = 0.015
"""Up to this long passes between the service's answer and the acknowledgement (the answer on
its way to the person): a kill in between leaves a done but unacknowledged operation."""

Op = dict[str, Any]
"""One operation: ``key``, ``op`` (send, consume, vote, request) and its parameters."""

REPO_ROOT = Path(__file__).resolve().parents[2]


# --- logs ----------------------------------------------------------------------------------


def intents_path(directory: Path, slot: int) -> Path:
    """The intent log of worker ``slot`` (every incarnation appends to it)."""
    return directory / f"intents-{slot}.log"


def acks_path(directory: Path, slot: int) -> Path:
    """The acknowledgement log of worker ``slot``."""
    return directory / f"acks-{slot}.log"


def errors_path(directory: Path, slot: int) -> Path:
    """Where worker ``slot`` writes what went wrong (stderr of every incarnation)."""
    return directory / f"errors-{slot}.log"


class LineLog:
    """An append-only file of JSON lines; with ``durable`` every line is fsynced."""

    def __init__(self, path: Path, *, durable: bool) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self._durable = durable

    def append(self, record: dict[str, Any]) -> None:
        """Write ``record`` as one line in one ``write`` (and ``fsync`` it when durable)."""
        line = json.dumps(record, separators=(",", ":"), sort_keys=True) + "\n"
        os.write(self._fd, line.encode())
        if self._durable:
            os.fsync(self._fd)

    def close(self) -> None:
        """Close the file."""
        os.close(self._fd)


def read_lines(path: Path) -> list[dict[str, Any]]:
    """The complete lines of a :class:`LineLog`; a line cut short by a kill is not one."""
    if not path.exists():
        return []
    text = path.read_text()
    complete = text.split("\n")[:-1]  # the piece after the last newline is unfinished
    return [json.loads(line) for line in complete]


# --- operations ----------------------------------------------------------------------------


def perform(uow: UnitOfWork, rules: CommunityRules, op: Op) -> dict[str, Any]:
    """Call the service ``op`` names; its outcome as stored in an acknowledgement."""
    key = op["key"]
    kind = op["op"]
    if kind == "send":
        sent = svc.send(
            uow,
            rules,
            sender=UserId(op["sender"]),
            receiver=UserId(op["receiver"]),
            amount=op["amount"],
            reason=key,
            key=key,
        )
        return {"tx": sent.transaction_id, "replayed": sent.replayed}
    if kind == "consume":
        bought = svc.consume(
            uow, rules, tid=TelegramId(op["tid"]), name=op["name"], count=op["count"], key=key
        )
        return {"tx": bought.transaction_id, "replayed": bought.replayed}
    if kind == "vote":
        voted = svc.vote(
            uow,
            rules,
            collective_id=CollectiveId(op["collective"]),
            voter_tid=TelegramId(op["voter_tid"]),
            approve=op["approve"],
            key=key,
        )
        return {"tx": voted.transaction_id, "decided": voted.decided, "replayed": voted.replayed}
    if kind == "request":
        opened = svc.request_payment(
            uow,
            rules,
            creator_tid=TelegramId(op["creator_tid"]),
            amount=op["amount"],
            description=key,
            key=key,
        )
        return {"collective": opened.collective.id, "replayed": opened.replayed}
    msg = f"unknown operation {kind!r}"
    raise ValueError(msg)


def _next_op(rng: random.Random, config: dict[str, Any], key: str, pool: list[int]) -> Op:
    members: list[dict[str, int]] = config["members"]
    roll = rng.random()
    if roll < 0.5:
        sender, receiver = rng.sample(members, 2)
        return {
            "key": key,
            "op": "send",
            "sender": sender["id"],
            "receiver": receiver["id"],
            "amount": rng.randint(1, 500),
        }
    if roll < 0.7:
        buyer = rng.choice(members)
        return {
            "key": key,
            "op": "consume",
            "user": buyer["id"],
            "tid": buyer["tid"],
            "name": rng.choice([c.name for c in FAULT_RULES.consumables]),
            "count": rng.randint(1, 3),
        }
    if roll < 0.9 and pool:
        voter = rng.choice(members)
        return {
            "key": key,
            "op": "vote",
            "collective": rng.choice(pool),
            "voter": voter["id"],
            "voter_tid": voter["tid"],
            "approve": rng.random() < 0.8,
        }
    creator = rng.choice(members)
    return {
        "key": key,
        "op": "request",
        "creator": creator["id"],
        "creator_tid": creator["tid"],
        "amount": rng.randint(100, 3_000),
    }


# --- the worker process --------------------------------------------------------------------


class Worker:
    """One incarnation of worker ``slot``."""

    def __init__(self, config_path: Path, slot: int, incarnation: int) -> None:
        self.directory = config_path.parent
        self.config: dict[str, Any] = json.loads(config_path.read_text())
        self.slot = slot
        self.incarnation = incarnation
        self.rng = random.Random(f"{self.config['seed']}:{slot}:{incarnation}")
        self.engine = create_db_engine(self.config["url"])
        self.uow = UnitOfWork(self.engine, attempts=5)
        self.intents = LineLog(intents_path(self.directory, slot), durable=False)
        self.acks = LineLog(acks_path(self.directory, slot), durable=True)
        self.stop_file = self.directory / "stop"
        self.parent = os.getppid()

    def in_flight(self) -> list[Op]:
        """The keys the previous incarnation had pressed and never acknowledged."""
        acked = {line["key"] for line in read_lines(acks_path(self.directory, self.slot))}
        pending: dict[str, Op] = {}
        for line in read_lines(intents_path(self.directory, self.slot)):
            if line["by"] == self.incarnation - 1 and line["key"] not in acked:
                pending[line["key"]] = line
        return list(pending.values())

    def own_requests(self) -> list[int]:
        """Payment requests acknowledged as opened by this slot so far."""
        return [
            line["result"]["collective"]
            for line in read_lines(acks_path(self.directory, self.slot))
            if line["op"] == "request" and line["outcome"] == "done"
        ]

    def run(self) -> None:
        """Press again on what was in flight, then run fresh operations until told to stop."""
        pool = [*self.config["requests"], *self.own_requests()]
        # Every third incarnation does not press again: its predecessor's in-flight key stays
        # unacknowledged, done or not, and must be whole either way.
        if self.incarnation % 3 != 0:
            for op in self.in_flight():
                self.press(op | {"again": True}, pool)
        number = 0
        # a worker whose test is gone (its parent changed) stops as well
        while not self.stop_file.exists() and os.getppid() == self.parent:
            number += 1
            key = f"{KEY_PREFIX}{self.slot}-{self.incarnation}-{number}"
            self.press(_next_op(self.rng, self.config, key, pool), pool)

    def press(self, op: Op, pool: list[int]) -> None:
        """Carry out ``op`` under its key, pressing again until there is an answer; then
        acknowledge it durably."""
        self.intents.append(op | {"by": self.incarnation})
        began = time.time()
        started = time.monotonic()
        attempts = 0
        while True:
            attempts += 1
            try:
                result = perform(self.uow, FAULT_RULES, op)
            except REFUSALS as refusal:
                ack = {"outcome": "refused", "error": type(refusal).__name__}
                break
            except Exception as error:
                if time.monotonic() - started > OP_DEADLINE_SECONDS:
                    raise
                if attempts == 1 or attempts % 25 == 0:
                    sys.stderr.write(
                        f"{op['key']}: attempt {attempts}: {type(error).__name__}: {error}\n"
                    )
                    sys.stderr.flush()
                time.sleep(self.rng.uniform(0.05, 0.3))
            else:
                ack = {"outcome": "done", "result": result}
                break
        answered = time.time()
        self._update_pool(op, ack, pool)
        time.sleep(self.rng.uniform(0, ACK_DELAY_SECONDS))
        self.acks.append(
            ack
            | {
                "key": op["key"],
                "op": op["op"],
                "attempts": attempts,
                "by": self.incarnation,
                "began": began,
                "answered": answered,
            }
        )

    @staticmethod
    def _update_pool(op: Op, ack: dict[str, Any], pool: list[int]) -> None:
        if op["op"] == "request" and ack["outcome"] == "done":
            pool.append(ack["result"]["collective"])
        closed = (ack["outcome"] == "done" and ack["result"].get("decided")) or ack.get(
            "error"
        ) == CollectiveClosed.__name__
        if op["op"] == "vote" and closed and op["collective"] in pool:
            pool.remove(op["collective"])

    def close(self) -> None:
        """Release the logs and the engine."""
        self.intents.close()
        self.acks.close()
        self.engine.dispose()


def main(argv: list[str]) -> int:
    """Entry point of a worker process: ``CONFIG SLOT INCARNATION``."""
    config_path, slot, incarnation = Path(argv[0]), int(argv[1]), int(argv[2])
    worker = Worker(config_path, slot, incarnation)
    try:
        worker.run()
    except Exception:  # noqa: BLE001 - the test reads the error log
        traceback.print_exc()
        return 1
    finally:
        worker.close()
    return 0


# --- the fleet, seen from the test ---------------------------------------------------------


class Fleet:
    """The worker processes of one test, started, killed (SIGKILL, by PID) and started again."""

    def __init__(self, config_path: Path, count: int) -> None:
        self.config_path = config_path
        self.directory = config_path.parent
        self.count = count
        self.incarnations = [0] * count
        self.kills = 0
        self._processes: list[subprocess.Popen[bytes] | None] = [None] * count
        self._errors: list[IO[bytes]] = []

    def start(self, slot: int) -> None:
        """Start the next incarnation of worker ``slot``."""
        self.incarnations[slot] += 1
        errors = errors_path(self.directory, slot).open("ab")
        self._errors.append(errors)
        self._processes[slot] = subprocess.Popen(  # noqa: S603 - our own arguments
            [
                sys.executable,
                "-m",
                "tests.support.faults",
                str(self.config_path),
                str(slot),
                str(self.incarnations[slot]),
            ],
            cwd=REPO_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=errors,
            stderr=errors,
        )

    def busy(self, slot: int) -> bool:
        """Whether the running incarnation of ``slot`` has begun an operation."""
        current = self.incarnations[slot]
        return any(line["by"] == current for line in read_lines(intents_path(self.directory, slot)))

    def answered_after(self, slot: int, moment: float) -> bool:
        """Whether worker ``slot`` acknowledged an answer it got after ``moment`` (wall clock)."""
        return any(
            line["answered"] > moment for line in read_lines(acks_path(self.directory, slot))
        )

    def kill(self, slot: int) -> None:
        """SIGKILL worker ``slot`` and reap it."""
        process = self._processes[slot]
        assert process is not None
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        self.kills += 1

    def exited(self) -> Iterator[tuple[int, int]]:
        """``(slot, status)`` of every worker that ended without being killed."""
        for slot, process in enumerate(self._processes):
            if process is not None and process.poll() is not None:
                yield slot, process.returncode

    def stop(self, timeout: float) -> list[int | None]:
        """Ask every worker to finish its operation and end; their exit statuses (``None``:
        still running after ``timeout`` seconds, then killed)."""
        (self.directory / "stop").touch()
        deadline = time.monotonic() + timeout
        statuses: list[int | None] = []
        for process in self._processes:
            assert process is not None
            try:
                statuses.append(process.wait(timeout=max(0.1, deadline - time.monotonic())))
            except subprocess.TimeoutExpired:
                statuses.append(None)
        self.kill_all()
        return statuses

    def kill_all(self) -> None:
        """SIGKILL whatever still runs (cleanup) and close the error logs."""
        for process in self._processes:
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=60)
        for errors in self._errors:
            errors.close()
        self._errors.clear()

    def error_output(self) -> str:
        """What the workers wrote to stderr, for failure messages."""
        parts = []
        for slot in range(self.count):
            path = errors_path(self.directory, slot)
            if path.exists():
                parts.append(f"--- worker {slot}\n{path.read_text(errors='replace')[-3000:]}")
        return "\n".join(parts)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
