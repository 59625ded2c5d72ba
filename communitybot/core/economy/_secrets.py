"""API key secrets: random, shown once, stored only as a hash, compared in constant time.

A token reads ``<key id>.<secret>``: the id finds the stored hash, the secret (32 random bytes,
URL-safe base64) is hashed with SHA-256 and compared with :func:`hmac.compare_digest`. A slow
password hash is not needed: the secret is random and long, not a guessable password.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

from communitybot.core.errors import InvalidApiKey
from communitybot.core.ids import ApiKeyId
from communitybot.core.text import is_plain_number

SECRET_BYTES = 32
"""Random bytes in a secret."""

TOKEN_MAX = 96
"""Longest token text that is looked at."""


def new_secret() -> tuple[str, bytes]:
    """A fresh secret as text (to show once) and its hash (to store)."""
    raw = secrets.token_bytes(SECRET_BYTES)
    text = base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
    return text, hashlib.sha256(raw).digest()


def _decode(secret: str) -> bytes | None:
    padded = secret + "=" * (-len(secret) % 4)
    try:
        raw = base64.urlsafe_b64decode(padded.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None
    return raw if len(raw) == SECRET_BYTES else None


def secret_matches(secret: str, stored_hash: bytes) -> bool:
    """Whether ``secret`` hashes to ``stored_hash``, compared in constant time."""
    raw = _decode(secret)
    candidate = hashlib.sha256(raw if raw is not None else b"").digest()
    return hmac.compare_digest(candidate, stored_hash) and raw is not None


def make_token(key_id: ApiKeyId, secret: str) -> str:
    """The token handed to the application: ``<key id>.<secret>``."""
    return f"{key_id}.{secret}"


def parse_token(token: str) -> tuple[ApiKeyId, str]:
    """Split a token into key id and secret; refuse malformed ones with :class:`InvalidApiKey`."""
    if len(token) > TOKEN_MAX:
        raise InvalidApiKey()
    key_part, dot, secret = token.strip().partition(".")
    if not dot or not is_plain_number(key_part) or not secret:
        raise InvalidApiKey()
    return ApiKeyId(int(key_part)), secret


__all__ = [
    "SECRET_BYTES",
    "TOKEN_MAX",
    "make_token",
    "new_secret",
    "parse_token",
    "secret_matches",
]
