"""Bank notes: one-time notes of a fixed amount, signed over to one recipient, redeemed once.

Issuing a note moves its amount from the issuer's account into the economy's note vault (a
system account), so the money stays in circulation while the note is out. The note's code is a
JSON Web Token (HS256, as the multi-server economy article describes): self-contained and
shareable as text, anyone can read what it says, nobody can change it without the signature
breaking. It names the note (``nid``, ``jti``), the recipient (``aud``: their platform user id),
the amount and economy, and expires (``exp``, required); its header names the signing key
(``kid``) of a :class:`NoteKeyring`, so a new key signs new notes while notes signed with an
older key of the ring stay valid until they expire. A note is settled exactly once:

- **REDEEMED**: its recipient (nobody else) had the amount paid from the vault into an account
  of their choice (in the note's economy);
- **CANCELLED**: the issuer took it back (the amount returns to the issuer's account);
- **EXPIRED**: its expiry passed (by the injected clock) and the sweep returned the amount.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from communitybot.core.errors import ConfigurationError, NoteExpired, NoteNotOutstanding
from communitybot.core.ids import AccountId, BankNoteId, EconomyId, JournalEntryId, MemberId

NOTE_ALGORITHM = "HS256"
"""The one signature algorithm of bank notes; a token naming any other is refused."""

NOTE_TOKEN_MAX = 1024
"""Longest bank note code that is looked at."""

NOTE_SECRET_MIN = 32
"""Fewest bytes of a signing key."""

KID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
"""What the name of a signing key (``kid``) may be."""


@dataclass(frozen=True, slots=True)
class NoteKeyring:
    """The keys that sign and verify bank notes: ``current`` (a ``kid``) signs new notes, every
    key of ``secrets`` verifies (rotate by adding a new key, making it current, and dropping the
    old one once its notes expired). ``lifetime`` is how long a note lasts unless it says."""

    current: str
    secrets: Mapping[str, bytes]
    lifetime: timedelta = timedelta(days=30)

    def __post_init__(self) -> None:
        if self.current not in self.secrets:
            raise ConfigurationError(problem="notes.signing_kid names no key of notes.signing_keys")
        for kid, secret in self.secrets.items():
            if not KID_PATTERN.match(kid) or len(secret) < NOTE_SECRET_MIN:
                raise ConfigurationError(problem=f"notes.signing_keys.{kid[:32]}")
        if self.lifetime <= timedelta(0):
            raise ConfigurationError(problem="notes.lifetime_days")

    def secret(self, kid: object) -> bytes | None:
        """The key named ``kid``, or ``None`` when the ring has no such key."""
        return self.secrets.get(kid) if isinstance(kid, str) else None


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
    """A freshly issued note, whom it is signed over to, and its code (a signed token).

    A replayed issue (same idempotency key) returns the note with ``code`` ``None``: the code
    is not stored anywhere and cannot be shown again (cancel the note if it was lost).
    """

    note: BankNote
    code: str | None
    recipient_id: MemberId


@dataclass(frozen=True, slots=True)
class NoteClaims:
    """What a verified bank note token says: the note (``nid``, ``jti``), its recipient
    (``aud``), its economy and amount, when it expires (``exp``) and the key that signed it."""

    note_id: BankNoteId
    jti: str
    recipient_id: MemberId
    economy_id: EconomyId
    amount: int
    expires_at: datetime
    kid: str


def check_redeemable(note: BankNote, now: datetime) -> None:
    """Refuse redeeming a settled note (:class:`NoteNotOutstanding`) or an expired one
    (:class:`NoteExpired`)."""
    if note.state is not NoteState.OUTSTANDING:
        raise NoteNotOutstanding(note_id=note.id, state=note.state.value)
    if note.is_expired(now):
        assert note.expires_at is not None
        raise NoteExpired(note_id=note.id, expires_at=note.expires_at.isoformat())


__all__ = [
    "KID_PATTERN",
    "NOTE_ALGORITHM",
    "NOTE_SECRET_MIN",
    "NOTE_TOKEN_MAX",
    "BankNote",
    "IssuedNote",
    "NoteClaims",
    "NoteKeyring",
    "NoteState",
    "check_redeemable",
]
