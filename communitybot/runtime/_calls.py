"""Service calls off the event loop, and refusals on their way to the person.

Both chat adapters run every service call (blocking database work) in a :class:`WorkerPool`: a
thread pool of its own whose size is a setting (``worker_threads``, by default as many threads as
``telegram_concurrent_updates``), so the updates handled at once are never queued behind the
event loop's default executor of ``min(32, cpus + 4)`` threads. Each call runs with a copy of the
caller's context variables (like :func:`asyncio.to_thread`).

A refusal of a service (a :class:`~communitybot.core.errors.DomainError`) leaves the worker as
:class:`Refused`: the error and the context its message needs (who acted, the names of the people
or accounts it mentions), looked up while still in the worker thread, where the database may be
asked. The adapter turns it into the catalogue's text with :func:`refusal_text`.
"""

from __future__ import annotations

import asyncio
import contextvars
import ctypes
import functools
import os
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Generic, ParamSpec, Protocol, TypeVar

from communitybot.core.errors import DomainError
from communitybot.settings import Settings

P = ParamSpec("P")
T = TypeVar("T")
C = TypeVar("C")
C_contra = TypeVar("C_contra", contravariant=True)


class Refused(Exception, Generic[C]):
    """A domain refusal, with the ``context`` that describing it to the person needs."""

    def __init__(self, error: DomainError, context: C) -> None:
        super().__init__(str(error))
        self.error = error
        self.context = context


class Describe(Protocol[C_contra]):
    """An adapter's table from an error and its context to the text people read."""

    def __call__(self, error: DomainError, context: C_contra, /) -> str: ...


def refusal_text(error: BaseException, describe: Describe[C], blank: C) -> str | None:
    """The text of a refusal: a :class:`Refused` with its own context, or a ``DomainError``
    raised outside a worker (while reading the options) with ``blank``; ``None`` for anything
    else (a failure to log and apologise for)."""
    if isinstance(error, Refused):
        return describe(error.error, error.context)
    if isinstance(error, DomainError):
        return describe(error, blank)
    return None


MALLOC_ARENAS = 2
"""glibc malloc arenas of a bot process, unless ``MALLOC_ARENA_MAX`` says otherwise."""

_M_ARENA_MAX = -8  # mallopt's parameter number in glibc's malloc.h


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Let glibc's malloc keep at most ``arenas`` arenas; True when it took the limit.

    Otherwise each worker thread that allocates gets an arena of its own (up to eight per CPU),
    and every arena keeps the memory it once held: the bot's resident size grows by several
    megabytes per thread for no speed (the threads mostly wait for the database). Set before
    the pool's threads start; a ``MALLOC_ARENA_MAX`` in the environment (read by glibc at start)
    is left alone, as is any other C library.
    """
    if "MALLOC_ARENA_MAX" in os.environ or not sys.platform.startswith("linux"):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return False
    return bool(mallopt(_M_ARENA_MAX, arenas))


def worker_threads(settings: Settings) -> int:
    """The size of the worker pool: ``worker_threads``, else ``telegram_concurrent_updates``."""
    return settings.worker_threads or settings.telegram_concurrent_updates


class WorkerPool:
    """The threads that run an adapter's service calls, off the event loop."""

    def __init__(self, threads: int, *, name: str = "communitybot-worker") -> None:
        if threads < 1:
            raise ValueError("a worker pool needs at least one thread")
        limit_malloc_arenas()
        self.threads = threads
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=name)

    @classmethod
    def from_settings(cls, settings: Settings, *, name: str = "communitybot-worker") -> WorkerPool:
        """A pool of :func:`worker_threads` threads."""
        return cls(worker_threads(settings), name=name)

    async def run(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``fn(*args, **kwargs)`` in a worker thread, with the caller's context variables,
        and await it."""
        loop = asyncio.get_running_loop()
        context = contextvars.copy_context()
        call = functools.partial(context.run, fn, *args, **kwargs)
        return await loop.run_in_executor(self._executor, call)

    async def refusing(self, fn: Callable[[], T], context: Callable[[DomainError], C]) -> T:
        """Like :meth:`run`; a ``DomainError`` of ``fn`` is raised as :class:`Refused`, with
        ``context(error)`` made in the worker thread."""

        def guarded() -> T:
            try:
                return fn()
            except DomainError as error:
                raise Refused(error, context(error)) from error

        return await self.run(guarded)

    def shutdown(self) -> None:
        """Let the calls under way finish and stop the threads; later calls are refused."""
        self._executor.shutdown(wait=False)


__all__ = [
    "MALLOC_ARENAS",
    "Describe",
    "Refused",
    "WorkerPool",
    "limit_malloc_arenas",
    "refusal_text",
    "worker_threads",
]
