"""Serving an ASGI app with uvicorn: the API alone (``communitybot api``) or with the bot."""

from __future__ import annotations

import asyncio

import uvicorn
from starlette.types import ASGIApp

from communitybot.api._app import create_app
from communitybot.api._deps import Tell
from communitybot.bootstrap import Container


def make_server(app: ASGIApp, *, host: str, port: int) -> uvicorn.Server:
    """A uvicorn server for ``app`` that logs through the configured logging (never headers)."""
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,
        lifespan="on",
        server_header=False,
        proxy_headers=False,
    )
    return uvicorn.Server(config)


def run_api(container: Container, *, host: str, port: int, tell: Tell | None = None) -> None:
    """Serve the API of ``container`` on ``host:port`` until interrupted; ``tell`` sends the
    notices requests owe (see :func:`~communitybot.api.create_app`)."""
    asyncio.run(make_server(create_app(container, tell=tell), host=host, port=port).serve())


__all__ = ["make_server", "run_api"]
