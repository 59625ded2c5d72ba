"""Texts of the HTTP API's own refusals (the ``detail`` of its problem answers)."""

from __future__ import annotations

from communitybot.core import errors as e
from communitybot.runtime.catalogue._context import ErrorContext
from communitybot.runtime.catalogue._economy import clip
from communitybot.runtime.catalogue._render import Markup
from communitybot.runtime.catalogue._table import error_text, field_text
from communitybot.runtime.catalogue._translator import Translator


@error_text(e.IdempotencyKeyRequired)
def _key_required(err: e.IdempotencyKeyRequired, t: Translator, ctx: ErrorContext) -> Markup:
    return t(f"api.idempotency_key.{err.reason}", maximum=err.maximum)


@error_text(e.IdempotencyKeyReused)
def _key_reused(err: e.IdempotencyKeyReused, t: Translator, ctx: ErrorContext) -> Markup:
    return t("api.idempotency_key.reused", key=clip(err.key, 32))


field_text(e.RequestTooLarge, "api.request_too_large", maximum="maximum")


@error_text(e.InvalidRequest)
def _invalid_request(err: e.InvalidRequest, t: Translator, ctx: ErrorContext) -> Markup:
    return t("api.invalid_request", problems=clip("; ".join(err.problems), 200))
