"""All SQL of the audit of administration (``admin_audit``)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from communitybot.core.audit import AuditEntry, AuditPage, AuditQuery, Values
from communitybot.db.brokers.economy._util import insert_row, record
from communitybot.db.models.admin import AuditRow


def _text(values: Values | None) -> str | None:
    if values is None:
        return None
    return json.dumps(dict(values), sort_keys=True, ensure_ascii=False, default=str)


def _values(text: str | None) -> dict[str, Any] | None:
    return None if text is None else dict(json.loads(text))


def insert_entry(
    session: Session,
    *,
    actor: str,
    kind: str,
    target: str,
    economy_id: int | None,
    before: Values | None,
    after: Values | None,
    now: datetime,
) -> None:
    """Insert one entry (in the caller's transaction)."""
    insert_row(
        session,
        AuditRow,
        at=now,
        actor=actor,
        kind=kind,
        target=target,
        economy_id=economy_id,
        before=_text(before),
        after=_text(after),
    )


def _entry(row: Any) -> AuditEntry:
    return record(AuditEntry, row, before=_values(row.before), after=_values(row.after))


def list_entries(session: Session, query: AuditQuery) -> AuditPage:
    """One page of the entries ``query`` asks for, newest (highest id) first."""
    table = AuditRow.__table__
    statement = select(table)
    if query.actor is not None:
        statement = statement.where(AuditRow.actor == query.actor)
    if query.target is not None:
        statement = statement.where(AuditRow.target == query.target)
    if query.kind is not None:
        if query.kind_is_area:
            escaped = query.kind.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            statement = statement.where(AuditRow.kind.like(f"{escaped}.%", escape="\\"))
        else:
            statement = statement.where(AuditRow.kind == query.kind)
    if query.economy_id is not None:
        statement = statement.where(AuditRow.economy_id == query.economy_id)
    if query.since is not None:
        statement = statement.where(AuditRow.at >= query.since)
    if query.until is not None:
        statement = statement.where(AuditRow.at < query.until)
    if query.before_id is not None:
        statement = statement.where(AuditRow.id < query.before_id)
    rows = session.execute(statement.order_by(AuditRow.id.desc()).limit(query.limit + 1)).all()
    entries = tuple(_entry(r) for r in rows[: query.limit])
    more = len(rows) > query.limit
    return AuditPage(entries=entries, next_before=entries[-1].id if more else None)


__all__ = ["insert_entry", "list_entries"]
