"""Adopting a database that MateBot v0.2 (or other software) created with the six documented
tables but without a migration version, so that ``communitybot init`` goes on from there.

:func:`plan` reads the database and says what :func:`apply` would do: nothing (an empty or a
versioned database, which the migrations handle), refuse (a column that differs from the
documented schema, a row that breaks a foreign key, an engine without foreign keys, some of the
tables missing or tables of this project without a version), or adopt it with a list of SQL
statements. Adoption keeps every row and every column; it only gives the indexes and foreign
keys the names this project's migrations give them (``ix_transactions_sender``, not ``sender``;
``fk_transactions_sender_users``, not ``transactions_ibfk_1``), replaces ``ON DELETE CASCADE``
(deleting a user would delete its journal) by the documented default (``RESTRICT``), converts a
table that is not utf8mb4, and stamps the first migration, after which the others run as on any
database. An adopted database has exactly the schema a fresh ``init`` makes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from sqlalchemy import Connection, Engine, Table, UniqueConstraint, text

from communitybot.db.models import Base

DOCUMENTED_TABLES = (
    "users",
    "transactions",
    "collectives",
    "collectives_users",
    "collective_messages",
    "externals",
)
"""The six tables of the documented schema, referenced tables first."""

FIRST_REVISION = "0001_community"
"""The migration that creates the six tables; an adopted database is stamped with it."""

_NOW = "CURRENT_TIMESTAMP"
_ON_UPDATE = "on update CURRENT_TIMESTAMP"

_Column = tuple[str, str, bool, str | None, str]
"""A documented column: name, type with display width, nullable, default, extra."""

_DOCUMENTED: dict[str, tuple[_Column, ...]] = {
    "users": (
        ("id", "int(11)", False, None, "auto_increment"),
        ("tid", "bigint(20)", True, None, ""),
        ("username", "varchar(255)", True, None, ""),
        ("name", "varchar(255)", False, None, ""),
        ("balance", "mediumint(9)", False, "0", ""),
        ("permission", "tinyint(1)", False, "0", ""),
        ("active", "tinyint(1)", False, "1", ""),
        ("created", "timestamp", False, _NOW, ""),
        ("accessed", "timestamp", False, _NOW, _ON_UPDATE),
    ),
    "transactions": (
        ("id", "int(11)", False, None, "auto_increment"),
        ("sender", "int(11)", False, None, ""),
        ("receiver", "int(11)", False, None, ""),
        ("amount", "mediumint(9)", False, None, ""),
        ("reason", "varchar(255)", True, None, ""),
        ("registered", "timestamp", False, _NOW, ""),
    ),
    "collectives": (
        ("id", "int(11)", False, None, "auto_increment"),
        ("active", "tinyint(1)", False, "1", ""),
        ("amount", "mediumint(9)", False, None, ""),
        ("externals", "smallint(6)", True, None, ""),
        ("description", "varchar(255)", True, None, ""),
        ("communistic", "tinyint(1)", False, None, ""),
        ("creator", "int(11)", False, None, ""),
        ("created", "timestamp", False, _NOW, ""),
    ),
    "collectives_users": (
        ("id", "int(11)", False, None, "auto_increment"),
        ("collectives_id", "int(11)", False, None, ""),
        ("users_id", "int(11)", False, None, ""),
        ("vote", "tinyint(1)", False, None, ""),
    ),
    "collective_messages": (
        ("id", "int(11)", False, None, "auto_increment"),
        ("collectives_id", "int(11)", False, None, ""),
        ("chat_id", "bigint(20)", False, None, ""),
        ("msg_id", "int(11)", False, None, ""),
    ),
    "externals": (
        ("id", "int(11)", False, None, "auto_increment"),
        ("internal", "int(11)", True, None, ""),
        ("external", "int(11)", False, None, ""),
        ("changed", "timestamp", False, _NOW, _ON_UPDATE),
    ),
}

State = Literal["empty", "versioned", "adopt", "refused"]


@dataclass(frozen=True, slots=True)
class AdoptionPlan:
    """What ``init`` finds and would do before migrating.

    ``state``: ``empty`` (no documented table: the migrations create them), ``versioned`` (a
    migration version is stamped: the migrations go on from it), ``adopt`` (the six tables
    without a version: run ``statements``, then stamp :data:`FIRST_REVISION`) or ``refused``
    (``problems`` says why; nothing is changed). ``rows`` counts the rows of each documented
    table found.
    """

    state: State
    statements: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    rows: dict[str, int] = field(default_factory=dict)


def plan(engine: Engine) -> AdoptionPlan:
    """Read the database of ``engine`` and say what adopting it takes (changes nothing)."""
    with engine.connect() as connection:
        return _plan(connection)


def apply(engine: Engine, adoption: AdoptionPlan) -> None:
    """Run the statements of an ``adopt`` plan and stamp :data:`FIRST_REVISION`.

    The foreign keys are swapped with ``foreign_key_checks`` off (in place, no table copy): the
    plan has checked that no row breaks them. MySQL commits each ``ALTER TABLE`` on its own; a
    run cut short leaves a database that :func:`plan` adopts again from where it stopped.
    """
    if adoption.state != "adopt":
        msg = f"nothing to adopt: the database is {adoption.state}"
        raise ValueError(msg)
    from communitybot.db import migrate  # alembic: only adoption and migrations load it

    with engine.connect() as connection:
        connection.execute(text("SET SESSION foreign_key_checks = 0"))
        try:
            for statement in adoption.statements:
                connection.execute(text(statement))
        finally:
            connection.execute(text("SET SESSION foreign_key_checks = 1"))
        connection.commit()
    migrate.stamp(engine, FIRST_REVISION)


def _plan(connection: Connection) -> AdoptionPlan:
    if connection.dialect.name not in ("mysql", "mariadb"):
        return AdoptionPlan(state="empty" if not _tables(connection) else "versioned")
    tables = _tables(connection)
    if "alembic_version" in tables and _scalar(connection, "SELECT COUNT(*) FROM alembic_version"):
        return AdoptionPlan(state="versioned")
    documented = [t for t in DOCUMENTED_TABLES if t in tables]
    if not documented:
        return AdoptionPlan(state="empty")
    rows = {t: _scalar(connection, f"SELECT COUNT(*) FROM `{t}`") for t in documented}
    problems: list[str] = []
    missing = [t for t in DOCUMENTED_TABLES if t not in tables]
    if missing:
        problems.append(f"documented tables missing: {', '.join(missing)}")
    ours = sorted(tables - set(DOCUMENTED_TABLES) - {"alembic_version"} & _project_tables())
    if ours:
        problems.append(
            "tables of communitybot exist without a migration version "
            f"({', '.join(ours)}): restore a backup or stamp the version by hand"
        )
    if problems:
        return AdoptionPlan(state="refused", problems=tuple(problems), rows=rows)
    statements: list[str] = []
    for name in DOCUMENTED_TABLES:
        table_problems, table_statements = _table(connection, Base.metadata.tables[name])
        problems += table_problems
        statements += table_statements
    if problems:
        return AdoptionPlan(state="refused", problems=tuple(problems), rows=rows)
    return AdoptionPlan(state="adopt", statements=tuple(statements), rows=rows)


def _project_tables() -> set[str]:
    return set(Base.metadata.tables) - set(DOCUMENTED_TABLES)


def _tables(connection: Connection) -> set[str]:
    if connection.dialect.name not in ("mysql", "mariadb"):
        from sqlalchemy import inspect

        return set(inspect(connection).get_table_names())
    query = "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
    return {str(r[0]) for r in connection.execute(text(query))}


def _scalar(connection: Connection, sql: str, **params: object) -> int:
    return int(connection.execute(text(sql), params).scalar() or 0)


def _table(connection: Connection, table: Table) -> tuple[list[str], list[str]]:
    """The problems of one documented table and the statements that adopt it."""
    name = table.name
    problems = _column_problems(connection, name)
    storage, collation = connection.execute(
        text(
            "SELECT engine, table_collation FROM information_schema.tables "
            "WHERE table_schema = DATABASE() AND table_name = :t"
        ),
        {"t": name},
    ).one()
    if str(storage).lower() != "innodb":
        problems.append(
            f"{name}: storage engine {storage} keeps no foreign keys; "
            f"convert it first (ALTER TABLE `{name}` ENGINE=InnoDB) and check its rows"
        )
    problems += _orphans(connection, table)
    if problems:
        return problems, []
    statements: list[str] = []
    if not str(collation).startswith("utf8mb4_"):
        statements.append(f"ALTER TABLE `{name}` CONVERT TO CHARACTER SET utf8mb4")
    index_problems, renames = _indexes(connection, table)
    fk_problems, keys = _foreign_keys(connection, table)
    problems += index_problems + fk_problems
    changes = renames + keys
    if changes:
        statements.append(f"ALTER TABLE `{name}` " + ", ".join(changes))
    return problems, statements


def _column_problems(connection: Connection, name: str) -> list[str]:
    found = connection.execute(
        text(
            "SELECT column_name, column_type, is_nullable, column_default, extra "
            "FROM information_schema.columns WHERE table_schema = DATABASE() "
            "AND table_name = :t ORDER BY ordinal_position"
        ),
        {"t": name},
    ).all()
    actual = [
        (str(c), _width(str(t)), n == "YES", _default(d), _extra(str(e))) for c, t, n, d, e in found
    ]
    expected = [(c, _width(t), n, d, e) for c, t, n, d, e in _DOCUMENTED[name]]
    if actual == expected:
        return []
    names = [c[0] for c in actual]
    wanted = [c[0] for c in expected]
    if names != wanted:
        return [f"{name}: columns are {', '.join(names)}; documented: {', '.join(wanted)}"]
    return [
        f"{name}.{have[0]}: {_shape(have)}; documented: {_shape(want)}"
        for have, want in zip(actual, expected, strict=True)
        if have != want
    ]


def _shape(column: _Column) -> str:
    _name, kind, nullable, default, extra = column
    null = "NULL" if nullable else "NOT NULL"
    return " ".join(p for p in (kind, null, f"DEFAULT {default}" if default else "", extra) if p)


def _width(column_type: str) -> str:
    """MySQL 8 reports ``int`` where MariaDB and the docs say ``int(11)``; compare without."""
    if column_type == "tinyint(1)":
        return column_type
    return re.sub(r"^(int|bigint|mediumint|smallint)\(\d+\)", r"\1", column_type)


def _default(value: str | None) -> str | None:
    if value is None or value.upper() == "NULL":
        return None
    value = value.strip("'")
    return _NOW if value.lower() in ("current_timestamp()", "current_timestamp") else value


def _extra(value: str) -> str:
    value = re.sub(r"current_timestamp(\(\))?", _NOW, value, flags=re.IGNORECASE)
    value = value.replace("DEFAULT_GENERATED", "").strip()
    return re.sub(r"^on update", "on update", value, flags=re.IGNORECASE)


def _orphans(connection: Connection, table: Table) -> list[str]:
    """Rows whose foreign key names a missing row (a foreign key would refuse them)."""
    problems = []
    for key in table.foreign_key_constraints:
        [column] = [c.name for c in key.columns]
        parent = key.referred_table.name
        count = _scalar(
            connection,
            f"SELECT COUNT(*) FROM `{table.name}` c LEFT JOIN `{parent}` p "
            f"ON p.id = c.`{column}` WHERE c.`{column}` IS NOT NULL AND p.id IS NULL",
        )
        if count:
            problems.append(f"{table.name}.{column}: {count} row(s) name a missing {parent} row")
    return problems


def _indexes(connection: Connection, table: Table) -> tuple[list[str], list[str]]:
    """``RENAME INDEX`` / ``ADD INDEX`` clauses for the indexes the models name."""
    found: dict[str, tuple[tuple[str, ...], bool]] = {}
    for index, column, non_unique in connection.execute(
        text(
            "SELECT index_name, column_name, non_unique FROM information_schema.statistics "
            "WHERE table_schema = DATABASE() AND table_name = :t AND index_name <> 'PRIMARY' "
            "ORDER BY index_name, seq_in_index"
        ),
        {"t": table.name},
    ):
        columns, _ = found.get(str(index), ((), False))
        found[str(index)] = ((*columns, str(column)), not int(non_unique))
    wanted = [
        (str(i.name), tuple(c.name for c in i.columns), bool(i.unique)) for i in table.indexes
    ] + [
        (str(c.name), tuple(col.name for col in c.columns), True)
        for c in table.constraints
        if isinstance(c, UniqueConstraint)
    ]
    clauses: list[str] = []
    problems: list[str] = []
    for name, columns, unique in sorted(wanted):
        if found.get(name) == (columns, unique):
            found.pop(name)
            continue
        same = [n for n, shape in sorted(found.items()) if shape == (columns, unique)]
        if same:
            found.pop(same[0])
            clauses.append(f"RENAME INDEX `{same[0]}` TO `{name}`")
        else:
            kind = "UNIQUE INDEX" if unique else "INDEX"
            cols = ", ".join(f"`{c}`" for c in columns)
            clauses.append(f"ADD {kind} `{name}` ({cols})")
    for name, (columns, unique) in sorted(found.items()):
        kind = "unique index" if unique else "index"
        problems.append(
            f"{table.name}: {kind} `{name}` ({', '.join(columns)}) is not documented; "
            "drop it first if nothing needs it"
        )
    return problems, clauses


def _foreign_keys(connection: Connection, table: Table) -> tuple[list[str], list[str]]:
    """``DROP``/``ADD FOREIGN KEY`` clauses that give each documented key its name and the
    default ``ON DELETE``/``ON UPDATE`` (``RESTRICT``)."""
    found = {
        str(name): (str(column), str(parent), str(delete), str(update))
        for name, column, parent, delete, update in connection.execute(
            text(
                "SELECT k.constraint_name, k.column_name, k.referenced_table_name, "
                "r.delete_rule, r.update_rule FROM information_schema.key_column_usage k "
                "JOIN information_schema.referential_constraints r "
                "ON r.constraint_schema = k.table_schema AND r.constraint_name = k.constraint_name "
                "AND r.table_name = k.table_name "
                "WHERE k.table_schema = DATABASE() AND k.table_name = :t "
                "AND k.referenced_table_name IS NOT NULL"
            ),
            {"t": table.name},
        )
    }
    strict = {"RESTRICT", "NO ACTION"}
    clauses: list[str] = []
    for key in sorted(table.foreign_key_constraints, key=lambda k: str(k.name)):
        [column] = [c.name for c in key.columns]
        parent = key.referred_table.name
        have = found.get(str(key.name))
        if have is not None and have[:2] == (column, parent) and {*have[2:]} <= strict:
            found.pop(str(key.name))
            continue
        for name, shape in sorted(found.items()):
            if shape[:2] == (column, parent):
                found.pop(name)
                clauses.append(f"DROP FOREIGN KEY `{name}`")
        clauses.append(
            f"ADD CONSTRAINT `{key.name}` FOREIGN KEY (`{column}`) REFERENCES `{parent}` (`id`)"
        )
    problems = [
        f"{table.name}: foreign key `{name}` ({column} -> {parent}) is not documented"
        for name, (column, parent, _, _) in sorted(found.items())
    ]
    return problems, clauses


__all__ = ["DOCUMENTED_TABLES", "FIRST_REVISION", "AdoptionPlan", "State", "apply", "plan"]
