"""Admin CLI refusals: one sentence from the message catalogue, exit 1 (2 for usage), no change.

Also the CLI's answer when a COMMIT loses its connection and the database stays away: the outcome
is not known, running the same command again is safe.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from communitybot.cli import main
from communitybot.core.economy import Actor
from communitybot.core.ids import MemberId
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy import economies, permissions
from tests.conftest import Snapshot
from tests.support.community import World
from tests.support.netcut import CuttingProxy, cutting_proxy


@pytest.fixture
def cli(
    uow: UnitOfWork, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> UnitOfWork:
    """Point the CLI at the run's database (and at no config file)."""
    monkeypatch.setenv("COMMUNITYBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("COMMUNITYBOT_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.chdir(tmp_path)
    return uow


def _refused(
    argv: list[str], capsys: pytest.CaptureFixture[str], snapshot: Callable[[], Snapshot]
) -> str:
    """Run a command that must be refused: exit 1, nothing on stdout, no row changed."""
    before = snapshot()
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert snapshot() == before
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert not re.search(r"\w\(\w+=", lines[0])  # no Python repr like UnknownUser(ref=...)
    return lines[0]


def test_refusals_read_as_sentences(
    cli: UnitOfWork, capsys: pytest.CaptureFixture[str], snapshot: Callable[[], Snapshot]
) -> None:
    world = World(cli)
    world.community()
    dave = world.user("Dave", internal=False, voucher=world.user("Ada"))
    assert _refused(["users", "show", "999"], capsys, snapshot) == (
        "communitybot: There is no user #999."
    )
    assert _refused(["users", "grant-vote", "@dave"], capsys, snapshot) == (
        f"communitybot: Dave (#{dave.id}) is an external guest and cannot vote."
    )
    assert _refused(
        ["economy", "tax-preview", "--economy", "x", "--actor", "1"], capsys, snapshot
    ) == ("communitybot: There is no economy “x”.")
    # a number only a Unicode digit makes is a username, not a crash
    assert _refused(["users", "show", "²"], capsys, snapshot) == (
        "communitybot: There is no user @²."
    )
    assert _refused(
        ["economy", "tax-preview", "--economy", "²", "--actor", "1"], capsys, snapshot
    ) == ("communitybot: There is no economy “²”.")


def test_economy_refusals_are_worded_like_the_discord_adapter_words_them(
    cli: UnitOfWork, capsys: pytest.CaptureFixture[str], snapshot: Callable[[], Snapshot]
) -> None:
    admin = Actor(MemberId(1))
    permissions.grant_first_administrator(cli, user_id=MemberId(1))
    economies.create_economy(cli, admin, currency_name="credits", currency_unit="cr")
    argv = ["economy", "tax-preview", "--economy", "credits", "--actor", "2"]
    assert _refused(argv, capsys, snapshot) == (
        "communitybot: You lack MANAGE_TAX_BRACKETS in this economy, which is needed to manage "
        "taxes."
    )


def test_refusals_follow_the_configured_locale(
    cli: UnitOfWork,
    capsys: pytest.CaptureFixture[str],
    snapshot: Callable[[], Snapshot],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    World(cli).community()
    monkeypatch.setenv("COMMUNITYBOT_LOCALE", "de")
    assert _refused(["users", "show", "999"], capsys, snapshot) == (
        "communitybot: Es gibt keinen Benutzer #999."
    )
    # economy refusals speak the configured language too (the one catalogue has them in German)
    permissions.grant_first_administrator(cli, user_id=MemberId(1))
    economies.create_economy(cli, Actor(MemberId(1)), currency_name="credits", currency_unit="cr")
    argv = ["economy", "tax-preview", "--economy", "credits", "--actor", "2"]
    assert _refused(argv, capsys, snapshot) == (
        "communitybot: Dir fehlt MANAGE_TAX_BRACKETS in dieser Wirtschaft; das brauchst du, um "
        "Steuern zu verwalten."
    )


def test_usage_errors_exit_with_status_2(
    cli: UnitOfWork, capsys: pytest.CaptureFixture[str], snapshot: Callable[[], Snapshot]
) -> None:
    before = snapshot()
    with pytest.raises(SystemExit) as caught:
        main(["users", "show"])
    assert caught.value.code == 2
    assert "usage:" in capsys.readouterr().err
    assert snapshot() == before


@pytest.fixture
def proxy(engine: Engine) -> Iterator[CuttingProxy]:
    """A cutting proxy in front of the run's server."""
    url = engine.url
    with cutting_proxy(url.host or "127.0.0.1", url.port or 3306) as running:
        yield running


@pytest.mark.mysql_only
def test_an_unknown_commit_outcome_says_running_again_is_safe(
    cli: UnitOfWork,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    proxy: CuttingProxy,
    database_url: str,
) -> None:
    world = World(cli)
    world.community()
    ada = world.user("Ada", balance=500)
    guest = world.user("Guest", internal=False, voucher=ada, balance=-200)
    through = make_url(database_url).set(host="127.0.0.1", port=proxy.port)
    monkeypatch.setenv("COMMUNITYBOT_DATABASE_URL", through.render_as_string(hide_password=False))
    monkeypatch.setenv("COMMUNITYBOT_IN_DOUBT_RETRY_SECONDS", "0.5")

    proxy.cut_at_commit(deliver=True, refuse_for=None)
    assert main(["users", "deactivate", "@ada"]) == 1
    captured = capsys.readouterr()
    assert captured.err == (
        "communitybot: The outcome is not known yet: the database stopped answering while "
        "deactivate was being saved. It may have happened; running the same command again is "
        "safe.\n"
    )
    assert "fail" not in captured.err
    assert (world.get(ada).active, world.balance(ada), world.balance(guest)) == (False, 300, 0)

    proxy.restore()
    assert main(["users", "deactivate", "@ada"]) == 0
    assert (world.get(ada).active, world.balance(ada), world.balance(guest)) == (False, 300, 0)
