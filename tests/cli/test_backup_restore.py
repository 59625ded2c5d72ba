"""scripts/backup and scripts/restore on MariaDB: backup -> restore into a fresh database ->
`communitybot check` passes there, and every row came across; a restore never overwrites."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from communitybot.db.uow import UnitOfWork
from communitybot.services import community as svc
from tests.support.community import World, new_key

pytestmark = pytest.mark.mysql_only

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def _rows(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            names = sorted(r[0] for r in connection.execute(text("SHOW TABLES")))
            return {
                t: sorted(
                    (tuple(r) for r in connection.execute(text(f"SELECT * FROM `{t}`"))), key=repr
                )
                for t in names
            }
    finally:
        engine.dispose()


@pytest.fixture
def restored_url(database_url: str) -> Iterator[str]:
    """The URL of a database that does not exist yet (dropped afterwards)."""
    server = make_url(database_url)
    name = f"{server.database}_restored"
    admin = create_engine(server.set(database=""), isolation_level="AUTOCOMMIT")
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
        admin.dispose()


def _script(name: str, *args: str, url: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "COMMUNITYBOT_DATABASE_URL": url,
        "COMMUNITYBOT_CONFIG": str(tmp_path / "absent.toml"),
        "COMMUNITYBOT": str(Path(sys.executable).parent / "communitybot"),
    }
    return subprocess.run(  # noqa: S603 - our own scripts
        [str(SCRIPTS / name), *args],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("suffix", [".sql", ".sql.gz"])
def test_backup_restore_check(
    uow: UnitOfWork, database_url: str, restored_url: str, tmp_path: Path, suffix: str
) -> None:
    world = World(uow)
    world.community()
    ada = world.user("Ada", permission=True)
    bob = world.user("Bob", username="bob")
    svc.send(
        uow, world.rules, sender=ada.id, receiver="bob", amount=250, reason="mate ü", key=new_key()
    )
    svc.request_payment(
        uow, world.rules, creator_tid=bob.tid, amount=900, description="drill", key=new_key()
    )
    dump = tmp_path / f"backup{suffix}"

    backup = _script("backup", str(dump), url=database_url, tmp_path=tmp_path)
    assert backup.returncode == 0, backup.stderr
    assert backup.stdout.startswith("backup: ")
    assert dump.stat().st_size > 0
    assert not dump.with_name(dump.name + ".partial").exists()

    restore = _script("restore", str(dump), restored_url, url=database_url, tmp_path=tmp_path)
    assert restore.returncode == 0, restore.stderr
    assert restore.stdout.splitlines()[-1] == "ledger consistent"
    assert _rows(restored_url) == _rows(database_url)

    again = _script("restore", str(dump), restored_url, url=database_url, tmp_path=tmp_path)
    assert again.returncode == 2
    assert "is not empty" in again.stderr


def test_a_restore_that_check_rejects_fails(
    uow: UnitOfWork, database_url: str, restored_url: str, tmp_path: Path
) -> None:
    world = World(uow)
    world.community()
    world.user("Ada", balance=100)
    dump = tmp_path / "backup.sql"
    assert _script("backup", str(dump), url=database_url, tmp_path=tmp_path).returncode == 0
    # a dump damaged by hand: a balance without its journal
    damaged = dump.read_text().replace("'ada','Ada',100,", "'ada','Ada',999,")
    assert damaged != dump.read_text()
    dump.write_text(damaged)
    restore = _script("restore", str(dump), restored_url, url=database_url, tmp_path=tmp_path)
    assert restore.returncode == 1
    assert "balance_mismatch" in restore.stdout


def test_backup_without_a_database_url_says_so(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "COMMUNITYBOT_DATABASE_URL"}
    done = subprocess.run(  # noqa: S603 - our own script
        [str(SCRIPTS / "backup")], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode != 0
    assert "COMMUNITYBOT_DATABASE_URL" in done.stderr
