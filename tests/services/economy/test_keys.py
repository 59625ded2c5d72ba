"""Applications and API keys on MariaDB: secrets, activation, AND with the issuer, limits."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import Engine, text

from communitybot.core.clock import ManualClock
from communitybot.core.economy import (
    Account,
    AccountType,
    Actor,
    ApiKey,
    IssuedKey,
    KeyActor,
    KeyType,
    Permission,
    Subject,
)
from communitybot.core.errors import (
    ApiKeyUnusable,
    CrossEconomy,
    InsufficientBalance,
    InvalidApiKey,
    InvalidKeySpec,
    LacksPermission,
    SpendingLimitExceeded,
)
from communitybot.core.ids import ApiKeyId, MemberId
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy import (
    accounts,
    economies,
    keys,
    permissions,
    recurring,
    transfers,
)
from tests.services.economy.conftest import Bank, new_key

DEV, ALICE, BOB = Actor(MemberId(50)), Actor(MemberId(10)), Actor(MemberId(11))


def app_key(
    bank: Bank,
    *,
    account: Account | None,
    key_type: KeyType = KeyType.GRANT,
    limit: int | None = 1_000,
    issuer: Actor = ALICE,
    enable: bool = True,
    activate: bool = True,
) -> IssuedKey:
    application = keys.create_application(
        bank.uow, DEV, economy_id=bank.economy.id, name="shop-app"
    )
    issued = keys.create_key(
        bank.uow,
        DEV,
        application_id=application.id,
        issuer_id=issuer.user_id,
        key_type=key_type,
        account_id=None if account is None else account.id,
        spending_limit=limit,
        enable=enable,
    )
    if activate:
        keys.activate_key(bank.uow, issuer, key_id=issued.key.id)
    return issued


def spend(bank: Bank, key: KeyActor, source: Account, target: Account, amount: int) -> object:
    return transfers.transfer(
        bank.uow,
        key,
        from_account_id=source.id,
        to_account_id=target.id,
        amount=amount,
        idempotency_key=new_key(),
    )


def test_keys_start_disabled_and_inactive_unless_asked(bank: Bank, uow: UnitOfWork) -> None:
    alice = bank.account(10, balance=100)
    issued = app_key(bank, account=alice, enable=False, activate=False)
    assert (issued.key.enabled, issued.key.activated) == (False, False)
    with pytest.raises(ApiKeyUnusable) as caught:
        keys.authenticate(uow, issued.token)
    assert caught.value.reason == "disabled"
    keys.enable_key(uow, DEV, key_id=issued.key.id)
    with pytest.raises(ApiKeyUnusable) as caught:
        keys.authenticate(uow, issued.token)
    assert caught.value.reason == "inactive"
    keys.activate_key(uow, ALICE, key_id=issued.key.id)
    actor = keys.authenticate(uow, issued.token)
    assert (actor.key_id, actor.issuer.user_id, actor.account_id) == (
        issued.key.id,
        ALICE.user_id,
        alice.id,
    )


def test_secret_is_stored_only_as_a_hash(bank: Bank, uow: UnitOfWork, engine: Engine) -> None:
    alice = bank.account(10)
    issued = app_key(bank, account=alice)
    secret = issued.token.split(".", 1)[1]
    with engine.connect() as connection:
        stored = connection.execute(
            text("SELECT secret_hash FROM economy_api_keys WHERE id = :id"),
            {"id": issued.key.id},
        ).scalar_one()
    assert len(stored) == 32
    assert secret.encode() not in stored
    assert issued.token not in repr(
        keys.list_keys(uow, DEV, application_id=issued.key.application_id)
    )


@pytest.mark.parametrize(
    "token_of",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
        lambda t: "999999." + t.split(".", 1)[1],
        lambda t: "garbage",
        lambda t: "",
    ],
)
def test_wrong_tokens_are_refused_alike(
    bank: Bank, uow: UnitOfWork, token_of: Callable[[str], str]
) -> None:
    issued = app_key(bank, account=bank.account(10))
    with pytest.raises(InvalidApiKey):
        keys.authenticate(uow, token_of(issued.token))


def test_grant_key_spends_within_its_limit(
    bank: Bank, uow: UnitOfWork, snapshot: Callable[[], object]
) -> None:
    alice = bank.account(10, balance=10_000)
    shop = bank.account(20, kind=AccountType.CORPORATION)
    actor = keys.authenticate(uow, app_key(bank, account=alice, limit=1_000).token)
    spend(bank, actor, alice, shop, 600)
    spend(bank, actor, alice, shop, 400)
    before = snapshot()
    with pytest.raises(SpendingLimitExceeded) as caught:
        spend(bank, actor, alice, shop, 1)
    assert caught.value.data == {
        "key_id": actor.key_id,
        "limit": 1_000,
        "spent": 1_000,
        "amount": 1,
    }
    assert snapshot() == before
    entry = transfers.journal(uow, ALICE, account_id=alice.id, limit=1)[0]
    assert (entry.key_id, entry.actor_id) == (actor.key_id, ALICE.user_id)


@pytest.mark.cluster
def test_spending_limit_holds_under_concurrent_use_of_one_key(bank: Bank, uow: UnitOfWork) -> None:
    alice = bank.account(10, balance=1_000_000)
    shop = bank.account(20, kind=AccountType.CORPORATION)
    issued = app_key(bank, account=alice, limit=5_000)
    actor = keys.authenticate(uow, issued.token)
    barrier = threading.Barrier(8)

    def worker() -> tuple[int, int]:
        barrier.wait()
        ok = refused = 0
        for _ in range(10):
            try:
                spend(bank, actor, alice, shop, 100)
                ok += 1
            except SpendingLimitExceeded:
                refused += 1
        return ok, refused

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = [f.result() for f in [pool.submit(worker) for _ in range(8)]]
    assert sum(ok for ok, _ in results) == 50
    assert sum(refused for _, refused in results) == 30
    assert bank.balance(shop.id) == 5_000
    assert bank.balance(alice.id) == 1_000_000 - 5_000
    (stored,) = keys.list_keys(uow, DEV, application_id=issued.key.application_id)
    assert stored.spent == 5_000
    assert economies.check_economy(uow, economy_id=bank.economy.id).ok


def test_key_acts_only_where_key_and_issuer_both_may(bank: Bank, uow: UnitOfWork) -> None:
    alice = bank.account(10, balance=10_000)
    alice_corp = bank.account(10, balance=10_000, kind=AccountType.CORPORATION)
    bob = bank.account(11, balance=10_000)
    grant = keys.authenticate(uow, app_key(bank, account=alice).token)
    with pytest.raises(LacksPermission):  # Alice may, but the key is bound to her USER account
        spend(bank, grant, alice_corp, bob, 1)
    master = keys.authenticate(uow, app_key(bank, account=None, key_type=KeyType.MASTER).token)
    spend(bank, master, alice_corp, bob, 1)  # both may
    with pytest.raises(LacksPermission):  # the key may, Alice may not: Bob's account
        spend(bank, master, bob, alice, 1)
    with pytest.raises(LacksPermission):  # nor print money, though a master key could
        transfers.print_funds(uow, master, account_id=alice.id, amount=1, idempotency_key=new_key())
    permissions.set_permissions(
        uow,
        ALICE,
        subject=Subject.key(master.key_id),
        permissions=[Permission.TRANSFER_FUNDS],
        economy_id=bank.economy.id,
        allowed=False,
    )
    with pytest.raises(LacksPermission):  # Alice may, the key is now denied
        spend(bank, master, alice_corp, bob, 1)


def test_key_is_confined_to_its_economy(bank: Bank, uow: UnitOfWork) -> None:
    gold = economies.create_economy(uow, bank.admin, currency_name="gold", currency_unit="g")
    there = accounts.open_account(uow, ALICE, economy_id=gold.id, name="alice-gold")
    there_too = accounts.open_account(uow, BOB, economy_id=gold.id, name="bob-gold")
    transfers.print_funds(
        uow, bank.admin, account_id=there.id, amount=100, idempotency_key=new_key()
    )
    master = keys.authenticate(uow, app_key(bank, account=None, key_type=KeyType.MASTER).token)
    assert permissions.has_permission(uow, ALICE, Permission.TRANSFER_FUNDS, account_id=there.id)
    assert not permissions.has_permission(
        uow, master, Permission.TRANSFER_FUNDS, account_id=there.id
    )
    with pytest.raises(LacksPermission):
        transfers.transfer(
            uow,
            master,
            from_account_id=there.id,
            to_account_id=there_too.id,
            amount=1,
            idempotency_key=new_key(),
        )
    with pytest.raises(LacksPermission):
        economies.create_economy(uow, master, currency_name="x", currency_unit="x")


def test_disabled_or_deleted_key_stops_at_once(bank: Bank, uow: UnitOfWork) -> None:
    alice = bank.account(10, balance=10_000)
    bob = bank.account(11)
    issued = app_key(bank, account=alice)
    actor = keys.authenticate(uow, issued.token)
    keys.disable_key(uow, ALICE, key_id=issued.key.id)  # the issuer may pull the plug
    with pytest.raises(ApiKeyUnusable):
        spend(bank, actor, alice, bob, 1)
    keys.enable_key(uow, DEV, key_id=issued.key.id)
    spend(bank, actor, alice, bob, 1)
    keys.delete_key(uow, DEV, key_id=issued.key.id)
    with pytest.raises(ApiKeyUnusable) as caught:
        spend(bank, actor, alice, bob, 1)
    assert caught.value.reason == "deleted"


def test_deleting_the_application_deletes_its_keys(bank: Bank, uow: UnitOfWork) -> None:
    issued = app_key(bank, account=bank.account(10))
    keys.delete_application(uow, DEV, application_id=issued.key.application_id)
    with pytest.raises(ApiKeyUnusable):
        keys.authenticate(uow, issued.token)
    assert keys.list_applications(uow, DEV) == []


def test_recurring_transfer_by_a_key_keeps_counting_its_spending(
    bank: Bank, uow: UnitOfWork, clock: ManualClock
) -> None:
    alice = bank.account(10, balance=10_000)
    bob = bank.account(11)
    actor = keys.authenticate(uow, app_key(bank, account=alice, limit=250).token)
    recurring.create_recurring_transfer(
        uow,
        actor,
        from_account_id=alice.id,
        to_account_id=bob.id,
        amount=100,
        interval_days=1,
        clock=clock,
        idempotency_key=new_key(),
    )
    clock.advance(timedelta(days=3))
    report = recurring.tick(uow, clock=clock)
    assert (report.paid, report.failed) == (2, 1)
    assert bank.balance(bob.id) == 200


@pytest.mark.parametrize(
    "case",
    [
        "grant without account",
        "grant without limit",
        "master with account",
        "negative limit",
        "foreign account",
        "not the app owner",
        "app for someone else",
        "activate by another",
        "activate without the account",
        "enable by the issuer",
        "key manages keys",
    ],
)
def test_key_refusals_change_nothing(
    bank: Bank, uow: UnitOfWork, snapshot: Callable[[], object], case: str
) -> None:
    alice = bank.account(10, balance=100)
    bob = bank.account(11)
    gold = economies.create_economy(uow, bank.admin, currency_name="gold", currency_unit="g")
    foreign = accounts.open_account(uow, ALICE, economy_id=gold.id, name="alice-gold")
    application = keys.create_application(uow, DEV, economy_id=bank.economy.id, name="app")
    pending = keys.create_key(
        uow,
        DEV,
        application_id=application.id,
        issuer_id=ALICE.user_id,
        account_id=bob.id,
        spending_limit=5,
    ).key
    ready = app_key(bank, account=alice)
    master = keys.authenticate(uow, app_key(bank, account=None, key_type=KeyType.MASTER).token)

    def make(**spec: object) -> object:
        values: dict[str, object] = {
            "application_id": application.id,
            "issuer_id": ALICE.user_id,
            "key_type": KeyType.GRANT,
            "account_id": alice.id,
            "spending_limit": 10,
        }
        values.update(spec)
        actor = values.pop("actor", DEV)
        return keys.create_key(uow, actor, **values)  # type: ignore[arg-type]

    actions: dict[str, tuple[Callable[[], object], type[Exception]]] = {
        "grant without account": (lambda: make(account_id=None), InvalidKeySpec),
        "grant without limit": (lambda: make(spending_limit=None), InvalidKeySpec),
        "master with account": (lambda: make(key_type=KeyType.MASTER), InvalidKeySpec),
        "negative limit": (lambda: make(spending_limit=-1), InvalidKeySpec),
        "foreign account": (lambda: make(account_id=foreign.id), CrossEconomy),
        "not the app owner": (lambda: make(actor=BOB), LacksPermission),
        "app for someone else": (
            lambda: keys.create_application(
                uow, BOB, economy_id=bank.economy.id, name="x", owner_id=DEV.user_id
            ),
            LacksPermission,
        ),
        "activate by another": (
            lambda: keys.activate_key(uow, BOB, key_id=pending.id),
            LacksPermission,
        ),
        "activate without the account": (
            lambda: keys.activate_key(uow, ALICE, key_id=pending.id),
            LacksPermission,
        ),
        "enable by the issuer": (
            lambda: keys.enable_key(uow, ALICE, key_id=ready.key.id),
            LacksPermission,
        ),
        "key manages keys": (
            lambda: keys.disable_key(uow, master, key_id=ready.key.id),
            LacksPermission,
        ),
    }
    action, error = actions[case]
    before = snapshot()
    with pytest.raises(error):
        action()
    assert snapshot() == before


def test_insufficient_funds_do_not_count_against_the_limit(bank: Bank, uow: UnitOfWork) -> None:
    alice = bank.account(10, balance=50)
    bob = bank.account(11)
    issued = app_key(bank, account=alice, limit=100)
    actor = keys.authenticate(uow, issued.token)
    with pytest.raises(InsufficientBalance):
        spend(bank, actor, alice, bob, 60)
    spend(bank, actor, alice, bob, 50)
    stored: ApiKey = keys.list_keys(uow, DEV, application_id=issued.key.application_id)[0]
    assert stored.spent == 50
    assert stored.id == ApiKeyId(issued.key.id)


def test_a_key_actor_must_describe_its_stored_key(
    bank: Bank, uow: UnitOfWork, snapshot: Callable[[], object]
) -> None:
    bob = bank.account(11, balance=1_000)
    alice = bank.account(10)
    genuine = keys.authenticate(uow, app_key(bank, account=alice).token)
    forged = KeyActor(
        key_id=genuine.key_id,
        economy_id=genuine.economy_id,
        key_type=KeyType.GRANT,
        account_id=bob.id,
        issuer=BOB,
    )
    before = snapshot()
    with pytest.raises(InvalidApiKey):
        spend(bank, forged, bob, alice, 1)
    assert snapshot() == before
