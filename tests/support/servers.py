"""Where the tests get a MySQL-compatible server from, and what they do to its connections.

In order: ``COMMUNITYBOT_TEST_DATABASE_URL``; the local server on 127.0.0.1:3306 (root, no password)
when it answers; a MySQL container through testcontainers when a Docker engine is reachable.
Otherwise the run stops with a message saying how to provide a server. There is no silent skip
and no fallback to SQLite (that is the explicit ``--sqlite`` option).

A test that crashes or restarts its server starts a :class:`PrivateServer` instead (its own
datadir, port, socket and tmpdir; never the shared server).
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pymysql
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url

from communitybot.db import UnitOfWork, create_db_engine

LOCAL_SERVER = "mysql+pymysql://root@127.0.0.1:3306/"
HOW_TO_PROVIDE = (
    "no MySQL-compatible server for the tests: set COMMUNITYBOT_TEST_DATABASE_URL "
    "(e.g. mysql+pymysql://user:pass@host:3306/), start a local MariaDB on 127.0.0.1:3306 "
    "(root, no password; `start-stop-daemon --start --oknodo --background "
    "--exec /usr/sbin/mariadbd -- --user=mysql`), or make a Docker engine reachable for "
    "testcontainers"
)


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def _docker_reachable() -> bool:
    try:
        import docker  # type: ignore[import-untyped]

        docker.from_env().ping()
    except Exception:  # noqa: BLE001 - whatever fails, there is no usable Docker engine
        return False
    return True


@contextlib.contextmanager
def mysql_server() -> Iterator[tuple[URL, str]]:
    """Yield the server URL (without a database) and where it came from."""
    configured = os.environ.get("COMMUNITYBOT_TEST_DATABASE_URL")
    if configured:
        yield make_url(configured).set(database=""), "COMMUNITYBOT_TEST_DATABASE_URL"
        return
    if _answers("127.0.0.1", 3306):
        yield make_url(LOCAL_SERVER), "local server 127.0.0.1:3306"
        return
    if _docker_reachable():
        from testcontainers.mysql import MySqlContainer

        with MySqlContainer("mysql:8.4", dialect="pymysql") as container:
            url = make_url(container.get_connection_url()).set(
                username="root", password=container.root_password, database=""
            )
            yield url, "testcontainers mysql:8.4"
        return
    raise RuntimeError(HOW_TO_PROVIDE)


@contextlib.contextmanager
def dropped_connection(uow: UnitOfWork) -> Iterator[UnitOfWork]:
    """A unit of work on its own engine whose one pooled connection the server has just closed
    (``KILL CONNECTION``): its next transaction finds the connection dead."""
    engine = create_db_engine(uow.engine.url.render_as_string(hide_password=False))
    try:
        single = UnitOfWork(engine, attempts=3, sleep=lambda _seconds: None)
        victim = single.read(lambda s: s.scalar(text("SELECT CONNECTION_ID()")))
        with uow.engine.connect() as admin:
            admin.execute(text(f"KILL CONNECTION {int(victim)}"))
        yield single
    finally:
        engine.dispose()


MARIADBD_CANDIDATES = ("mariadbd", "/usr/sbin/mariadbd", "mysqld", "/usr/sbin/mysqld")
INSTALL_DB_CANDIDATES = ("mariadb-install-db", "mysql_install_db")
PRIVATE_PORTS = range(20_000, 32_000)
"""Ports a private server may take: below Linux's ephemeral range (32768 and up), so no
outgoing connection holds the port while the server is down between two starts."""


def _program(candidates: tuple[str, ...]) -> str:
    for candidate in candidates:
        found = shutil.which(candidate)
        if found is not None:
            return found
    msg = (
        f"a private MariaDB server needs one of {', '.join(candidates)} "
        "(apt install mariadb-server)"
    )
    raise RuntimeError(msg)


def _free_port() -> int:
    for _ in range(200):
        port = random.choice(PRIVATE_PORTS)
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        if not _answers("127.0.0.1", port):
            return port
    msg = f"no free port in {PRIVATE_PORTS}"
    raise RuntimeError(msg)


class PrivateServer:
    """A MariaDB server of one test: its own datadir (``mariadb-install-db``), port, socket and
    tmpdir, ``innodb_flush_log_at_trx_commit=1``, root without password on 127.0.0.1.

    The test may crash it (:meth:`crash`, SIGKILL), stop it cleanly (:meth:`stop`) and start it
    again on the same datadir and port (:meth:`start`, which waits for crash recovery). Signals
    go to the PID of the ``mariadbd`` this object started, never to any other server. Run as
    root it runs as ``--user=mysql`` (as ``.ci/run`` does), in a directory that user owns.
    Use :func:`private_server` to get one that is removed again.
    """

    def __init__(self, base: Path, *, start_timeout: float = 120.0) -> None:
        self.base = base
        self.datadir = base / "data"
        self.socket = base / "mysqld.sock"
        self.tmpdir = base / "tmp"
        self.error_log = base / "mariadbd.err"
        self.output = base / "mariadbd.out"
        self.port = _free_port()
        self.start_timeout = start_timeout
        self.starts = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._user = ["--user=mysql"] if os.geteuid() == 0 else []

    @property
    def pid(self) -> int | None:
        """The PID of the running ``mariadbd``; ``None`` when it is not running."""
        if self._process is None or self._process.poll() is not None:
            return None
        return self._process.pid

    def url(self, database: str = "") -> str:
        """The SQLAlchemy URL of ``database`` on this server (TCP on 127.0.0.1)."""
        return f"mysql+pymysql://root@127.0.0.1:{self.port}/{database}"

    def _options(self) -> list[str]:
        return [
            "--no-defaults",
            *self._user,
            f"--datadir={self.datadir}",
            f"--tmpdir={self.tmpdir}",
            "--innodb-buffer-pool-size=64M",
            "--innodb-log-file-size=32M",
            "--skip-name-resolve",
        ]

    def install(self) -> None:
        """Create the datadir with ``mariadb-install-db`` (root without password)."""
        self.tmpdir.mkdir(parents=True)
        if self._user:
            for path in (self.base, self.tmpdir):
                shutil.chown(path, "mysql", "mysql")
        install = _program(INSTALL_DB_CANDIDATES)
        done = subprocess.run(  # noqa: S603 - our own arguments
            [
                install,
                *self._options(),
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
            ],
            capture_output=True,
            timeout=self.start_timeout,
            check=False,
        )
        if done.returncode != 0:
            output = (done.stdout + done.stderr).decode(errors="replace")[-3000:]
            msg = f"{install} failed ({done.returncode}):\n{output}"
            raise RuntimeError(msg)

    def start(self) -> None:
        """Start ``mariadbd`` on the datadir and wait until it answers (crash recovery
        included), at most ``start_timeout`` seconds."""
        assert self.pid is None, "the private server is running already"
        with self.output.open("ab") as log:
            self._process = subprocess.Popen(  # noqa: S603 - our own arguments
                [
                    _program(MARIADBD_CANDIDATES),
                    *self._options(),
                    f"--port={self.port}",
                    "--bind-address=127.0.0.1",
                    f"--socket={self.socket}",
                    f"--pid-file={self.base / 'mariadbd.pid'}",
                    f"--log-error={self.error_log}",
                    "--port-open-timeout=30",
                    "--innodb-flush-log-at-trx-commit=1",
                    "--skip-log-bin",
                    "--performance-schema=OFF",
                    "--max-connections=200",
                ],
                stdout=log,
                stderr=log,
                stdin=subprocess.DEVNULL,
            )
        self.starts += 1
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                msg = f"mariadbd exited with {self._process.returncode}:\n{self.log_tail()}"
                raise RuntimeError(msg)
            if self._ready():
                return
            time.sleep(0.2)
        self.crash()
        msg = f"mariadbd did not answer within {self.start_timeout} s:\n{self.log_tail()}"
        raise RuntimeError(msg)

    def _ready(self) -> bool:
        try:
            connection = pymysql.connect(
                host="127.0.0.1", port=self.port, user="root", connect_timeout=2
            )
        except pymysql.err.MySQLError:
            return False
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except pymysql.err.MySQLError:
            return False
        finally:
            connection.close()
        return True

    def crash(self) -> None:
        """SIGKILL the server (no shutdown, InnoDB recovers at the next start) and reap it."""
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait(timeout=60)

    def stop(self, timeout: float = 60.0) -> None:
        """Shut the server down cleanly (SIGTERM); SIGKILL when it takes longer than
        ``timeout`` seconds."""
        if self._process is None or self._process.poll() is not None:
            return
        self._process.send_signal(signal.SIGTERM)
        try:
            self._process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.crash()

    def log_tail(self, lines: int = 30) -> str:
        """The end of the server's error log and output, for failure messages."""
        parts = []
        for path in (self.error_log, self.output):
            with contextlib.suppress(OSError):
                content = path.read_text(errors="replace")
                parts.append(f"--- {path.name}\n" + "\n".join(content.splitlines()[-lines:]))
        return "\n".join(parts) or "(no server log)"


@contextlib.contextmanager
def private_server(*, start_timeout: float = 120.0) -> Iterator[PrivateServer]:
    """A running :class:`PrivateServer` in a fresh directory; stopped by PID and removed after.

    The directory is made under the system's temporary directory rather than pytest's
    ``tmp_path``: as root the server runs as ``mysql``, which cannot enter pytest's private
    directories, and a unix socket path must stay short.
    """
    base = Path(tempfile.mkdtemp(prefix="cb-mariadb-"))
    server = PrivateServer(base, start_timeout=start_timeout)
    try:
        server.install()
        server.start()
        yield server
    finally:
        server.stop(timeout=30)
        shutil.rmtree(base, ignore_errors=True)
