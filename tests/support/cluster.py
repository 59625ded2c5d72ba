"""Running the tests on a cluster: each worker thread works on its own node.

``pytest --cluster URL1,URL2,URL3`` (or ``COMMUNITYBOT_TEST_CLUSTER``; ``scripts/galera start``
prints the URLs) runs the tests marked ``cluster`` with the ``uow`` fixture being a
:class:`SpreadUnitOfWork`: the test's own thread uses the first node, and every other thread that
runs a unit of work is given the next node in turn (the first worker the second node, the second
worker the third, ...), so the workers of a concurrency test write on different nodes at once.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

from sqlalchemy import Connection
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session

from communitybot.db.uow import UnitOfWork

T = TypeVar("T")

CLUSTER_SYNC_WAIT = 1
"""``wsrep_sync_wait`` of the test engines on a cluster, as docs/admin.md recommends for
multi-primary Galera: a check after the workers finished sees what they committed elsewhere."""


def cluster_servers(option: str) -> list[URL]:
    """The node URLs (without a database) of a ``--cluster`` value: comma-separated URLs."""
    urls = [make_url(part.strip()).set(database="") for part in option.split(",") if part.strip()]
    if len(urls) < 2:
        msg = f"--cluster wants the URLs of two or more nodes, comma-separated, got {option!r}"
        raise ValueError(msg)
    return urls


class _Assignment:
    """Which node each thread uses: the main thread the first, the others in turn from the
    second on, each keeping its node for the rest of its life."""

    def __init__(self, nodes: int) -> None:
        self._nodes = nodes
        self._local = threading.local()
        self._next = itertools.count(1)
        self._lock = threading.Lock()

    def node(self) -> int:
        if threading.current_thread() is threading.main_thread():
            return 0
        index: int | None = getattr(self._local, "node", None)
        if index is None:
            with self._lock:
                index = next(self._next) % self._nodes
            self._local.node = index
        return index


def _not_spread() -> Session:
    msg = "SpreadUnitOfWork: a UnitOfWork method that is not delegated to a node's unit"
    raise AssertionError(msg)


class SpreadUnitOfWork(UnitOfWork):
    """A unit of work that runs each call on the node of the calling thread.

    ``units`` hold one :class:`UnitOfWork` per node; ``engine`` and the retry settings are the
    first node's.
    """

    def __init__(self, units: Sequence[UnitOfWork], *, _assignment: _Assignment | None = None):
        first = units[0]
        super().__init__(first.engine, attempts=first.attempts, bulk_attempts=first.bulk_attempts)
        self.units = list(units)
        self._assignment = _assignment or _Assignment(len(units))
        # every call goes to a node's unit: one that reached the base class's own sessions
        # would silently run on the first node
        self._sessions = _not_spread  # type: ignore[assignment]

    def unit(self) -> UnitOfWork:
        """The unit of work of the calling thread's node."""
        return self.units[self._assignment.node()]

    def run(self, fn: Callable[[Session], T]) -> T:
        """:meth:`UnitOfWork.run` on the calling thread's node."""
        return self.unit().run(fn)

    def run_idempotent(self, fn: Callable[[Session], T]) -> T:
        """:meth:`UnitOfWork.run_idempotent` on the calling thread's node."""
        return self.unit().run_idempotent(fn)

    def read(self, fn: Callable[[Session], T]) -> T:
        """:meth:`UnitOfWork.read` on the calling thread's node."""
        return self.unit().read(fn)

    def query(self, fn: Callable[[Connection], T]) -> T:
        """:meth:`UnitOfWork.query` on the calling thread's node."""
        return self.unit().query(fn)

    def for_bulk(self) -> UnitOfWork:
        """Every node's bulk unit of work, with the same threads on the same nodes."""
        return SpreadUnitOfWork([u.for_bulk() for u in self.units], _assignment=self._assignment)


__all__ = ["CLUSTER_SYNC_WAIT", "SpreadUnitOfWork", "cluster_servers"]
