"""Texts of the books' refusals (statements and charts)."""

from __future__ import annotations

from communitybot.core import errors as e
from communitybot.runtime.catalogue._context import ErrorContext
from communitybot.runtime.catalogue._economy import clip
from communitybot.runtime.catalogue._render import Markup
from communitybot.runtime.catalogue._table import error_text
from communitybot.runtime.catalogue._translator import Translator


@error_text(e.InvalidMonth)
def _invalid_month(err: e.InvalidMonth, t: Translator, ctx: ErrorContext) -> Markup:
    if err.reason == "foreign_digits":  # said as for amounts
        why = t("error.invalid_amount.foreign_digits")
    else:
        why_key = f"error.invalid_month.{err.reason}"
        why = t(why_key) if t.has(why_key) else t("error.invalid_month.format")
    return t("error.invalid_month", text=clip(err.text), why=why)
