"""Storage: SQLAlchemy 2 models, engine, unit of work, brokers (one query module per aggregate)."""

from communitybot.db.engine import create_db_engine
from communitybot.db.uow import UnitOfWork, is_lock_conflict

__all__ = ["UnitOfWork", "create_db_engine", "is_lock_conflict"]
