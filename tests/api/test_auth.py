"""Who may ask: API keys as bearer tokens, one 401 body for every unusable key, 403 for a key
that may not, and a key sees only its own economy."""

from __future__ import annotations

import logging

import httpx
import pytest

from communitybot.core.economy import KeyType
from communitybot.services.economy import keys
from tests.api.conftest import ADMIN, ALICE, Shop, TakeSnapshot, auth, issue

UNAUTHORIZED = {
    "type": "urn:communitybot:problem:unauthorized",
    "title": "Unauthorized",
    "status": 401,
    "detail": "The API key is missing, unknown, disabled or deleted.",
}


def test_a_good_key_reads_its_economy(http: httpx.Client, shop: Shop) -> None:
    answer = http.get("/api/v1/economy", headers=shop.headers())
    assert answer.status_code == 200
    assert answer.json()["id"] == shop.economy.id
    assert answer.json()["currency_unit"] == "cr"
    assert answer.json()["created_at"] == "2026-01-01T00:00:00Z"


def _unusable_tokens(shop: Shop) -> dict[str, str | None]:
    key_id, _, secret = shop.grant.token.partition(".")
    disabled = issue(shop.uow, shop.economy.id, issuer=ALICE, account=shop.alice, limit=1)
    keys.disable_key(shop.uow, ADMIN, key_id=disabled.key.id)
    deleted = issue(shop.uow, shop.economy.id, issuer=ALICE, account=shop.alice, limit=1)
    keys.delete_key(shop.uow, ADMIN, key_id=deleted.key.id)
    inactive = issue(
        shop.uow, shop.economy.id, issuer=ALICE, account=shop.alice, limit=1, activate=False
    )
    return {
        "missing": None,
        "not bearer": f"Basic {shop.grant.token}",
        "malformed": "Bearer nonsense",
        "unknown key": f"Bearer 999999.{secret}",
        "wrong secret": f"Bearer {key_id}.{'A' * len(secret)}",
        "disabled": f"Bearer {disabled.token}",
        "deleted": f"Bearer {deleted.token}",
        "inactive": f"Bearer {inactive.token}",
    }


def test_every_unusable_key_gets_one_and_the_same_401(
    http: httpx.Client, shop: Shop, snapshot: TakeSnapshot, caplog: pytest.LogCaptureFixture
) -> None:
    tokens = _unusable_tokens(shop)
    before = snapshot()
    caplog.set_level(logging.DEBUG)
    bodies = set()
    for why, header in tokens.items():
        headers = {} if header is None else {"Authorization": header}
        for method, path in (
            ("GET", "/api/v1/economy"),
            ("GET", f"/api/v1/accounts/{shop.alice.id}"),
            ("POST", "/api/v1/transfers"),
        ):
            body = {"to_account_id": shop.bob.id, "amount": 1} if method == "POST" else None
            answer = http.request(
                method, path, headers={**headers, "Idempotency-Key": why}, json=body
            )
            assert answer.status_code == 401, (why, path)
            assert answer.headers["content-type"] == "application/problem+json"
            assert answer.headers["www-authenticate"] == "Bearer"
            bodies.add(answer.content)
    assert len(bodies) == 1
    assert httpx.Response(401, content=bodies.pop()).json() == UNAUTHORIZED
    assert snapshot() == before
    secrets = [h.split(" ", 1)[1] for h in tokens.values() if h]
    assert not [s for s in secrets if s in caplog.text]


def test_a_key_disabled_after_it_was_read_is_refused_at_once(
    http: httpx.Client, shop: Shop
) -> None:
    assert http.get("/api/v1/economy", headers=shop.headers()).status_code == 200
    keys.disable_key(shop.uow, ADMIN, key_id=shop.grant.key.id)
    answer = http.get(f"/api/v1/accounts/{shop.alice.id}", headers=shop.headers())
    assert answer.status_code == 401
    assert answer.json() == UNAUTHORIZED


def test_a_grant_key_may_not_see_another_account(http: httpx.Client, shop: Shop) -> None:
    answer = http.get(f"/api/v1/accounts/{shop.bob.id}", headers=shop.headers())
    assert answer.status_code == 403
    problem = answer.json()
    assert problem["type"] == "urn:communitybot:problem:not-permitted"
    assert problem["error"] == "LacksPermission"
    assert problem["data"]["permission"] == "VIEW_BALANCE"
    assert "balance" not in problem["data"]


def test_a_key_sees_only_its_own_economy(
    http: httpx.Client, shop: Shop, other_economy_key: keys.IssuedKey, snapshot: TakeSnapshot
) -> None:
    before = snapshot()
    foreign = auth(other_economy_key)
    answer = http.get(f"/api/v1/accounts/{shop.alice.id}", headers=foreign)
    assert answer.status_code == 403
    assert answer.json()["type"] == "urn:communitybot:problem:not-permitted"
    assert http.get("/api/v1/accounts/by-name/alice", headers=foreign).status_code == 404
    paid = http.post(
        "/api/v1/transfers",
        headers={**foreign, "Idempotency-Key": "foreign-1"},
        json={"from_account_id": shop.alice.id, "to_account_id": shop.bob.id, "amount": 5},
    )
    assert paid.status_code == 403
    assert snapshot() == before


def test_a_key_acts_only_where_its_issuer_may(http: httpx.Client, shop: Shop) -> None:
    # a MASTER key issued by Alice: the key may do everything in the economy, Alice may not
    alices = issue(shop.uow, shop.economy.id, issuer=ALICE, key_type=KeyType.MASTER)
    assert http.get(f"/api/v1/accounts/{shop.alice.id}", headers=auth(alices)).status_code == 200
    answer = http.get(f"/api/v1/accounts/{shop.bob.id}", headers=auth(alices))
    assert answer.status_code == 403
    assert http.get(f"/api/v1/accounts/{shop.bob.id}", headers=auth(shop.master)).status_code == 200
