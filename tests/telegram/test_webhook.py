"""Webhook mode: Telegram pushes updates to the bot, which checks the secret token."""

from __future__ import annotations

import dataclasses
import socket

import httpx
import pytest

from communitybot.bootstrap import Container
from communitybot.core.errors import ConfigurationError
from communitybot.devtools import Session
from communitybot.settings import Settings
from communitybot.telegram import run_bot, webhook_config
from tests.telegram.conftest import GROUP_ID


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_webhook_mode_receives_pushed_updates_with_the_secret(container: Container) -> None:
    port = _free_port()
    settings = Settings(
        telegram_mode="webhook",
        telegram_webhook_url=f"http://127.0.0.1:{port}/telegram/hook",
        telegram_webhook_listen="127.0.0.1",
        telegram_webhook_port=port,
        telegram_webhook_secret="a-secret-for-the-test",
    )
    config = webhook_config(settings)
    assert config.url_path == "telegram/hook"
    with Session(container, webhook=config) as session:
        api = session.api
        group = api.add_group("Hackspace", chat_id=GROUP_ID)
        alice = api.add_user("Alice", username="alice")
        info = httpx.post(f"{api.base_url}{api.token}/getWebhookInfo", trust_env=False).json()
        assert info["result"]["url"] == f"http://127.0.0.1:{port}/telegram/hook"

        started = session.say(alice, group, "/start")
        assert "Welcome, Alice!" in started.text
        assert api.deliveries() == [(started.update_id, 200)]

        forged = httpx.post(
            f"http://127.0.0.1:{port}/telegram/hook",
            json={"update_id": 1, "message": started.message.to_api() if started.message else {}},
            headers={"X-Telegram-Bot-Api-Secret-Token": "guessed"},
            trust_env=False,
        )
        assert forged.status_code == 403
        polled = httpx.post(f"{api.base_url}{api.token}/getUpdates", trust_env=False)
        assert polled.status_code == 409


def test_without_a_configured_secret_a_random_one_is_used() -> None:
    settings = Settings(telegram_mode="webhook", telegram_webhook_url="https://bot.example.org/tg")
    first, second = webhook_config(settings), webhook_config(settings)
    assert len(first.secret_token) >= 32
    assert first.secret_token != second.secret_token
    assert (first.listen, first.port, first.url_path) == ("127.0.0.1", 8443, "tg")


def test_run_bot_long_polls_and_leaves_a_webhook_to_the_uvicorn_server(
    container: Container,
) -> None:
    # python-telegram-bot's own webhook server needs tornado, which is not installed
    settings = Settings(telegram_mode="webhook", telegram_webhook_url="https://bot.example.org/tg")
    webhook = dataclasses.replace(container, settings=settings)
    with pytest.raises(ConfigurationError, match="communitybot run"):
        run_bot(webhook, token="123:abc")
