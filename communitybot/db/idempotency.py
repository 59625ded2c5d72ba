"""Idempotency keys: a replayed command moves money at most once.

A money-moving service calls :func:`claim` in its transaction. The key's row is inserted in that
same transaction, so it exists exactly when the money moved. A concurrent replay blocks on the
row until the first transaction ends and then sees it; a replay after commit finds it at once.

The stored data can also owe a notice: an operation whose data holds ``"notify": 1`` has a
notification that is sent after commit and not yet confirmed delivered. The adapter confirms
delivery with :func:`notice_delivered`; until then every replay of the key says it is owed, so a
notification lost to a crash or to a commit whose outcome was in doubt is sent by the replay.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from communitybot.core.errors import DomainError, IdempotencyKeyConflict, OutcomeUnknown
from communitybot.db.models.operations import OperationKey
from communitybot.db.uow import CommitInDoubt, Reader, UnitOfWork

T = TypeVar("T")

MAX_KEY_LENGTH = 191
MAX_RESULT_LENGTH = 255

_KEYS = cast(Table, OperationKey.__table__)
_CLAIM = (
    insert(_KEYS)
    .values(key=bindparam("key"), scope=bindparam("scope"), result=bindparam("result"))
    .prefix_with("IGNORE", dialect="mysql")
    .prefix_with("IGNORE", dialect="mariadb")
    .prefix_with("OR IGNORE", dialect="sqlite")
)
_RECORD = update(_KEYS).where(_KEYS.c.key == bindparam("k")).values(result=bindparam("result"))
_STORED = select(_KEYS.c.result).where(_KEYS.c.key == bindparam("key"))

NOTICE_OWED = "notify"
"""The field of an operation's stored data that says a notification is owed (see
:func:`notice_delivered`)."""


def claim(session: Session, *, key: str, scope: str, result: str | None = None) -> bool:
    """Record ``key`` (and the operation's ``result``) in this transaction; ``False`` when the key
    was used already.

    On ``False`` the caller must not act again: it rolls back and answers from
    :func:`stored_result`. Claiming at the end of the transaction, with the result, saves the
    separate :func:`record` statement; a concurrent claim of the same key waits for this
    transaction and then sees the key.
    """
    if not key or len(key) > MAX_KEY_LENGTH:
        msg = f"idempotency key must be 1..{MAX_KEY_LENGTH} characters"
        raise ValueError(msg)
    _check_result(result)
    outcome = session.execute(_CLAIM, {"key": key, "scope": scope[:32], "result": result})
    return cast(CursorResult[Any], outcome).rowcount == 1


def record(session: Session, *, key: str, result: str) -> None:
    """Store the outcome of the operation that claimed ``key`` (e.g. the journal row id)."""
    _check_result(result)
    session.execute(_RECORD, {"k": key, "result": result})


def _check_result(result: str | None) -> None:
    if result is not None and len(result) > MAX_RESULT_LENGTH:
        msg = f"an operation result is at most {MAX_RESULT_LENGTH} characters"
        raise ValueError(msg)


Companion = Callable[[Session, Any], None]
"""A write made in the transaction of a money movement, from its result (see :func:`along`)."""

_COMPANIONS: ContextVar[tuple[Companion, ...]] = ContextVar("communitybot_companions", default=())


@contextmanager
def along(write: Companion) -> Iterator[None]:
    """Within the block, a :func:`run_once` that does its work also calls ``write(session,
    result)`` in that same transaction, right after claiming its key; a replay (the key was
    claimed before) and a refusal do not call it. A :class:`DomainError` it raises refuses the
    work (rolled back, nothing stored). Blocks nest: the outer block's write comes first.

    The HTTP API records its answer to a money-moving request this way (``api_requests``), so
    the answer exists exactly when the money moved, and re-checks an API key inside the
    movement's transaction. The block is the calling thread's (a context variable): the use
    case must run inside it, in the same thread.
    """
    token = _COMPANIONS.set((*_COMPANIONS.get(), write))
    try:
        yield
    finally:
        _COMPANIONS.reset(token)


class _AlreadyDone(Exception):
    """The key was claimed by an earlier run: roll back and replay that run."""


def _parsed(stored: str) -> Any:
    """The JSON ``stored``, or ``None`` when it is not JSON."""
    try:
        return json.loads(stored)
    except ValueError:
        return None


def stored_data(session: Session, *, key: str, op: str) -> dict[str, Any] | None:
    """The data :func:`run_once` stored for ``key``; ``None`` when the key is unused.

    :class:`~communitybot.core.errors.IdempotencyKeyConflict` when the key was used for an
    operation other than ``op``.
    """
    stored = stored_result(session, key=key)
    if stored is None:
        return None
    data = _parsed(stored)
    if not isinstance(data, dict) or data.get("op") != op:
        used_for = str(data.get("op")) if isinstance(data, dict) else "another operation"
        raise IdempotencyKeyConflict(key=key, used_for=used_for, wanted=op)
    return data


def run_once(
    uow: UnitOfWork,
    *,
    key: str,
    op: str,
    act: Callable[[Session], tuple[T, dict[str, Any]]],
    replay: Callable[[Session, dict[str, Any]], T],
) -> T:
    """Run the money-moving ``act`` at most once per idempotency ``key``.

    ``act(session)`` does the work in one transaction and returns its result and the data a
    replay needs (JSON-able, with ``op`` added). The key is claimed at the end of that same
    transaction, together with the data, in one ``INSERT IGNORE``, so it exists exactly when the
    work was committed. When the key was claimed already — by an earlier command, or by a
    concurrent one that committed first (the insert waits for it) — the transaction is rolled
    back and ``replay(session, data)`` answers from the stored data instead. A refusal
    (:class:`~communitybot.core.errors.DomainError`) of a replayed command, e.g. a vote that
    finds its own earlier vote, is answered by the replay as well.

    A ``COMMIT`` that loses its connection is retried under the same key for the unit of work's
    ``in_doubt_seconds`` (:meth:`~communitybot.db.uow.UnitOfWork.run_idempotent`): either the
    first attempt committed and the retry replays it, or it did not and the retry does the work.
    When the database stays away,
    :class:`~communitybot.core.errors.OutcomeUnknown` is raised: repeating ``key`` is safe.
    """

    def work(session: Session) -> T:
        result, data = act(session)
        payload = json.dumps({**data, "op": op}, separators=(",", ":"), sort_keys=True)
        if not claim(session, key=key, scope=op, result=payload):
            raise _AlreadyDone
        for companion in _COMPANIONS.get():
            companion(session, result)
        return result

    try:
        return uow.run_idempotent(work)
    except CommitInDoubt as doubt:
        raise OutcomeUnknown(operation=op, key=key, seconds=doubt.seconds) from doubt
    except (_AlreadyDone, DomainError) as error:
        stored = uow.read(lambda session: stored_data(session, key=key, op=op))
        if stored is None:
            if isinstance(error, _AlreadyDone):  # pragma: no cover - a claimed key has its data
                raise IdempotencyKeyConflict(key=key, used_for="unknown", wanted=op) from None
            raise
    return uow.read(lambda session: replay(session, stored))


def list_keys(session: Session, *, prefix: str) -> list[str]:
    """Every claimed key that starts with ``prefix``, in key order."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    query = (
        select(_KEYS.c.key)
        .where(_KEYS.c.key.like(f"{escaped}%", escape="\\"))
        .order_by(_KEYS.c.key)
    )
    return list(session.scalars(query))


def stored_result(session: Session, *, key: str) -> str | None:
    """The outcome recorded for ``key``, or ``None`` when there is none."""
    return session.scalar(_STORED, {"key": key})


def list_stored_data(
    session: Session, *, containing: str, after: str = "", limit: int = 1000
) -> list[tuple[str, dict[str, Any]]]:
    """One page of the keys :func:`run_once` stored data for, in key order after ``after``: each
    key with its data, for keys whose stored result contains the text ``containing`` (a cheap
    filter, e.g. ``'"tx":'``); a result that is not a JSON object comes as an empty dict."""
    escaped = containing.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = session.execute(
        select(_KEYS.c.key, _KEYS.c.result)
        .where(_KEYS.c.key > after, _KEYS.c.result.like(f"%{escaped}%", escape="\\"))
        .order_by(_KEYS.c.key)
        .limit(limit)
    )
    page: list[tuple[str, dict[str, Any]]] = []
    for key, result in rows:
        data = _parsed(result)
        page.append((key, data if isinstance(data, dict) else {}))
    return page


_OWED = f'"{NOTICE_OWED}":1'
_DELIVERED = (
    update(_KEYS)
    .where(
        _KEYS.c.key == bindparam("k"),
        _KEYS.c.result.contains(f"{_OWED},") | _KEYS.c.result.contains(f"{_OWED}}}"),
    )
    .values(
        result=func.replace(
            func.replace(func.replace(_KEYS.c.result, f"{{{_OWED}}}", "{}"), f",{_OWED}}}", "}"),
            f"{_OWED},",
            "",
        )
    )
)


def notice_delivered(db: Reader, *, key: str) -> bool:
    """Record that the notification the operation of ``key`` owed has been delivered (or can
    never be); ``False`` when none was owed (any more). Later replays no longer owe it.

    One statement that reads nothing first: the stored data is compact JSON with sorted keys
    (:func:`run_once`), so the owed field is the exact text ``"notify":1`` and is cut out
    where it is still there. Two confirmations of one key cannot undo each other's change.
    """
    outcome = db.execute(_DELIVERED, {"k": key})
    return int(cast(CursorResult[Any], outcome).rowcount) == 1


__all__ = [
    "MAX_KEY_LENGTH",
    "MAX_RESULT_LENGTH",
    "NOTICE_OWED",
    "Companion",
    "along",
    "claim",
    "list_keys",
    "list_stored_data",
    "notice_delivered",
    "record",
    "run_once",
    "stored_data",
    "stored_result",
]
