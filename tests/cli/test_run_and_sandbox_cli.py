"""``communitybot run`` without a token, and ``communitybot sandbox`` driven through stdin."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from communitybot.cli import main
from communitybot.core.ids import TelegramId
from communitybot.db.uow import UnitOfWork
from communitybot.services import community as services


@pytest.fixture
def cli(
    uow: UnitOfWork, database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> UnitOfWork:
    """Point the CLI at the run's database, at no config file and at no token."""
    monkeypatch.setenv("COMMUNITYBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("COMMUNITYBOT_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.delenv("COMMUNITYBOT_TELEGRAM_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)
    return uow


def test_run_without_a_token_explains_what_to_do(
    cli: UnitOfWork, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "COMMUNITYBOT_TELEGRAM_TOKEN" in err
    assert "communitybot sandbox" in err


def test_the_sandbox_runs_the_real_bot_from_the_terminal(
    cli: UnitOfWork,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    lines = "\n".join(
        [
            "/pay 12 cleaning",
            "/as bob",
            "/press 1",
            "/as carol",
            "/press 1",
            "/chat private",
            "/start",
            "/as dave",
            "/drink",
            "/sandbox",
            "/as nobody",
            "/quit",
        ]
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(lines + "\n"))
    state = tmp_path / "state.json"
    assert main(["sandbox", "--state", str(state)]) == 0
    out = capsys.readouterr().out
    assert "communitybot sandbox: a local fake Telegram" in out
    assert "💸 Payment request" in out
    assert "[1] 👍 Approve  [2] 👎 Disapprove  [3] 🗑 Cancel" in out
    assert "toast for Bob: You approved." in out
    assert "Status: approved and paid" in out
    assert "Willkommen zurück, Carol!" in out
    assert "As an external guest without a voucher you may only read." in out
    assert "/press N [MSG]" in out
    assert "! no simulated user 'nobody'" in out
    alice = services.find_user(cli, tid=TelegramId(10_001))
    assert alice is not None
    assert alice.balance == 1200
    counters = json.loads(state.read_text())
    assert counters["next_message_id"]["-1001000000001"] == 3


def test_a_second_sandbox_run_continues_the_numbering(
    cli: UnitOfWork,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    state = tmp_path / "state.json"
    for _ in range(2):
        monkeypatch.setattr("sys.stdin", io.StringIO("/drink\n"))
        assert main(["sandbox", "--state", str(state)]) == 0
    out = capsys.readouterr().out
    assert "[#2] 🤖:" in out
    assert "[#4] 🤖:" in out
    alice = services.find_user(cli, tid=TelegramId(10_001))
    assert alice is not None
    assert alice.balance == -200
