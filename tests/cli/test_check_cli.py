"""``communitybot check``: accepted history, and a database that was never initialised."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, insert, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from communitybot.cli import main
from communitybot.db.models import External, Transaction, User
from communitybot.db.uow import UnitOfWork
from tests.conftest import Snapshot
from tests.support.community import World


@pytest.fixture
def cli(
    uow: UnitOfWork, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> UnitOfWork:
    """Point the CLI at the run's database (and at no config file)."""
    monkeypatch.setenv("COMMUNITYBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("COMMUNITYBOT_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.chdir(tmp_path)
    return uow


def _matebot_history(uow: UnitOfWork) -> datetime:
    """A guest without voucher received a /send five days ago; the database's now."""
    world = World(uow)
    world.community()
    ada = world.user("Ada", balance=1_000)
    guest = world.user("Guest", internal=False)
    now = uow.read(lambda s: s.scalar(select(func.current_timestamp()))).replace(microsecond=0)

    def write(session: Session) -> None:
        session.execute(
            update(External)
            .where(External.external == guest.id)
            .values(changed=now - timedelta(days=10))
        )
        session.execute(
            insert(Transaction).values(
                sender=ada.id,
                receiver=guest.id,
                amount=150,
                reason="send: beer",
                registered=now - timedelta(days=5),
            )
        )
        session.execute(update(User).where(User.id == ada.id).values(balance=User.balance - 150))
        session.execute(update(User).where(User.id == guest.id).values(balance=User.balance + 150))

    uow.run(write)
    return now


def test_accepted_history_clears_the_alarm_and_is_listed(
    cli: UnitOfWork, capsys: pytest.CaptureFixture[str]
) -> None:
    now = _matebot_history(cli)
    assert main(["check"]) == 1
    assert capsys.readouterr().out.startswith("unvouched_external_moved: transaction #")
    cutoff = (now - timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
    assert main(["check", "accept", "--before", cutoff, "--note", "MateBot v0.2"]) == 0
    accepted = capsys.readouterr().out
    # the id is whatever the shared test database's counter gives (tables are emptied, not reset)
    assert re.match(
        rf"accepted history #\d+: 1 unvouched_external_moved finding\(s\) before {cutoff} "
        r"\(MateBot v0\.2\), accepted ",
        accepted,
    )
    assert main(["check"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "ledger consistent"
    assert lines[1] == accepted.strip()


def test_refused_acceptances_say_why_and_record_nothing(
    cli: UnitOfWork, capsys: pytest.CaptureFixture[str], snapshot: Callable[[], Snapshot]
) -> None:
    _matebot_history(cli)
    before = snapshot()
    assert main(["check", "accept", "--before", "2999-01-01", "--note", "x"]) == 1
    assert capsys.readouterr().err == (
        "communitybot: The cut-off 2999-01-01 00:00:00 is not in the past; only history can be "
        "accepted.\n"
    )
    assert main(["check", "accept", "--before", "2000-01-01", "--note", "x"]) == 1
    assert capsys.readouterr().err == (
        "communitybot: No finding unvouched_external_moved that is not accepted yet lies before "
        "2000-01-01 00:00:00; nothing was recorded.\n"
    )
    for wrong in (["--before", "soon", "--note", "x"], ["--before", "2020-01-01"]):
        with pytest.raises(SystemExit) as caught:
            main(["check", "accept", *wrong])
        assert caught.value.code == 2
    assert snapshot() == before


def test_check_on_a_missing_sqlite_file_creates_nothing(
    cli: UnitOfWork,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    target = tmp_path / "never.db"
    monkeypatch.setenv("COMMUNITYBOT_DATABASE_URL", f"sqlite:///{target}")
    for argv in (["check"], ["users", "list"], ["export", "users"], ["economy", "check"]):
        assert main(argv) == 1
        assert capsys.readouterr().err == (
            f"communitybot: the database is not initialised: {target} does not exist; "
            "run `communitybot init` to create it\n"
        )
    assert not target.exists()


@pytest.mark.mysql_only
def test_check_on_an_empty_mysql_database_says_it_is_not_initialised(
    cli: UnitOfWork,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    database_url: str,
) -> None:
    server = make_url(database_url)
    empty = f"{server.database}_{secrets.token_hex(3)}"
    admin = create_engine(server.set(database=""), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE `{empty}`"))
    try:
        url = server.set(database=empty).render_as_string(hide_password=False)
        monkeypatch.setenv("COMMUNITYBOT_DATABASE_URL", url)
        assert main(["check"]) == 1
        err = capsys.readouterr().err
        assert err.startswith("communitybot: the database is not initialised (")
        assert err.endswith("); run `communitybot init` first\n")
        with admin.connect() as connection:
            tables = connection.execute(text(f"SHOW TABLES FROM `{empty}`")).all()
        assert tables == []
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS `{empty}`"))
        admin.dispose()
