"""The command line speaks the configured ``locale``: its tables, results and argument errors
come from the one catalogue, in German as in English."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import insert

from communitybot.cli import main
from communitybot.db.models import User
from communitybot.db.uow import UnitOfWork
from tests.conftest import Snapshot
from tests.support.community import World


@pytest.fixture
def world(
    uow: UnitOfWork, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> World:
    """The CLI on the run's database, without a config file, set to German."""
    monkeypatch.setenv("COMMUNITYBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("COMMUNITYBOT_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("COMMUNITYBOT_LOCALE", "de")
    monkeypatch.chdir(tmp_path)
    world = World(uow)
    world.community()
    return world


def test_users_list_and_rights_in_german(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    ada = world.user("Ada", permission=True)
    assert main(["users", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "    id          tid        Stand  Wahl aktiv  Status                   Name"
    row = next(line for line in lines if line.endswith(" Ada (@ada)"))
    assert row.split()[4:7] == ["ja", "ja", "intern"]
    assert main(["users", "rights", "@ada"]) == 0
    rights = capsys.readouterr().out.splitlines()
    assert rights[1:3] == ["Rollen: -", "Regeln: -"]
    assert main(["users", "allow", "@ada", "close_collective"]) == 0
    capsys.readouterr()
    assert main(["users", "rights", str(ada.id)]) == 0
    by_action = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()[3:]}
    assert by_action["vote"].split()[1:] == ["ja", "(Stellung)"]
    assert by_action["close_collective"].endswith(f": Benutzer #{ada.id} erlaubt)")


def test_check_results_in_german(
    world: World, uow: UnitOfWork, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check"]) == 0
    assert capsys.readouterr().out == "Kassenbuch stimmig\n"
    uow.run(lambda s: s.execute(insert(User).values(tid=None, name="Impostor")))
    assert main(["check"]) == 1
    assert capsys.readouterr().err == "1 Problem(e) gefunden\n"


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("de", "'fly' ist keine Aktion; eine von: "),
        ("en", "'fly' is no action; one of: "),
    ],
)
def test_argument_errors_follow_the_locale(
    world: World,
    capsys: pytest.CaptureFixture[str],
    snapshot: Callable[[], Snapshot],
    monkeypatch: pytest.MonkeyPatch,
    locale: str,
    said: str,
) -> None:
    monkeypatch.setenv("COMMUNITYBOT_LOCALE", locale)
    world.user("Ada")
    before = snapshot()
    with pytest.raises(SystemExit) as caught:
        main(["users", "allow", "@ada", "fly"])
    assert caught.value.code == 2
    assert said in capsys.readouterr().err
    assert snapshot() == before
