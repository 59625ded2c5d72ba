"""Engine creation for MySQL/MariaDB (the production target) and SQLite (the embedded default).

On MySQL/MariaDB an engine may know several servers of one cluster (``failover_urls``): it uses
one at a time and moves to the next when the one in use cannot be reached, drops its connection,
or is a Galera node outside the primary component. The unit of work retries the failed attempt,
which then runs on the next server (see :data:`FAILOVER_CODES`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DisconnectionError

log = logging.getLogger(__name__)

LOCK_WAIT_TIMEOUT_SECONDS = 10
"""``innodb_lock_wait_timeout`` of our sessions: a waiter gives up (and is retried) after this."""

CONNECT_TIMEOUT_SECONDS = 5
"""How long connecting to one server may take before the next configured one is tried."""

FAILOVER_CODES = frozenset({1047, 2003, 2006, 2013})
"""Errors after which an engine with several servers moves on to the next one: a Galera node not
ready for use (1047), a server that cannot be reached (2003), went away (2006) or lost the
connection (2013)."""

_SERVER = "communitybot_server"
"""Key of a pooled connection's ``info``: the index of the server it is connected to."""


def error_code(error: object) -> int | None:
    """The server error code of a driver error (PyMySQL's first argument), else ``None``."""
    args = getattr(error, "args", ())
    if args and isinstance(args[0], int) and not isinstance(args[0], bool):
        return args[0]
    return None


def is_node_unavailable(error: BaseException) -> bool:
    """Whether a driver error says the server is a cluster node not ready for use (1047): its
    connection is as good as lost, and is dropped like one."""
    return error_code(error) == 1047


class _Servers:
    """The servers an engine may use, in order, and the one it uses now."""

    def __init__(self, urls: Sequence[URL]) -> None:
        self.urls = list(urls)
        self.current = 0
        self._lock = threading.Lock()

    def name(self, index: int) -> str:
        url = self.urls[index]
        return f"{url.host}:{url.port or 3306}"

    def failed(self, index: int, error: BaseException) -> None:
        """Server ``index`` failed with ``error``: if it is the one in use, use the next one."""
        with self._lock:
            if index != self.current:
                return
            self.current = (index + 1) % len(self.urls)
            log.warning(
                "database server %s failed (%s); using %s",
                self.name(index),
                error,
                self.name(self.current),
            )

    def using(self, index: int) -> None:
        """A connection to server ``index`` was made: it is the one in use from now on."""
        with self._lock:
            self.current = index


def _mysql_url(url: str | URL) -> URL:
    parsed = make_url(url)
    if parsed.get_backend_name() not in ("mysql", "mariadb"):
        msg = f"a MySQL or MariaDB URL, not {parsed.render_as_string()}"
        raise ValueError(msg)
    if "charset" not in parsed.query:
        parsed = parsed.update_query_dict({"charset": "utf8mb4"})
    return parsed


LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
"""Hosts whose traffic never leaves the machine: the bot talks to them without TLS."""


def _tls_args(url: URL) -> dict[str, Any]:
    """PyMySQL's connect arguments for TLS: ``ssl_disabled`` for a server on this machine (a
    loopback host, or a unix socket) whose URL names no TLS option, else none (PyMySQL's own).

    PyMySQL's own default without an option is "preferred": TLS when the server offers it,
    without verifying it, with an SSL context of the system's CA certificates built for every
    connection, used or not: about 0.8 MB of memory per pooled connection (three engines, up
    to ~50 connections). Over loopback that buys nothing. A remote server keeps that default;
    naming its CA (``?ssl_ca=...``) makes TLS required and verified (see docs/admin.md)."""
    if any(key.startswith("ssl") for key in url.query):
        return {}
    if "unix_socket" in url.query or (url.host or "localhost") in LOOPBACK_HOSTS:
        return {"ssl_disabled": True}
    return {}


def _wsrep_ready(dbapi_connection: Any) -> bool:
    """Whether a new connection's server takes work: not a Galera node outside the primary
    component (a server without Galera always does)."""
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SHOW VARIABLES LIKE 'wsrep_on'")
        row = cursor.fetchone()
        if row is None or str(row[1]).upper() != "ON":
            return True
        cursor.execute("SHOW GLOBAL STATUS LIKE 'wsrep_ready'")
        row = cursor.fetchone()
        return row is not None and str(row[1]).upper() == "ON"


def _add_failover(engine: Engine, servers: _Servers) -> None:
    dialect = engine.dialect
    connect_args = []
    for url in servers.urls:
        args, params = dialect.create_connect_args(url)
        params.setdefault("connect_timeout", CONNECT_TIMEOUT_SECONDS)
        params.update(_tls_args(url))
        connect_args.append((list(args), params))

    @event.listens_for(engine, "do_connect")
    def _connect(_dialect: Any, record: Any, _cargs: Any, _cparams: Any) -> Any:
        first = servers.current
        failure: BaseException | None = None
        for step in range(len(servers.urls)):
            index = (first + step) % len(servers.urls)
            args, params = connect_args[index]
            try:
                connection = dialect.loaded_dbapi.connect(*args, **params)
            except dialect.loaded_dbapi.OperationalError as error:
                if error_code(error) not in FAILOVER_CODES:
                    raise
                failure = error
                servers.failed(index, error)
                continue
            try:
                ready = _wsrep_ready(connection)
            except dialect.loaded_dbapi.OperationalError as error:
                if error_code(error) not in FAILOVER_CODES:
                    connection.close()
                    raise
                ready = False
            if not ready:
                connection.close()
                failure = dialect.loaded_dbapi.OperationalError(
                    1047, f"{servers.name(index)} is a Galera node that is not ready"
                )
                servers.failed(index, failure)
                continue
            record.info[_SERVER] = index
            servers.using(index)
            return connection
        assert failure is not None
        raise failure

    @event.listens_for(engine, "checkout")
    def _stay_on_current(_dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        # A pooled connection to a server the engine has moved away from is replaced.
        if record.info.get(_SERVER, servers.current) != servers.current:
            raise DisconnectionError("connected to a server this engine no longer uses")

    @event.listens_for(engine, "invalidate")
    def _move_on(_dbapi_connection: Any, record: Any, exception: BaseException | None) -> None:
        if exception is not None and error_code(exception) in FAILOVER_CODES:
            servers.failed(record.info.get(_SERVER, servers.current), exception)

    @event.listens_for(engine, "handle_error")
    def _drop_unready(context: Any) -> None:
        if context.original_exception is not None and is_node_unavailable(
            context.original_exception
        ):
            context.is_disconnect = True


def create_db_engine(
    url: str,
    *,
    echo: bool = False,
    failover_urls: Sequence[str] = (),
    wsrep_sync_wait: int | None = None,
    autocommit: bool = False,
    read_only: bool = True,
) -> Engine:
    """Create the engine for ``url`` with the settings the ledger relies on.

    MySQL/MariaDB: utf8mb4, TLS only when the URL names a TLS option such as ``ssl_ca``
    (:func:`_tls_args`), ``READ COMMITTED`` (locking reads see the latest committed row and
    take no gap locks), a bounded lock wait, strict SQL mode. There is no pre-ping (it would cost
    a round trip per transaction): connections are recycled before the server's idle timeout, and
    a connection found dead is retried by the :class:`~communitybot.db.uow.UnitOfWork`. Nor does
    the pool send its own ``ROLLBACK`` when a connection comes back: every unit of work and every
    ``Connection`` ends its transaction itself (commit, or rollback on close). SQLite:
    foreign keys on and a busy timeout, so concurrent writers wait instead of failing.

    ``failover_urls`` (MySQL/MariaDB only) are more servers of the same database, tried in
    order after ``url`` when the server in use fails (:data:`FAILOVER_CODES`); a new connection
    to a Galera node checks that the node is ready. ``wsrep_sync_wait`` sets that session
    variable on every connection to a server that has it (MariaDB; Galera applies it): 1 makes
    each read wait until the node has applied every write the cluster committed before it, so a
    read on one node sees what was just written on another.

    ``autocommit`` (MySQL/MariaDB) makes an engine for reads only (see
    :class:`~communitybot.db.uow.UnitOfWork`): its connections stay in autocommit mode, so a read
    needs no ``ROLLBACK`` round trip afterwards (``skip_autocommit_rollback``); under
    ``READ COMMITTED`` every statement sees the latest committed rows either way. Its sessions
    are ``READ ONLY``: a write on it by mistake fails instead of being committed, unless
    ``read_only`` is false (the engine of single statements that commit themselves, see
    :meth:`~communitybot.db.uow.UnitOfWork.run_statement`).
    """
    parsed = make_url(url)
    kwargs: dict[str, Any] = {"echo": echo, "future": True}
    if failover_urls and parsed.get_backend_name() not in ("mysql", "mariadb"):
        msg = "failover URLs need a MySQL or MariaDB database_url"
        raise ValueError(msg)
    if parsed.get_backend_name() in ("mysql", "mariadb"):
        parsed = _mysql_url(parsed)
        kwargs.update(
            pool_recycle=3600,
            pool_reset_on_return=None,
            isolation_level="AUTOCOMMIT" if autocommit else "READ COMMITTED",
            pool_size=20,  # above the worker threads (16 by default): no connection churn
            max_overflow=10,
            connect_args=_tls_args(parsed),
        )
        if autocommit:
            kwargs["skip_autocommit_rollback"] = True
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
                if autocommit and read_only:  # a write by mistake is refused, not committed
                    cursor.execute("SET SESSION TRANSACTION READ ONLY")
                if wsrep_sync_wait is not None:
                    cursor.execute("SHOW VARIABLES LIKE 'wsrep_sync_wait'")
                    if cursor.fetchone() is not None:
                        cursor.execute(f"SET SESSION wsrep_sync_wait = {int(wsrep_sync_wait)}")

        if failover_urls:
            _add_failover(engine, _Servers([parsed, *(_mysql_url(u) for u in failover_urls)]))
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


__all__ = [
    "CONNECT_TIMEOUT_SECONDS",
    "FAILOVER_CODES",
    "LOCK_WAIT_TIMEOUT_SECONDS",
    "create_db_engine",
    "error_code",
    "is_node_unavailable",
]
