"""What the HTTP API stores about a money-moving request: its fingerprint and its answer."""

from __future__ import annotations

from dataclasses import dataclass

PAGE_MAX = 100
"""Most items one page of the HTTP API holds (accounts, members, journal rows)."""

IDEMPOTENCY_KEY_MAX = 128
"""Longest ``Idempotency-Key`` a client may send (visible ASCII characters)."""


def is_idempotency_key(text: str) -> bool:
    """Whether ``text`` is 1 to :data:`IDEMPOTENCY_KEY_MAX` visible ASCII characters."""
    return 0 < len(text) <= IDEMPOTENCY_KEY_MAX and all("!" <= c <= "~" for c in text)


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """The answer given to the request made under an API key's ``Idempotency-Key``.

    ``fingerprint`` names the request (method, path and body); ``status`` and ``body`` (JSON
    text) are replayed when the same request comes again. ``replayed`` is true when this answer
    was stored before the request asking for it.
    """

    fingerprint: str
    status: int
    body: str
    replayed: bool = False


__all__ = ["IDEMPOTENCY_KEY_MAX", "PAGE_MAX", "StoredAnswer", "is_idempotency_key"]
