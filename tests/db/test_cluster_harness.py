"""The cluster harness itself: with ``--cluster`` the worker threads of a test really run on
different nodes (and without it, on the one server)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from communitybot.db.uow import UnitOfWork
from tests.support.community import run_threads

pytestmark = [pytest.mark.mysql_only, pytest.mark.cluster]


def test_worker_threads_are_spread_over_the_nodes(uow: UnitOfWork, node_urls: list[str]) -> None:
    seen: dict[int, str] = {}
    lock = threading.Lock()

    def where(index: int) -> None:
        server = uow.read(lambda s: str(s.scalar(text("SELECT CONCAT(@@hostname, @@port)"))))
        with lock:
            seen[index] = server

    assert run_threads(len(node_urls), where) == []
    main = uow.read(lambda s: str(s.scalar(text("SELECT CONCAT(@@hostname, @@port)"))))
    # each worker on its own node, the test's own thread on the first one
    assert len(set(seen.values())) == len(node_urls)
    assert main in seen.values()
