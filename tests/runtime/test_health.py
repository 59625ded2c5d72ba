"""The health endpoint: GET /healthz answers 200 while the database answers with a schema
version, 503 when it does not; ``communitybot health`` says the same with its exit status."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import Engine

from communitybot.bootstrap import build_container
from communitybot.cli import main
from communitybot.core.health import Health
from communitybot.db import UnitOfWork
from communitybot.runtime import HealthServer, healthz
from communitybot.services.health import check_health
from communitybot.settings import Settings


def _get(port: int, path: str) -> tuple[int, dict[str, object] | None]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        body = error.read()
        return error.code, json.loads(body) if body.startswith(b"{") else None


def test_healthz_on_the_migrated_database(uow: UnitOfWork, engine: Engine) -> None:
    server = HealthServer(lambda: check_health(uow), host="127.0.0.1", port=0).start()
    try:
        status, body = _get(server.port, "/healthz")
        assert status == 200
        assert body is not None
        assert body["status"] == "ok"
        assert str(body["revision"]).startswith("00")
        assert _get(server.port, "/other")[0] == 404
    finally:
        server.stop()


def test_healthz_fails_without_a_database(database_url: str) -> None:
    missing = database_url.rsplit("/", 1)[0] + "/cb_never_created_db"
    container = build_container(Settings(database_url=missing, lock_retries=1))
    server = HealthServer(container.use_cases.health, host="127.0.0.1", port=0).start()
    try:
        status, body = _get(server.port, "/healthz")
        assert status == 503
        assert body == {"status": "fail", "database": "not initialised", "revision": None}
    finally:
        server.stop()
        container.close()


def test_healthz_is_a_plain_function_to_mount_anywhere() -> None:
    assert healthz(lambda: Health(ok=True, database="ok", revision="r1")) == (
        200,
        b'{"status": "ok", "database": "ok", "revision": "r1"}',
    )
    assert healthz(lambda: Health(ok=False, database="unreachable"))[0] == 503


def test_the_cli_says_it_with_its_exit_status(
    uow: UnitOfWork,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("COMMUNITYBOT_CONFIG", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("COMMUNITYBOT_DATABASE_URL", database_url)
    assert main(["health"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "ok"
    monkeypatch.setenv("COMMUNITYBOT_DATABASE_URL", database_url + "_gone")
    assert main(["health"]) == 1
    assert json.loads(capsys.readouterr().out)["database"] == "not initialised"
