"""The bot logs in to the fake API, registers every command, and answers over HTTP."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from communitybot.bootstrap import Container
from communitybot.discord import build_bot
from communitybot.runtime.catalogue import LOCALES
from tests.discord.conftest import ALICE, World
from tests.discord.harness import Harness

COMMANDS = {
    "account",
    "accounts",
    "application",
    "audit",
    "key",
    "balance",
    "category",
    "credit",
    "currencies",
    "currency",
    "economy",
    "group",
    "exchange",
    "exchange-quote",
    "exchanges",
    "leaderboard",
    "note",
    "open-account",
    "pay",
    "pay-account",
    "permissions",
    "print",
    "private-answers",
    "rate",
    "recurring",
    "remove",
    "subscribe",
    "subscribers",
    "tax-bracket",
    "tax-brackets",
    "tax-run",
    "transactions",
    "unsubscribe",
    "wallet",
}


def test_login_registers_every_command_for_servers_only(harness: Harness) -> None:
    registered = {c["name"]: c for c in harness.fake.commands}
    assert set(registered) == COMMANDS
    assert all(c["contexts"] == [0] for c in registered.values())
    groups = {
        name: {o["name"] for o in registered[name]["options"]}
        for name in (
            "account",
            "category",
            "credit",
            "currency",
            "economy",
            "group",
            "note",
            "permissions",
            "rate",
            "recurring",
            "tax-bracket",
        )
    }
    assert groups == {
        "account": {"rename", "hand-over", "close", "limit"},
        "category": {"create", "list"},
        "credit": {"open", "limit", "reset", "close", "list", "pay"},
        "currency": {"add", "primary", "remove"},
        "economy": {"create", "register", "unregister", "info", "delete"},
        "group": {"create", "join", "leave", "list"},
        "rate": {"set", "remove", "list"},
        "note": {"issue", "redeem", "cancel", "list"},
        "permissions": {"grant", "deny", "reset", "list"},
        "recurring": {"create", "list", "cancel", "payments"},
        "tax-bracket": {"create", "delete"},
    }
    assert harness.fake.unexpected == []


def _described(payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every command, subcommand and option of the synced payloads (those with a description)."""
    found: list[dict[str, Any]] = []
    for payload in payloads:
        found.append(payload)
        found.extend(_described(payload.get("options") or []))
    return found


def test_descriptions_come_from_the_catalogue_in_english_and_german(harness: Harness) -> None:
    everything = _described(harness.fake.commands)
    assert len(everything) > 100
    english = LOCALES["en"].messages
    german = LOCALES["de"].messages
    sources = {v: k for k, v in english.items() if k.startswith("discord.")}
    for item in everything:
        key = sources[item["description"]]  # the English text is the catalogue's
        assert item["description_localizations"] == {"de": german[key]}, item["name"]
        assert german[key] != english[key]
        assert 1 <= len(german[key]) <= 100  # Discord's limit
        assert item.get("name_localizations") in (None, {})  # names stay as they are
    pay = next(c for c in harness.fake.commands if c["name"] == "pay")
    assert pay["description_localizations"] == {"de": "Einem Mitglied Geld zahlen"}
    member = next(o for o in pay["options"] if o["name"] == "member")
    assert member["description"] == "who gets the money"
    assert member["description_localizations"] == {"de": "wer das Geld bekommt"}


def test_a_command_is_answered_over_http(world: World) -> None:
    answer = world.slash(ALICE, "economy info")
    assert answer.content == "This server uses the economy **credits** (unit cr)."
    assert answer.ephemeral
    assert answer.via == "response"


def test_the_worker_pool_is_sized_from_the_settings(container: Container) -> None:
    assert build_bot(container).pool.threads == container.settings.telegram_concurrent_updates
    settings = container.settings.model_copy(update={"worker_threads": 3})
    assert build_bot(replace(container, settings=settings)).pool.threads == 3


def test_the_docs_list_every_command(harness: Harness) -> None:
    """docs/discord.md names every command and subcommand the bot registers."""
    docs = (Path(__file__).resolve().parents[2] / "docs" / "discord.md").read_text("utf-8")
    paths: list[str] = []
    for command in harness.fake.commands:
        subcommands = [o for o in command.get("options", []) if o["type"] == 1]
        paths += [f"{command['name']} {o['name']}" for o in subcommands] or [command["name"]]
    missing = [
        path
        for path in paths
        if f"`/{path} " not in docs
        and f"`/{path}`" not in docs
        and not _listed_with_others(path, docs)
    ]
    assert missing == []


def _listed_with_others(path: str, docs: str) -> bool:
    """``/permissions grant|deny|reset ...`` or ``/credit limit ...``, ``/credit reset ...``."""
    group, _, name = path.partition(" ")
    return bool(name) and any(
        f"/{group} " in line and (f"|{name}" in line or f"{name}|" in line or f"`{name}`" in line)
        for line in docs.replace("\\|", "|").splitlines()  # a table escapes its pipes
    )
