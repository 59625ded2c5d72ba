"""The worker pool, refusals on their way out of it, and the idempotency keys of events."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
from contextvars import ContextVar
from dataclasses import dataclass

import pytest

from communitybot.core.errors import DomainError, InvalidAmount, UnknownUser
from communitybot.runtime import (
    Refused,
    WorkerPool,
    command_key,
    held_send_key,
    interaction_key,
    press_key,
    refusal_text,
    worker_threads,
)
from communitybot.settings import Settings

_WHO: ContextVar[str] = ContextVar("who", default="nobody")


def test_the_pool_runs_as_many_calls_at_once_as_it_has_threads() -> None:
    threads = 40  # more than Python's default pool of min(32, cpus + 4) ever has
    together = threading.Barrier(threads, timeout=10)

    async def main() -> list[int]:
        pool = WorkerPool(threads)
        try:
            return await asyncio.gather(*(pool.run(together.wait) for _ in range(threads)))
        finally:
            pool.shutdown()

    assert sorted(asyncio.run(main())) == list(range(threads))


def test_a_call_sees_the_callers_context_and_runs_off_the_event_loop() -> None:
    async def main() -> tuple[str, bool]:
        pool = WorkerPool(1)
        _WHO.set("alice")
        loop_thread = threading.get_ident()
        try:
            return await pool.run(lambda: (_WHO.get(), threading.get_ident() != loop_thread))
        finally:
            pool.shutdown()

    assert asyncio.run(main()) == ("alice", True)


def test_a_refusal_leaves_the_worker_with_the_context_made_there() -> None:
    error = UnknownUser(ref="@zed")

    def refuse() -> None:
        raise error

    def context(refused: DomainError) -> tuple[DomainError, str]:
        return refused, threading.current_thread().name

    async def main() -> Refused[tuple[DomainError, str]]:
        pool = WorkerPool(1, name="test-worker")
        try:
            await pool.refusing(refuse, context)
        except Refused as refused:
            return refused
        finally:
            pool.shutdown()
        raise AssertionError("not refused")

    refused = asyncio.run(main())
    assert refused.error is error
    made_with, thread = refused.context
    assert made_with is error
    assert thread.startswith("test-worker")


def test_other_failures_pass_through_unchanged() -> None:
    def broken() -> None:
        raise RuntimeError("the disk is on fire")

    async def main() -> None:
        pool = WorkerPool(1)
        try:
            await pool.refusing(broken, lambda error: None)
        finally:
            pool.shutdown()

    with pytest.raises(RuntimeError, match="the disk is on fire"):
        asyncio.run(main())


def test_a_pool_needs_a_thread() -> None:
    with pytest.raises(ValueError, match="at least one thread"):
        WorkerPool(0)


def test_refusal_text_uses_the_refusals_context_or_the_blank_one() -> None:
    def describe(error: DomainError, context: str) -> str:
        return f"{type(error).__name__} for {context}"

    error = InvalidAmount(text="x", reason="not_a_number")
    assert refusal_text(Refused(error, "alice"), describe, "nobody") == "InvalidAmount for alice"
    assert refusal_text(error, describe, "nobody") == "InvalidAmount for nobody"
    assert refusal_text(RuntimeError("bug"), describe, "nobody") is None


def test_the_pool_is_as_large_as_the_updates_handled_at_once_unless_set() -> None:
    assert worker_threads(Settings(telegram_concurrent_updates=48, worker_threads=None)) == 48
    assert worker_threads(Settings(telegram_concurrent_updates=48, worker_threads=8)) == 8
    assert WorkerPool.from_settings(Settings(worker_threads=3)).threads == 3


_ARENA_PROBE = """
import asyncio, ctypes, threading
from communitybot.runtime import WorkerPool

pool = WorkerPool(8)
together = threading.Barrier(8, timeout=10)

def allocate():
    held = bytearray(100_000)  # below glibc's mmap threshold: from the thread's arena
    together.wait()
    return len(held)

async def main():
    await asyncio.gather(*(pool.run(allocate) for _ in range(8)))

asyncio.run(main())
pool.shutdown()
ctypes.CDLL(None).malloc_stats()
"""


def _arenas(**env: str) -> int:
    """The malloc arenas of a process whose 8 pool threads allocate at once (glibc's count)."""
    environment = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"} | env
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", _ARENA_PROBE],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return sum(line.startswith("Arena ") for line in result.stderr.splitlines())


def test_the_pool_threads_share_two_malloc_arenas_unless_the_environment_says() -> None:
    assert _arenas() == 2
    assert _arenas(MALLOC_ARENA_MAX="6") == 6


@dataclass
class _Chat:
    id: int


@dataclass
class _Message:
    chat: _Chat
    message_id: int


@dataclass
class _Press:
    id: str


def test_keys_name_the_event_in_their_stored_format() -> None:
    message = _Message(chat=_Chat(id=-100_123), message_id=42)
    assert command_key(message) == "tg:msg:-100123:42"
    assert held_send_key(message) == "tg:send:-100123:42"
    assert press_key(_Press(id="7781")) == "tg:cb:7781"
    assert interaction_key(123) == "dc:123"
