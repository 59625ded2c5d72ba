"""The sandbox's world: who is there, which chat is internal, and running it in a terminal."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from communitybot.bootstrap import Container
from communitybot.core.ids import TelegramId
from communitybot.services import community as services
from communitybot.telegram.sandbox._fakeapi import FakeBotApi, SimChat
from communitybot.telegram.sandbox._session import Session
from communitybot.telegram.sandbox._terminal import Terminal

SANDBOX_GROUP_ID = -1_001_000_000_001
"""The sandbox's group chat; it counts as an internal chat, so members register there."""

SANDBOX_GROUP_TITLE = "Hackspace"
"""The title of the sandbox's group chat."""

PEOPLE: tuple[tuple[int, str, str | None, str, str, bool], ...] = (
    (10_001, "Alice", "Liddell", "alice", "en", True),
    (10_002, "Bob", None, "bob", "en", True),
    (10_003, "Carol", None, "carol", "de", True),
    (10_004, "Dave", None, "dave", "en", False),
)
"""Simulated people: Telegram id, first and last name, username, language, member (internal and
allowed to vote) or guest. Ids stay the same between runs, so the people keep their accounts in
the sandbox's database."""


def populate(api: FakeBotApi) -> SimChat:
    """Add the sandbox's people and its group chat to ``api``; returns the group."""
    for tid, first, last, username, language, _ in PEOPLE:
        api.add_user(first, last_name=last, username=username, language_code=language, user_id=tid)
    return api.add_group(SANDBOX_GROUP_TITLE, chat_id=SANDBOX_GROUP_ID)


def prepare_people(container: Container) -> None:
    """Register the sandbox's people (members in the group, with the vote permission; Dave as a
    guest) so payment requests can be voted on at once. Idempotent."""
    for tid, first, last, username, _, member in PEOPLE:
        services.register_or_refresh(
            container.uow,
            container.rules,
            tid=TelegramId(tid),
            first_name=first,
            last_name=last,
            username=username,
            chat_id=SANDBOX_GROUP_ID if member else None,
        )
        if member:
            user = services.get_user_by_tid(container.uow, tid=TelegramId(tid))
            if not user.external and user.active and not user.permission:
                services.set_vote_permission(container.uow, user=user.id, allowed=True)


def sandbox_container(container: Container) -> Container:
    """``container`` with the sandbox's group added to the internal chats."""
    rules = replace(
        container.rules, internal_chats=container.rules.internal_chats | {SANDBOX_GROUP_ID}
    )
    return replace(container, rules=rules)


def run_sandbox(
    container: Container,
    *,
    state_file: Path | None = None,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
) -> None:
    """Serve the fake Bot API, run the real bot against it and open the terminal chat.

    ``state_file`` keeps the fake Telegram's message numbering between runs, so the bot's
    idempotency keys (made from chat and message ids) never repeat on a database that persists.
    """
    for noisy in ("httpx", "telegram", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    container = sandbox_container(container)
    prepare_people(container)
    api = FakeBotApi()
    group = populate(api)
    if state_file is not None and state_file.exists():
        api.resume(json.loads(state_file.read_text(encoding="utf-8")))
    with api, Session(container, api=api) as session:
        terminal = Terminal(session, group=group, user=api.user("alice"), write=write)
        try:
            terminal.loop(read)
        finally:
            if state_file is not None:
                state_file.write_text(json.dumps(api.counters()), encoding="utf-8")


__all__ = [
    "PEOPLE",
    "SANDBOX_GROUP_ID",
    "SANDBOX_GROUP_TITLE",
    "populate",
    "prepare_people",
    "run_sandbox",
    "sandbox_container",
]
