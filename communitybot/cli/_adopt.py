"""``communitybot init``: what it finds before migrating, adopting a MateBot v0.2 database and
``--dry-run``."""

from __future__ import annotations

from sqlalchemy import Engine

from communitybot.cli._text import text
from communitybot.db import adopt
from communitybot.settings import Settings


def prepare(engine: Engine, settings: Settings, *, dry_run: bool) -> bool:
    """Adopt a database with the six documented tables and no migration version (unless
    ``dry_run``), after saying what was found; ``False`` when it must not be migrated."""
    from communitybot.db import migrate  # alembic: only the commands that migrate load it

    found = adopt.plan(engine)
    if found.state == "refused":
        print(text(settings, "cli.adopt.refused"))
        for problem in found.problems:
            print(f"  - {problem}")
        return False
    if found.state == "adopt":
        rows = ", ".join(f"{table} {count}" for table, count in found.rows.items())
        print(text(settings, "cli.adopt.found", rows=rows))
        print(text(settings, "cli.adopt.would" if dry_run else "cli.adopt.runs"))
        for statement in found.statements:
            print(f"  {statement};")
        print(text(settings, "cli.adopt.stamp", revision=adopt.FIRST_REVISION))
        if not dry_run:
            adopt.apply(engine, found)
    if dry_run:
        pending = (
            migrate.pending_revisions(engine)
            if found.state != "adopt"
            else _after_first(migrate.pending_revisions(engine))
        )
        key = "cli.dry_run.pending" if pending else "cli.dry_run.current"
        print(text(settings, key, revisions=", ".join(pending)))
        print(text(settings, "cli.dry_run.nothing_changed"))
    return True


def _after_first(revisions: list[str]) -> list[str]:
    """The revisions that run after the first one an adoption stamps."""
    return [r for r in revisions if r != adopt.FIRST_REVISION]


__all__ = ["prepare"]
