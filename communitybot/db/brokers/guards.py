"""All SQL of ``rule_guards``: the rows a decision writes for what it depends on.

A rule such as "at most N open collectives" or "no member twice" is decided on rows the decision
reads but does not change. On one server the row lock it takes serializes such decisions; on a
multi-primary cluster (Galera, Group Replication) a ``SELECT ... FOR UPDATE`` is local to its
node and only written rows are certified at commit, so two nodes could decide at once on the
same rows. :func:`write_guards` raises the version of a guard row named after what is read (an
``UPDATE`` that changes nothing writes nothing), so the second of two such decisions fails
certification and is retried, and then sees the first. Call it before the reads it guards: under
``READ COMMITTED`` they then see every decision that wrote the guard before.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import Table, bindparam
from sqlalchemy.dialects import mysql, sqlite
from sqlalchemy.orm import Session

from communitybot.db.models.operations import RuleGuard

_GUARDS = cast(Table, RuleGuard.__table__)
_ONE = {"name": bindparam("name"), "version": 1}
_MYSQL = mysql.insert(_GUARDS).values(_ONE).on_duplicate_key_update(version=_GUARDS.c.version + 1)
_SQLITE = (
    sqlite.insert(_GUARDS)
    .values(_ONE)
    .on_conflict_do_update(index_elements=[_GUARDS.c.name], set_={"version": _GUARDS.c.version + 1})
)


def write_guards(session: Session, names: Iterable[str]) -> None:
    """Raise the version of every guard row in ``names`` (created at 1), in sorted order, so
    decisions writing several guards take them in one order everywhere."""
    statement: Any = _SQLITE if session.get_bind().dialect.name == "sqlite" else _MYSQL
    for name in sorted(set(names)):
        session.execute(statement, {"name": name})


__all__ = ["write_guards"]
