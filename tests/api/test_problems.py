"""Problem details: one stable type per family for every refusal the core declares, the status
of each, the data carried, and a failure of ours answered 500 without a trace of the request."""

from __future__ import annotations

import logging

import httpx
import pytest
from starlette.requests import Request
from starlette.routing import Route

from communitybot.api import create_app
from communitybot.api._problems import FAMILIES, family_of, problem_body
from communitybot.bootstrap import Container
from communitybot.core import errors
from tests.api.conftest import served
from tests.runtime.test_catalogue import declared_errors


def test_every_declared_error_has_a_family_type_and_a_4xx_or_5xx() -> None:
    slugs = set()
    for cls in declared_errors():
        family = family_of(cls.__new__(cls))
        slugs.add(family.slug)
        assert 400 <= family.status < 600, cls
    assert {f.slug for f in FAMILIES} <= slugs


@pytest.mark.parametrize(
    ("error", "status", "slug"),
    [
        (
            errors.OutcomeUnknown(operation="economy.transfer", key="k", seconds=10.0),
            503,
            "outcome-unknown",
        ),
        (errors.ConfigurationError(problem="no community user"), 503, "unavailable"),
        (errors.RequestTooLarge(maximum=10), 413, "limit-exceeded"),
        (errors.IdempotencyKeyRequired(reason="missing", maximum=128), 400, "invalid-input"),
        (errors.IdempotencyKeyReused(key="k"), 409, "conflict"),
        (errors.UnknownUser(ref="#5"), 404, "not-found"),
        (errors.SelfTransfer(account_id=3), 422, "invalid-input"),
    ],
)
def test_status_and_type(error: errors.DomainError, status: int, slug: str) -> None:
    body = problem_body(error, instance="/api/v1/x")
    assert body["status"] == status
    assert body["type"] == f"urn:communitybot:problem:{slug}"
    assert body["error"] == type(error).__name__
    assert body["instance"] == "/api/v1/x"
    assert body["detail"]


def test_the_unauthorized_body_carries_nothing_of_the_key() -> None:
    unusable = problem_body(errors.ApiKeyUnusable(key_id=7, reason="disabled"), instance="/a")
    unknown = problem_body(errors.InvalidApiKey(), instance="/b")
    assert unusable == unknown
    assert set(unusable) == {"type", "title", "status", "detail"}


def test_german_details() -> None:
    error = errors.IdempotencyKeyRequired(reason="missing", maximum=128)
    english = problem_body(error, instance="/", locale="en")["detail"]
    german = problem_body(error, instance="/", locale="de")["detail"]
    assert "Idempotency-Key" in german
    assert german != english


def test_a_failure_of_ours_is_a_500_problem_and_the_token_stays_out_of_the_log(
    container: Container, caplog: pytest.LogCaptureFixture
) -> None:
    async def boom(request: Request) -> None:
        raise RuntimeError("a bug")

    app = create_app(container, routes=[Route("/api/v1/boom", boom)])
    caplog.set_level(logging.DEBUG)
    with served(app) as url:
        answer = httpx.get(
            f"{url}/api/v1/boom",
            headers={"Authorization": "Bearer 1.very-secret-token"},
            trust_env=False,
        )
    assert answer.status_code == 500
    assert answer.json()["type"] == "urn:communitybot:problem:internal"
    assert "a bug" not in answer.text
    assert "GET /api/v1/boom failed" in caplog.text
    assert "very-secret-token" not in caplog.text
