"""Reading bank notes (:mod:`~communitybot.services.economy.notes`): the note a code names, a
note by id, an account's notes. Nothing here moves money."""

from __future__ import annotations

from sqlalchemy.orm import Session

from communitybot.core.economy import BankNote, NoteKeyring, NoteState, Permission, Principal
from communitybot.core.errors import InvalidNoteCode
from communitybot.core.ids import AccountId, BankNoteId, MemberId
from communitybot.db.brokers.economy import notes as note_broker
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy._common import authorized_account
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

    def run(session: Session) -> BankNote:
        note = note_broker.get_note(session, note_id=note_id)
        authorized_account(session, principal, Permission.VIEW_BALANCE, note.issuer_account_id)
        return note

    return uow.read(run)


def list_notes(
    uow: UnitOfWork,
    principal: Principal,
    *,
    account_id: AccountId,
    state: NoteState | None = None,
    limit: int = 100,
) -> list[BankNote]:
    """The notes an account issued, newest first. Needs ``VIEW_BALANCE`` on it."""

    def run(session: Session) -> list[BankNote]:
        account = authorized_account(session, principal, Permission.VIEW_BALANCE, account_id)
        return note_broker.list_notes(
            session, issuer_account_id=account.id, state=state, limit=limit
        )

    return uow.read(run)
