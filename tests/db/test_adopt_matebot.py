"""``communitybot init`` adopts a database that MateBot v0.2 created: the documented columns, but
foreign keys named ``transactions_ibfk_1`` that cascade on delete and indexes named after their
column. Adoption keeps every row, gives keys and indexes the names of a fresh ``init``, tightens
``CASCADE`` to ``RESTRICT``, stamps the first migration and runs the rest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from communitybot.cli import main
from communitybot.core.community import CollectiveStatus
from communitybot.core.ids import CollectiveId
from communitybot.db import migrate
from communitybot.db.uow import UnitOfWork
from communitybot.services import community as svc
from tests.db.test_schema import DOCUMENTED, DOCUMENTED_FOREIGN_KEYS, _actual_columns
from tests.support.migrations import Tables, scratch_database

pytestmark = pytest.mark.mysql_only

MATEBOT_SQL = Path(__file__).parent / "data" / "matebot_v02.sql"
SIX = tuple(DOCUMENTED)


def load_matebot(engine: Engine, sql: str | None = None) -> None:
    """Create the tables and rows the way MateBot v0.2 does (one statement at a time)."""
    script = MATEBOT_SQL.read_text() if sql is None else sql
    body = "\n".join(line for line in script.splitlines() if not line.startswith("--"))
    with engine.begin() as connection:
        for statement in body.split(";"):
            if statement.strip():
                connection.execute(text(statement))


def rows(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the six tables."""
    with engine.connect() as connection:
        return {
            t: [tuple(r) for r in connection.execute(text(f"SELECT * FROM `{t}` ORDER BY id"))]
            for t in SIX
        }


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture
def matebot(
    database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[tuple[Engine, Tables]]:
    """A scratch database as MateBot v0.2 left it, and the CLI pointed at it."""
    with scratch_database(database_url, "matebot") as (engine, tables):
        monkeypatch.setenv("COMMUNITYBOT_DATABASE_URL", _url(engine))
        monkeypatch.setenv("COMMUNITYBOT_CONFIG", str(tmp_path / "absent.toml"))
        monkeypatch.chdir(tmp_path)
        yield engine, tables


def test_plain_init_used_to_fail_and_now_adopts(
    matebot: tuple[Engine, Tables], capsys: pytest.CaptureFixture[str]
) -> None:
    engine, tables = matebot
    load_matebot(engine)
    before, schema_before = rows(engine), tables()
    assert "transactions_ibfk_1" in schema_before["transactions"]
    assert "ON DELETE CASCADE" in schema_before["transactions"]

    assert main(["init", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "six documented tables without a migration version" in out
    assert "users 5, transactions 4, collectives 4" in out
    assert "DROP FOREIGN KEY `transactions_ibfk_1`" in out
    assert "RENAME INDEX `tid` TO `uq_users_tid`" in out
    assert "migrations that would run: 0002_operations" in out
    assert "dry run: nothing was changed" in out
    assert tables() == schema_before
    assert rows(engine) == before
    assert migrate.current_revision(engine) is None

    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert "community user #1 'Community': -15.00" in out
    assert migrate.current_revision(engine) == migrate.head_revision(engine)
    assert rows(engine) == before  # not one row lost, added or changed

    for table, columns in DOCUMENTED.items():
        assert _actual_columns(engine, table) == columns
    with engine.connect() as connection:
        keys = connection.execute(
            text(
                "SELECT k.table_name, k.column_name, k.referenced_table_name, "
                "k.referenced_column_name, k.constraint_name, r.delete_rule "
                "FROM information_schema.key_column_usage k "
                "JOIN information_schema.referential_constraints r "
                "ON r.constraint_schema = k.table_schema AND r.constraint_name = k.constraint_name "
                "WHERE k.table_schema = DATABASE() AND k.referenced_table_name IS NOT NULL"
            )
        ).all()
    six = [k for k in keys if k[0] in DOCUMENTED]
    assert {tuple(k[:4]) for k in six} == DOCUMENTED_FOREIGN_KEYS
    assert {k[5] for k in six} == {"RESTRICT"}
    assert all(str(k[4]).startswith("fk_") for k in six)
    assert "`sender` (`sender`)" not in tables()["transactions"]
    config = migrate.alembic_config(engine)
    with engine.connect() as connection:
        config.attributes["connection"] = connection
        command.check(config)  # the schema of a fresh init: no drift

    with engine.connect() as connection, pytest.raises(IntegrityError):
        connection.execute(text("DELETE FROM users WHERE id = 3"))  # no longer cascades
    assert rows(engine) == before

    assert main(["check"]) == 0
    assert "ledger consistent" in capsys.readouterr().out
    assert main(["init"]) == 0  # a second run is an ordinary, versioned init
    assert rows(engine) == before


def test_matebot_communism_shows_the_shares_its_journal_charged(
    matebot: tuple[Engine, Tables], capsys: pytest.CaptureFixture[str]
) -> None:
    engine, _tables = matebot
    load_matebot(engine)
    assert main(["init"]) == 0
    capsys.readouterr()
    uow = UnitOfWork(engine)
    view = svc.get_collective(uow, collective_id=CollectiveId(3))
    assert view.status is CollectiveStatus.CLOSED
    # 10.01 among three members and one external: MateBot charged 2.51 a head, not 2.51/2.50
    assert [(s.user.id, s.amount) for s in view.shares] == [(2, 251), (3, 251), (4, 251)]
    assert view.external_shares == (251,)
    open_one = svc.get_collective(uow, collective_id=CollectiveId(4))
    assert [(s.user.id, s.amount) for s in open_one.shares] == [(4, 600)]


def test_check_understands_matebot_reasons(
    matebot: tuple[Engine, Tables], capsys: pytest.CaptureFixture[str]
) -> None:
    engine, _tables = matebot
    load_matebot(engine)
    assert main(["init"]) == 0
    with engine.begin() as connection:  # MateBot pays request #1 again, and a request no one made
        connection.execute(
            text(
                "INSERT INTO transactions (sender, receiver, amount, reason) VALUES "
                "(1, 2, 1500, 'pay: new drill (with case)'), (1, 3, 100, 'pay: nothing asked'),"
                "(3, 2, 251, 'communism: club mate (crate) (3)'),"
                "(3, 2, 5, 'communism: lost (99)')"
            )
        )
        connection.execute(text("UPDATE users SET balance = balance - 1600 WHERE id = 1"))
        connection.execute(text("UPDATE users SET balance = balance + 1500 + 251 + 5 WHERE id = 2"))
        connection.execute(text("UPDATE users SET balance = balance + 100 - 251 - 5 WHERE id = 3"))
    capsys.readouterr()
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "collective_paid_twice: payment request #1 was paid 2 times" in out
    assert "unknown_collective: transaction #6 (pay: nothing asked)" in out
    assert "collective_paid_twice: communism #3: user #3 paid 2 times" in out
    assert "unknown_collective: journal names missing collective #99" in out
    assert "balance_mismatch" not in out


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            "ALTER TABLE users MODIFY balance INT NOT NULL DEFAULT 0",
            "users.balance: int NOT NULL DEFAULT 0; documented: mediumint NOT NULL DEFAULT 0",
        ),
        ("ALTER TABLE externals ADD COLUMN note TEXT", "externals: columns are id, internal"),
        ("DROP TABLE collective_messages", "documented tables missing: collective_messages"),
        (
            "SET foreign_key_checks = 0; INSERT INTO transactions (sender, receiver, amount) "
            "VALUES (1, 42, 5); SET foreign_key_checks = 1",
            "transactions.receiver: 1 row(s) name a missing users row",
        ),
        ("CREATE INDEX by_name ON users (name)", "users: index `by_name` (name)"),
        ("CREATE TABLE operation_keys (id INT PRIMARY KEY)", "tables of communitybot exist"),
    ],
)
def test_a_database_that_differs_is_refused_and_left_alone(
    matebot: tuple[Engine, Tables], capsys: pytest.CaptureFixture[str], change: str, problem: str
) -> None:
    engine, tables = matebot
    load_matebot(engine, MATEBOT_SQL.read_text() + ";" + change)
    before, schema_before = rows_of(engine), tables()
    for args in (["init", "--dry-run"], ["init"]):
        assert main(args) == 1
        out = capsys.readouterr().out
        assert "cannot be adopted; nothing was changed" in out
        assert problem in out
        assert tables() == schema_before
        assert rows_of(engine) == before
        assert migrate.current_revision(engine) is None


def rows_of(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table there is."""
    with engine.connect() as connection:
        names = [r[0] for r in connection.execute(text("SHOW TABLES"))]
        return {
            t: [tuple(r) for r in connection.execute(text(f"SELECT * FROM `{t}`"))] for t in names
        }


def test_dry_run_on_an_empty_and_on_a_current_database(
    matebot: tuple[Engine, Tables], capsys: pytest.CaptureFixture[str]
) -> None:
    _engine, tables = matebot
    assert main(["init", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "migrations that would run: 0001_community, 0002_operations" in out
    assert tables() == {}
    assert main(["init"]) == 0
    assert main(["init", "--dry-run"]) == 0
    assert "no migration would run" in capsys.readouterr().out


def test_a_latin1_table_is_converted_on_adoption(
    matebot: tuple[Engine, Tables], capsys: pytest.CaptureFixture[str]
) -> None:
    """Older MariaDB servers defaulted to latin1, and MateBot named no character set."""
    engine, _tables = matebot
    load_matebot(engine)
    with engine.begin() as connection:
        connection.execute(text("ALTER TABLE users CONVERT TO CHARACTER SET latin1"))
    before = rows(engine)
    assert main(["init", "--dry-run"]) == 0
    assert "ALTER TABLE `users` CONVERT TO CHARACTER SET utf8mb4;" in capsys.readouterr().out
    assert main(["init"]) == 0
    assert rows(engine) == before
    with engine.connect() as connection:
        collation = connection.execute(
            text(
                "SELECT table_collation FROM information_schema.tables "
                "WHERE table_schema = DATABASE() AND table_name = 'users'"
            )
        ).scalar_one()
    assert str(collation).startswith("utf8mb4_")
    for table, columns in DOCUMENTED.items():
        assert _actual_columns(engine, table) == columns
