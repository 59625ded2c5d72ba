"""Fixtures of the economy service tests: an administrator, an economy, funded accounts."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import pytest

from communitybot.core.clock import ManualClock
from communitybot.core.economy import (
    Account,
    AccountType,
    Actor,
    Economy,
    NoteKeyring,
    TransferResult,
)
from communitybot.core.ids import AccountId, MemberId
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy import accounts, economies, permissions, transfers

ADMIN = Actor(MemberId(1))
"""Holds every administrative permission globally (granted like the CLI does)."""

NOTE_KEYS = NoteKeyring(current="k2", secrets={"k1": b"1" * 32, "k2": b"2" * 32})
"""The ring that signs the tests' bank notes: ``k2`` signs, ``k1`` still verifies."""

_keys = itertools.count(1)


def new_key() -> str:
    """A fresh idempotency key."""
    return f"test-{next(_keys)}"


@dataclass
class Bank:
    """Builds accounts with money in one economy, as the administrator."""

    uow: UnitOfWork
    clock: ManualClock
    economy: Economy
    admin: Actor = ADMIN
    _names: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def account(
        self,
        owner: int | None = None,
        *,
        balance: int = 0,
        kind: AccountType = AccountType.USER,
        name: str | None = None,
        min_balance: int | None = None,
    ) -> Account:
        """Open an account for ``owner`` and print ``balance`` into it."""
        opened = accounts.open_account(
            self.uow,
            self.admin,
            economy_id=self.economy.id,
            name=name or f"{kind.value.lower()}-{next(self._names)}",
            account_type=kind,
            owner_id=None if owner is None else MemberId(owner),
            clock=self.clock,
        )
        if min_balance is not None:
            accounts.set_account_limit(
                self.uow, self.admin, account_id=opened.id, min_balance=min_balance
            )
        if balance:
            self.mint(opened.id, balance)
        return self.get(opened.id)

    def mint(self, account_id: AccountId, amount: int) -> None:
        """Print ``amount`` into an account."""
        transfers.print_funds(
            self.uow,
            self.admin,
            account_id=account_id,
            amount=amount,
            idempotency_key=new_key(),
            clock=self.clock,
        )

    def pay(
        self, actor: Actor, source: AccountId, target: AccountId, amount: int
    ) -> TransferResult:
        """Transfer ``amount`` as ``actor`` under a fresh idempotency key."""
        return transfers.transfer(
            self.uow,
            actor,
            from_account_id=source,
            to_account_id=target,
            amount=amount,
            idempotency_key=new_key(),
            clock=self.clock,
        )

    def get(self, account_id: AccountId) -> Account:
        """The account as stored now."""
        return accounts.get_account(self.uow, self.admin, account_id=account_id)

    def balance(self, account_id: AccountId) -> int:
        """The balance of an account now."""
        return self.get(account_id).balance


@pytest.fixture
def admin(uow: UnitOfWork) -> Actor:
    """The first administrator."""
    permissions.grant_first_administrator(uow, user_id=ADMIN.user_id)
    return ADMIN


@pytest.fixture
def economy(uow: UnitOfWork, admin: Actor, clock: ManualClock) -> Economy:
    """An economy of "credits" (unit "cr")."""
    return economies.create_economy(
        uow, admin, currency_name="credits", currency_unit="cr", clock=clock
    )


@pytest.fixture
def bank(uow: UnitOfWork, clock: ManualClock, economy: Economy) -> Bank:
    """Account factory in :func:`economy`."""
    return Bank(uow=uow, clock=clock, economy=economy)
