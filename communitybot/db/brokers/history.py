"""All SQL of ``accepted_history``: history an administrator accepted in ``communitybot check``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from communitybot.core.community import HistoryAcceptance
from communitybot.db.brokers.economy._util import record
from communitybot.db.models.operations import AcceptedHistory


def list_acceptances(session: Session) -> list[HistoryAcceptance]:
    """Every acceptance, oldest first."""
    rows = session.scalars(select(AcceptedHistory).order_by(AcceptedHistory.id))
    return [record(HistoryAcceptance, row, covered=0) for row in rows]


def add_acceptance(
    session: Session, *, code: str, cutoff: datetime, findings: int, note: str
) -> int:
    """Record an acceptance; its id."""
    result = session.execute(
        insert(AcceptedHistory).values(code=code, cutoff=cutoff, findings=findings, note=note)
    )
    return int(result.inserted_primary_key[0])  # type: ignore[attr-defined]


def database_now(session: Session) -> datetime:
    """The database's current time, in the session time zone the journal's times are read in."""
    now = session.scalar(select(func.current_timestamp()))
    if not isinstance(now, datetime):  # pragma: no cover - every dialect returns a datetime
        msg = f"the database answered {now!r} for its current time"
        raise TypeError(msg)
    return now.replace(microsecond=0)


__all__ = ["add_acceptance", "database_now", "list_acceptances"]
