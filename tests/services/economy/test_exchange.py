"""Exchanges between two currencies of a group on MariaDB: rounding, refusals, the two-step saga
(crash, recovery, reversal) and concurrency."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest

from communitybot.core.economy import (
    BALANCE_LIMIT,
    Account,
    AccountType,
    Actor,
    EntryKind,
    Exchange,
    ExchangeState,
    KeyType,
)
from communitybot.core.errors import (
    AccountClosed,
    AccountInUse,
    AmountOutOfRange,
    BalanceOutOfRange,
    ExchangeAccountMismatch,
    ExchangeReversed,
    ExchangeTooSmall,
    IdempotencyKeyConflict,
    InsufficientBalance,
    IssuanceAccountForbidden,
    LacksPermission,
    NotFound,
    NotInSameGroup,
)
from communitybot.core.ids import AccountId, ExchangeId, MemberId
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy import (
    accounts,
    economies,
    exchange,
    groups,
    keys,
    transfers,
)
from communitybot.services.economy import exchange as exchange_module
from tests.services.economy.conftest import ADMIN, Bank, new_key
from tests.services.economy.realm import Realm, make_realm, other_economy

ALICE, BOB = Actor(MemberId(10)), Actor(MemberId(11))


@pytest.fixture
def realm(bank: Bank) -> Realm:
    """credits (primary) and gems in one group; credits → gems at 3/2, gems → credits at 1/2."""
    world = make_realm(bank)
    world.rate(world.a.economy, world.b.economy, 3, 2)
    world.rate(world.b.economy, world.a.economy, 1, 2)
    return world


def swap(
    realm: Realm,
    actor: Actor,
    source: Account,
    target: Account,
    amount: int,
    *,
    key: str | None = None,
) -> Exchange:
    return exchange.exchange(
        realm.uow,
        actor,
        from_account_id=source.id,
        to_account_id=target.id,
        amount=amount,
        idempotency_key=key or new_key(),
        clock=realm.clock,
    )


def assert_consistent(realm: Realm) -> None:
    for bank in (realm.a, realm.b):
        check = economies.check_economy(realm.uow, economy_id=bank.economy.id)
        assert check.ok, check
        assert check.minted - check.burned == check.balances


def test_exchange_burns_in_one_currency_and_mints_in_the_other(realm: Realm) -> None:
    alice_a, alice_b = realm.pair(10, balance_a=10_000)
    done = swap(realm, ALICE, alice_a, alice_b, 101)
    assert done.state is ExchangeState.COMPLETED
    assert (done.amount_in, done.amount_out, done.numerator, done.denominator) == (101, 151, 3, 2)
    assert (done.owner_id, done.actor_id, done.group_id) == (10, 10, realm.group.id)
    assert realm.a.balance(alice_a.id) == 10_000 - 101
    assert realm.b.balance(alice_b.id) == 151
    burn = transfers.journal(realm.uow, ALICE, account_id=alice_a.id, limit=1)[0]
    mint = transfers.journal(realm.uow, ALICE, account_id=alice_b.id, limit=1)[0]
    assert (burn.id, burn.kind, burn.amount) == (done.burn_entry_id, EntryKind.BURN, 101)
    assert burn.to_account_id == realm.a.economy.issuance_account_id
    assert (mint.id, mint.kind, mint.amount) == (done.credit_entry_id, EntryKind.MINT, 151)
    assert mint.from_account_id == realm.b.economy.issuance_account_id
    assert (done.refund_entry_id, done.failure, done.settled_at) == (None, None, realm.clock.now())
    assert exchange.get_exchange(realm.uow, ALICE, exchange_id=done.id) == done
    assert exchange.list_exchanges(realm.uow, ALICE, account_id=alice_b.id) == [done]
    assert_consistent(realm)


@pytest.mark.parametrize(
    ("numerator", "denominator", "amount", "credited"),
    [
        (3, 2, 101, 151),  # 151.5: the half stays with the house
        (1, 3, 100, 33),  # 33.33...
        (1, 3, 3, 1),  # the least that buys anything at 1/3
        (7, 10_000, 1_429, 1),  # 1.0003
        (7, 10_000, 10_000, 7),
        (10_000, 1, 3, 30_000),
        (1, 1, 5, 5),
        (2, 3, 1, 0),  # refused below
    ],
)
def test_worked_rounding_examples(
    realm: Realm,
    snapshot: Callable[[], object],
    numerator: int,
    denominator: int,
    amount: int,
    credited: int,
) -> None:
    realm.rate(realm.a.economy, realm.b.economy, numerator, denominator)
    alice_a, alice_b = realm.pair(10, balance_a=100_000)
    if credited == 0:
        before = snapshot()
        with pytest.raises(ExchangeTooSmall) as refused:
            swap(realm, ALICE, alice_a, alice_b, amount)
        assert refused.value.minimum == 2  # ceil(3 / 2)
        assert snapshot() == before
        return
    offer = exchange.quote_exchange(
        realm.uow,
        from_economy_id=realm.a.economy.id,
        to_economy_id=realm.b.economy.id,
        amount=amount,
    )
    assert offer.kept_numerator == amount * numerator - credited * denominator
    done = swap(realm, ALICE, alice_a, alice_b, amount)
    assert done.amount_out == offer.amount_out == credited
    assert realm.b.balance(alice_b.id) == credited
    assert realm.a.balance(alice_a.id) == 100_000 - amount
    assert_consistent(realm)


def test_quote_tells_what_the_house_keeps(realm: Realm) -> None:
    offer = exchange.quote_exchange(
        realm.uow,
        from_economy_id=realm.a.economy.id,
        to_economy_id=realm.b.economy.id,
        amount=101,
    )
    assert (offer.amount_in, offer.amount_out) == (101, 151)
    assert offer.kept_numerator == 1  # 303 - 302: half a gem, in halves


def test_rates_are_one_direction_each(realm: Realm, snapshot: Callable[[], object]) -> None:
    alice_a, alice_b = realm.pair(10, balance_a=1_000, balance_b=1_000)
    assert swap(realm, ALICE, alice_b, alice_a, 100).amount_out == 50  # gems → credits at 1/2
    groups.remove_exchange_rate(
        realm.uow, ADMIN, from_economy_id=realm.b.economy.id, to_economy_id=realm.a.economy.id
    )
    before = snapshot()
    with pytest.raises(NotFound, match="kind='exchange_rate'"):
        swap(realm, ALICE, alice_b, alice_a, 100)
    assert snapshot() == before
    assert swap(realm, ALICE, alice_a, alice_b, 100).amount_out == 150


def _refusals(realm: Realm) -> dict[str, tuple[Callable[[], Any], type[Exception]]]:
    alice_a, alice_b = realm.pair(10, balance_a=1_000)
    bob_a, bob_b = realm.pair(11, balance_a=1_000)
    outside = other_economy(realm.a, "shells", "sh")
    alice_c = outside.account(10, name="c-10")
    closed_b = realm.b.account(10, name="closed", kind=AccountType.CORPORATION)
    accounts.close_account(realm.uow, ALICE, account_id=closed_b.id)
    application = keys.create_application(
        realm.uow, ALICE, economy_id=realm.a.economy.id, name="app"
    )
    issued = keys.create_key(
        realm.uow,
        ALICE,
        application_id=application.id,
        issuer_id=ALICE.user_id,
        key_type=KeyType.MASTER,
        enable=True,
    )
    keys.activate_key(realm.uow, ALICE, key_id=issued.key.id)
    key = keys.authenticate(realm.uow, issued.token)
    used = new_key()
    transfers.transfer(
        realm.uow,
        ALICE,
        from_account_id=alice_a.id,
        to_account_id=bob_a.id,
        amount=1,
        idempotency_key=used,
    )
    rich_b = realm.b.account(12, balance=BALANCE_LIMIT - 10, name="rich-b")
    rich_a = realm.a.account(12, balance=1_000, name="rich-a")
    issuance_a = AccountId(realm.a.economy.issuance_account_id)

    def go(actor: Any, source: AccountId, target: AccountId, amount: int, key: str = "") -> Any:
        return lambda: exchange.exchange(
            realm.uow,
            actor,
            from_account_id=source,
            to_account_id=target,
            amount=amount,
            idempotency_key=key or new_key(),
            clock=realm.clock,
        )

    return {
        "zero": (go(ALICE, alice_a.id, alice_b.id, 0), AmountOutOfRange),
        "too_much": (go(ALICE, alice_a.id, alice_b.id, BALANCE_LIMIT + 1), AmountOutOfRange),
        "insufficient": (go(ALICE, alice_a.id, alice_b.id, 1_000), InsufficientBalance),
        "other_owner": (go(ALICE, alice_a.id, bob_b.id, 10), ExchangeAccountMismatch),
        "not_theirs": (go(BOB, alice_a.id, alice_b.id, 10), LacksPermission),
        "outside_group": (go(ALICE, alice_a.id, alice_c.id, 10), NotInSameGroup),
        "same_currency": (go(ALICE, alice_a.id, alice_a.id, 10), NotFound),
        "closed_target": (go(ALICE, alice_a.id, closed_b.id, 10), AccountClosed),
        "issuance": (go(ADMIN, issuance_a, alice_b.id, 10), IssuanceAccountForbidden),
        "api_key": (go(key, alice_a.id, alice_b.id, 10), LacksPermission),
        "balance_bound": (
            go(Actor(MemberId(12)), rich_a.id, rich_b.id, 100),
            BalanceOutOfRange,
        ),
        "key_reused": (go(ALICE, alice_a.id, alice_b.id, 10, used), IdempotencyKeyConflict),
    }


@pytest.mark.parametrize(
    "case",
    [
        "zero",
        "too_much",
        "insufficient",
        "other_owner",
        "not_theirs",
        "outside_group",
        "same_currency",
        "closed_target",
        "issuance",
        "api_key",
        "balance_bound",
        "key_reused",
    ],
)
def test_refusals_change_nothing(realm: Realm, snapshot: Callable[[], object], case: str) -> None:
    call, error = _refusals(realm)[case]
    before = snapshot()
    with pytest.raises(error) as caught:
        call()
    if error is NotFound:  # merged error classes: the kind tells which thing was missing
        assert isinstance(caught.value, NotFound)
        assert caught.value.kind == "exchange_rate"
    assert snapshot() == before


def test_a_replayed_key_answers_with_the_first_exchange(realm: Realm) -> None:
    alice_a, alice_b = realm.pair(10, balance_a=1_000)
    key = new_key()
    first = swap(realm, ALICE, alice_a, alice_b, 100, key=key)
    again = swap(realm, ALICE, alice_a, alice_b, 100, key=key)
    assert again == first
    assert (realm.a.balance(alice_a.id), realm.b.balance(alice_b.id)) == (900, 150)
    # even when a fresh check would now refuse, the replay answers with the first outcome
    transfers.transfer(
        realm.uow,
        ALICE,
        from_account_id=alice_a.id,
        to_account_id=realm.a.account(11).id,
        amount=900,
        idempotency_key=new_key(),
    )
    assert swap(realm, ALICE, alice_a, alice_b, 100, key=key) == first


def _crash_in(monkeypatch: pytest.MonkeyPatch, step: str) -> None:
    def crash(*_args: object, **_kwargs: object) -> object:
        msg = f"the process stopped before {step}"
        raise RuntimeError(msg)

    monkeypatch.setattr(exchange_module, step, crash)


def test_a_crash_after_the_burn_is_completed_by_recovery(
    realm: Realm, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice_a, alice_b = realm.pair(10, balance_a=1_000)
    key = new_key()
    with monkeypatch.context() as patch:
        _crash_in(patch, "_credit")
        with pytest.raises(RuntimeError):
            swap(realm, ALICE, alice_a, alice_b, 100, key=key)
    (pending,) = exchange.list_exchanges(realm.uow, ALICE, account_id=alice_a.id)
    assert pending.state is ExchangeState.PENDING
    assert (realm.a.balance(alice_a.id), realm.b.balance(alice_b.id)) == (900, 0)
    assert_consistent(realm)  # each economy is whole on its own after every step
    transfers.transfer(
        realm.uow,
        ALICE,
        from_account_id=alice_a.id,
        to_account_id=realm.a.account(11).id,
        amount=900,
        idempotency_key=new_key(),
    )
    with pytest.raises(AccountInUse) as in_use:
        accounts.close_account(realm.uow, ALICE, account_id=alice_a.id)
    assert in_use.value.by == "exchange"
    assert exchange.recover_exchanges(realm.uow, clock=realm.clock) == exchange.RecoveryReport()
    realm.clock.advance(timedelta(minutes=2))
    report = exchange.recover_exchanges(realm.uow, clock=realm.clock)
    assert report == exchange.RecoveryReport(completed=1)
    done = exchange.get_exchange(realm.uow, ALICE, exchange_id=pending.id)
    assert done.state is ExchangeState.COMPLETED
    assert realm.b.balance(alice_b.id) == 150
    assert swap(realm, ALICE, alice_a, alice_b, 100, key=key) == done
    assert realm.b.balance(alice_b.id) == 150
    assert exchange.recover_exchanges(realm.uow, clock=realm.clock) == exchange.RecoveryReport()
    assert_consistent(realm)


def test_a_crash_after_the_credit_never_mints_twice(
    realm: Realm, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice_a, alice_b = realm.pair(10, balance_a=1_000)
    key = new_key()
    with monkeypatch.context() as patch:
        _crash_in(patch, "_settle")
        with pytest.raises(RuntimeError):
            swap(realm, ALICE, alice_a, alice_b, 100, key=key)
    (pending,) = exchange.list_exchanges(realm.uow, ALICE, account_id=alice_a.id)
    assert pending.state is ExchangeState.PENDING
    assert realm.b.balance(alice_b.id) == 150  # minted once already
    done = swap(realm, ALICE, alice_a, alice_b, 100, key=key)  # the replay finishes it
    assert done.state is ExchangeState.COMPLETED
    assert done.credit_entry_id is not None
    assert realm.b.balance(alice_b.id) == 150
    realm.clock.advance(timedelta(minutes=2))
    assert exchange.recover_exchanges(realm.uow, clock=realm.clock) == exchange.RecoveryReport()
    assert_consistent(realm)


def test_a_target_closed_before_the_credit_reverses_the_exchange(
    realm: Realm, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice_a, alice_b = realm.pair(10, balance_a=1_000)
    with monkeypatch.context() as patch:
        _crash_in(patch, "_credit")
        with pytest.raises(RuntimeError):
            swap(realm, ALICE, alice_a, alice_b, 100)
    accounts.close_account(realm.uow, ALICE, account_id=alice_b.id)
    realm.clock.advance(timedelta(minutes=5))
    assert exchange.recover_exchanges(realm.uow, clock=realm.clock) == exchange.RecoveryReport(
        reversed=1
    )
    (done,) = exchange.list_exchanges(realm.uow, ALICE, account_id=alice_a.id)
    assert (done.state, done.failure, done.credit_entry_id) == (
        ExchangeState.REVERSED,
        "AccountClosed",
        None,
    )
    refund = transfers.journal(realm.uow, ALICE, account_id=alice_a.id, limit=1)[0]
    assert (refund.id, refund.kind, refund.amount) == (done.refund_entry_id, EntryKind.MINT, 100)
    assert realm.a.balance(alice_a.id) == 1_000
    assert realm.b.balance(alice_b.id) == 0
    assert_consistent(realm)


def test_a_refusal_between_check_and_credit_reverses_and_says_so(
    realm: Realm, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice_a, alice_b = realm.pair(10, balance_a=1_000)
    drive = exchange_module._drive

    def close_then_drive(*args: Any, **kwargs: Any) -> Any:
        # the target closes after the checks and the burn, before the credit
        accounts.close_account(realm.uow, ALICE, account_id=alice_b.id)
        return drive(*args, **kwargs)

    monkeypatch.setattr(exchange_module, "_drive", close_then_drive)
    with pytest.raises(ExchangeReversed) as reversed_:
        swap(realm, ALICE, alice_a, alice_b, 100)
    assert reversed_.value.reason == "AccountClosed"
    done = exchange.get_exchange(
        realm.uow, ALICE, exchange_id=ExchangeId(reversed_.value.exchange_id)
    )
    assert done.state is ExchangeState.REVERSED
    assert realm.a.balance(alice_a.id) == 1_000
    assert_consistent(realm)


@pytest.mark.cluster
def test_recovery_from_several_threads_credits_each_exchange_once(
    realm: Realm, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = [realm.pair(100 + n, balance_a=1_000) for n in range(6)]
    with monkeypatch.context() as patch:
        _crash_in(patch, "_credit")
        for source, target in people:
            with pytest.raises(RuntimeError):
                swap(realm, Actor(MemberId(source.owner_id or 0)), source, target, 200)
    realm.clock.advance(timedelta(minutes=2))
    barrier = threading.Barrier(4)

    def recover(_: int) -> exchange.RecoveryReport:
        barrier.wait()
        return exchange.recover_exchanges(realm.uow, clock=realm.clock)

    with ThreadPoolExecutor(max_workers=4) as pool:
        reports = list(pool.map(recover, range(4)))
    assert sum(r.completed for r in reports) >= 6  # every exchange, by one thread or more
    assert all(r.reversed == 0 and r.stuck == () for r in reports)
    for source, target in people:
        assert realm.a.balance(source.id) == 800
        assert realm.b.balance(target.id) == 300
        (done,) = exchange.list_exchanges(realm.uow, ADMIN, account_id=source.id)
        assert done.state is ExchangeState.COMPLETED
    assert_consistent(realm)


@pytest.mark.cluster
def test_concurrent_exchanges_keep_every_economy_whole(realm: Realm) -> None:
    people = [realm.pair(200 + n, balance_a=50_000, balance_b=50_000) for n in range(4)]
    threads = 8
    barrier = threading.Barrier(threads)

    def worker(seed: int) -> list[Exchange]:
        source_a, source_b = people[seed % len(people)]
        actor = Actor(MemberId(source_a.owner_id or 0))
        barrier.wait()
        done = []
        for step in range(6):
            forward = (seed + step) % 2 == 0
            source, target = (source_a, source_b) if forward else (source_b, source_a)
            done.append(swap(realm, actor, source, target, 37 + seed + step))
        return done

    with ThreadPoolExecutor(max_workers=threads) as pool:
        results = [exchange for batch in pool.map(worker, range(threads)) for exchange in batch]
    assert len(results) == threads * 6
    assert all(done.state is ExchangeState.COMPLETED for done in results)
    assert_consistent(realm)
    for bank in (realm.a, realm.b):
        check = economies.check_economy(realm.uow, economy_id=bank.economy.id)
        into = sum(e.amount_out for e in results if e.to_economy_id == bank.economy.id)
        out_of = sum(e.amount_in for e in results if e.from_economy_id == bank.economy.id)
        assert check.minted - check.burned == 4 * 50_000 + into - out_of


@pytest.mark.cluster
def test_concurrent_replays_of_one_key_exchange_once(realm: Realm) -> None:
    alice_a, alice_b = realm.pair(10, balance_a=1_000)
    key = new_key()
    barrier = threading.Barrier(4)

    def replay(_: int) -> Exchange:
        barrier.wait()
        return swap(realm, ALICE, alice_a, alice_b, 100, key=key)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(replay, range(4)))
    assert len({r.id for r in results}) == 1
    assert (realm.a.balance(alice_a.id), realm.b.balance(alice_b.id)) == (900, 150)
    assert_consistent(realm)


def test_an_exchange_made_at_a_rate_finishes_at_that_rate(
    realm: Realm, monkeypatch: pytest.MonkeyPatch, uow: UnitOfWork
) -> None:
    alice_a, alice_b = realm.pair(10, balance_a=1_000)
    with monkeypatch.context() as patch:
        _crash_in(patch, "_credit")
        with pytest.raises(RuntimeError):
            swap(realm, ALICE, alice_a, alice_b, 100)
    realm.rate(realm.a.economy, realm.b.economy, 1, 1)
    groups.remove_currency(uow, ADMIN, group_id=realm.group.id, economy_id=realm.b.economy.id)
    realm.clock.advance(timedelta(minutes=2))
    assert exchange.recover_exchanges(uow, clock=realm.clock).completed == 1
    assert realm.b.balance(alice_b.id) == 150
