"""Refusals of the HTTP API itself, before or around a use case: a request that cannot be taken
as it came (its idempotency key, its size, its shape)."""

from communitybot.core.errors._base import AdapterError, Conflict, InvalidInput, LimitExceeded


class IdempotencyKeyRequired(AdapterError, InvalidInput):
    """A money-moving request came without a usable ``Idempotency-Key`` header (``reason``:
    ``"missing"`` or ``"malformed"``: 1 to ``maximum`` visible ASCII characters)."""

    reason: str
    maximum: int


class IdempotencyKeyReused(AdapterError, Conflict):
    """``Idempotency-Key`` ``key`` was used before by this API key for a different request."""

    key: str


class RequestTooLarge(AdapterError, LimitExceeded):
    """The request body is longer than ``maximum`` bytes."""

    maximum: int


class InvalidRequest(AdapterError, InvalidInput):
    """The request could not be read: ``problems`` lists each as ``"<where>: <what>"``
    (malformed JSON, a wrong type, a missing or unknown field, a value out of range)."""

    problems: tuple[str, ...]


__all__ = ["IdempotencyKeyRequired", "IdempotencyKeyReused", "InvalidRequest", "RequestTooLarge"]
