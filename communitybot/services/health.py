"""The health check: can this process reach its database, and is the schema there?"""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from communitybot.core.health import Health
from communitybot.db.brokers import health as health_broker
from communitybot.db.uow import UnitOfWork

_log = logging.getLogger(__name__)


def check_health(uow: UnitOfWork) -> Health:
    """One quick read, without retries: ``ok`` when the database answers with a migration
    version; else why not (``unreachable`` or ``not initialised``), never an exception."""
    try:
        revision = uow.read_once(health_broker.schema_revision)
    except SQLAlchemyError as error:
        _log.warning("health check: the database does not answer: %s", error)
        said = str(error)
        missing = any(m in said for m in ("doesn't exist", "no such table", "Unknown database"))
        return Health(ok=False, database="not initialised" if missing else "unreachable")
    if revision is None:
        return Health(ok=False, database="not initialised")
    return Health(ok=True, database="ok", revision=revision)


__all__ = ["check_health"]
