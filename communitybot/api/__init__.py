"""The HTTP API: FastAPI on uvicorn, a thin adapter over the bound use cases.

:func:`create_app` assembles the app of a container (routes under ``/api/v1``, OpenAPI at
``/openapi.json``, the interactive docs at ``/docs``); :func:`run_api` serves it alone
(``communitybot api``); :func:`make_server` makes the uvicorn server that ``communitybot run``
shares with Telegram's webhook. Applications authenticate with their API keys
(``Authorization: Bearer``); refusals are RFC 9457 problem details; every money-moving POST is
idempotent under its ``Idempotency-Key``. See ``docs/api.md``.
"""

from communitybot.api._app import BodyLimit, Lifespan, create_app
from communitybot.api._deps import Tell
from communitybot.api._problems import PROBLEM_JSON, TYPE_PREFIX
from communitybot.api._server import make_server, run_api

__all__ = [
    "PROBLEM_JSON",
    "TYPE_PREFIX",
    "BodyLimit",
    "Lifespan",
    "Tell",
    "create_app",
    "make_server",
    "run_api",
]
