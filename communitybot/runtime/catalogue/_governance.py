"""Texts of the governance and privacy refusals: a vote to withdraw, a member to forget."""

from __future__ import annotations

from communitybot.core import errors as e
from communitybot.runtime.catalogue._context import ErrorContext
from communitybot.runtime.catalogue._render import Markup
from communitybot.runtime.catalogue._table import error_text, field_text
from communitybot.runtime.catalogue._translator import Translator

field_text(e.NotVoted, "error.not_voted", id="collective_id")


@error_text(e.CannotForget)
def _cannot_forget(err: e.CannotForget, t: Translator, ctx: ErrorContext) -> Markup:
    return t(f"error.cannot_forget.{err.reason}", balance=t.money(err.balance), count=err.count)
