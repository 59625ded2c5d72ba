"""Bad input gets a 4xx problem and changes nothing: malformed JSON, wrong types, amounts that
are negative, zero or too large, unknown fields, bodies over the limit, ids that do not exist,
digits other than 0-9, and a missing or malformed Idempotency-Key."""

from __future__ import annotations

import httpx
import pytest

from communitybot.core.economy import BALANCE_LIMIT
from tests.api.conftest import MAX_BODY, Shop, TakeSnapshot

PATH = "/api/v1/transfers"


def _problem(answer: httpx.Response, status: int, slug: str) -> dict[str, object]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    problem: dict[str, object] = answer.json()
    assert problem["type"] == f"urn:communitybot:problem:{slug}"
    assert problem["status"] == status
    return problem


BAD_BODIES: dict[str, object] = {
    "negative amount": {"amount": -5},
    "zero amount": {"amount": 0},
    "oversized amount": {"amount": BALANCE_LIMIT + 1},
    "far oversized amount": {"amount": 10**40},
    "amount as text": {"amount": "5"},
    "amount with a fraction": {"amount": 5.5},
    "amount as a float": {"amount": 5.0},
    "amount as a bool": {"amount": True},
    "amount missing": {},
    "unknown field": {"amount": 5, "memo": "hi"},
    "both targets": {"amount": 5, "to_account_name": "bob"},
    "no target": {"amount": 5, "to_account_id": None},
    "id as text": {"amount": 5, "to_account_id": "12"},
    "name too long": {"amount": 5, "to_account_name": "x" * 65, "to_account_id": None},
    "a list": [1, 2],
}


@pytest.mark.parametrize("why", sorted(BAD_BODIES))
def test_a_bad_body_is_refused_and_changes_nothing(
    http: httpx.Client, shop: Shop, snapshot: TakeSnapshot, why: str
) -> None:
    body = BAD_BODIES[why]
    if isinstance(body, dict):  # to Bob, unless the case says otherwise
        body = {"to_account_id": shop.bob.id, **body}
    before = snapshot()
    key = why.replace(" ", "-")
    answer = http.post(PATH, headers=shop.headers(**{"Idempotency-Key": key}), json=body)
    problem = _problem(answer, 422, "invalid-input")
    assert problem["error"] == "InvalidRequest"
    assert snapshot() == before


@pytest.mark.parametrize(
    "content",
    [b"{", b'{"amount": 5,}', b"\xff\xfe", b"amount=5", b'{"amount": 5} trailing'],
)
def test_malformed_json_is_a_400_and_changes_nothing(
    http: httpx.Client, shop: Shop, snapshot: TakeSnapshot, content: bytes
) -> None:
    before = snapshot()
    answer = http.post(
        PATH,
        headers=shop.headers(**{"Idempotency-Key": "bad", "Content-Type": "application/json"}),
        content=content,
    )
    _problem(answer, 400, "invalid-input")
    assert snapshot() == before


def test_an_oversized_body_is_a_413_and_changes_nothing(
    http: httpx.Client, shop: Shop, snapshot: TakeSnapshot
) -> None:
    before = snapshot()
    big = {"to_account_id": shop.bob.id, "amount": 5, "pad": "x" * MAX_BODY}
    answer = http.post(PATH, headers=shop.headers(**{"Idempotency-Key": "big"}), json=big)
    problem = _problem(answer, 413, "limit-exceeded")
    assert problem["data"] == {"maximum": MAX_BODY}

    def chunks() -> object:
        for _ in range(4):
            yield b" " * (MAX_BODY // 2)
        yield b'{"to_account_id": 1, "amount": 5}'

    streamed = http.post(
        PATH,
        headers=shop.headers(**{"Idempotency-Key": "chunked", "Content-Type": "application/json"}),
        content=chunks(),  # type: ignore[arg-type]
    )
    _problem(streamed, 413, "limit-exceeded")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("header", "reason"),
    [(None, "missing"), ("", "malformed"), ("x" * 129, "malformed"), ("a b", "malformed")],
)
def test_a_money_post_needs_an_idempotency_key(
    http: httpx.Client,
    shop: Shop,
    snapshot: TakeSnapshot,
    header: str | None,
    reason: str,
) -> None:
    before = snapshot()
    headers = shop.headers() if header is None else shop.headers(**{"Idempotency-Key": header})
    answer = http.post(PATH, headers=headers, json={"to_account_id": shop.bob.id, "amount": 5})
    problem = _problem(answer, 400, "invalid-input")
    assert problem["error"] == "IdempotencyKeyRequired"
    assert problem["data"] == {"reason": reason, "maximum": 128}
    assert snapshot() == before


def test_ids_that_do_not_exist_are_404_and_change_nothing(
    http: httpx.Client, shop: Shop, snapshot: TakeSnapshot
) -> None:
    before = snapshot()
    master = shop.headers(shop.master)
    assert http.get("/api/v1/accounts/999999", headers=master).status_code == 404
    assert http.get("/api/v1/accounts/999999/transactions", headers=master).status_code == 404
    assert http.put("/api/v1/accounts/999999/subscription", headers=master).status_code == 404
    missing_target = http.post(
        PATH,
        headers={**master, "Idempotency-Key": "ghost"},
        json={"from_account_id": shop.alice.id, "to_account_id": 999999, "amount": 5},
    )
    problem = _problem(missing_target, 404, "not-found")
    assert problem["data"]["kind"] == "account"  # type: ignore[index]
    named = http.post(
        PATH,
        headers={**master, "Idempotency-Key": "ghost-name"},
        json={"from_account_id": shop.alice.id, "to_account_name": "ghost", "amount": 5},
    )
    _problem(named, 404, "not-found")
    _problem(http.get("/api/v1/nothing-here", headers=master), 404, "not-found")
    _problem(http.delete("/api/v1/transfers", headers=master), 405, "method-not-allowed")
    assert snapshot() == before


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/accounts/%D9%A3",  # Arabic-Indic three
        "/api/v1/accounts/%EF%BC%93",  # fullwidth three
        "/api/v1/accounts/-1",
        "/api/v1/accounts/0",
        "/api/v1/accounts/99999999999999999999999",
        "/api/v1/users/%D9%A3/account",
        "/api/v1/users/you/account",
    ],
)
def test_path_ids_are_digits_0_to_9_in_range(
    http: httpx.Client, shop: Shop, snapshot: TakeSnapshot, path: str
) -> None:
    before = snapshot()
    _problem(http.get(path, headers=shop.headers(shop.master)), 422, "invalid-input")
    assert snapshot() == before
