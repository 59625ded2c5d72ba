"""All SQL of bank notes and the note vault of each economy."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from communitybot.core.economy import BankNote, NoteState
from communitybot.core.ids import (
    AccountId,
    ApiKeyId,
    BankNoteId,
    EconomyId,
    JournalEntryId,
    MemberId,
)
from communitybot.db.brokers.economy._util import (
    count_where,
    find_row,
    find_scalar,
    insert_id,
    insert_row,
    lock_row,
    record,
    required,
    scalars,
    update_where,
)
from communitybot.db.models.admin import NoteTokenRow
from communitybot.db.models.economy_ext import BankNoteRow, NoteVaultRow

_COLUMNS = tuple(c for c in BankNoteRow.__table__.c if c.name != "secret_hash")


def _note(row: Any) -> BankNote:
    return record(BankNote, row)


def find_vault(session: Session, *, economy_id: EconomyId) -> AccountId | None:
    """The note vault account of ``economy_id``, or ``None`` before its first note."""
    return find_scalar(
        session,
        select(NoteVaultRow.account_id).where(NoteVaultRow.economy_id == economy_id),
        AccountId,
    )


def insert_vault(
    session: Session, *, economy_id: EconomyId, account_id: AccountId, now: datetime
) -> None:
    """Record ``account_id`` as the note vault of ``economy_id`` (one per economy)."""
    insert_row(session, NoteVaultRow, economy_id=economy_id, account_id=account_id, created_at=now)


def insert_note(
    session: Session,
    *,
    economy_id: EconomyId,
    issuer_account_id: AccountId,
    vault_account_id: AccountId,
    amount: int,
    secret_hash: bytes,
    issued_by: MemberId,
    key_id: ApiKeyId | None,
    issue_entry_id: JournalEntryId,
    expires_at: datetime | None,
    now: datetime,
) -> BankNoteId:
    """Insert an OUTSTANDING note; return its id."""
    return insert_id(
        session,
        BankNoteId,
        BankNoteRow,
        economy_id=economy_id,
        issuer_account_id=issuer_account_id,
        vault_account_id=vault_account_id,
        amount=amount,
        secret_hash=secret_hash,
        state=NoteState.OUTSTANDING,
        issued_by=issued_by,
        key_id=key_id,
        issue_entry_id=issue_entry_id,
        expires_at=expires_at,
        created_at=now,
    )


def find_note(session: Session, *, note_id: BankNoteId) -> BankNote | None:
    """Note ``note_id``, or ``None``."""
    return find_row(session, select(*_COLUMNS).where(BankNoteRow.id == note_id), _note)


def get_note(session: Session, *, note_id: BankNoteId) -> BankNote:
    """Note ``note_id``; :class:`NotFound` when missing."""
    return required(find_note(session, note_id=note_id), "bank_note", note_id)


def insert_token(
    session: Session,
    *,
    note_id: BankNoteId,
    jti: str,
    recipient_id: MemberId,
    kid: str,
    now: datetime,
) -> None:
    """Record what the note's signed token names: its ``jti``, recipient and signing key."""
    insert_row(
        session,
        NoteTokenRow,
        note_id=note_id,
        jti=jti,
        recipient_id=recipient_id,
        kid=kid,
        created_at=now,
    )


def find_by_jti(session: Session, *, jti: str) -> tuple[BankNote, MemberId] | None:
    """The note whose token has ``jti``, and its recipient; ``None`` when there is none."""
    row = session.execute(
        select(*_COLUMNS, NoteTokenRow.recipient_id)
        .join(NoteTokenRow, NoteTokenRow.note_id == BankNoteRow.id)
        .where(NoteTokenRow.jti == jti)
    ).one_or_none()
    return None if row is None else (_note(row), MemberId(row.recipient_id))


def lock_note(session: Session, *, note_id: BankNoteId) -> BankNote:
    """Lock the note's row ``FOR UPDATE`` and return it as it is now."""
    statement = select(*_COLUMNS).where(BankNoteRow.id == note_id)
    return lock_row(session, statement, _note, "bank_note", note_id)


def settle_note(
    session: Session,
    *,
    note_id: BankNoteId,
    state: NoteState,
    settle_entry_id: JournalEntryId,
    now: datetime,
    redeemed_by: MemberId | None = None,
    redeemed_account_id: AccountId | None = None,
) -> bool:
    """Settle an OUTSTANDING note once; ``False`` if it was settled already."""
    return update_where(
        session,
        BankNoteRow,
        BankNoteRow.id == note_id,
        BankNoteRow.state == NoteState.OUTSTANDING,
        state=state,
        settle_entry_id=settle_entry_id,
        redeemed_by=redeemed_by,
        redeemed_account_id=redeemed_account_id,
        settled_at=now,
    )


def count_outstanding_from(session: Session, *, account_id: AccountId) -> int:
    """How many OUTSTANDING notes ``account_id`` issued (it cannot close meanwhile)."""
    return count_where(
        session,
        BankNoteRow.issuer_account_id == account_id,
        BankNoteRow.state == NoteState.OUTSTANDING,
    )


def list_expired_ids(session: Session, *, now: datetime, limit: int) -> list[BankNoteId]:
    """OUTSTANDING notes whose expiry passed by ``now``, soonest expired first."""
    return scalars(
        session,
        BankNoteId,
        select(BankNoteRow.id)
        .where(BankNoteRow.state == NoteState.OUTSTANDING, BankNoteRow.expires_at <= now)
        .order_by(BankNoteRow.expires_at, BankNoteRow.id)
        .limit(limit),
    )


def list_notes(
    session: Session,
    *,
    issuer_account_id: AccountId,
    state: NoteState | None = None,
    limit: int = 100,
) -> list[BankNote]:
    """The notes ``issuer_account_id`` issued (optionally in one state), newest first."""
    statement = select(*_COLUMNS).where(BankNoteRow.issuer_account_id == issuer_account_id)
    if state is not None:
        statement = statement.where(BankNoteRow.state == state)
    rows = session.execute(statement.order_by(BankNoteRow.id.desc()).limit(limit)).all()
    return [_note(row) for row in rows]


def outstanding_total(session: Session, *, economy_id: EconomyId) -> int:
    """The sum of the OUTSTANDING notes of ``economy_id`` (what its vault must hold)."""
    return int(
        session.scalar(
            select(func.coalesce(func.sum(BankNoteRow.amount), 0)).where(
                BankNoteRow.economy_id == economy_id, BankNoteRow.state == NoteState.OUTSTANDING
            )
        )
        or 0
    )


__all__ = [
    "count_outstanding_from",
    "find_by_jti",
    "find_note",
    "find_vault",
    "get_note",
    "insert_note",
    "insert_token",
    "insert_vault",
    "list_expired_ids",
    "list_notes",
    "lock_note",
    "outstanding_total",
    "settle_note",
]
