"""One process, one server: ``communitybot run`` with the API serves it beside long polling, and
in webhook mode receives Telegram's webhook on the same uvicorn server as the API (without the
API, only the webhook). Against the fake Bot API on 127.0.0.1."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from sqlalchemy import Engine

from communitybot.bootstrap import Container
from communitybot.cli._run import bot_and_api_server
from communitybot.core.clock import ManualClock
from communitybot.db.uow import UnitOfWork
from communitybot.devtools import FakeBotApi
from communitybot.settings import Settings
from tests.api.conftest import Shop, free_port, running
from tests.support.community import INTERNAL_CHAT, RULES

Configure = Callable[..., Container]


@pytest.fixture
def fake_telegram() -> Iterator[FakeBotApi]:
    """The fake Bot API on 127.0.0.1."""
    api = FakeBotApi().start()
    yield api
    api.stop()


@pytest.fixture
def configure(
    engine: Engine, uow: UnitOfWork, clock: ManualClock, fake_telegram: FakeBotApi
) -> Configure:
    """A container on the test database, talking to the fake Bot API, with these settings."""

    def make(**settings: object) -> Container:
        chosen = Settings(
            telegram_base_url=fake_telegram.base_url,
            telegram_base_file_url=fake_telegram.base_file_url,
            **settings,  # type: ignore[arg-type]
        )
        return Container(settings=chosen, engine=engine, uow=uow, rules=RULES, clock=clock)

    return make


def _welcomed(api: FakeBotApi) -> None:
    group = api.add_group("Hackspace", chat_id=INTERNAL_CHAT)
    alice = api.add_user("Alice", username="alice")
    api.send_text(alice, group, "/start")
    deadline = time.monotonic() + 20
    while not any("Alice" in m.body for m in api.bot_messages(group)):
        if time.monotonic() > deadline:
            pytest.fail("the bot did not answer /start")
        time.sleep(0.05)


def test_polling_mode_serves_the_api_beside_the_bot(
    configure: Configure, shop: Shop, fake_telegram: FakeBotApi
) -> None:
    port = free_port()
    container = configure(api_enabled=True, api_host="127.0.0.1", api_port=port)
    with running(bot_and_api_server(container, token=fake_telegram.token)):
        _welcomed(fake_telegram)
        answer = httpx.get(
            f"http://127.0.0.1:{port}/api/v1/economy", headers=shop.headers(), trust_env=False
        )
        assert answer.status_code == 200
        assert answer.json()["id"] == shop.economy.id
        health = httpx.get(f"http://127.0.0.1:{port}/healthz", trust_env=False)
        assert health.status_code == 200
        assert health.json()["status"] == "ok"


def test_webhook_mode_takes_telegram_and_the_api_on_one_server(
    configure: Configure, shop: Shop, fake_telegram: FakeBotApi
) -> None:
    port = free_port()
    hook = f"http://127.0.0.1:{port}/telegram/hook"
    container = configure(
        api_enabled=True,
        telegram_mode="webhook",
        telegram_webhook_url=hook,
        telegram_webhook_listen="127.0.0.1",
        telegram_webhook_port=port,
        telegram_webhook_secret="a-secret-for-the-test",
    )
    with running(bot_and_api_server(container, token=fake_telegram.token)):
        _welcomed(fake_telegram)
        assert [status for _, status in fake_telegram.deliveries()] == [200]
        forged = httpx.post(
            hook,
            json={"update_id": 1},
            headers={"X-Telegram-Bot-Api-Secret-Token": "guessed"},
            trust_env=False,
        )
        assert forged.status_code == 403
        base = f"http://127.0.0.1:{port}"
        answer = httpx.get(f"{base}/api/v1/economy", headers=shop.headers(), trust_env=False)
        assert answer.status_code == 200
        assert httpx.get(f"{base}/openapi.json", trust_env=False).status_code == 200
        assert httpx.get(f"{base}/healthz", trust_env=False).json()["status"] == "ok"


def test_webhook_mode_without_the_api_serves_only_the_webhook(
    configure: Configure, fake_telegram: FakeBotApi
) -> None:
    port = free_port()
    hook = f"http://127.0.0.1:{port}/tg"
    container = configure(
        telegram_mode="webhook",
        telegram_webhook_url=hook,
        telegram_webhook_port=port,
    )
    with running(bot_and_api_server(container, token=fake_telegram.token)):
        _welcomed(fake_telegram)
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{base}/api/v1/economy", trust_env=False).status_code == 404
        assert httpx.get(f"{base}/openapi.json", trust_env=False).status_code == 404
        health = httpx.get(f"{base}/healthz", trust_env=False)
        assert health.status_code == 200
        assert health.json()["status"] == "ok"
