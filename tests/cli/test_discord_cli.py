"""``communitybot discord``: what it says without a token or discord.py, and a refused token."""

from __future__ import annotations

import sys
from pathlib import Path

import discord
import pytest

from communitybot.cli import main
from tests.discord.fakeapi import FakeDiscord, serving


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Point the CLI at the run's database and at no config file, with no Discord token."""
    monkeypatch.setenv("COMMUNITYBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("COMMUNITYBOT_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.delenv("COMMUNITYBOT_DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("COMMUNITYBOT_DISCORD_API_BASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    # run_bot points discord.py at the configured API base for the whole process
    monkeypatch.setattr(discord.http.Route, "BASE", discord.http.Route.BASE)


def test_without_a_token_it_explains_what_to_set(
    cli: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["discord"]) == 2
    err = capsys.readouterr().err
    assert "no Discord bot token is set" in err
    assert "COMMUNITYBOT_DISCORD_TOKEN" in err
    assert "communitybot economy grant-admin" in err


def test_without_discord_py_it_names_the_extra(
    cli: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COMMUNITYBOT_DISCORD_TOKEN", "a-token")
    monkeypatch.setitem(sys.modules, "communitybot.discord", None)
    assert main(["discord"]) == 2
    assert "pip install 'communitybot[discord]'" in capsys.readouterr().err


def test_a_token_discord_refuses(
    cli: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = FakeDiscord(valid_token="the-right-one")
    with serving(fake) as base_url:
        monkeypatch.setenv("COMMUNITYBOT_DISCORD_TOKEN", "a-wrong-one")
        monkeypatch.setenv("COMMUNITYBOT_DISCORD_API_BASE_URL", base_url)
        assert main(["discord"]) == 1
    assert "Discord refused the token" in capsys.readouterr().err


def test_help_lists_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "start the Discord bot" in capsys.readouterr().out
