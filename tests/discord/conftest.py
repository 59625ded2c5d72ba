"""End-to-end fixtures: the real bot over HTTP against the fake Discord API, data in MariaDB."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine

from communitybot.bootstrap import Container
from communitybot.core.clock import ManualClock
from communitybot.core.economy import Account, AccountType, Actor, Economy, JournalEntry
from communitybot.core.ids import AccountId, GuildId, MemberId
from communitybot.db import UnitOfWork
from communitybot.discord import make_actor
from communitybot.services.economy import accounts, economies, permissions, transfers
from communitybot.settings import Settings
from tests.discord.fakeapi import Answer
from tests.discord.harness import GUILD_ID, Harness, SimMember, SimRole

_keys = itertools.count(1)

ADMIN = SimMember(100_000_000_000_000_001, "admin")
ALICE = SimMember(100_000_000_000_000_002, "alice")
BOB = SimMember(100_000_000_000_000_003, "bob")
CAROL = SimMember(100_000_000_000_000_004, "carol")
STRANGER = SimMember(100_000_000_000_000_009, "stranger", in_guild=False)
TREASURER = SimRole(600_000_000_000_000_001, "treasurer")


@pytest.fixture
def container(engine: Engine, uow: UnitOfWork, clock: ManualClock) -> Container:
    """What the bot gets: MariaDB through the test unit of work, a manual clock."""
    settings = Settings(discord_token=None)
    return Container(
        settings=settings,
        engine=engine,
        uow=uow,
        rules=settings.community.to_rules(),
        clock=clock,
    )


@pytest.fixture
def harness(container: Container) -> Iterator[Harness]:
    """The bot, logged in to the fake API, its commands registered."""
    running = Harness(container).start()
    try:
        yield running
    finally:
        running.stop()


def actor(member: SimMember) -> Actor:
    """The economy actor of a simulated member (as the adapter builds it)."""
    return make_actor(member.id, member.roles, GUILD_ID)


@dataclass
class World:
    """A server with an economy of credits ("cr"), an administrator and three members.

    Alice (100.00 cr) and Bob (0) have accounts; Carol has none yet.
    """

    harness: Harness
    uow: UnitOfWork
    clock: ManualClock
    economy: Economy
    alice_account: AccountId
    bob_account: AccountId

    def slash(self, user: SimMember, path: str, **options: object) -> Answer:
        """Run a command as ``user`` and return the answer."""
        return self.harness.slash(user, path, **options)

    def account_of(self, member: SimMember) -> AccountId | None:
        """The member's USER account, if any."""
        return accounts.user_account_id(
            self.uow, economy_id=self.economy.id, owner_id=MemberId(member.id)
        )

    def get(self, account_id: AccountId) -> Account:
        """An account as stored now (read as the administrator)."""
        return accounts.get_account(self.uow, actor(ADMIN), account_id=account_id)

    def balance(self, member: SimMember) -> int:
        """The balance of a member's USER account."""
        account_id = self.account_of(member)
        assert account_id is not None, f"{member.name} has no account"
        return self.get(account_id).balance

    def open(self, member: SimMember) -> AccountId:
        """Open a USER account for ``member`` as the adapter names it."""
        return accounts.open_account(
            self.uow,
            actor(ADMIN),
            economy_id=self.economy.id,
            name=member.mention,
            owner_id=MemberId(member.id),
            clock=self.clock,
        ).id

    def open_named(self, name: str, kind: AccountType, owner: SimMember | None = None) -> Account:
        """Open a named account (a shop, the treasury...)."""
        return accounts.open_account(
            self.uow,
            actor(ADMIN),
            economy_id=self.economy.id,
            name=name,
            account_type=kind,
            owner_id=None if owner is None else MemberId(owner.id),
            clock=self.clock,
        )

    def mint(self, account_id: AccountId, amount: int) -> JournalEntry:
        """Print money as the administrator, directly through the service."""
        return transfers.print_funds(
            self.uow,
            actor(ADMIN),
            account_id=account_id,
            amount=amount,
            idempotency_key=f"test-{next(_keys)}",
            clock=self.clock,
        )

    def journal(self, account_id: AccountId) -> list[JournalEntry]:
        """The account's journal, newest first."""
        return transfers.journal(self.uow, actor(ADMIN), account_id=account_id, limit=None)


@pytest.fixture
def world(harness: Harness, uow: UnitOfWork, clock: ManualClock) -> World:
    """The economy, its administrator (granted as the CLI does), Alice and Bob with accounts;
    the administrator, Alice, Bob and Carol are the server's members (the stranger is not)."""
    harness.fake.members[GUILD_ID] = [(m.id, m.name) for m in (ADMIN, ALICE, BOB, CAROL)]
    permissions.grant_first_administrator(uow, user_id=MemberId(ADMIN.id))
    economy = economies.create_economy(
        uow,
        actor(ADMIN),
        currency_name="credits",
        currency_unit="cr",
        guild_id=GuildId(GUILD_ID),
        clock=clock,
    )
    made = World(
        harness=harness,
        uow=uow,
        clock=clock,
        economy=economy,
        alice_account=AccountId(0),
        bob_account=AccountId(0),
    )
    made.alice_account = made.open(ALICE)
    made.bob_account = made.open(BOB)
    made.mint(made.alice_account, 10_000)
    return made
