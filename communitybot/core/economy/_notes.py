"""Bank notes: one-time notes of a fixed amount, redeemable once by whoever holds the code.

Issuing a note moves its amount from the issuer's account into the economy's note vault (a
system account), so the money stays in circulation while the note is out. The note's code reads
``note-<id>.<secret>``: the secret is 32 random bytes shown once, stored only as its SHA-256 and
compared in constant time (as API key secrets). A note is settled exactly once:

- **REDEEMED**: whoever presents the code first has the amount paid from the vault into an
  account of their choice (in the note's economy);
- **CANCELLED**: the issuer took it back (the amount returns to the issuer's account);
- **EXPIRED**: its expiry passed (by the injected clock) and the sweep returned the amount.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from communitybot.core.economy._secrets import TOKEN_MAX
from communitybot.core.errors import InvalidNoteCode, NoteExpired, NoteNotOutstanding
from communitybot.core.ids import AccountId, BankNoteId, EconomyId, JournalEntryId, MemberId
from communitybot.core.text import is_plain_number

NOTE_PREFIX = "note-"
"""Start of every bank note code."""


class NoteState(enum.Enum):
    """Life of a bank note: outstanding until settled once."""

    OUTSTANDING = "OUTSTANDING"
    REDEEMED = "REDEEMED"
    CANCELLED = "CANCELLED"
    EXPIRED = "EXPIRED"


@dataclass(frozen=True, slots=True)
class BankNote:
    """A bank note (never its secret).

    ``issue_entry_id`` is the leg into the vault; ``settle_entry_id`` the leg out of it when
    the note was redeemed (to ``redeemed_account_id``), cancelled or expired (to the issuer).
    """

    id: BankNoteId
    economy_id: EconomyId
    issuer_account_id: AccountId
    vault_account_id: AccountId
    amount: int
    state: NoteState
    issued_by: MemberId
    issue_entry_id: JournalEntryId
    settle_entry_id: JournalEntryId | None
    redeemed_by: MemberId | None
    redeemed_account_id: AccountId | None
    expires_at: datetime | None
    created_at: datetime
    settled_at: datetime | None

    def is_expired(self, now: datetime) -> bool:
        """Whether the note's expiry has passed at ``now``."""
        return self.expires_at is not None and now >= self.expires_at


@dataclass(frozen=True, slots=True)
class IssuedNote:
    """A freshly issued note and its code: the only time the code is shown.

    A replayed issue (same idempotency key) returns the note with ``code`` ``None``: the code
    is not stored anywhere and cannot be shown again (cancel the note if it was lost).
    """

    note: BankNote
    code: str | None


def make_note_code(note_id: BankNoteId, secret: str) -> str:
    """The code handed to the issuer: ``note-<id>.<secret>``."""
    return f"{NOTE_PREFIX}{note_id}.{secret}"


def parse_note_code(code: str) -> tuple[BankNoteId, str]:
    """Split a code into note id and secret; refuse malformed ones with :class:`InvalidNoteCode`."""
    if len(code) > TOKEN_MAX + len(NOTE_PREFIX):
        raise InvalidNoteCode()
    text = code.strip()
    if not text.startswith(NOTE_PREFIX):
        raise InvalidNoteCode()
    id_part, dot, secret = text[len(NOTE_PREFIX) :].partition(".")
    if not dot or not is_plain_number(id_part) or not secret:
        raise InvalidNoteCode()
    return BankNoteId(int(id_part)), secret


def check_redeemable(note: BankNote, now: datetime) -> None:
    """Refuse redeeming a settled note (:class:`NoteNotOutstanding`) or an expired one
    (:class:`NoteExpired`)."""
    if note.state is not NoteState.OUTSTANDING:
        raise NoteNotOutstanding(note_id=note.id, state=note.state.value)
    if note.is_expired(now):
        assert note.expires_at is not None
        raise NoteExpired(note_id=note.id, expires_at=note.expires_at.isoformat())


__all__ = [
    "NOTE_PREFIX",
    "BankNote",
    "IssuedNote",
    "NoteState",
    "check_redeemable",
    "make_note_code",
    "parse_note_code",
]
