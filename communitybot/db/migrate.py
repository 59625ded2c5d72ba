"""Run the alembic migrations from code (``communitybot init``, ``communitybot migrate``, tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

_PACKAGE = Path(__file__).resolve().parent.parent


def migrations_directory() -> Path:
    """The ``migrations/`` of a source checkout, or the copy shipped inside an installed wheel."""
    for candidate in (_PACKAGE.parent / "migrations", _PACKAGE / "_migrations"):
        if (candidate / "env.py").is_file():
            return candidate
    msg = "the alembic migrations are missing from this installation"
    raise FileNotFoundError(msg)


def alembic_config(engine: Engine) -> Config:
    """An alembic :class:`~alembic.config.Config` that migrates through ``engine``."""
    config = Config()
    config.set_main_option("script_location", str(migrations_directory()))
    config.attributes["configure_logging"] = False
    config.attributes["url"] = engine.url.render_as_string(hide_password=False)
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database of ``engine`` up to ``revision``."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Migrate the database of ``engine`` down to ``revision`` (``"base"`` drops everything)."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def stamp(engine: Engine, revision: str) -> None:
    """Record ``revision`` as the database's version without running any migration."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.stamp(config, revision)


def pending_revisions(engine: Engine) -> list[str]:
    """The revisions an upgrade to head would run, oldest first."""
    script = ScriptDirectory.from_config(alembic_config(engine))
    current = current_revision(engine)
    return [
        r.revision
        for r in reversed(list(script.walk_revisions(base=current or "base", head="heads")))
        if r.revision != current
    ]


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or ``None`` for an empty database."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(engine: Engine) -> str | None:
    """The newest revision the code knows."""
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


__all__ = [
    "alembic_config",
    "current_revision",
    "downgrade",
    "head_revision",
    "migrations_directory",
    "pending_revisions",
    "stamp",
    "upgrade",
]
