"""An economy's accounts through the API: by id, by name, a member's own (``me``), listings,
journals with their bounds and order, the long poll, and balance-update subscriptions."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import httpx

from communitybot.core.clock import ManualClock
from communitybot.services.economy import notifications
from tests.api.conftest import ALICE, BOB, Shop, TakeSnapshot, auth


def test_an_account_by_id_by_name_and_as_me(http: httpx.Client, shop: Shop) -> None:
    by_id = http.get(f"/api/v1/accounts/{shop.alice.id}", headers=shop.headers()).json()
    assert by_id == {
        "id": shop.alice.id,
        "economy_id": shop.economy.id,
        "name": "alice",
        "type": "USER",
        "owner_id": ALICE.user_id,
        "balance": 10_000,
        "min_balance": 0,
        "created_at": "2026-01-01T00:00:00Z",
        "closed_at": None,
    }
    assert http.get("/api/v1/accounts/by-name/alice", headers=shop.headers()).json() == by_id
    assert http.get("/api/v1/users/me/account", headers=shop.headers()).json() == by_id
    bob = http.get(f"/api/v1/users/{BOB.user_id}/account", headers=auth(shop.master))
    assert bob.json()["id"] == shop.bob.id
    missing = http.get("/api/v1/users/999/account", headers=auth(shop.master))
    assert missing.status_code == 404
    assert missing.json()["type"] == "urn:communitybot:problem:not-found"
    assert http.get("/api/v1/accounts/by-name/nobody", headers=shop.headers()).status_code == 404


def test_listing_shows_what_the_key_may_see_in_pages(http: httpx.Client, shop: Shop) -> None:
    own = http.get("/api/v1/accounts", headers=shop.headers()).json()
    assert [a["id"] for a in own["accounts"]] == [shop.alice.id]
    first = http.get("/api/v1/accounts?limit=2", headers=auth(shop.master)).json()
    assert len(first["accounts"]) == 2
    rest = http.get(
        f"/api/v1/accounts?limit=2&after={first['next_after']}", headers=auth(shop.master)
    ).json()
    ids = [a["id"] for a in first["accounts"] + rest["accounts"]]
    assert {shop.alice.id, shop.bob.id, shop.shop.id} <= set(ids)
    assert ids == sorted(ids)
    assert http.get("/api/v1/accounts?limit=101", headers=shop.headers()).status_code == 422


def test_transactions_with_limit_order_and_bounds(
    http: httpx.Client, shop: Shop, clock: ManualClock
) -> None:
    for amount in (1, 2, 3):
        clock.advance(timedelta(minutes=1))
        shop.bank.pay(ALICE, shop.alice.id, shop.bob.id, amount)
    path = f"/api/v1/accounts/{shop.bob.id}/transactions"
    newest = http.get(path, headers=auth(shop.master)).json()["transactions"]
    assert [t["amount"] for t in newest] == [3, 2, 1]
    assert newest[0]["from_account_id"] == shop.alice.id
    assert newest[0]["transaction_type"] == "PERSONAL"
    oldest = http.get(f"{path}?order=oldest&limit=2", headers=auth(shop.master)).json()
    assert [t["amount"] for t in oldest["transactions"]] == [1, 2]
    middle = newest[1]["created_at"]
    older = http.get(path, params={"before": middle}, headers=auth(shop.master)).json()
    assert [t["amount"] for t in older["transactions"]] == [1]
    newer = http.get(path, params={"after": middle}, headers=auth(shop.master)).json()
    assert [t["amount"] for t in newer["transactions"]] == [3]
    naive = http.get(path, params={"before": "2026-01-01T00:00:00"}, headers=auth(shop.master))
    assert naive.status_code == 422
    assert http.get(f"{path}?limit=0", headers=auth(shop.master)).status_code == 422
    assert http.get(f"{path}?order=random", headers=auth(shop.master)).status_code == 422


def test_a_long_poll_answers_when_money_arrives(
    http: httpx.Client, shop: Shop, clock: ManualClock
) -> None:
    since = (clock.now()).isoformat()
    clock.advance(timedelta(seconds=1))
    threading.Timer(0.7, lambda: shop.bank.pay(ALICE, shop.alice.id, shop.bob.id, 7)).start()
    started = time.monotonic()
    answer = http.get(
        f"/api/v1/accounts/{shop.bob.id}/transactions",
        params={"after": since, "wait": 10},
        headers=auth(shop.master),
    )
    assert [t["amount"] for t in answer.json()["transactions"]] == [7]
    assert 0.5 < time.monotonic() - started < 8


def test_subscribing_to_balance_updates(
    http: httpx.Client, shop: Shop, snapshot: TakeSnapshot
) -> None:
    path = f"/api/v1/accounts/{shop.alice.id}/subscription"
    first = http.put(path, headers=shop.headers())
    assert first.json() == {"account_id": shop.alice.id, "subscribed": True, "changed": True}
    assert http.put(path, headers=shop.headers()).json()["changed"] is False
    assert notifications.subscribers(shop.uow, ALICE, account_id=shop.alice.id) == [ALICE.user_id]
    before = snapshot()
    refused = http.put(f"/api/v1/accounts/{shop.bob.id}/subscription", headers=shop.headers())
    assert refused.status_code == 403
    assert snapshot() == before
    gone = http.delete(path, headers=shop.headers())
    assert gone.json() == {"account_id": shop.alice.id, "subscribed": False, "changed": True}
    assert notifications.subscribers(shop.uow, ALICE, account_id=shop.alice.id) == []
