"""The API assembled in one place: routers, problem answers, the body size guard, the pool.

:func:`create_app` makes the FastAPI app of a container. Other routes (Telegram's webhook, when
the bot runs in webhook mode) and a lifespan of their own (starting the Telegram application)
may be added by whoever serves it (``communitybot run``); the API imports no chat platform.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from communitybot import __version__
from communitybot.api import _community, _economy
from communitybot.api._deps import ApiState, Tell
from communitybot.api._problems import (
    INTERNAL,
    INVALID_INPUT,
    METHOD_NOT_ALLOWED,
    NOT_FOUND,
    language,
    plain_problem,
    problem_body,
    problem_bytes,
    problem_response,
)
from communitybot.bootstrap import Container
from communitybot.core.errors import DomainError, InvalidRequest, RequestTooLarge
from communitybot.runtime import HEALTH_PATH, WorkerPool, healthz

_log = logging.getLogger("communitybot.api")

Lifespan = Callable[[], AbstractAsyncContextManager[None]]

DESCRIPTION = """\
The HTTP API of communitybot: an economy's accounts, journals and transfers, and the
community's members and purchases, for applications holding an API key
(`Authorization: Bearer <key id>.<secret>`).

Amounts are integers in minor units (cents); times are ISO 8601 with their zone. Every
money-moving POST needs an `Idempotency-Key` header. Refusals are RFC 9457 problem details
(`application/problem+json`) with a stable `type` per family.
"""


API_PREFIX = "/api/"
"""Where the API's routes are; other routes (Telegram's webhook) keep their own limits."""


class _TooLarge(HTTPException):
    """The body grew past the limit while it was read."""

    def __init__(self) -> None:
        super().__init__(status_code=413)


class BodyLimit:
    """Refuse request bodies longer than ``maximum`` bytes (413), by their ``Content-Length``
    before reading and by counting what arrives (a chunked body has no length)."""

    def __init__(self, app: ASGIApp, *, maximum: int) -> None:
        self.app = app
        self.maximum = maximum

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, counting its body."""
        if scope["type"] != "http" or not scope.get("path", "").startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length" and (
                not value.isdigit() or len(value) > 12 or int(value) > self.maximum
            ):
                await self._refuse(scope, send)
                return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.maximum:
                    raise _TooLarge
            return message

        await self.app(scope, counted, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        error = RequestTooLarge(maximum=self.maximum)
        body = problem_bytes(problem_body(error, instance=scope.get("path", "")))
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _where(location: Sequence[Any]) -> str:
    return ".".join(str(part) for part in location) or "body"


def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
    problems = error.errors()
    malformed = any(p.get("type") == "json_invalid" for p in problems)
    refusal = InvalidRequest(
        problems=tuple(f"{_where(p.get('loc', ()))}: {p.get('msg', '')}" for p in problems[:10])
    )
    body = problem_body(
        refusal,
        instance=request.url.path,
        locale=language(request.headers.get("accept-language")),
    )
    body["status"] = 400 if malformed else INVALID_INPUT.status
    return problem_response(body)


def _refused(request: Request, error: DomainError) -> JSONResponse:
    locale = language(request.headers.get("accept-language"))
    return problem_response(problem_body(error, instance=request.url.path, locale=locale))


def _http(request: Request, error: HTTPException) -> JSONResponse:
    locale = language(request.headers.get("accept-language"))
    if error.status_code == 413:
        return _refused(
            request, RequestTooLarge(maximum=request.app.state.api.settings.api_max_body_bytes)
        )
    if error.status_code == 405:
        body = plain_problem(
            METHOD_NOT_ALLOWED, "api.method_not_allowed", instance=request.url.path, locale=locale
        )
    elif error.status_code == 404:
        body = plain_problem(NOT_FOUND, "api.not_found", instance=request.url.path, locale=locale)
    else:
        body = plain_problem(
            INVALID_INPUT,
            "api.invalid_request",
            instance=request.url.path,
            locale=locale,
            status=error.status_code,
        )
    return problem_response(body, headers=dict(error.headers or {}))


def _failed(request: Request, error: Exception) -> JSONResponse:
    # the path only: headers (the key) and bodies stay out of the log
    _log.error("%s %s failed", request.method, request.url.path, exc_info=error)
    locale = language(request.headers.get("accept-language"))
    return problem_response(
        plain_problem(INTERNAL, "api.internal", instance=request.url.path, locale=locale)
    )


async def _health(request: Request) -> Response:
    """``GET /healthz``: 200 while the database answers with its schema, else 503 (no key)."""
    api: ApiState = request.app.state.api
    status, body = await api.pool.run(healthz, api.use_cases.health)
    return Response(body, status_code=status, media_type="application/json")


def create_app(
    container: Container,
    *,
    pool: WorkerPool | None = None,
    routes: Sequence[BaseRoute] = (),
    lifespan: Lifespan | None = None,
    api: bool = True,
    tell: Tell | None = None,
) -> FastAPI:
    """The HTTP API of ``container``, with ``routes`` added (outside ``/api/v1``) and
    ``lifespan`` entered while it serves; ``api`` False leaves out the API's own routes and
    docs (a server for Telegram's webhook only). ``GET /healthz`` is served either way.
    ``tell`` sends the notices a purchase or a booking of cash owes to the members (see
    :data:`~communitybot.api._deps.Tell`); without it they stay owed.

    Its use cases run on ``pool`` (a pool of its own by default, shut down with the app).
    """
    settings = container.settings
    workers = pool or WorkerPool.from_settings(settings, name="api-worker")

    @asynccontextmanager
    async def serving(app: FastAPI) -> AsyncIterator[None]:
        try:
            if lifespan is None:
                yield
            else:
                async with lifespan():
                    yield
        finally:
            if pool is None:
                workers.shutdown()

    app = FastAPI(
        title="communitybot API",
        version=__version__,
        description=DESCRIPTION,
        openapi_url="/openapi.json" if api else None,
        docs_url="/docs" if api else None,
        redoc_url=None,
        lifespan=serving,
    )
    app.state.api = ApiState(
        use_cases=container.use_cases, pool=workers, settings=settings, tell=tell
    )
    if api:
        app.include_router(_economy.router)
        app.include_router(_community.router)
    app.add_api_route(HEALTH_PATH, _health, methods=["GET"], include_in_schema=False)
    for route in routes:
        app.router.routes.append(route)
    app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
    app.add_exception_handler(DomainError, _refused)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _failed)
    app.add_middleware(BodyLimit, maximum=settings.api_max_body_bytes)
    return app


__all__ = ["BodyLimit", "Lifespan", "create_app"]
