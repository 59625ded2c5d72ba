"""``GET /healthz`` on the API's server: 200 with the schema's revision, 503 without a
database; no key needed."""

from __future__ import annotations

import httpx

from communitybot.api import create_app
from communitybot.bootstrap import build_container
from communitybot.settings import Settings
from tests.api.conftest import served


def test_healthz_on_the_api_server(http: httpx.Client) -> None:
    answer = http.get("/healthz")
    assert answer.status_code == 200
    body = answer.json()
    assert (body["status"], body["database"]) == ("ok", "ok")
    assert str(body["revision"]).startswith("00")
    assert "/healthz" not in http.get("/openapi.json").json()["paths"]


def test_healthz_fails_without_a_database(database_url: str) -> None:
    missing = database_url.rsplit("/", 1)[0] + "/cb_never_created_db"
    container = build_container(Settings(database_url=missing, lock_retries=1))
    try:
        with served(create_app(container)) as url:
            answer = httpx.get(f"{url}/healthz", trust_env=False, timeout=30)
        assert answer.status_code == 503
        assert answer.json() == {"status": "fail", "database": "not initialised", "revision": None}
    finally:
        container.close()
