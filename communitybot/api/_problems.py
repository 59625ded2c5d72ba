"""Refusals as RFC 9457 problem details (``application/problem+json``).

Every answer that is not a success is a problem object: ``type`` names the family of the error
(stable, one per family: ``urn:communitybot:problem:not-found`` and so on), ``title`` the family
in words, ``status`` the HTTP status, ``detail`` the catalogue's sentence (English, or German
for ``Accept-Language: de``), ``error`` the error's class and ``data`` its fields. Every refusal
of a key (unknown, malformed, disabled, inactive, deleted) is one and the same 401 body.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi.responses import JSONResponse

from communitybot.core import errors as e
from communitybot.runtime.catalogue import PLAIN, default_catalogue, describe_error

PROBLEM_JSON = "application/problem+json"
TYPE_PREFIX = "urn:communitybot:problem:"


@dataclass(frozen=True, slots=True)
class Family:
    """A kind of problem: its ``type`` slug, title and default status."""

    slug: str
    title: str
    status: int

    @property
    def type(self) -> str:
        """The stable ``type`` URI of the family."""
        return TYPE_PREFIX + self.slug


UNAUTHORIZED = Family("unauthorized", "Unauthorized", 401)
NOT_FOUND = Family("not-found", "Not found", 404)
NOT_PERMITTED = Family("not-permitted", "Not permitted", 403)
LIMIT_EXCEEDED = Family("limit-exceeded", "Limit exceeded", 422)
CONFLICT = Family("conflict", "Conflict", 409)
INVALID_INPUT = Family("invalid-input", "Invalid input", 422)
OUTCOME_UNKNOWN = Family("outcome-unknown", "Outcome unknown", 503)
UNAVAILABLE = Family("unavailable", "Service unavailable", 503)
METHOD_NOT_ALLOWED = Family("method-not-allowed", "Method not allowed", 405)
INTERNAL = Family("internal", "Internal error", 500)

FAMILIES = (NOT_FOUND, NOT_PERMITTED, LIMIT_EXCEEDED, CONFLICT, INVALID_INPUT)
"""The five families of :mod:`communitybot.core.errors`, in this order."""

_BY_BASE: tuple[tuple[type[e.DomainError], Family], ...] = (
    (e.InvalidApiKey, UNAUTHORIZED),
    (e.ApiKeyUnusable, UNAUTHORIZED),
    (e.OutcomeUnknown, OUTCOME_UNKNOWN),
    (e.ConfigurationError, UNAVAILABLE),
    (e.NotFound, NOT_FOUND),
    (e.NotPermitted, NOT_PERMITTED),
    (e.LimitExceeded, LIMIT_EXCEEDED),
    (e.Conflict, CONFLICT),
    (e.InvalidInput, INVALID_INPUT),
)

_STATUS: dict[type[e.DomainError], int] = {
    e.IdempotencyKeyRequired: 400,
    e.RequestTooLarge: 413,
}
"""Errors whose status is not their family's."""

_CATALOGUE = default_catalogue(render=PLAIN)


def family_of(error: e.DomainError) -> Family:
    """The problem family of ``error`` (a refusal outside the five families is invalid input)."""
    for base, family in _BY_BASE:
        if isinstance(error, base):
            return family
    return INVALID_INPUT


def _plain(value: Any) -> Any:
    """``value`` as JSON can hold it."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def language(accept_language: str | None) -> str:
    """``de`` when the client prefers German, else ``en``."""
    first = (accept_language or "").split(",")[0].strip().lower()
    return "de" if first.startswith("de") else "en"


def _text(key: str, locale: str) -> str:
    return str(_CATALOGUE.translator(locale)(key))


def unauthorized_body(locale: str = "en") -> dict[str, Any]:
    """The one body of every 401: it tells nothing about the key."""
    return {
        "type": UNAUTHORIZED.type,
        "title": UNAUTHORIZED.title,
        "status": UNAUTHORIZED.status,
        "detail": _text("api.unauthorized", locale),
    }


def problem_body(error: e.DomainError, *, instance: str, locale: str = "en") -> dict[str, Any]:
    """The problem object of a refusal."""
    family = family_of(error)
    if family is UNAUTHORIZED:
        return unauthorized_body(locale)
    status = _STATUS.get(type(error), family.status)
    return {
        "type": family.type,
        "title": family.title,
        "status": status,
        "detail": str(describe_error(error, _CATALOGUE.translator(locale))),
        "instance": instance,
        "error": type(error).__name__,
        "data": _plain(error.data),
    }


def plain_problem(
    family: Family, key: str, *, instance: str, locale: str = "en", status: int | None = None
) -> dict[str, Any]:
    """A problem that is no domain refusal (no such route, a failure of ours)."""
    return {
        "type": family.type,
        "title": family.title,
        "status": status or family.status,
        "detail": _text(key, locale),
        "instance": instance,
    }


def problem_response(body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    """``body`` answered as ``application/problem+json`` with its status."""
    status = int(body["status"])
    extra = dict(headers or {})
    if status == UNAUTHORIZED.status:
        extra.setdefault("WWW-Authenticate", "Bearer")
    if status == OUTCOME_UNKNOWN.status:
        extra.setdefault("Retry-After", "1")
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=extra)


def problem_bytes(body: dict[str, Any]) -> bytes:
    """``body`` as the bytes of a response (for the raw ASGI guard of the body size)."""
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


__all__ = [
    "CONFLICT",
    "FAMILIES",
    "INTERNAL",
    "INVALID_INPUT",
    "LIMIT_EXCEEDED",
    "METHOD_NOT_ALLOWED",
    "NOT_FOUND",
    "NOT_PERMITTED",
    "OUTCOME_UNKNOWN",
    "PROBLEM_JSON",
    "TYPE_PREFIX",
    "UNAUTHORIZED",
    "UNAVAILABLE",
    "Family",
    "family_of",
    "language",
    "plain_problem",
    "problem_body",
    "problem_bytes",
    "problem_response",
    "unauthorized_body",
]
