"""Minting by emoji reaction, on MariaDB: permission, idempotency per (message, reactor), the
daily cap, one's own message, the author's account opened on the spot, one engine."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import Engine, text

from communitybot.core.clock import ManualClock
from communitybot.core.economy import Actor, Economy, EntryKind, Permission, Subject
from communitybot.core.errors import (
    LacksPermission,
    OwnMessageReaction,
    ReactionMintCapReached,
)
from communitybot.core.ids import MemberId
from communitybot.db.stores import EconomyStore
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy import accounts, economies, permissions, reactions, transfers
from communitybot.services.ledger import findings
from tests.conftest import Snapshot
from tests.services.economy.conftest import Bank

MINTER = Actor(MemberId(20))
AUTHOR = MemberId(30)
Take = Callable[[], Snapshot]


def allow(uow: UnitOfWork, admin: Actor, economy: Economy, member: Actor) -> Actor:
    """Let ``member`` mint by reaction in the economy."""
    permissions.set_permissions(
        uow,
        admin,
        subject=Subject.user(member.user_id),
        permissions=[Permission.MINT_BY_REACTION],
        economy_id=economy.id,
    )
    return member


@pytest.fixture
def minter(uow: UnitOfWork, admin: Actor, economy: Economy) -> Actor:
    """A member allowed to mint by reaction in the economy."""
    return allow(uow, admin, economy, MINTER)


def react(
    uow: UnitOfWork,
    clock: ManualClock,
    economy: Economy,
    *,
    reactor: Actor = MINTER,
    message: int = 500,
    author: MemberId = AUTHOR,
    amount: int = 100,
    cap: int = 250,
) -> reactions.ReactionMint:
    return reactions.mint_by_reaction(
        uow,
        reactor,
        economy_id=economy.id,
        message_id=message,
        author_id=author,
        author_account_name=f"<@{author}>",
        amount=amount,
        daily_cap=cap,
        clock=clock,
    )


def test_a_reaction_mints_to_the_author_opening_their_account(
    uow: UnitOfWork, clock: ManualClock, economy: Economy, minter: Actor, bank: Bank
) -> None:
    mint = react(uow, clock, economy)
    account_id = accounts.user_account_id(uow, economy_id=economy.id, owner_id=AUTHOR)
    assert account_id == mint.account_id
    assert bank.balance(mint.account_id) == 100
    (entry,) = transfers.journal(uow, bank.admin, account_id=mint.account_id, limit=None)
    assert entry.id == mint.entry_id
    assert entry.kind is EntryKind.MINT
    assert entry.from_account_id == economy.issuance_account_id
    assert (mint.reactor_id, mint.author_id, mint.amount) == (MINTER.user_id, AUTHOR, 100)
    assert uow.read(lambda s: findings(EconomyStore(s, economy.id))) == []


def test_the_same_reactor_on_the_same_message_mints_once(
    uow: UnitOfWork,
    clock: ManualClock,
    economy: Economy,
    minter: Actor,
    bank: Bank,
    snapshot: Take,
) -> None:
    first = react(uow, clock, economy)
    before = snapshot()
    again = react(uow, clock, economy)
    assert again == first
    assert snapshot() == before
    assert bank.balance(first.account_id) == 100


def test_another_message_or_reactor_mints_again(
    uow: UnitOfWork,
    clock: ManualClock,
    economy: Economy,
    minter: Actor,
    admin: Actor,
    bank: Bank,
) -> None:
    react(uow, clock, economy, message=500)
    react(uow, clock, economy, message=501)
    other = allow(uow, admin, economy, Actor(MemberId(21)))
    mint = react(uow, clock, economy, reactor=other, message=500)
    assert bank.balance(mint.account_id) == 300


def test_the_daily_cap_refuses_and_a_new_day_allows_again(
    uow: UnitOfWork,
    clock: ManualClock,
    economy: Economy,
    minter: Actor,
    bank: Bank,
    snapshot: Take,
) -> None:
    react(uow, clock, economy, message=1)
    react(uow, clock, economy, message=2)
    before = snapshot()
    with pytest.raises(ReactionMintCapReached) as refused:
        react(uow, clock, economy, message=3)
    assert (refused.value.cap, refused.value.minted, refused.value.amount) == (250, 200, 100)
    assert snapshot() == before
    clock.advance(timedelta(days=1))
    mint = react(uow, clock, economy, message=3)
    assert bank.balance(mint.account_id) == 300


def test_without_the_permission_nothing_is_minted(
    uow: UnitOfWork, clock: ManualClock, economy: Economy, admin: Actor, snapshot: Take
) -> None:
    before = snapshot()
    with pytest.raises(LacksPermission) as refused:
        react(uow, clock, economy, reactor=Actor(MemberId(22)))
    assert refused.value.permission == "MINT_BY_REACTION"
    assert snapshot() == before


def test_nobody_mints_by_reacting_to_their_own_message(
    uow: UnitOfWork, clock: ManualClock, economy: Economy, minter: Actor, snapshot: Take
) -> None:
    before = snapshot()
    with pytest.raises(OwnMessageReaction):
        react(uow, clock, economy, author=MINTER.user_id)
    assert snapshot() == before


def test_the_economy_check_finds_a_mint_that_does_not_match_its_leg(
    uow: UnitOfWork, clock: ManualClock, economy: Economy, minter: Actor, engine: Engine
) -> None:
    mint = react(uow, clock, economy)
    assert economies.check_economy(uow, economy_id=economy.id).ok
    with engine.begin() as connection:  # a broken row, as a faulty writer would leave it
        connection.execute(
            text("UPDATE economy_reaction_mints SET amount = 999 WHERE id = :id"), {"id": mint.id}
        )
    check = economies.check_economy(uow, economy_id=economy.id)
    assert not check.ok
    assert [(f.code, f.ref, f.value, f.expected) for f in check.findings] == [
        ("reaction_mint_mismatch", mint.id, 999, 100)
    ]
