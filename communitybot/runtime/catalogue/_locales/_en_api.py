"""English texts of the HTTP API (its problem answers)."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    "api.idempotency_key.missing": (
        "This request moves money: send an Idempotency-Key header with it."
    ),
    "api.idempotency_key.malformed": (
        "The Idempotency-Key header must be 1 to {maximum} visible ASCII characters."
    ),
    "api.idempotency_key.reused": (
        "The Idempotency-Key “{key}” was used before for a different request."
    ),
    "api.request_too_large": "The request body is longer than {maximum} bytes.",
    "api.invalid_request": "The request cannot be read: {problems}.",
    "api.unauthorized": "The API key is missing, unknown, disabled or deleted.",
    "api.not_found": "There is no such resource.",
    "api.method_not_allowed": "This resource does not take this method.",
    "api.internal": (
        "Something went wrong on our side. Repeating the request with the same "
        "Idempotency-Key is safe."
    ),
}
