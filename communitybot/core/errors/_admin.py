"""Refusals of the administration's own tools: the audit, and signed bank notes."""

from communitybot.core.errors._base import EconomyError, InvalidInput, NotPermitted


class AuditQueryInvalid(InvalidInput):
    """A filter of the audit that cannot be asked: ``field`` (``limit``, ``since``, ``until``,
    ``actor``, ``kind``, ``target``, ``before_id``) and why (``reason``: ``range``, ``length``,
    ``zone``, ``order``, ``format``)."""

    field: str
    reason: str


class NoteNotForYou(EconomyError, NotPermitted):
    """Bank note ``note_id`` is signed over to someone else; only its recipient may redeem it."""

    note_id: int


__all__ = ["AuditQueryInvalid", "NoteNotForYou"]
