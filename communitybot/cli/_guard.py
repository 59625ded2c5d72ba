"""Commands that read or change the ledger refuse a database that was never initialised.

Without this, a first ``communitybot check`` on the embedded default would create an empty SQLite
file as a side effect and then fail on missing tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from communitybot.bootstrap import Container, build_container
from communitybot.settings import Settings


class NotInitialised(Exception):
    """The configured database has no communitybot schema yet: the catalogue's ``key`` with
    ``values`` says what to do."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key, values)
        self.key = key
        self.values = values


def embedded_file(url: str) -> Path | None:
    """The file a SQLite URL names (``sqlite:///x.db``); ``None`` for other databases and for an
    in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def require_file(url: str) -> None:
    """Refuse, before anything connects, a SQLite URL whose file does not exist (connecting
    would create it)."""
    path = embedded_file(url)
    if path is not None and not path.exists():
        raise NotInitialised("cli.no_database_file", path=path)


def require_initialised(engine: Engine) -> None:
    """Refuse a database the migrations never ran on."""
    from communitybot.db import migrate

    if migrate.current_revision(engine) is None:
        where = engine.url.render_as_string(hide_password=True).split("@")[-1]
        raise NotInitialised("cli.not_initialised", where=where)


@contextmanager
def initialised(settings: Settings) -> Iterator[Container]:
    """The container of a command that needs an initialised database (all but ``init``)."""
    require_file(settings.database_url)
    container = build_container(settings)
    try:
        require_initialised(container.engine)
        yield container
    finally:
        container.close()


__all__ = ["NotInitialised", "embedded_file", "initialised", "require_file", "require_initialised"]
