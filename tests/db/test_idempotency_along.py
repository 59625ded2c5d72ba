"""``along``: a write made in the transaction of a keyed operation, right after its key is claimed
(the HTTP API's stored answers, and its key re-checked inside the movement)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from communitybot.core.api import StoredAnswer
from communitybot.core.errors import LacksPermission
from communitybot.db.brokers import api_requests
from communitybot.db.idempotency import along, run_once, stored_result
from communitybot.db.uow import UnitOfWork

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _act(session: Session) -> tuple[str, dict[str, Any]]:
    return "done", {}


def _replay(session: Session, data: dict[str, Any]) -> str:
    return "replayed"


def _store(calls: list[str], name: str) -> Callable[[Session, Any], None]:
    def write(session: Session, result: Any) -> None:
        calls.append(name)
        api_requests.insert_answer(
            session,
            key_id=1,
            idempotency_key=name,
            operation_key="op",
            answer=StoredAnswer(fingerprint="f", status=201, body=f'"{result}"'),
            now=NOW,
        )

    return write


def _answer(uow: UnitOfWork, name: str) -> StoredAnswer | None:
    return uow.read(
        lambda session: api_requests.find_answer(session, key_id=1, idempotency_key=name)
    )


def test_the_write_commits_with_the_work_and_a_replay_writes_nothing(uow: UnitOfWork) -> None:
    calls: list[str] = []
    with along(_store(calls, "outer")), along(_store(calls, "inner")):
        assert run_once(uow, key="k1", op="test", act=_act, replay=_replay) == "done"
        assert run_once(uow, key="k1", op="test", act=_act, replay=_replay) == "replayed"
    assert calls == ["outer", "inner"]
    stored = _answer(uow, "outer")
    assert stored is not None
    assert stored.body == '"done"'
    assert stored.replayed is True
    assert _answer(uow, "inner") is not None
    # outside the block nothing is written along
    assert run_once(uow, key="k2", op="test", act=_act, replay=_replay) == "done"
    assert calls == ["outer", "inner"]


def test_a_refusing_companion_undoes_the_work(uow: UnitOfWork) -> None:
    def refuse(session: Session, result: Any) -> None:
        raise LacksPermission(
            actor="key:1", permission="MANAGE_FUNDS", economy_id=1, account_id=None
        )

    calls: list[str] = []
    with along(_store(calls, "first")), along(refuse), pytest.raises(LacksPermission):
        run_once(uow, key="k3", op="test", act=_act, replay=_replay)
    assert calls == ["first"]
    assert _answer(uow, "first") is None
    assert uow.read(lambda session: stored_result(session, key="k3")) is None
