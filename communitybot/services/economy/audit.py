"""An economy's administrators read the audit of their economy.

The entries are those :func:`communitybot.services.audit.record` wrote with the economy's id:
changes of its accounts, rules, tax brackets, guilds, applications and keys, and of the groups
whose primary currency it is. Reading them needs ``MANAGE_PERMISSIONS`` in the economy.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from sqlalchemy.orm import Session

from communitybot.core.audit import AuditEntry, AuditPage, AuditQuery
from communitybot.core.economy import Permission, Principal
from communitybot.core.ids import EconomyId
from communitybot.db.brokers import audit as audit_broker
from communitybot.db.brokers.economy import economies as economy_broker
from communitybot.db.uow import UnitOfWork
from communitybot.services.audit import iter_audit
from communitybot.services.economy._common import authorize


def _check(session: Session, principal: Principal, economy_id: EconomyId) -> None:
    economy = economy_broker.get_economy(session, economy_id=economy_id)
    authorize(session, principal, Permission.MANAGE_PERMISSIONS, economy_id=economy.id)


def economy_audit(
    uow: UnitOfWork, principal: Principal, *, economy_id: EconomyId, query: AuditQuery
) -> AuditPage:
    """One page of the economy's entries ``query`` asks for, newest first (its
    ``economy_id`` is replaced by this one). Needs ``MANAGE_PERMISSIONS`` in the economy."""
    scoped = replace(query, economy_id=economy_id)

    def run(session: Session) -> AuditPage:
        _check(session, principal, economy_id)
        return audit_broker.list_entries(session, scoped)

    return uow.read(run)


def economy_audit_entries(
    uow: UnitOfWork, principal: Principal, *, economy_id: EconomyId, query: AuditQuery
) -> Iterator[AuditEntry]:
    """Every economy entry ``query`` asks for (for an export), once the principal was checked
    as in :func:`economy_audit`."""
    uow.read(lambda session: _check(session, principal, economy_id))
    return iter_audit(uow, replace(query, economy_id=economy_id))


__all__ = ["economy_audit", "economy_audit_entries"]
