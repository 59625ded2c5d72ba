"""``communitybot run`` without a token, and ``communitybot sandbox`` driven through stdin."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from communitybot.cli import main
from communitybot.core.ids import TelegramId
from communitybot.db.uow import UnitOfWork
from communitybot.devtools import SANDBOX_GROUP_ID
from communitybot.services import community as services
from tests.conftest import Snapshot


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


def test_run_loads_no_migration_tooling(tmp_path: Path) -> None:
    """``run`` keeps alembic (and its mako templates) out of the bot's memory: only the commands
    that migrate import it."""
    probe = (
        "import sys\n"
        "from communitybot.cli import main\n"
        "status = main(['run'])\n"
        "print(status, sorted(m for m in ('alembic', 'mako') if m in sys.modules))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMUNITYBOT_")}
    env["COMMUNITYBOT_CONFIG"] = str(tmp_path / "absent.toml")
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split("\n")[0] == "2 []"


def test_the_polling_bot_loads_only_what_it_uses(tmp_path: Path) -> None:
    """What ``run`` builds in polling mode without the API (its commands, the container, the
    application) imports no web framework or server (the webhook route and the API import
    them), no PyJWT (bank notes import it when one is signed or read), no matplotlib (the first
    chart imports it) and no migration tooling."""
    probe = (
        "import sys\n"
        "from communitybot.bootstrap import build_container\n"
        "from communitybot.cli import build_parser\n"
        "from communitybot.settings import load_settings\n"
        "from communitybot.telegram import configured_application\n"
        "build_parser()\n"
        "container = build_container(load_settings())\n"
        "configured_application(container, token='123:abc')\n"
        "container.close()\n"
        "heavy = ('alembic', 'mako', 'fastapi', 'starlette', 'uvicorn', 'jwt', 'matplotlib')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMMUNITYBOT_")}
    env["COMMUNITYBOT_CONFIG"] = str(tmp_path / "absent.toml")
    env["COMMUNITYBOT_DATABASE_URL"] = "mysql+pymysql://root@127.0.0.1:3306/never_connected"
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split("\n")[0] == "[]"


def test_the_sandbox_explains_where_it_is_when_it_is_not_installed(
    cli: UnitOfWork,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    snapshot: Callable[[], Snapshot],
) -> None:
    # An installed wheel has no communitybot.devtools: importing it fails as it does here.
    monkeypatch.setitem(sys.modules, "communitybot.devtools", None)
    before = snapshot()
    assert main(["sandbox"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("communitybot sandbox: the sandbox is not installed.")
    assert "scripts/run" in captured.err
    assert "Traceback" not in captured.err
    assert snapshot() == before
    assert not Path(".communitybot-sandbox.json").exists()


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
    assert "[1] 👍 Approve  [2] 👎 Disapprove" in out
    assert "[3] ↩️ Withdraw my vote  [4] 🗑 Cancel" in out
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


def _sandbox(monkeypatch: pytest.MonkeyPatch, state: Path, *lines: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join([*lines, "/quit"]) + "\n"))
    assert main(["sandbox", "--state", str(state)]) == 0


def test_people_added_in_the_sandbox_never_take_over_an_account(
    cli: UnitOfWork,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    state = tmp_path / "state.json"
    _sandbox(monkeypatch, state, "/adduser Eve @eve", "/as eve", "/start", "/adduser Al @alice")
    out = capsys.readouterr().out
    assert "Welcome, Eve!" in out
    assert "Welcome back" not in out
    assert "! @alice is Alice Liddell already; pick another" in out
    # The next run knows Eve; a run that lost its state file still numbers after her.
    _sandbox(monkeypatch, state, "/as eve", "/start", "/adduser Frank @frank", "/as frank")
    state.unlink()
    _sandbox(monkeypatch, state, "/adduser Gina @gina", "/as gina", "/start")
    out = capsys.readouterr().out
    assert "Welcome back, Eve!" in out
    assert "Welcome, Gina!" in out
    assert "no simulated user" not in out
    users = {u.username: u for u in services.list_users(cli, limit=100)}
    assert users["alice"].tid == 10_001
    assert users["alice"].name == "Alice Liddell"
    tids = [users[n].tid for n in ("alice", "bob", "carol", "dave", "eve", "gina")]
    assert tids[:4] == [10_001, 10_002, 10_003, 10_004]
    assert len(set(tids)) == 6


@pytest.mark.parametrize(
    "saved",
    [
        b"",
        b'{"next_update_id": 100002, "next_mess',
        b"\xff\xfe\x00garbage",
        b"[1, 2, 3]",
        b'{"next_update_id": "soon"}',
        b'{"next_message_id": {"Hackspace": 3}}',
        b'{"people": [{"id": 10005}]}',
    ],
    ids=["empty", "cut off", "not text", "a list", "a word", "a chat name", "a nameless person"],
)
def test_an_unusable_state_file_is_replaced_without_reusing_ids(
    cli: UnitOfWork,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    saved: bytes,
) -> None:
    state = tmp_path / "state.json"
    _sandbox(monkeypatch, state, "/drink", "/pay 3 tape")
    state.write_bytes(saved)
    capsys.readouterr()
    _sandbox(monkeypatch, state, "/drink")
    captured = capsys.readouterr()
    warnings = captured.err.splitlines()
    assert len(warnings) == 1
    assert warnings[0].startswith(f"warning: ignoring the sandbox state {state} (")
    assert warnings[0].endswith("); numbering continues after the ids the database knows")
    assert "already done before" not in captured.out
    alice = services.find_user(cli, tid=TelegramId(10_001))
    assert alice is not None
    assert alice.balance == -200
    assert "[#6] 🤖:" in captured.out
    numbering = json.loads(state.read_text())
    assert numbering["next_message_id"][str(SANDBOX_GROUP_ID)] == 7
    _sandbox(monkeypatch, state, "/drink")
    assert capsys.readouterr().err == ""


_SANDBOX = (
    "import runpy, signal, sys; signal.signal(signal.SIGHUP, signal.SIG_DFL); "
    "sys.argv[0] = 'communitybot'; runpy.run_module('communitybot', run_name='__main__')"
)
"""``python -m communitybot`` as a terminal starts it: a hang-up (SIGHUP) ends it at once, even
when the tests run with hang-ups ignored (``nohup``)."""


class _Terminal:
    """``communitybot sandbox`` in its own process, typed into through a pipe."""

    def __init__(self, state: Path) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own CLI
            [sys.executable, "-c", _SANDBOX, "sandbox", "--state", str(state)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self._seen = threading.Condition()
        self.out = ""
        self.err = b""
        self._readers = [
            threading.Thread(target=self._read_out, daemon=True),
            threading.Thread(target=self._read_err, daemon=True),
        ]
        for reader in self._readers:
            reader.start()
        self._mark = 0

    def _read_out(self) -> None:
        assert self.process.stdout is not None
        while chunk := os.read(self.process.stdout.fileno(), 65536):
            with self._seen:
                self.out += chunk.decode("utf-8", "replace")
                self._seen.notify_all()

    def _read_err(self) -> None:
        assert self.process.stderr is not None
        self.err = self.process.stderr.read()

    def expect(self, text: str, *, timeout: float = 60.0) -> str:
        """Wait until ``text`` is printed (after what was expected before); what came up to it."""
        with self._seen:
            if not self._seen.wait_for(lambda: text in self.out[self._mark :], timeout):
                raise AssertionError(f"{text!r} never came; the sandbox said {self.out!r}")
            end = self.out.index(text, self._mark) + len(text)
            seen, self._mark = self.out[self._mark : end], end
            return seen

    def type(self, line: str) -> str:
        """Type ``line`` and return what the sandbox printed until its next prompt."""
        assert self.process.stdin is not None
        self.process.stdin.write(f"{line}\n".encode())
        self.process.stdin.flush()
        return self.expect("alice@Hackspace> ")

    def end(self, how: signal.Signals) -> int:
        """Send ``how`` and return the exit status once the process is gone."""
        self.process.send_signal(how)
        status = self.process.wait(timeout=60)
        for reader in self._readers:
            reader.join(timeout=10)
        return status

    def __enter__(self) -> _Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=60)
        for reader in self._readers:
            reader.join(timeout=10)
        for pipe in (self.process.stdin, self.process.stdout, self.process.stderr):
            if pipe is not None:
                pipe.close()


def test_killed_sandboxes_leave_their_numbering_behind(cli: UnitOfWork, tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    for run, how in enumerate((signal.SIGKILL, signal.SIGHUP, signal.SIGHUP), start=1):
        with _Terminal(state) as terminal:
            terminal.expect("alice@Hackspace> ")
            preview = terminal.type(f"/send 7 @bob run {run}")
            assert f"Send 7.00 € from Alice Liddell to Bob for “run {run}”?" in preview
            confirmed = terminal.type("/press 1")
            assert "sent 7.00 € to Bob" in confirmed
            assert "already done before" not in confirmed
            assert f"Your balance: -{7 * run}.00 €" in confirmed
            assert terminal.end(how) == -how
        assert b"Traceback" not in terminal.err
    alice = services.find_user(cli, tid=TelegramId(10_001))
    bob = services.find_user(cli, tid=TelegramId(10_002))
    assert alice is not None
    assert bob is not None
    assert (alice.balance, bob.balance) == (-2100, 2100)
