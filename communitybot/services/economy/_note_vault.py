"""The note vault of an economy must hold exactly what its outstanding notes are worth."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from communitybot.core.ids import AccountId, EconomyId
from communitybot.db.brokers.economy import accounts as account_broker
from communitybot.db.brokers.economy import notes as note_broker
from communitybot.db.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class VaultCheck:
    """The vault of an economy: it must hold exactly the sum of the outstanding notes."""

    economy_id: EconomyId
    vault_account_id: AccountId | None
    vault_balance: int
    outstanding: int

    @property
    def ok(self) -> bool:
        """Whether the vault holds what the outstanding notes are worth."""
        return self.vault_balance == self.outstanding


def check_vault(uow: UnitOfWork, *, economy_id: EconomyId) -> VaultCheck:
    """Compare the vault's balance with the outstanding notes (for checks and tests)."""

    def run(session: Session) -> VaultCheck:
        vault = note_broker.find_vault(session, economy_id=economy_id)
        balance = (
            0 if vault is None else account_broker.get_account(session, account_id=vault).balance
        )
        return VaultCheck(
            economy_id=economy_id,
            vault_account_id=vault,
            vault_balance=balance,
            outstanding=note_broker.outstanding_total(session, economy_id=economy_id),
        )

    return uow.read(run)


__all__ = ["VaultCheck", "check_vault"]
