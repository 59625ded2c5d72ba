"""A group of two economies ("credits" and "gems") with rates, for exchange and group tests."""

from __future__ import annotations

from dataclasses import dataclass

from communitybot.core.clock import ManualClock
from communitybot.core.economy import Account, AccountType, Economy, EconomyGroup, GroupKind
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy import economies, groups
from tests.services.economy.conftest import ADMIN, Bank


@dataclass
class Realm:
    """Two economies of one LOCAL group; ``a`` (credits) is primary; a bank per economy."""

    uow: UnitOfWork
    clock: ManualClock
    a: Bank
    b: Bank
    group: EconomyGroup

    def rate(self, source: Economy, target: Economy, numerator: int, denominator: int) -> None:
        """Set the rate of one direction as the administrator."""
        groups.set_exchange_rate(
            self.uow,
            ADMIN,
            from_economy_id=source.id,
            to_economy_id=target.id,
            numerator=numerator,
            denominator=denominator,
            clock=self.clock,
        )

    def pair(
        self, owner: int, *, balance_a: int = 0, balance_b: int = 0
    ) -> tuple[Account, Account]:
        """``owner``'s USER accounts in both economies, funded."""
        return (
            self.a.account(owner, balance=balance_a, name=f"a-{owner}"),
            self.b.account(owner, balance=balance_b, name=f"b-{owner}"),
        )


def make_realm(bank: Bank, *, name: str = "realm") -> Realm:
    """Add "gems" next to the bank's "credits" and put both into a LOCAL group."""
    gems = economies.create_economy(
        bank.uow, ADMIN, currency_name="gems", currency_unit="gm", clock=bank.clock
    )
    group = groups.create_group(bank.uow, ADMIN, kind=GroupKind.LOCAL, name=name, clock=bank.clock)
    for economy in (bank.economy, gems):
        group = groups.add_currency(
            bank.uow, ADMIN, group_id=group.id, economy_id=economy.id, clock=bank.clock
        )
    return Realm(
        uow=bank.uow,
        clock=bank.clock,
        a=bank,
        b=Bank(uow=bank.uow, clock=bank.clock, economy=gems),
        group=group,
    )


def other_economy(bank: Bank, name: str, unit: str) -> Bank:
    """A bank in a fresh economy that belongs to no group."""
    economy = economies.create_economy(
        bank.uow, ADMIN, currency_name=name, currency_unit=unit, clock=bank.clock
    )
    return Bank(uow=bank.uow, clock=bank.clock, economy=economy)


def corporation(bank: Bank, owner: int, name: str, balance: int = 0) -> Account:
    """A CORPORATION account owned by ``owner``."""
    return bank.account(owner, balance=balance, kind=AccountType.CORPORATION, name=name)


__all__ = ["Realm", "corporation", "make_realm", "other_economy"]
