"""Bank notes on MariaDB: issue, redeem once, cancel, expire, the vault, and races."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

from communitybot.bootstrap import EconomyUseCases
from communitybot.core.economy import (
    Account,
    AccountType,
    Actor,
    BankNote,
    EntryKind,
    IssuedNote,
    KeyType,
    NoteKeyring,
    NoteState,
    TaxType,
    TransactionType,
)
from communitybot.core.errors import (
    AccountClosed,
    AccountInUse,
    AmountOutOfRange,
    ConfigurationError,
    CrossEconomy,
    EconomyNotEmpty,
    IdempotencyKeyConflict,
    InsufficientBalance,
    InvalidNoteCode,
    InvalidNoteExpiry,
    IssuanceAccountForbidden,
    LacksPermission,
    NoteExpired,
    NoteNotForYou,
    NoteNotOutstanding,
    SpendingLimitExceeded,
)
from communitybot.core.ids import AccountId, MemberId
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy import (
    accounts,
    economies,
    keys,
    notes,
    taxes,
    transfers,
)
from communitybot.settings import Settings
from tests.services.economy.conftest import ADMIN, NOTE_KEYS, Bank, new_key
from tests.services.economy.realm import other_economy

ALICE, BOB, CAROL = Actor(MemberId(10)), Actor(MemberId(11)), Actor(MemberId(12))


def issue(
    bank: Bank,
    actor: Any,
    account: Account,
    amount: int,
    *,
    key: str | None = None,
    expires_in: timedelta | None = None,
    to: Actor | None = None,
) -> IssuedNote:
    """``actor`` issues a note signed over to ``to`` (Bob unless told)."""
    return notes.issue_note(
        bank.uow,
        actor,
        account_id=account.id,
        amount=amount,
        recipient_id=(to or BOB).user_id,
        keyring=NOTE_KEYS,
        idempotency_key=key or new_key(),
        expires_at=None if expires_in is None else bank.clock.now() + expires_in,
        clock=bank.clock,
    )


def redeem(
    bank: Bank, actor: Any, code: str, target: Account, *, key: str | None = None
) -> BankNote:
    return notes.redeem_note(
        bank.uow,
        actor,
        code=code,
        to_account_id=target.id,
        keyring=NOTE_KEYS,
        idempotency_key=key or new_key(),
        clock=bank.clock,
    )


def assert_whole(bank: Bank) -> None:
    check = economies.check_economy(bank.uow, economy_id=bank.economy.id)
    assert check.ok, check
    vault = notes.check_vault(bank.uow, economy_id=bank.economy.id)
    assert vault.ok, vault


def test_issue_moves_the_amount_into_the_vault_and_shows_the_code_once(bank: Bank) -> None:
    alice = bank.account(10, balance=1_000)
    issued = issue(bank, ALICE, alice, 300)
    note = issued.note
    assert issued.code is not None
    assert issued.recipient_id == BOB.user_id
    header = jwt.get_unverified_header(issued.code)
    assert header == {"alg": "HS256", "kid": "k2", "typ": "JWT"}
    claims = jwt.decode(issued.code, options={"verify_signature": False})
    assert (claims["aud"], claims["nid"], claims["amt"], claims["eco"]) == (
        "11",
        note.id,
        300,
        bank.economy.id,
    )
    assert len(claims["jti"]) == 36
    assert claims["exp"] == int((bank.clock.now() + NOTE_KEYS.lifetime).timestamp())
    assert note.expires_at == datetime.fromtimestamp(claims["exp"], tz=UTC)
    assert (note.amount, note.state, note.issued_by, note.issuer_account_id) == (
        300,
        NoteState.OUTSTANDING,
        10,
        alice.id,
    )
    assert bank.balance(alice.id) == 700
    vault = notes.check_vault(bank.uow, economy_id=bank.economy.id)
    assert (vault.vault_account_id, vault.vault_balance, vault.outstanding) == (
        note.vault_account_id,
        300,
        300,
    )
    stored = bank.get(note.vault_account_id)
    assert (stored.name, stored.owner_id, stored.is_open) == (notes.VAULT_ACCOUNT_NAME, None, False)
    (leg,) = transfers.journal(bank.uow, ALICE, account_id=alice.id, limit=1)
    assert (leg.id, leg.kind, leg.transaction_type, leg.amount) == (
        note.issue_entry_id,
        EntryKind.TRANSFER,
        TransactionType.PERSONAL,
        300,
    )
    assert notes.inspect_note(bank.uow, code=issued.code, keyring=NOTE_KEYS) == note
    assert notes.get_note(bank.uow, ALICE, note_id=note.id) == note
    assert notes.list_notes(bank.uow, ALICE, account_id=alice.id) == [note]
    assert_whole(bank)


def test_a_replayed_issue_returns_the_note_without_its_code(bank: Bank) -> None:
    alice = bank.account(10, balance=1_000)
    key = new_key()
    first = issue(bank, ALICE, alice, 300, key=key)
    again = issue(bank, ALICE, alice, 300, key=key)
    assert (again.note, again.code) == (first.note, None)
    assert bank.balance(alice.id) == 700


def test_only_the_recipient_redeems_and_only_once(
    bank: Bank, snapshot: Callable[[], object]
) -> None:
    alice = bank.account(10, balance=1_000)
    bob = bank.account(11)
    carol = bank.account(12)
    issued = issue(bank, ALICE, alice, 250)
    assert issued.code is not None
    note = redeem(bank, BOB, issued.code, bob)
    assert (note.state, note.redeemed_by, note.redeemed_account_id) == (
        NoteState.REDEEMED,
        11,
        bob.id,
    )
    assert (bank.balance(alice.id), bank.balance(bob.id)) == (750, 250)
    (leg,) = transfers.journal(bank.uow, BOB, account_id=bob.id, limit=1)
    assert (leg.id, leg.from_account_id, leg.transaction_type) == (
        note.settle_entry_id,
        note.vault_account_id,
        TransactionType.PERSONAL,
    )
    # the same member into the same account again: the same answer, nothing moves
    assert redeem(bank, BOB, issued.code, bob) == note
    assert bank.balance(bob.id) == 250
    before = snapshot()
    with pytest.raises(NoteNotOutstanding) as late:
        redeem(bank, BOB, issued.code, carol)  # once, even by its recipient
    assert late.value.state == "REDEEMED"
    other = issue(bank, ALICE, alice, 100)
    assert other.code is not None
    before = snapshot()
    for stranger in (CAROL, ALICE, ADMIN):  # anyone but the recipient, the issuer too
        with pytest.raises(NoteNotForYou) as refused:
            redeem(bank, stranger, other.code, carol)
        assert refused.value.note_id == other.note.id
    assert snapshot() == before
    with pytest.raises(NoteNotOutstanding):
        notes.cancel_note(bank.uow, ALICE, note_id=note.id, idempotency_key=new_key())
    assert_whole(bank)


def test_a_replayed_redeem_answers_with_the_same_note(bank: Bank) -> None:
    alice = bank.account(10, balance=1_000)
    bob = bank.account(11)
    issued = issue(bank, ALICE, alice, 100)
    assert issued.code is not None
    key = new_key()
    first = redeem(bank, BOB, issued.code, bob, key=key)
    assert redeem(bank, BOB, issued.code, bob, key=key) == first
    assert bank.balance(bob.id) == 100


def _forged(claims: dict[str, Any], *, key: bytes = b"2" * 32, **header: Any) -> str:
    """A token of ``claims`` signed with ``key`` (``k2``'s unless told), ``header`` added."""
    with warnings.catch_warnings():  # PyJWT wants 64 bytes for HS512; the forger does not care
        warnings.simplefilter("ignore")
        return jwt.encode(claims, key, algorithm=header.pop("alg", "HS256"), headers=header)


def test_wrong_codes_are_refused_alike(bank: Bank, snapshot: Callable[[], object]) -> None:
    alice = bank.account(10, balance=1_000)
    bob = bank.account(11)
    issued = issue(bank, ALICE, alice, 100)
    assert issued.code is not None
    claims = jwt.decode(issued.code, options={"verify_signature": False})
    head, body, signature = issued.code.split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    richer = jwt.encode({**claims, "amt": 100_000}, b"x" * 32).split(".")[1]
    unsigned = jwt.encode(claims, None, algorithm="none")
    without = {name: {k: v for k, v in claims.items() if k != name} for name in claims}
    before = snapshot()
    for code in (
        "",
        "note-1.abc",
        "a.b.c",
        f"{head}.{body}.{flipped}",  # a broken signature
        f"{head}.{richer}.{signature}",  # a changed amount under the old signature
        unsigned,  # alg none
        _forged(claims, kid="k2", alg="HS512"),  # another algorithm, the right key
        _forged(claims, kid="k9"),  # a key the ring does not have
        _forged(claims),  # no kid at all
        _forged(claims, key=b"3" * 32, kid="k2"),  # a key that is not k2
        _forged({**claims, "jti": "0" * 36}, kid="k2"),  # a note that was never issued
        _forged({**claims, "aud": "12"}, kid="k2"),  # signed over to someone else since
        _forged({**claims, "aud": "١١"}, kid="k2"),  # digits other than 0-9
        _forged({**claims, "nid": "1"}, kid="k2"),
        *(_forged(without[name], kid="k2") for name in ("exp", "jti", "aud", "nid")),
        issued.code + "A" * 1000,
    ):
        with pytest.raises(InvalidNoteCode):
            redeem(bank, BOB, code, bob)
        with pytest.raises(InvalidNoteCode):
            notes.inspect_note(bank.uow, code=code, keyring=NOTE_KEYS)
    assert snapshot() == before


def test_a_rotated_key_keeps_notes_in_flight_valid(bank: Bank) -> None:
    alice = bank.account(10, balance=1_000)
    bob = bank.account(11)
    issued = issue(bank, ALICE, alice, 100)
    assert issued.code is not None
    rotated = NoteKeyring(current="k3", secrets={"k2": b"2" * 32, "k3": b"3" * 32})
    newer = notes.issue_note(
        bank.uow,
        ALICE,
        account_id=alice.id,
        amount=50,
        recipient_id=BOB.user_id,
        keyring=rotated,
        idempotency_key=new_key(),
        clock=bank.clock,
    )
    assert newer.code is not None
    assert jwt.get_unverified_header(newer.code)["kid"] == "k3"
    for code in (issued.code, newer.code):
        notes.redeem_note(
            bank.uow,
            BOB,
            code=code,
            to_account_id=bob.id,
            keyring=rotated,
            idempotency_key=new_key(),
            clock=bank.clock,
        )
    assert bank.balance(bob.id) == 150
    dropped = NoteKeyring(current="k3", secrets={"k3": b"3" * 32})
    late = issue(bank, ALICE, alice, 10)  # signed with k2, which the next ring dropped
    with pytest.raises(InvalidNoteCode):
        notes.inspect_note(bank.uow, code=late.code or "", keyring=dropped)


@pytest.mark.cluster
def test_eight_redeemers_at_once_exactly_one_wins(bank: Bank) -> None:
    alice = bank.account(10, balance=10_000)
    takers = [bank.account(100 + n) for n in range(8)]
    issued = issue(bank, ALICE, alice, 777)
    assert issued.code is not None
    code = issued.code
    barrier = threading.Barrier(8)

    def attempt(index: int) -> str:
        barrier.wait()
        try:
            redeem(bank, BOB, code, takers[index])  # the recipient, into eight accounts
        except NoteNotOutstanding:
            return "refused"
        return "won"

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(attempt, range(8)))
    assert outcomes.count("won") == 1
    assert outcomes.count("refused") == 7
    winner = takers[outcomes.index("won")]
    assert [bank.balance(t.id) for t in takers].count(777) == 1
    assert bank.balance(winner.id) == 777
    assert sum(bank.balance(t.id) for t in takers) == 777
    assert_whole(bank)


@pytest.mark.cluster
def test_redeem_and_cancel_race_settles_the_note_once(bank: Bank) -> None:
    alice = bank.account(10, balance=10_000)
    bob = bank.account(11)
    issued = [issue(bank, ALICE, alice, 100) for _ in range(6)]
    barrier = threading.Barrier(2)

    def redeem_all(_: int) -> int:
        barrier.wait()
        won = 0
        for item in issued:
            assert item.code is not None
            try:
                redeem(bank, BOB, item.code, bob)
                won += 1
            except NoteNotOutstanding:
                pass
        return won

    def cancel_all(_: int) -> int:
        barrier.wait()
        won = 0
        for item in reversed(issued):
            try:
                notes.cancel_note(bank.uow, ALICE, note_id=item.note.id, idempotency_key=new_key())
                won += 1
            except NoteNotOutstanding:
                pass
        return won

    with ThreadPoolExecutor(max_workers=2) as pool:
        redeemed = pool.submit(redeem_all, 0)
        cancelled = pool.submit(cancel_all, 1)
        total = redeemed.result() + cancelled.result()
    assert total == 6
    assert bank.balance(bob.id) == 100 * redeemed.result()
    assert bank.balance(alice.id) == 10_000 - 100 * redeemed.result()
    assert_whole(bank)


def test_cancel_returns_the_money_and_is_idempotent(bank: Bank) -> None:
    alice = bank.account(10, balance=1_000)
    bob = bank.account(11)
    issued = issue(bank, ALICE, alice, 400)
    assert issued.code is not None
    key = new_key()
    cancelled = notes.cancel_note(
        bank.uow, ALICE, note_id=issued.note.id, idempotency_key=key, clock=bank.clock
    )
    assert cancelled.state is NoteState.CANCELLED
    assert cancelled.settle_entry_id is not None
    assert bank.balance(alice.id) == 1_000
    again = notes.cancel_note(bank.uow, ALICE, note_id=issued.note.id, idempotency_key=key)
    other = notes.cancel_note(bank.uow, ALICE, note_id=issued.note.id, idempotency_key=new_key())
    assert again == other == cancelled
    assert bank.balance(alice.id) == 1_000
    with pytest.raises(NoteNotOutstanding):
        redeem(bank, BOB, issued.code, bob)
    assert_whole(bank)


def test_only_the_issuing_side_may_cancel(bank: Bank, snapshot: Callable[[], object]) -> None:
    alice = bank.account(10, balance=1_000)
    issued = issue(bank, ALICE, alice, 400)
    before = snapshot()
    with pytest.raises(LacksPermission):
        notes.cancel_note(bank.uow, BOB, note_id=issued.note.id, idempotency_key=new_key())
    with pytest.raises(LacksPermission):
        notes.get_note(bank.uow, BOB, note_id=issued.note.id)
    assert snapshot() == before


def test_expiry_returns_the_money_to_the_issuer(bank: Bank, snapshot: Callable[[], object]) -> None:
    alice = bank.account(10, balance=1_000)
    bob = bank.account(11)
    short = issue(bank, ALICE, alice, 100, expires_in=timedelta(hours=1))
    long = issue(bank, ALICE, alice, 200, expires_in=timedelta(days=7))
    later = issue(bank, ALICE, alice, 300, expires_in=timedelta(days=60))
    assert short.code is not None
    assert notes.expire_notes(bank.uow, clock=bank.clock) == notes.ExpiryReport()
    bank.clock.advance(timedelta(hours=1))
    before = snapshot()
    with pytest.raises(NoteExpired):
        redeem(bank, BOB, short.code, bob)  # expired even before the sweep ran
    assert snapshot() == before
    assert notes.expire_notes(bank.uow, clock=bank.clock) == notes.ExpiryReport(expired=1)
    assert notes.get_note(bank.uow, ALICE, note_id=short.note.id).state is NoteState.EXPIRED
    assert bank.balance(alice.id) == 1_000 - 200 - 300
    bank.clock.advance(timedelta(days=30))
    assert notes.expire_notes(bank.uow, clock=bank.clock) == notes.ExpiryReport(expired=1)
    assert notes.expire_notes(bank.uow, clock=bank.clock) == notes.ExpiryReport()
    states = {n.id: n.state for n in notes.list_notes(bank.uow, ALICE, account_id=alice.id)}
    assert states == {
        short.note.id: NoteState.EXPIRED,
        long.note.id: NoteState.EXPIRED,
        later.note.id: NoteState.OUTSTANDING,
    }
    assert bank.balance(alice.id) == 700
    assert_whole(bank)


@pytest.mark.cluster
def test_concurrent_sweeps_expire_each_note_once(bank: Bank) -> None:
    alice = bank.account(10, balance=10_000)
    for _ in range(10):
        issue(bank, ALICE, alice, 100, expires_in=timedelta(minutes=5))
    bank.clock.advance(timedelta(minutes=5))
    barrier = threading.Barrier(4)

    def sweep(_: int) -> notes.ExpiryReport:
        barrier.wait()
        return notes.expire_notes(bank.uow, clock=bank.clock)

    with ThreadPoolExecutor(max_workers=4) as pool:
        reports = list(pool.map(sweep, range(4)))
    assert sum(r.expired for r in reports) == 10
    assert bank.balance(alice.id) == 10_000
    assert_whole(bank)


def test_the_vault_is_out_of_reach_of_every_generic_path(
    bank: Bank, snapshot: Callable[[], object]
) -> None:
    alice = bank.account(10, balance=1_000)
    treasury = bank.account(None, kind=AccountType.GOVERNMENT, name="treasury")
    issued = issue(bank, ALICE, alice, 500)
    vault = AccountId(issued.note.vault_account_id)
    taxes.create_tax_bracket(
        bank.uow,
        ADMIN,
        economy_id=bank.economy.id,
        name="wealth",
        affected_type=AccountType.FINANCIAL,
        tax_type=TaxType.WEALTH_FLAT,
        start=0,
        end=None,
        rate=5_000,
        to_account_id=treasury.id,
    )
    cycle = taxes.run_tax_cycle(bank.uow, ADMIN, economy_id=bank.economy.id, period="p1")
    assert cycle.collected == 0  # the vault is never taxed
    before = snapshot()
    for attempt in (
        lambda: transfers.transfer(
            bank.uow,
            ADMIN,
            from_account_id=vault,
            to_account_id=alice.id,
            amount=1,
            idempotency_key=new_key(),
        ),
        lambda: transfers.remove_funds(
            bank.uow, ADMIN, account_id=vault, amount=1, idempotency_key=new_key()
        ),
        lambda: transfers.print_funds(
            bank.uow, ADMIN, account_id=vault, amount=1, idempotency_key=new_key()
        ),
        lambda: accounts.set_account_limit(bank.uow, ADMIN, account_id=vault, min_balance=-10),
        lambda: redeem(bank, BOB, issued.code or "", bank.get(vault)),
    ):
        with pytest.raises(AccountClosed):
            attempt()
    with pytest.raises(EconomyNotEmpty):
        economies.delete_economy(bank.uow, ADMIN, economy_id=bank.economy.id)
    assert snapshot() == before
    assert_whole(bank)


def test_outstanding_notes_keep_the_issuer_open(bank: Bank) -> None:
    alice = bank.account(10, balance=100)
    issued = issue(bank, ALICE, alice, 100)
    with pytest.raises(AccountInUse) as in_use:
        accounts.close_account(bank.uow, ALICE, account_id=alice.id)
    assert in_use.value.by == "bank_note"
    notes.cancel_note(bank.uow, ALICE, note_id=issued.note.id, idempotency_key=new_key())
    transfers.remove_funds(
        bank.uow, ADMIN, account_id=alice.id, amount=100, idempotency_key=new_key()
    )
    assert not accounts.close_account(bank.uow, ALICE, account_id=alice.id).is_open


def test_a_grant_key_issues_within_its_spending_limit(
    bank: Bank, snapshot: Callable[[], object]
) -> None:
    alice = bank.account(10, balance=1_000)
    application = keys.create_application(bank.uow, ALICE, economy_id=bank.economy.id, name="app")
    issued_key = keys.create_key(
        bank.uow,
        ALICE,
        application_id=application.id,
        issuer_id=ALICE.user_id,
        key_type=KeyType.GRANT,
        account_id=alice.id,
        spending_limit=300,
        enable=True,
    )
    keys.activate_key(bank.uow, ALICE, key_id=issued_key.key.id)
    key = keys.authenticate(bank.uow, issued_key.token)
    note = issue(bank, key, alice, 200).note
    assert note.issued_by == 10
    before = snapshot()
    with pytest.raises(SpendingLimitExceeded):
        issue(bank, key, alice, 101)
    assert snapshot() == before


def _refusals(bank: Bank) -> dict[str, tuple[Callable[[], Any], type[Exception]]]:
    alice = bank.account(10, balance=1_000)
    bob = bank.account(11)
    outside = other_economy(bank, "shells", "sh")
    shell = outside.account(11, name="shell")
    issued = issue(bank, ALICE, alice, 100)
    code = issued.code or ""
    used = new_key()
    transfers.transfer(
        bank.uow,
        ALICE,
        from_account_id=alice.id,
        to_account_id=bob.id,
        amount=1,
        idempotency_key=used,
    )
    issuance = AccountId(bank.economy.issuance_account_id)
    past = bank.clock.now() - timedelta(seconds=1)
    application = keys.create_application(bank.uow, BOB, economy_id=outside.economy.id, name="a")
    issued_key = keys.create_key(
        bank.uow,
        BOB,
        application_id=application.id,
        issuer_id=BOB.user_id,
        key_type=KeyType.MASTER,
        enable=True,
    )
    keys.activate_key(bank.uow, BOB, key_id=issued_key.key.id)
    foreign_key = keys.authenticate(bank.uow, issued_key.token)
    return {
        "key_outside_economy": (lambda: redeem(bank, foreign_key, code, bob), LacksPermission),
        "zero": (lambda: issue(bank, ALICE, alice, 0), AmountOutOfRange),
        "insufficient": (lambda: issue(bank, ALICE, alice, 900), InsufficientBalance),
        "not_theirs": (lambda: issue(bank, BOB, alice, 10), LacksPermission),
        "issuance": (
            lambda: notes.issue_note(
                bank.uow,
                ADMIN,
                account_id=issuance,
                amount=1,
                recipient_id=BOB.user_id,
                keyring=NOTE_KEYS,
                idempotency_key=new_key(),
            ),
            IssuanceAccountForbidden,
        ),
        "past_expiry": (
            lambda: notes.issue_note(
                bank.uow,
                ALICE,
                account_id=alice.id,
                amount=1,
                recipient_id=BOB.user_id,
                keyring=NOTE_KEYS,
                idempotency_key=new_key(),
                expires_at=past,
                clock=bank.clock,
            ),
            InvalidNoteExpiry,
        ),
        "naive_expiry": (
            lambda: notes.issue_note(
                bank.uow,
                ALICE,
                account_id=alice.id,
                amount=1,
                recipient_id=BOB.user_id,
                keyring=NOTE_KEYS,
                idempotency_key=new_key(),
                expires_at=(bank.clock.now() + timedelta(days=1)).replace(tzinfo=None),
                clock=bank.clock,
            ),
            InvalidNoteExpiry,
        ),
        "key_reused": (lambda: issue(bank, ALICE, alice, 10, key=used), IdempotencyKeyConflict),
        "other_economy": (lambda: redeem(bank, BOB, code, shell), CrossEconomy),
        "into_issuance": (
            lambda: redeem(bank, BOB, code, bank.get(issuance)),
            IssuanceAccountForbidden,
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "key_outside_economy",
        "zero",
        "insufficient",
        "not_theirs",
        "issuance",
        "past_expiry",
        "naive_expiry",
        "key_reused",
        "other_economy",
        "into_issuance",
    ],
)
def test_refusals_change_nothing(bank: Bank, snapshot: Callable[[], object], case: str) -> None:
    call, error = _refusals(bank)[case]
    before = snapshot()
    with pytest.raises(error):
        call()
    assert snapshot() == before


def test_the_first_note_of_an_economy_refused_creates_no_vault(
    bank: Bank, snapshot: Callable[[], object], uow: UnitOfWork
) -> None:
    alice = bank.account(10, balance=10)
    before = snapshot()
    with pytest.raises(InsufficientBalance):
        issue(bank, ALICE, alice, 11)
    assert snapshot() == before
    assert notes.check_vault(uow, economy_id=bank.economy.id).vault_account_id is None


@pytest.mark.cluster
def test_first_notes_racing_share_one_vault(bank: Bank) -> None:
    people = [bank.account(100 + n, balance=1_000) for n in range(6)]
    barrier = threading.Barrier(6)

    def first(index: int) -> AccountId:
        barrier.wait()
        return issue(bank, Actor(MemberId(100 + index)), people[index], 50).note.vault_account_id

    with ThreadPoolExecutor(max_workers=6) as pool:
        vaults = set(pool.map(first, range(6)))
    assert len(vaults) == 1
    assert notes.check_vault(bank.uow, economy_id=bank.economy.id).vault_balance == 300
    assert_whole(bank)


def test_without_signing_keys_bank_notes_are_refused(
    bank: Bank, snapshot: Callable[[], object]
) -> None:
    alice = bank.account(10, balance=1_000)
    cases = EconomyUseCases(bank.uow, Settings().community.to_rules(), bank.clock, None)
    before = snapshot()
    with pytest.raises(ConfigurationError) as refused:
        cases.issue_note(
            ALICE, account_id=alice.id, amount=1, recipient_id=BOB.user_id, idempotency_key="k"
        )
    assert refused.value.problem == "notes.signing_keys"
    with pytest.raises(ConfigurationError):
        cases.inspect_note(code="x")
    assert snapshot() == before
