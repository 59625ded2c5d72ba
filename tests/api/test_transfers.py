"""Transfers through the API: made once per Idempotency-Key, replayed with the first answer,
refused (409) for another request under the same key, and a GRANT key's spending limit held
under concurrent requests."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import Engine, text

from tests.api.conftest import Shop, TakeSnapshot, auth

PATH = "/api/v1/transfers"


def _rows(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


def test_a_transfer_moves_money_and_answers_201(
    http: httpx.Client, shop: Shop, engine: Engine
) -> None:
    answer = http.post(
        PATH,
        headers=shop.headers(**{"Idempotency-Key": "t-1"}),
        json={"to_account_id": shop.bob.id, "amount": 250},
    )
    assert answer.status_code == 201
    body = answer.json()
    assert body["transaction"]["from_account_id"] == shop.alice.id
    assert body["transaction"]["to_account_id"] == shop.bob.id
    assert body["transaction"]["amount"] == 250
    assert body["transaction"]["key_id"] == shop.grant.key.id
    assert body["total_debited"] == 250
    assert "idempotent-replayed" not in answer.headers
    assert (shop.balance(shop.alice), shop.balance(shop.bob)) == (9_750, 250)
    assert _rows(engine, "api_requests") == 1


def test_to_an_account_by_name(http: httpx.Client, shop: Shop) -> None:
    answer = http.post(
        PATH,
        headers=shop.headers(**{"Idempotency-Key": "by-name"}),
        json={"to_account_name": "bob", "amount": 5},
    )
    assert answer.status_code == 201
    assert shop.balance(shop.bob) == 5


def test_the_same_request_again_replays_the_first_answer(
    http: httpx.Client, shop: Shop, snapshot: TakeSnapshot
) -> None:
    headers = shop.headers(**{"Idempotency-Key": "again"})
    first = http.post(PATH, headers=headers, json={"to_account_id": shop.bob.id, "amount": 40})
    after_first = snapshot()
    # the same request, its fields in another order and spacing
    body = json.dumps({"amount": 40, "to_account_id": shop.bob.id}, indent=3)
    second = http.post(PATH, headers={**headers, "Content-Type": "application/json"}, content=body)
    assert second.status_code == first.status_code == 201
    assert second.content == first.content
    assert second.headers["idempotent-replayed"] == "true"
    assert snapshot() == after_first
    assert shop.balance(shop.bob) == 40


def test_the_same_key_with_another_request_is_a_409(
    http: httpx.Client, shop: Shop, snapshot: TakeSnapshot
) -> None:
    headers = shop.headers(**{"Idempotency-Key": "once"})
    http.post(PATH, headers=headers, json={"to_account_id": shop.bob.id, "amount": 40})
    before = snapshot()
    for other in (
        {"to_account_id": shop.bob.id, "amount": 41},
        {"to_account_id": shop.shop.id, "amount": 40},
    ):
        answer = http.post(PATH, headers=headers, json=other)
        assert answer.status_code == 409
        problem = answer.json()
        assert problem["type"] == "urn:communitybot:problem:conflict"
        assert problem["error"] == "IdempotencyKeyReused"
        assert problem["data"] == {"key": "once"}
    assert snapshot() == before


def test_keys_are_per_api_key_and_case_sensitive(http: httpx.Client, shop: Shop) -> None:
    body = {"from_account_id": shop.alice.id, "to_account_id": shop.bob.id, "amount": 1}
    for headers in (
        shop.headers(**{"Idempotency-Key": "k"}),
        shop.headers(**{"Idempotency-Key": "K"}),
        {**auth(shop.master), "Idempotency-Key": "k"},
    ):
        assert http.post(PATH, headers=headers, json=body).status_code == 201
    assert shop.balance(shop.bob) == 3


def test_concurrent_repeats_of_one_request_move_money_once(
    base_url: str, shop: Shop, engine: Engine
) -> None:
    headers = shop.headers(**{"Idempotency-Key": "storm"})

    def post(_: int) -> httpx.Response:
        with httpx.Client(base_url=base_url, timeout=30, trust_env=False) as client:
            return client.post(
                PATH, headers=headers, json={"to_account_id": shop.bob.id, "amount": 100}
            )

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(post, range(8)))
    assert {a.status_code for a in answers} == {201}
    assert len({a.content for a in answers}) == 1
    assert shop.balance(shop.bob) == 100
    assert _rows(engine, "api_requests") == 1


def test_the_spending_limit_holds_under_concurrent_requests(
    base_url: str, shop: Shop, snapshot: TakeSnapshot
) -> None:
    # Alice's GRANT key may spend 5,000 in all: 12 requests of 1,000 at once, 5 pass
    def post(n: int) -> httpx.Response:
        with httpx.Client(base_url=base_url, timeout=30, trust_env=False) as client:
            return client.post(
                PATH,
                headers=shop.headers(**{"Idempotency-Key": f"spend-{n}"}),
                json={"to_account_id": shop.bob.id, "amount": 1_000},
            )

    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(post, range(12)))
    codes = sorted(a.status_code for a in answers)
    assert codes == [201] * 5 + [422] * 7
    refused = [a.json() for a in answers if a.status_code == 422]
    assert {p["error"] for p in refused} == {"SpendingLimitExceeded"}
    assert {p["type"] for p in refused} == {"urn:communitybot:problem:limit-exceeded"}
    assert (shop.balance(shop.alice), shop.balance(shop.bob)) == (5_000, 5_000)
    # a refused request stored nothing: asking again is asking again (and is refused again)
    before = snapshot()
    again = post(next(n for n, a in enumerate(answers) if a.status_code == 422))
    assert again.status_code == 422
    assert snapshot() == before


def test_a_refusal_is_a_problem_with_the_errors_data(
    http: httpx.Client, shop: Shop, snapshot: TakeSnapshot
) -> None:
    before = snapshot()
    answer = http.post(
        PATH,
        headers={**auth(shop.master), "Idempotency-Key": "broke", "Accept-Language": "de"},
        json={"from_account_id": shop.bob.id, "to_account_id": shop.alice.id, "amount": 10},
    )
    assert answer.status_code == 422
    assert answer.headers["content-type"] == "application/problem+json"
    problem = answer.json()
    assert problem["type"] == "urn:communitybot:problem:limit-exceeded"
    assert problem["title"] == "Limit exceeded"
    assert problem["status"] == 422
    assert problem["instance"] == PATH
    assert problem["error"] == "InsufficientBalance"
    assert problem["data"] == {"account_id": shop.bob.id, "balance": 0, "amount": 10, "limit": 0}
    assert problem["detail"]  # the catalogue's German sentence
    assert snapshot() == before
