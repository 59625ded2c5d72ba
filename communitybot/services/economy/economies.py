"""Economies (a currency each) and the guilds registered to them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from communitybot.core.audit import ref
from communitybot.core.clock import Clock
from communitybot.core.economy import (
    NAME_MAX,
    UNIT_MAX,
    AccountType,
    Economy,
    Permission,
    Principal,
)
from communitybot.core.errors import AlreadyExists, EconomyNotEmpty, GuildOwnsEconomy, NotFound
from communitybot.core.ids import AccountId, EconomyId, GuildId
from communitybot.core.ledger import Finding
from communitybot.db.brokers.economy import accounts as account_broker
from communitybot.db.brokers.economy import economies as economy_broker
from communitybot.db.brokers.economy import journal as journal_broker
from communitybot.db.brokers.economy import reactions as reaction_broker
from communitybot.db.brokers.economy import recurring as recurring_broker
from communitybot.db.stores import EconomyStore
from communitybot.db.uow import UnitOfWork
from communitybot.services.audit import record
from communitybot.services.economy._common import SYSTEM_CLOCK, authorize, clean_name, run_unique
from communitybot.services.ledger import findings

ISSUANCE_ACCOUNT_NAME = "issuance"
"""Name of the account every economy mints from and burns into."""


def insert_economy(session: Session, *, name: str, unit: str, now: datetime) -> EconomyId:
    """Write a new economy with its issuance account (in the caller's transaction)."""
    economy_id = economy_broker.insert_economy(
        session, currency_name=name, currency_unit=unit, now=now
    )
    account_broker.insert_account(
        session,
        economy_id=economy_id,
        name=ISSUANCE_ACCOUNT_NAME,
        account_type=AccountType.GOVERNMENT,
        owner_id=None,
        now=now,
        is_issuance=True,
    )
    return economy_id


def create_economy(
    uow: UnitOfWork,
    principal: Principal,
    *,
    currency_name: str,
    currency_unit: str,
    guild_id: GuildId | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Economy:
    """Create an economy with its issuance account; ``guild_id`` (if any) becomes its owner.

    Needs ``MANAGE_ECONOMIES`` globally. Refuses a taken currency name or unit (names of deleted
    economies stay taken) or an already registered guild with ``AlreadyExists``.
    """
    name = clean_name("currency_name", currency_name, NAME_MAX)
    unit = clean_name("currency_unit", currency_unit, UNIT_MAX)

    def run(session: Session) -> Economy:
        authorize(session, principal, Permission.MANAGE_ECONOMIES)
        if economy_broker.find_economy_by(session, currency_name=name) is not None:
            raise AlreadyExists(kind="economy", field="currency_name", value=name)
        if economy_broker.find_economy_by(session, currency_unit=unit) is not None:
            raise AlreadyExists(kind="economy", field="currency_unit", value=unit)
        if guild_id is not None and economy_broker.find_guild(session, guild_id=guild_id):
            raise AlreadyExists(kind="guild", field="guild_id", value=str(guild_id))
        now = clock.now()
        economy_id = insert_economy(session, name=name, unit=unit, now=now)
        if guild_id is not None:
            economy_broker.insert_guild(
                session, guild_id=guild_id, economy_id=economy_id, is_owner=True
            )
        made = {"currency_name": name, "currency_unit": unit, "owner_guild": guild_id}
        record(
            session,
            actor=principal,
            kind="economy.create",
            target=ref("economy", economy_id),
            economy_id=economy_id,
            after=made,
            now=now,
        )
        return economy_broker.get_economy(session, economy_id=economy_id)

    return run_unique(uow, run)


def delete_economy(
    uow: UnitOfWork, principal: Principal, *, economy_id: EconomyId, clock: Clock = SYSTEM_CLOCK
) -> None:
    """Delete an economy whose accounts are all empty.

    Needs ``MANAGE_ECONOMIES`` in the economy. The economy is soft-deleted (its journal stays,
    its names stay reserved); its accounts close, its guilds are unregistered and its recurring
    transfers cancelled. Refuses with ``EconomyNotEmpty`` while any account holds money or debt.
    """

    def run(session: Session) -> None:
        economy = economy_broker.lock_economy(session, economy_id=economy_id)
        authorize(session, principal, Permission.MANAGE_ECONOMIES, economy_id=economy.id)
        account_broker.lock_economy_accounts(session, economy_id=economy.id)
        holding = account_broker.count_holding_accounts(session, economy_id=economy.id)
        if holding:
            raise EconomyNotEmpty(economy_id=economy.id, accounts=holding)
        now = clock.now()
        recurring_broker.cancel_for_economy(session, economy_id=economy.id)
        economy_broker.delete_guilds_of(session, economy_id=economy.id)
        account_broker.close_all_accounts(session, economy_id=economy.id, now=now)
        economy_broker.mark_economy_deleted(session, economy_id=economy.id, now=now)
        record(
            session,
            actor=principal,
            kind="economy.delete",
            target=ref("economy", economy.id),
            economy_id=economy.id,
            before={"deleted_at": None},
            after={"deleted_at": now.isoformat()},
            now=now,
        )

    uow.run(run)


def _audit_guild(
    session: Session,
    principal: Principal,
    kind: str,
    guild_id: GuildId,
    economy_id: EconomyId,
    registered: bool,
) -> None:
    """Record a guild registered to (or unregistered from) an economy."""
    where = {"economy_id": economy_id}
    record(
        session,
        actor=principal,
        kind=kind,
        target=ref("guild", guild_id),
        economy_id=economy_id,
        before=None if registered else where,
        after=where if registered else None,
    )


def register_guild(
    uow: UnitOfWork, principal: Principal, *, guild_id: GuildId, economy_id: EconomyId
) -> None:
    """Register a guild to an economy. Needs ``MANAGE_ECONOMIES`` there; one economy per guild."""

    def run(session: Session) -> None:
        economy = economy_broker.get_economy(session, economy_id=economy_id)
        authorize(session, principal, Permission.MANAGE_ECONOMIES, economy_id=economy.id)
        if economy_broker.find_guild(session, guild_id=guild_id) is not None:
            raise AlreadyExists(kind="guild", field="guild_id", value=str(guild_id))
        economy_broker.insert_guild(
            session, guild_id=guild_id, economy_id=economy.id, is_owner=False
        )
        _audit_guild(session, principal, "economy.register_guild", guild_id, economy.id, True)

    run_unique(uow, run)


def unregister_guild(uow: UnitOfWork, principal: Principal, *, guild_id: GuildId) -> None:
    """Unregister a guild. Needs ``MANAGE_ECONOMIES`` in its economy; the owner guild cannot."""

    def run(session: Session) -> None:
        guild = economy_broker.find_guild(session, guild_id=guild_id)
        if guild is None:
            raise NotFound(kind="guild", ref=str(guild_id))
        authorize(session, principal, Permission.MANAGE_ECONOMIES, economy_id=guild.economy_id)
        if guild.is_owner:
            raise GuildOwnsEconomy(guild_id=guild_id, economy_id=guild.economy_id)
        economy_broker.delete_guild(session, guild_id=guild_id)
        _audit_guild(
            session, principal, "economy.unregister_guild", guild_id, guild.economy_id, False
        )

    uow.run(run)


def get_economy(uow: UnitOfWork, *, economy_id: EconomyId) -> Economy:
    """Economy ``economy_id``; ``NotFound`` when missing or deleted."""
    return uow.read(lambda session: economy_broker.get_economy(session, economy_id=economy_id))


def find_economy_by_name(uow: UnitOfWork, *, currency_name: str) -> Economy | None:
    """The live economy of this currency name, or ``None``."""

    def run(session: Session) -> Economy | None:
        economy = economy_broker.find_economy_by(session, currency_name=currency_name.strip())
        return None if economy is None or economy.is_deleted else economy

    return uow.read(run)


def guild_economy(uow: UnitOfWork, *, guild_id: GuildId) -> Economy | None:
    """The economy ``guild_id`` is registered to, or ``None``."""

    def run(session: Session) -> Economy | None:
        guild = economy_broker.find_guild(session, guild_id=guild_id)
        if guild is None:
            return None
        return economy_broker.find_economy(session, economy_id=guild.economy_id)

    return uow.read(run)


def list_economies(uow: UnitOfWork) -> list[Economy]:
    """Every live economy."""
    return uow.read(economy_broker.list_economies)


def guild_ids(uow: UnitOfWork, *, economy_id: EconomyId) -> list[GuildId]:
    """The guilds registered to an economy."""
    return uow.read(lambda session: economy_broker.list_guild_ids(session, economy_id=economy_id))


@dataclass(frozen=True, slots=True)
class EconomyCheck:
    """The invariants of one economy, as found now.

    ``balances`` (all accounts but issuance) must equal ``minted - burned``, the issuance account
    must hold ``-(minted - burned)``, and the ledger's own invariants must hold (``findings``, by
    :func:`communitybot.services.ledger.findings`: every balance equals its journal and lies
    within its range, no journal amount is zero or less), and every mint by reaction points at
    the MINT leg it claims (``reaction_mint_mismatch``: mint ``ref`` of ``value``, its leg
    ``expected``).
    """

    economy_id: EconomyId
    minted: int
    burned: int
    balances: int
    issuance_balance: int
    findings: tuple[Finding, ...]

    @property
    def mismatches(self) -> tuple[tuple[AccountId, int, int], ...]:
        """``(account, balance, journal sum)`` of every balance its journal does not explain."""
        return tuple(
            (AccountId(f.ref), f.value, f.expected or 0)
            for f in self.findings
            if f.code == "balance_mismatch"
        )

    @property
    def ok(self) -> bool:
        """Whether every invariant holds."""
        supply = self.minted - self.burned
        return self.balances == supply and self.issuance_balance == -supply and not self.findings


def check_economy(uow: UnitOfWork, *, economy_id: EconomyId) -> EconomyCheck:
    """Verify the invariants of an economy (for ``communitybot economy check`` and the tests)."""

    def run(session: Session) -> EconomyCheck:
        journal_broker.begin_snapshot(session)
        minted, burned = journal_broker.minted_and_burned(session, economy_id=economy_id)
        balances, issuance = account_broker.balance_totals(session, economy_id=economy_id)
        return EconomyCheck(
            economy_id=economy_id,
            minted=minted,
            burned=burned,
            balances=balances,
            issuance_balance=issuance,
            findings=(
                *findings(EconomyStore(session, economy_id)),
                *(
                    Finding("reaction_mint_mismatch", mint_id, amount, leg)
                    for mint_id, amount, leg in reaction_broker.list_mismatched(
                        session, economy_id=economy_id
                    )
                ),
            ),
        )

    return uow.read(run)


__all__ = [
    "ISSUANCE_ACCOUNT_NAME",
    "EconomyCheck",
    "check_economy",
    "create_economy",
    "delete_economy",
    "find_economy_by_name",
    "get_economy",
    "guild_economy",
    "guild_ids",
    "list_economies",
    "register_guild",
    "unregister_guild",
]
