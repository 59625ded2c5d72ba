"""The audit of administration: record a change in its own transaction; list and export them.

Every service that changes permissions, roles, accounts, tax brackets, economies, applications
and keys, groups or a member's standing calls :func:`record` inside its unit of work, next to
the change, so the entry is committed exactly when the change is (and rolled back with it). What
the entry names and how is :mod:`communitybot.core.audit`'s.

:func:`list_audit` and :func:`export_audit` read every entry: they are the administrator's (the
command line); an economy's administrators read their economy's entries through
:func:`communitybot.services.economy.audit.economy_audit`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import IO, Literal

from sqlalchemy.orm import Session

from communitybot.core.audit import (
    ADMIN,
    PAGE_MAX,
    AuditEntry,
    AuditPage,
    AuditQuery,
    Values,
    ref,
    write_csv,
    write_json,
)
from communitybot.core.economy import Principal
from communitybot.db.brokers import audit as audit_broker
from communitybot.db.uow import UnitOfWork

ExportFormat = Literal["csv", "json"]
"""How an export is written."""


def actor_of(principal: Principal | None) -> str:
    """How an economy's actor is named in the audit (``user:<id>``, ``key:<id>``; ``admin``
    for ``None``)."""
    return ADMIN if principal is None else principal.label


def member_actor(user_id: int | None) -> str:
    """How a community member acting is named (``member:<users.id>``; ``admin`` for ``None``,
    the administrator at the command line)."""
    return ADMIN if user_id is None else ref("member", user_id)


def record(
    session: Session,
    *,
    actor: Principal | str | None,
    kind: str,
    target: str,
    economy_id: int | None = None,
    before: Values | None = None,
    after: Values | None = None,
    now: datetime | None = None,
) -> None:
    """Record one change in the caller's transaction: who (a principal, an already named actor,
    or ``None`` for the administrator), what (``kind`` on ``target``), before and after."""
    named = actor if isinstance(actor, str) else actor_of(actor)
    audit_broker.insert_entry(
        session,
        actor=named,
        kind=kind,
        target=target,
        economy_id=economy_id,
        before=before,
        after=after,
        now=now or datetime.now(UTC),
    )


def list_audit(uow: UnitOfWork, query: AuditQuery) -> AuditPage:
    """One page of the entries ``query`` asks for, newest first (the administrator's view)."""
    return uow.read(lambda session: audit_broker.list_entries(session, query))


def iter_audit(uow: UnitOfWork, query: AuditQuery) -> Iterator[AuditEntry]:
    """Every entry ``query`` asks for, newest first, read page by page (each a bounded read)."""
    page_query = replace(query, limit=PAGE_MAX)
    while True:
        page = list_audit(uow, page_query)
        yield from page.entries
        if page.next_before is None:
            return
        page_query = replace(page_query, before_id=page.next_before)


def export_audit(
    uow: UnitOfWork, query: AuditQuery, out: IO[str], *, fmt: ExportFormat = "csv"
) -> int:
    """Write every entry ``query`` asks for to ``out`` as CSV or JSON; return how many."""
    entries = iter_audit(uow, query)
    return write_json(entries, out) if fmt == "json" else write_csv(entries, out)


__all__ = [
    "ExportFormat",
    "actor_of",
    "export_audit",
    "iter_audit",
    "list_audit",
    "member_actor",
    "record",
]
