"""The API describes itself: OpenAPI at /openapi.json, the interactive docs at /docs, everything
under /api/v1; and ``communitybot api`` serves it alone, as its own process."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest

from tests.api.conftest import free_port


def test_openapi_lists_every_route_under_api_v1(http: httpx.Client) -> None:
    schema = http.get("/openapi.json").json()
    assert schema["info"]["title"] == "communitybot API"
    paths = set(schema["paths"])
    assert paths == {
        "/api/v1/economy",
        "/api/v1/accounts",
        "/api/v1/accounts/by-name/{name}",
        "/api/v1/accounts/{account_id}",
        "/api/v1/users/{member}/account",
        "/api/v1/accounts/{account_id}/transactions",
        "/api/v1/accounts/{account_id}/subscription",
        "/api/v1/transfers",
        "/api/v1/community/articles",
        "/api/v1/community/members",
        "/api/v1/community/members/{member_id}",
        "/api/v1/community/members/{member_id}/transactions",
        "/api/v1/community/members/{member_id}/purchases",
        "/api/v1/community/members/{member_id}/deposits",
        "/api/v1/community/members/{member_id}/withdrawals",
    }
    transfer = schema["paths"]["/api/v1/transfers"]["post"]
    assert "201" in transfer["responses"]
    assert "application/problem+json" in transfer["responses"]["409"]["content"]
    headers = {p["name"] for p in transfer["parameters"] if p["in"] == "header"}
    assert headers == {"Idempotency-Key", "authorization"}
    body = schema["components"]["schemas"]["TransferIn"]
    assert body["additionalProperties"] is False


def test_the_docs_page(http: httpx.Client) -> None:
    page = http.get("/docs")
    assert page.status_code == 200
    assert "/openapi.json" in page.text


@pytest.mark.mysql_only
def test_communitybot_api_serves_it_alone(database_url: str) -> None:
    port = free_port()
    env = {**os.environ, "COMMUNITYBOT_DATABASE_URL": database_url, "COMMUNITYBOT_CONFIG": "/none"}
    process = subprocess.Popen(  # noqa: S603 - our own console script
        [sys.executable, "-m", "communitybot", "api", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                answer = httpx.get(f"http://127.0.0.1:{port}/api/v1/economy", trust_env=False)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("communitybot api did not start")
                time.sleep(0.1)
        assert answer.status_code == 401
        assert answer.headers["content-type"] == "application/problem+json"
    finally:
        process.terminate()
        process.wait(timeout=20)
