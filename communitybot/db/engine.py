"""Engine creation for MySQL/MariaDB (the production target) and SQLite (the embedded default)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

LOCK_WAIT_TIMEOUT_SECONDS = 10
"""``innodb_lock_wait_timeout`` of our sessions: a waiter gives up (and is retried) after this."""


def create_db_engine(url: str, *, echo: bool = False) -> Engine:
    """Create the engine for ``url`` with the settings the ledger relies on.

    MySQL/MariaDB: utf8mb4, ``READ COMMITTED`` (locking reads see the latest committed row and
    take no gap locks), a bounded lock wait, strict SQL mode. There is no pre-ping (it would cost
    a round trip per transaction): connections are recycled before the server's idle timeout, and
    a connection found dead is retried by the :class:`~communitybot.db.uow.UnitOfWork`. Nor does
    the pool send its own ``ROLLBACK`` when a connection comes back: every unit of work and every
    ``Connection`` ends its transaction itself (commit, or rollback on close). SQLite:
    foreign keys on and a busy timeout, so concurrent writers wait instead of failing.
    """
    parsed = make_url(url)
    kwargs: dict[str, Any] = {"echo": echo, "future": True}
    if parsed.get_backend_name() in ("mysql", "mariadb"):
        if "charset" not in parsed.query:
            parsed = parsed.update_query_dict({"charset": "utf8mb4"})
        kwargs.update(
            pool_recycle=3600,
            pool_reset_on_return=None,
            isolation_level="READ COMMITTED",
            pool_size=10,
            max_overflow=20,
        )
        engine = create_engine(parsed, **kwargs)

        @event.listens_for(engine, "connect")
        def _session_settings(dbapi_connection: Any, _record: Any) -> None:
            with dbapi_connection.cursor() as cursor:
                cursor.execute(
                    f"SET SESSION innodb_lock_wait_timeout = {LOCK_WAIT_TIMEOUT_SECONDS}"
                )
                cursor.execute(
                    "SET SESSION sql_mode = 'STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,"
                    "NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'"
                )

        return engine

    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
        engine = create_engine(parsed, **kwargs)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            # pysqlite's own transaction handling is replaced by an explicit BEGIN IMMEDIATE
            # below, so a writer takes the database lock at the start of its transaction.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine

    return create_engine(parsed, **kwargs)


__all__ = ["LOCK_WAIT_TIMEOUT_SECONDS", "create_db_engine"]
