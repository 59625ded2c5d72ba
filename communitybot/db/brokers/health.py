"""The one query of the health check: the schema's migration version."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session


def schema_revision(session: Session) -> str | None:
    """The version alembic stamped (``None`` for a database without one); raises when the
    database does not answer or has no ``alembic_version`` table."""
    value = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if value is None else str(value)


__all__ = ["schema_revision"]
