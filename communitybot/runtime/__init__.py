"""The adapter runtime shared by the Telegram and the Discord adapter.

What both chat adapters need around a use case and nothing platform-specific: running service
calls off the event loop on a pool sized from the settings (:class:`WorkerPool`, whose threads
share two malloc arenas, :func:`limit_malloc_arenas`), a refusal on
its way from the worker to the catalogue's text (:class:`Refused`, :func:`refusal_text`), and the
idempotency key of a command from the platform event that carried it (:func:`command_key`,
:func:`press_key`, :func:`interaction_key`, and :func:`http_key` of an HTTP API request), and the
health endpoint (:func:`healthz`, the smallest server for it, :class:`HealthServer`). It sits
between the adapters and :mod:`communitybot.bootstrap` and imports neither python-telegram-bot
nor discord.py (nor any HTTP framework).

:mod:`communitybot.runtime.catalogue` holds every text the bot writes to people, per language,
and the one table from domain errors to those texts.
"""

from communitybot.runtime._calls import (
    Describe,
    Refused,
    WorkerPool,
    limit_malloc_arenas,
    refusal_text,
    worker_threads,
)
from communitybot.runtime._charts import CHART_DPI, CHART_SIZE, render_balance_chart
from communitybot.runtime._health import HEALTH_PATH, HealthServer, healthz
from communitybot.runtime._keys import (
    ChatMessage,
    Press,
    command_key,
    held_send_key,
    http_key,
    interaction_key,
    press_key,
)

__all__ = [
    "CHART_DPI",
    "CHART_SIZE",
    "HEALTH_PATH",
    "ChatMessage",
    "Describe",
    "HealthServer",
    "Press",
    "Refused",
    "WorkerPool",
    "command_key",
    "healthz",
    "held_send_key",
    "http_key",
    "interaction_key",
    "limit_malloc_arenas",
    "press_key",
    "refusal_text",
    "render_balance_chart",
    "worker_threads",
]
