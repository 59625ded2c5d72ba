"""Reading bank notes (:mod:`~communitybot.services.economy.notes`): the note a code names, a
note by id, an account's notes. Nothing here moves money."""

from __future__ import annotations

from functools import partial

from sqlalchemy.orm import Session

from communitybot.core.economy import BankNote, NoteKeyring, NoteState, Principal
from communitybot.core.errors import InvalidNoteCode
from communitybot.core.ids import AccountId, BankNoteId, MemberId
from communitybot.db.brokers.economy import notes as note_broker
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy._common import read_viewable, viewable_record
from communitybot.services.economy._note_tokens import verify


def verified_note(session: Session, keyring: NoteKeyring, code: str) -> tuple[BankNote, MemberId]:
    """The note a code names and its recipient, if the code's signature checks out and names a
    note signed over to that recipient (:class:`InvalidNoteCode` alike otherwise)."""
    claims = verify(keyring, code)
    found = note_broker.find_by_jti(session, jti=claims.jti)
    if found is None or found[0].id != claims.note_id or found[1] != claims.recipient_id:
        raise InvalidNoteCode()
    return found


def inspect_note(uow: UnitOfWork, *, code: str, keyring: NoteKeyring) -> BankNote:
    """The note a code names (amount, state, expiry), for whoever holds the code; moves nothing.
    Refuses ``InvalidNoteCode`` like :func:`redeem_note`."""
    return uow.read(lambda session: verified_note(session, keyring, code)[0])


def get_note(uow: UnitOfWork, principal: Principal, *, note_id: BankNoteId) -> BankNote:
    """A note (never its code). Needs ``VIEW_BALANCE`` on the issuing account."""

    fetch = partial(note_broker.get_note, note_id=note_id)
    return viewable_record(uow, principal, fetch, lambda note: note.issuer_account_id)


def list_notes(
    uow: UnitOfWork,
    principal: Principal,
    *,
    account_id: AccountId,
    state: NoteState | None = None,
    limit: int = 100,
) -> list[BankNote]:
    """The notes an account issued, newest first. Needs ``VIEW_BALANCE`` on it."""

    read = partial(note_broker.list_notes, issuer_account_id=account_id, state=state, limit=limit)
    return read_viewable(uow, principal, account_id, read)
