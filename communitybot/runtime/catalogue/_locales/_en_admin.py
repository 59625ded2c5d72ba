"""English texts of the administration: the audit, applications and API keys, signed bank
notes, a treasurer's chat administration (Telegram, Discord and the command line)."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, str]] = {
    # the command line
    "cli.arg.not_positive": "{text} is not a number (write it with the digits 0-9)",
    "cli.audit.more": "more: --before {before}",
    "cli.audit.exported": "{rows} audit entries written to {path}",
    "cli.application.created": "application {id} ({name}) created",
    "cli.application.deleted": "application {id} and its keys deleted",
    "cli.key.token": "token (shown only now, keep it secret): {token}",
    # refusals
    "error.audit_query": "That audit filter cannot be used: “{field}” {why}.",
    "error.audit_query.range": "is out of range",
    "error.audit_query.length": "is empty or too long",
    "error.audit_query.zone": "needs a time zone",
    "error.audit_query.order": "must come after the start",
    "error.audit_query.format": "is not a time (write it as 2026-12-01T18:00+00:00)",
    "error.note_not_for_you": (
        "Bank note #{note_id} is signed over to someone else; only its recipient can redeem it."
    ),
}
