"""What every route is given: the bound use cases and the worker pool, the key that asks, and
the idempotency key of a money-moving request; and the answer of such a request, made once."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Header, Request
from fastapi.responses import Response
from pydantic import BaseModel
from starlette.background import BackgroundTask

from communitybot.bootstrap import UseCases
from communitybot.core.api import IDEMPOTENCY_KEY_MAX, is_idempotency_key
from communitybot.core.economy import KeyActor
from communitybot.core.errors import IdempotencyKeyRequired, InvalidApiKey
from communitybot.core.notices import Notice
from communitybot.runtime import WorkerPool, http_key
from communitybot.settings import Settings

T = TypeVar("T")

_log = logging.getLogger(__name__)

Tell = Callable[[Sequence[Notice]], bool]
"""Sends notices to the members they concern (privately, on Telegram); ``False`` when it could
not (no bot token configured). Given to :func:`~communitybot.api.create_app` by the command
line, since the API adapter knows no chat platform."""

BEARER = "bearer "


@dataclass(frozen=True, slots=True)
class ApiState:
    """The API's share of the container, kept on ``app.state.api``."""

    use_cases: UseCases
    pool: WorkerPool
    settings: Settings
    tell: Tell | None = None
    """How notices that a request owes reach the members (``None``: they stay owed)."""


def state(request: Request) -> ApiState:
    """The :class:`ApiState` of the app serving ``request``."""
    found: ApiState = request.app.state.api
    return found


State = Annotated[ApiState, Depends(state)]


def bearer_token(authorization: str | None) -> str:
    """The token of an ``Authorization: Bearer <token>`` header; ``InvalidApiKey`` otherwise."""
    if authorization is None or not authorization[: len(BEARER)].lower() == BEARER:
        raise InvalidApiKey()
    return authorization[len(BEARER) :].strip()


async def key_actor(
    api: State,
    authorization: Annotated[
        str | None, Header(description="`Bearer <key id>.<secret>`: an application's API key")
    ] = None,
) -> KeyActor:
    """The API key the request is made with (401 when it is missing, unknown or unusable).

    The token is never logged: it goes from the header to the use case and nowhere else.
    """
    token = bearer_token(authorization)
    return await api.pool.run(api.use_cases.api.authenticate, token)


Key = Annotated[KeyActor, Depends(key_actor)]


def idempotency_key(
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            description=f"1 to {IDEMPOTENCY_KEY_MAX} visible ASCII characters, new for each "
            "operation: the same key with the same request replays the first answer",
        ),
    ] = None,
) -> str:
    """The ``Idempotency-Key`` header of a money-moving request (400 when missing or malformed)."""
    if idempotency_key is None:
        raise IdempotencyKeyRequired(reason="missing", maximum=IDEMPOTENCY_KEY_MAX)
    if not is_idempotency_key(idempotency_key):
        raise IdempotencyKeyRequired(reason="malformed", maximum=IDEMPOTENCY_KEY_MAX)
    return idempotency_key


IdempotencyKey = Annotated[str, Depends(idempotency_key)]


def fingerprint(request: Request, payload: BaseModel) -> str:
    """What names a request for its idempotency key: method, path and the body as read (so the
    same request written with other spacing or field order is the same request)."""
    body = json.dumps(payload.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    text = f"{request.method} {request.url.path}\n{body}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


async def answered(
    request: Request,
    api: ApiState,
    key: KeyActor,
    idempotency: str,
    payload: BaseModel,
    *,
    call: Callable[[str], T],
    present: Callable[[T], BaseModel],
    status: int = 201,
    notices: Callable[[T], Sequence[Notice]] | None = None,
) -> Response:
    """Run a money-moving use case once per idempotency key and answer what it stored.

    ``call(operation key)`` moves the money; ``present(result)`` is its answer, stored in the
    same transaction. A repeated request gets the stored answer with ``Idempotent-Replayed:
    true``. The ``notices(result)`` the movement owes are sent after the answer, outside the
    transaction (:attr:`ApiState.tell`), and then recorded as delivered.
    """
    results: list[T] = []
    operation_key = http_key(key.key_id, idempotency)

    def keep(operation: str) -> T:
        result = call(operation)
        results.append(result)
        return result

    def work() -> tuple[int, str, bool]:
        answer = api.use_cases.api.answer_once(
            key_id=key.key_id,
            idempotency_key=idempotency,
            fingerprint=fingerprint(request, payload),
            operation_key=operation_key,
            call=keep,
            present=lambda result: (status, present(result).model_dump_json()),
        )
        return answer.status, answer.body, answer.replayed

    code, body, replayed = await api.pool.run(work)
    headers = {"Idempotent-Replayed": "true"} if replayed else {}
    owed = [n for result in results[-1:] for n in notices(result)] if notices else []
    background = None
    if owed and not replayed and api.tell is not None:
        background = BackgroundTask(_deliver, api, owed, operation_key)
    return Response(
        body,
        status_code=code,
        media_type="application/json",
        headers=headers,
        background=background,
    )


def _deliver(api: ApiState, owed: Sequence[Notice], operation_key: str) -> None:
    """Send the notices a request owed (in a worker thread, after the answer) and record their
    delivery; a failure leaves them owed and is logged."""
    assert api.tell is not None
    try:
        if api.tell(owed):
            api.use_cases.community.notices_delivered(key=operation_key)
    except Exception:  # noqa: BLE001 - the answer is out; the notices stay owed
        _log.warning("could not send the notices of %s", operation_key, exc_info=True)


__all__ = [
    "ApiState",
    "IdempotencyKey",
    "Key",
    "State",
    "Tell",
    "answered",
    "bearer_token",
    "fingerprint",
    "idempotency_key",
    "key_actor",
    "state",
]
