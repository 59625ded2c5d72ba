"""Texts of the administration's refusals: the audit's filters, bank notes signed over to
someone else."""

from __future__ import annotations

from communitybot.core import errors as e
from communitybot.runtime.catalogue._context import ErrorContext
from communitybot.runtime.catalogue._render import Markup
from communitybot.runtime.catalogue._table import error_text, field_text
from communitybot.runtime.catalogue._translator import Translator


@error_text(e.AuditQueryInvalid)
def _audit_query(err: e.AuditQueryInvalid, t: Translator, ctx: ErrorContext) -> Markup:
    why = t.word("error.audit_query", err.reason)
    return t("error.audit_query", field=err.field, why=why)


field_text(e.NoteNotForYou, "error.note_not_for_you", note_id="note_id")
