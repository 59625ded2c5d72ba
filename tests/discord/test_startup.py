"""The bot logs in to the fake API, registers every command, and answers over HTTP."""

from __future__ import annotations

from dataclasses import replace

from communitybot.bootstrap import Container
from communitybot.discord import build_bot
from tests.discord.conftest import ALICE, World
from tests.discord.harness import Harness

COMMANDS = {
    "accounts",
    "balance",
    "currencies",
    "economy",
    "exchange",
    "leaderboard",
    "note",
    "open-account",
    "pay",
    "pay-account",
    "permissions",
    "print",
    "private-answers",
    "recurring",
    "remove",
    "subscribe",
    "tax-bracket",
    "tax-brackets",
    "tax-run",
    "transactions",
    "unsubscribe",
}


def test_login_registers_every_command_for_servers_only(harness: Harness) -> None:
    registered = {c["name"]: c for c in harness.fake.commands}
    assert set(registered) == COMMANDS
    assert all(c["contexts"] == [0] for c in registered.values())
    groups = {
        name: {o["name"] for o in registered[name]["options"]}
        for name in ("economy", "note", "permissions", "recurring", "tax-bracket")
    }
    assert groups == {
        "economy": {"create", "register", "unregister", "info"},
        "note": {"issue", "redeem", "cancel", "list"},
        "permissions": {"grant", "deny", "reset", "list"},
        "recurring": {"create", "list", "cancel"},
        "tax-bracket": {"create", "delete"},
    }
    assert harness.fake.unexpected == []


def test_a_command_is_answered_over_http(world: World) -> None:
    answer = world.slash(ALICE, "economy info")
    assert answer.content == "This server uses the economy **credits** (unit cr)."
    assert answer.ephemeral
    assert answer.via == "response"


def test_the_worker_pool_is_sized_from_the_settings(container: Container) -> None:
    assert build_bot(container).pool.threads == container.settings.telegram_concurrent_updates
    settings = container.settings.model_copy(update={"worker_threads": 3})
    assert build_bot(replace(container, settings=settings)).pool.threads == 3
