"""Tax brackets: which account type pays what rate on which range, and where the revenue goes.

A cycle (:mod:`~communitybot.services.economy.taxes`) applies the brackets it finds when it runs.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from communitybot.core.audit import ref, view
from communitybot.core.economy import (
    AccountType,
    Permission,
    Principal,
    TaxBracket,
    TaxType,
    check_no_overlap,
    validate_bracket,
)
from communitybot.core.errors import AlreadyExists, IssuanceAccountForbidden, NotFound
from communitybot.core.ids import AccountId, EconomyId
from communitybot.db.brokers.economy import accounts as account_broker
from communitybot.db.brokers.economy import economies as economy_broker
from communitybot.db.brokers.economy import taxes as tax_broker
from communitybot.db.uow import UnitOfWork
from communitybot.services.audit import record
from communitybot.services.economy._common import (
    authorize,
    clean_name,
    open_account,
    run_unique,
    same_economy,
)

_BRACKET_FIELDS = (
    "name",
    "affected_type",
    "tax_type",
    "start",
    "end",
    "rate",
    "to_account_id",
)


def _audit_bracket(
    session: Session, principal: Principal, kind: str, bracket: TaxBracket, *, after: bool
) -> None:
    """Record a bracket made (``after``) or deleted."""
    values = view(bracket, *_BRACKET_FIELDS)
    record(
        session,
        actor=principal,
        kind=kind,
        target=ref("bracket", bracket.id),
        economy_id=bracket.economy_id,
        before=None if after else values,
        after=values if after else None,
    )


def create_tax_bracket(
    uow: UnitOfWork,
    principal: Principal,
    *,
    economy_id: EconomyId,
    name: str,
    affected_type: AccountType,
    tax_type: TaxType,
    start: int,
    end: int | None,
    rate: int,
    to_account_id: AccountId,
) -> TaxBracket:
    """Create a bracket: ``rate`` basis points on ``[start, end)`` for ``affected_type``.

    Needs ``MANAGE_TAX_BRACKETS`` in the economy. The revenue goes to ``to_account_id`` (open,
    in the economy, not the issuance account). Refuses ``InvalidTaxBracket``,
    ``TaxBracketOverlap`` (same account type and tax type), ``AlreadyExists`` (name).
    """
    validate_bracket(name=name, start=start, end=end, rate=rate)
    clean = clean_name("tax_bracket", name, 64)

    def run(session: Session) -> TaxBracket:
        economy = economy_broker.lock_economy(session, economy_id=economy_id)
        tax_broker.guard_brackets(session, economy_id=economy.id)  # conflicts across nodes
        authorize(session, principal, Permission.MANAGE_TAX_BRACKETS, economy_id=economy.id)
        if tax_broker.find_bracket(session, economy_id=economy.id, name=clean) is not None:
            raise AlreadyExists(kind="tax_bracket", field="name", value=clean)
        collector = open_account(account_broker.get_account(session, account_id=to_account_id))
        same_economy(economy.id, collector.economy_id)
        if collector.is_issuance:
            raise IssuanceAccountForbidden(account_id=collector.id)
        check_no_overlap(
            name=clean,
            affected_type=affected_type,
            tax_type=tax_type,
            start=start,
            end=end,
            existing=tax_broker.list_brackets(session, economy_id=economy.id),
        )
        tax_broker.insert_bracket(
            session,
            economy_id=economy.id,
            name=clean,
            affected_type=affected_type,
            tax_type=tax_type,
            start=start,
            end=end,
            rate=rate,
            to_account_id=collector.id,
        )
        bracket = tax_broker.find_bracket(session, economy_id=economy.id, name=clean)
        assert bracket is not None
        _audit_bracket(session, principal, "bracket.create", bracket, after=True)
        return bracket

    return run_unique(uow, run)


def delete_tax_bracket(
    uow: UnitOfWork, principal: Principal, *, economy_id: EconomyId, name: str
) -> None:
    """Delete a bracket by name. Needs ``MANAGE_TAX_BRACKETS``; ``NotFound`` if there is none."""

    def run(session: Session) -> None:
        economy = economy_broker.lock_economy(session, economy_id=economy_id)
        authorize(session, principal, Permission.MANAGE_TAX_BRACKETS, economy_id=economy.id)
        bracket = tax_broker.find_bracket(session, economy_id=economy.id, name=name.strip())
        if bracket is None:
            raise NotFound(kind="tax_bracket", ref=name)
        tax_broker.delete_bracket(session, bracket_id=bracket.id)
        _audit_bracket(session, principal, "bracket.delete", bracket, after=False)

    uow.run(run)


def get_tax_bracket(uow: UnitOfWork, *, economy_id: EconomyId, name: str) -> TaxBracket | None:
    """The bracket called ``name``, or ``None``."""
    return uow.read(
        lambda session: tax_broker.find_bracket(session, economy_id=economy_id, name=name.strip())
    )


def list_tax_brackets(uow: UnitOfWork, *, economy_id: EconomyId) -> list[TaxBracket]:
    """Every bracket of the economy, by id."""
    return uow.read(lambda session: tax_broker.list_brackets(session, economy_id=economy_id))


__all__ = ["create_tax_bracket", "delete_tax_bracket", "get_tax_bracket", "list_tax_brackets"]
