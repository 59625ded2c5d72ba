"""A money-moving API request answered once per idempotency key.

The client names each money-moving request with an ``Idempotency-Key``. The use case runs under
an engine key the adapter makes from the API key and that key
(:func:`communitybot.runtime.http_key`), so the money moves at most once whatever is repeated;
the answer (status and JSON body, with the request's fingerprint) is written to
``api_requests`` in the movement's own transaction (:func:`communitybot.db.idempotency.along`),
so it exists exactly when the money moved. A repeated request is answered from that row; the
same key with another request is refused with
:class:`~communitybot.core.errors.IdempotencyKeyReused`.

A refusal moves nothing and stores nothing: repeating a refused request asks again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from communitybot.core.api import StoredAnswer
from communitybot.core.clock import Clock
from communitybot.core.errors import IdempotencyKeyReused
from communitybot.core.ids import ApiKeyId
from communitybot.db.brokers import api_requests as broker
from communitybot.db.idempotency import along
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy._common import SYSTEM_CLOCK

T = TypeVar("T")


def stored_answer(
    uow: UnitOfWork, *, key_id: ApiKeyId, idempotency_key: str
) -> StoredAnswer | None:
    """The answer stored for ``idempotency_key`` of API key ``key_id``, or ``None``."""
    return uow.read(
        lambda session: broker.find_answer(session, key_id=key_id, idempotency_key=idempotency_key)
    )


def _same_request(answer: StoredAnswer, fingerprint: str, idempotency_key: str) -> StoredAnswer:
    if answer.fingerprint != fingerprint:
        raise IdempotencyKeyReused(key=idempotency_key)
    return answer


def answer_once(
    uow: UnitOfWork,
    *,
    key_id: ApiKeyId,
    idempotency_key: str,
    fingerprint: str,
    operation_key: str,
    call: Callable[[str], T],
    present: Callable[[T], tuple[int, str]],
    clock: Clock = SYSTEM_CLOCK,
) -> StoredAnswer:
    """The answer to a money-moving request, made at most once.

    ``call(operation_key)`` runs the use case (in this thread) under the engine's key;
    ``present(result)`` makes its answer (status, JSON text), stored in the movement's
    transaction. A key answered
    before is replayed (``replayed`` true) if ``fingerprint`` matches, else refused with
    ``IdempotencyKeyReused``; refusals of the use case are raised and store nothing.
    """
    earlier = stored_answer(uow, key_id=key_id, idempotency_key=idempotency_key)
    if earlier is not None:
        return _same_request(earlier, fingerprint, idempotency_key)
    engine_key = operation_key
    wrote: list[bool] = []

    def write(session: Session, result: Any) -> None:
        status, body = present(result)
        wrote.append(True)
        broker.insert_answer(
            session,
            key_id=key_id,
            idempotency_key=idempotency_key,
            operation_key=engine_key,
            answer=StoredAnswer(fingerprint=fingerprint, status=status, body=body),
            now=clock.now(),
        )

    with along(write):
        call(engine_key)
    stored = stored_answer(uow, key_id=key_id, idempotency_key=idempotency_key)
    if stored is None:  # pragma: no cover - an engine key of the API always has its answer
        raise IdempotencyKeyReused(key=idempotency_key)
    # a concurrent request under the same key moved the money first: its answer, if it was ours
    answer = _same_request(stored, fingerprint, idempotency_key)
    return StoredAnswer(
        fingerprint=answer.fingerprint, status=answer.status, body=answer.body, replayed=not wrote
    )


__all__ = ["answer_once", "stored_answer"]
