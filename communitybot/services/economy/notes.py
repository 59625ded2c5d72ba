"""Bank notes: one-time notes of a fixed amount, signed over to one recipient, redeemed once.

Issuing moves the amount from the issuer's account into the economy's **note vault**, so it stays
in circulation (minted − burned = balances still holds) and the vault always holds exactly the
sum of the outstanding notes (:func:`check_vault`). The vault is a system account, created with
the economy's first note and stored closed, so no generic path (transfers, printing or removing
funds, tax cycles, limits, recurring transfers, closing) can ever move its money; only this
module does, naming it explicitly, through the same engine: accounts locked in ascending id
order, then the note's row; relative balance updates; the journal leg in the same transaction.

- :func:`issue_note` needs ``TRANSFER_FUNDS`` on the issuing account (an API key's spending
  limit counts the note). Its code is a signed token (JWT, HS256, see
  :mod:`communitybot.services.economy._note_tokens`) naming the recipient (``aud``), a unique
  ``jti`` and the expiry (``exp``, the ring's lifetime unless told), signed with the
  :class:`~communitybot.core.economy.NoteKeyring`'s current key (``kid``); shown once.
- :func:`redeem_note` needs the code, presented by its recipient: anyone else is refused
  ``NoteNotForYou``. The note is found by its ``jti`` and settled once: a second redemption is
  refused ``NoteNotOutstanding`` (the note row is locked and re-checked, and settled by a
  conditional update). The money goes to any open account of the note's economy the recipient
  names.
- :func:`cancel_note` (``TRANSFER_FUNDS`` on the issuing account) returns an outstanding note's
  money to the issuer; cancelling a cancelled note answers with it again.
- :func:`expire_notes` (``communitybot economy expire-notes``, from a timer) returns the money of
  every note whose expiry passed by the injected clock to its issuer. An expired note cannot be
  redeemed even before the sweep ran.

An account with outstanding notes cannot close (``AccountInUse``), so the money always has
somewhere to go back to.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from communitybot.core.clock import Clock
from communitybot.core.economy import (
    Account,
    AccountType,
    Actor,
    BankNote,
    EntryDetail,
    EntryKind,
    IssuedNote,
    JournalEntry,
    KeyActor,
    NoteClaims,
    NoteKeyring,
    NoteState,
    Permission,
    Principal,
    TransactionType,
    check_amount,
    check_redeemable,
)
from communitybot.core.errors import (
    DomainError,
    InvalidNoteExpiry,
    IssuanceAccountForbidden,
    NoteNotForYou,
    NoteNotOutstanding,
)
from communitybot.core.ids import AccountId, BankNoteId, EconomyId, MemberId
from communitybot.core.ledger import Leg
from communitybot.db.brokers.economy import accounts as account_broker
from communitybot.db.brokers.economy import economies as economy_broker
from communitybot.db.brokers.economy import notes as note_broker
from communitybot.db.idempotency import run_once
from communitybot.db.stores import EconomyStore
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy._common import (
    SYSTEM_CLOCK,
    authorize,
    authorized_account,
    open_account,
    refuse,
    same_economy,
    usable_key,
)
from communitybot.services.economy._note_reads import (
    get_note,
    inspect_note,
    list_notes,
    verified_note,
)
from communitybot.services.economy._note_tokens import sign
from communitybot.services.economy._note_vault import VaultCheck, check_vault
from communitybot.services.ledger import move

VAULT_ACCOUNT_NAME = "bank-notes"
"""Name of the system account holding an economy's outstanding notes."""

EXPIRY_BATCH = 100
"""Notes read per batch while sweeping expired ones."""


def _vault(session: Session, *, economy_id: EconomyId, now: datetime) -> AccountId:
    """The economy's note vault; created (in this transaction) with its first note."""
    found = note_broker.find_vault(session, economy_id=economy_id)
    if found is not None:
        return found
    account_id = account_broker.insert_account(
        session,
        economy_id=economy_id,
        name=VAULT_ACCOUNT_NAME,
        account_type=AccountType.FINANCIAL,
        owner_id=None,
        now=now,
        system=True,
    )
    note_broker.insert_vault(session, economy_id=economy_id, account_id=account_id, now=now)
    return account_id


_NOTE_LEG = EntryDetail(EntryKind.TRANSFER, transaction_type=TransactionType.PERSONAL)

Check = Callable[[Mapping[int, Account]], None]
"""A refusal the caller runs on the locked accounts."""


def _move_note(
    session: Session,
    principal: Principal,
    leg: Leg[EntryDetail],
    economy_id: EconomyId,
    vault: AccountId,
    now: datetime,
    check: Check,
) -> JournalEntry:
    """The one leg of a note, into or out of the ``vault`` (a system account)."""
    store = EconomyStore(
        session, economy_id, principal=principal, now=now, detail="bank_note", system_ids={vault}
    )
    (entry,) = move(store, [leg], check=check).entries
    return entry


def _pay_out(
    session: Session,
    note: BankNote,
    *,
    principal: Principal,
    to_account_id: AccountId,
    now: datetime,
    check: Check,
) -> JournalEntry:
    """The one leg that settles ``note``: its amount out of the vault to ``to_account_id``."""
    leg = Leg(note.vault_account_id, to_account_id, note.amount, _NOTE_LEG)
    vault = note.vault_account_id
    return _move_note(session, Actor(principal.user_id), leg, note.economy_id, vault, now, check)


def issue_note(
    uow: UnitOfWork,
    principal: Principal,
    *,
    account_id: AccountId,
    amount: int,
    recipient_id: MemberId,
    keyring: NoteKeyring,
    idempotency_key: str,
    expires_at: datetime | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> IssuedNote:
    """Issue a note of ``amount`` drawn from ``account_id``, signed over to ``recipient_id``;
    the code (a signed token) is in the result, once.

    Needs ``TRANSFER_FUNDS`` on the account. The note expires at ``expires_at`` (aware, after
    now) or after the ring's lifetime, to the second. Refuses, changing nothing, with
    ``AmountOutOfRange``, ``InvalidNoteExpiry``, ``NotFound``, ``AccountClosed``,
    ``IssuanceAccountForbidden``, ``NotPermitted``, ``ApiKeyUnusable``, ``InsufficientBalance``,
    ``SpendingLimitExceeded``, ``IdempotencyKeyConflict``. A replayed key answers with the note
    and ``code`` ``None``.
    """
    check_amount(amount)
    jti = str(uuid.uuid4())

    def act(session: Session) -> tuple[IssuedNote, dict[str, Any]]:
        now = clock.now()
        if expires_at is not None and (expires_at.tzinfo is None or expires_at <= now):
            raise InvalidNoteExpiry(expires_at=expires_at.isoformat(), now=now.isoformat())
        expiry = (expires_at or now + keyring.lifetime).replace(microsecond=0)
        if expiry <= now:
            raise InvalidNoteExpiry(expires_at=expiry.isoformat(), now=now.isoformat())
        account = account_broker.get_account(session, account_id=account_id)
        economy = economy_broker.get_economy(session, economy_id=account.economy_id)
        if account.is_issuance:
            raise IssuanceAccountForbidden(account_id=account.id)
        vault = _vault(session, economy_id=economy.id, now=now)

        def may_pay(locked: Mapping[int, Account]) -> None:
            authorize(session, principal, Permission.TRANSFER_FUNDS, account=locked[account.id])

        leg = Leg(account.id, vault, amount, _NOTE_LEG)
        entry = _move_note(session, principal, leg, economy.id, vault, now, may_pay)
        note_id = note_broker.insert_note(
            session,
            economy_id=economy.id,
            issuer_account_id=account.id,
            vault_account_id=vault,
            amount=amount,
            secret_hash=hashlib.sha256(jti.encode("ascii")).digest(),
            issued_by=principal.user_id,
            key_id=principal.key_id if isinstance(principal, KeyActor) else None,
            issue_entry_id=entry.id,
            expires_at=expiry,
            now=now,
        )
        note_broker.insert_token(
            session,
            note_id=note_id,
            jti=jti,
            recipient_id=recipient_id,
            kid=keyring.current,
            now=now,
        )
        claims = NoteClaims(
            note_id=note_id,
            jti=jti,
            recipient_id=recipient_id,
            economy_id=economy.id,
            amount=amount,
            expires_at=expiry,
            kid=keyring.current,
        )
        note = note_broker.get_note(session, note_id=note_id)
        code = sign(keyring, claims, now=now)
        data = {"note": note_id, "to": recipient_id}
        return IssuedNote(note=note, code=code, recipient_id=recipient_id), data

    def replay(session: Session, data: dict[str, Any]) -> IssuedNote:
        note = note_broker.get_note(session, note_id=data["note"])
        return IssuedNote(note=note, code=None, recipient_id=MemberId(data["to"]))

    def once() -> IssuedNote:
        return run_once(uow, key=idempotency_key, op="economy.issue_note", act=act, replay=replay)

    try:
        return once()
    except IntegrityError:
        return once()  # two first notes of an economy raced to create its vault; it exists now


def redeem_note(
    uow: UnitOfWork,
    principal: Principal,
    *,
    code: str,
    to_account_id: AccountId,
    keyring: NoteKeyring,
    idempotency_key: str,
    clock: Clock = SYSTEM_CLOCK,
) -> BankNote:
    """Redeem a note by its code into an open account of the note's economy; only the note's
    recipient may.

    It is redeemed once: a second time is refused ``NoteNotOutstanding`` (unless the recipient
    redeems it into the same account again: that answers with the note and moves nothing).
    Refuses, changing nothing, with ``InvalidNoteCode`` (malformed, tampered, unknown key or
    unknown note, alike), ``NoteNotForYou`` (anyone but the recipient), ``NoteExpired``,
    ``NotFound``, ``AccountClosed``, ``CrossEconomy``, ``IssuanceAccountForbidden``,
    ``BalanceOutOfRange``, ``NotPermitted`` (a key outside its economy),
    ``IdempotencyKeyConflict``.
    """

    def act(session: Session) -> tuple[BankNote, dict[str, Any]]:
        now = clock.now()
        note, recipient = verified_note(session, keyring, code)
        if principal.user_id != recipient:
            raise NoteNotForYou(note_id=note.id)
        if isinstance(principal, KeyActor):
            usable_key(session, principal)
            if principal.economy_id != note.economy_id:
                raise refuse(principal, "REDEEM_NOTE", economy_id=note.economy_id)
        target = open_account(account_broker.get_account(session, account_id=to_account_id))
        same_economy(note.economy_id, target.economy_id)
        if target.is_issuance:
            raise IssuanceAccountForbidden(account_id=target.id)
        if (
            note.state is NoteState.REDEEMED
            and note.redeemed_by == principal.user_id
            and note.redeemed_account_id == target.id
        ):
            return note, {"note": note.id}

        def still_outstanding(_locked: Mapping[int, Account]) -> None:
            check_redeemable(note_broker.lock_note(session, note_id=note.id), now)

        entry = _pay_out(
            session,
            note,
            principal=principal,
            to_account_id=target.id,
            now=now,
            check=still_outstanding,
        )
        if not note_broker.settle_note(
            session,
            note_id=note.id,
            state=NoteState.REDEEMED,
            settle_entry_id=entry.id,
            redeemed_by=principal.user_id,
            redeemed_account_id=target.id,
            now=now,
        ):  # pragma: no cover - the row is locked and was checked outstanding
            raise NoteNotOutstanding(note_id=note.id, state="unknown")
        return note_broker.get_note(session, note_id=note.id), {"note": note.id}

    return run_once(
        uow, key=idempotency_key, op="economy.redeem_note", act=act, replay=_replay_note
    )


def _replay_note(session: Session, data: dict[str, Any]) -> BankNote:
    """A redeemed or cancelled note again, as its stored data names it."""
    return note_broker.get_note(session, note_id=data["note"])


def _return_to_issuer(
    session: Session,
    *,
    note: BankNote,
    principal: Principal,
    state: NoteState,
    now: datetime,
    check_actor: bool,
) -> BankNote:
    """Pay an outstanding note's amount back to its issuer and settle it as ``state``."""

    def still_outstanding(locked: Mapping[int, Account]) -> None:
        if check_actor:
            issuer = locked[note.issuer_account_id]
            authorize(session, principal, Permission.TRANSFER_FUNDS, account=issuer)
        current = note_broker.lock_note(session, note_id=note.id)
        if current.state is not NoteState.OUTSTANDING:
            raise NoteNotOutstanding(note_id=note.id, state=current.state.value)
        if state is NoteState.EXPIRED and not current.is_expired(now):  # pragma: no cover
            raise NoteNotOutstanding(note_id=note.id, state=current.state.value)

    entry = _pay_out(
        session,
        note,
        principal=principal,
        to_account_id=note.issuer_account_id,
        now=now,
        check=still_outstanding,
    )
    note_broker.settle_note(
        session, note_id=note.id, state=state, settle_entry_id=entry.id, now=now
    )
    return note_broker.get_note(session, note_id=note.id)


def cancel_note(
    uow: UnitOfWork,
    principal: Principal,
    *,
    note_id: BankNoteId,
    idempotency_key: str,
    clock: Clock = SYSTEM_CLOCK,
) -> BankNote:
    """Take an outstanding note back: its amount returns to the issuing account.

    Needs ``TRANSFER_FUNDS`` on the issuing account. Cancelling a cancelled note answers with it
    and moves nothing; a redeemed or expired one is refused ``NoteNotOutstanding``.
    """

    def act(session: Session) -> tuple[BankNote, dict[str, Any]]:
        note = note_broker.get_note(session, note_id=note_id)
        if note.state is NoteState.CANCELLED:
            authorized_account(
                session, principal, Permission.TRANSFER_FUNDS, note.issuer_account_id
            )
            return note, {"note": note.id}
        if isinstance(principal, KeyActor):
            usable_key(session, principal)
        settled = _return_to_issuer(
            session,
            note=note,
            principal=principal,
            state=NoteState.CANCELLED,
            now=clock.now(),
            check_actor=True,
        )
        return settled, {"note": note.id}

    return run_once(
        uow, key=idempotency_key, op="economy.cancel_note", act=act, replay=_replay_note
    )


def _expire(session: Session, *, note_id: BankNoteId, now: datetime) -> bool:
    note = note_broker.get_note(session, note_id=note_id)
    if note.state is not NoteState.OUTSTANDING or not note.is_expired(now):
        return False
    _return_to_issuer(
        session,
        note=note,
        principal=Actor(note.issued_by),
        state=NoteState.EXPIRED,
        now=now,
        check_actor=False,
    )
    return True


@dataclass(frozen=True, slots=True)
class ExpiryReport:
    """What one sweep did: notes expired, and notes whose return was refused (``failed``)."""

    expired: int = 0
    failed: tuple[BankNoteId, ...] = ()


def expire_notes(uow: UnitOfWork, *, clock: Clock = SYSTEM_CLOCK) -> ExpiryReport:
    """Return the money of every outstanding note whose expiry passed by ``clock.now()`` to its
    issuer, one short transaction per note. Safe to run twice or concurrently."""
    now = clock.now()
    expired = 0
    failed: list[BankNoteId] = []
    seen: set[BankNoteId] = set()
    while True:
        batch = [
            n
            for n in uow.read(partial(note_broker.list_expired_ids, now=now, limit=EXPIRY_BATCH))
            if n not in seen
        ]
        if not batch:
            return ExpiryReport(expired=expired, failed=tuple(failed))
        for note_id in batch:
            seen.add(note_id)
            try:
                expired += int(uow.run(partial(_expire, note_id=note_id, now=now)))
            except NoteNotOutstanding:
                continue  # settled by someone else meanwhile
            except DomainError:
                failed.append(note_id)


__all__ = [
    "EXPIRY_BATCH",
    "VAULT_ACCOUNT_NAME",
    "ExpiryReport",
    "VaultCheck",
    "cancel_note",
    "check_vault",
    "expire_notes",
    "get_note",
    "inspect_note",
    "issue_note",
    "list_notes",
    "redeem_note",
]
