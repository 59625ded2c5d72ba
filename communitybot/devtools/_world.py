"""The sandbox's world: who is there, which chat is internal, and running it in a terminal."""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from communitybot.bootstrap import QUIET_LOGGERS, Container
from communitybot.core.ids import TelegramId
from communitybot.devtools._fakeapi import FakeBotApi
from communitybot.devtools._session import Session
from communitybot.devtools._simulated import SimChat, SimUser
from communitybot.devtools._terminal import Terminal
from communitybot.services import community as services

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


_KEY_IDS = re.compile(r"tg:[a-z_]+:(-?[0-9]{1,19}):([0-9]{1,19})(?![0-9])")
"""The chat and message id in the bot's keys from messages (``tg:msg:<chat>:<message>``,
``tg:send:<chat>:<message>``; see ``communitybot.runtime.command_key``)."""


def continue_after_database(api: FakeBotApi, container: Container) -> None:
    """Never hand out an id the database knows: number people after the highest Telegram id of
    any user, and messages of each chat after the highest message id its keys and recorded
    messages name. This alone keeps the ids unique when the saved numbering is lost."""
    used = services.telegram_ids_in_use(container.uow, key_prefix="tg:")
    next_message: dict[int, int] = {}
    for chat_id, message_id in used.message_ids.items():
        next_message[chat_id] = max(next_message.get(chat_id, 1), message_id + 1)
    for key in used.keys:
        found = _KEY_IDS.match(key)
        if found is not None:
            chat_id, message_id = int(found[1]), int(found[2])
            next_message[chat_id] = max(next_message.get(chat_id, 1), message_id + 1)
    api.resume(
        {
            "next_user_id": used.highest_tid + 1,
            "next_message_id": {str(chat): n for chat, n in next_message.items()},
        }
    )


class SandboxState:
    """The file that keeps the fake Telegram's numbering, and the people added with
    ``/adduser``, between runs of the sandbox.

    :meth:`save` writes a temporary file and renames it over the old one, so the file is always
    whole; :meth:`attach` saves after every change of the numbering, before the new id is used,
    so even a sandbox that is killed (a closed terminal, SIGKILL) leaves the ids it used behind.
    """

    def __init__(self, path: Path, *, warn: Callable[[str], None]) -> None:
        self.path = path
        self._warn = warn
        self._lock = threading.Lock()
        self._failing = False

    def load(self) -> dict[str, Any] | None:
        """The saved state; ``None`` (after a one-line warning) when the file is unusable."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as err:
            self._unusable(f"cannot be read: {err}")
            return None
        if not text.strip():
            self._unusable("it is empty")
            return None
        try:
            saved = json.loads(text)
        except ValueError as err:
            self._unusable(f"it is not JSON: {err}")
            return None
        if not isinstance(saved, dict):
            self._unusable("it holds no JSON object")
            return None
        return saved

    def _unusable(self, reason: str) -> None:
        self._warn(
            f"warning: ignoring the sandbox state {self.path} ({reason}); numbering continues "
            "after the ids the database knows"
        )

    def restore(self, api: FakeBotApi, saved: Mapping[str, Any]) -> None:
        """Resume ``api``'s numbering and bring back the added people; a state that does not fit
        is ignored with a one-line warning (nothing of it is used)."""
        try:
            people = _people(saved.get("people", []))
            api.resume(_counters(saved))
        except ValueError as err:
            self._unusable(str(err))
            return
        known = {user.id for user in api.users()}
        for person in people:
            if person.id not in known:
                api.add_user(
                    person.first_name,
                    last_name=person.last_name,
                    username=person.username,
                    language_code=person.language_code,
                    user_id=person.id,
                )

    def attach(self, api: FakeBotApi) -> None:
        """Save ``api``'s numbering now and after every change of it."""
        api.watch_numbering(lambda: self.save(api))
        self.save(api)

    def save(self, api: FakeBotApi) -> None:
        """Write the numbering and the added people atomically (a temporary file, renamed).

        When the file cannot be written the sandbox goes on (the next start still continues
        after the ids the database knows) after a one-line warning, once until it works again.
        """
        seeded = {tid for tid, *_ in PEOPLE}
        state = {
            **api.counters(),
            "people": [
                {
                    "id": user.id,
                    "first_name": user.first_name,
                    "last_name": user.last_name,
                    "username": user.username,
                    "language_code": user.language_code,
                }
                for user in api.users()
                if user.id not in seeded
            ],
        }
        with self._lock:
            temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            try:
                with temporary.open("w", encoding="utf-8") as out:
                    json.dump(state, out, indent=1)
                    out.flush()
                    os.fsync(out.fileno())
                temporary.replace(self.path)
            except OSError as err:
                if not self._failing:
                    self._warn(f"warning: cannot save the sandbox state {self.path}: {err}")
                self._failing = True
            else:
                self._failing = False


def _counters(saved: Mapping[str, Any]) -> dict[str, Any]:
    """The numbering of a saved state, checked: positive integers, chat ids as keys."""
    counters: dict[str, Any] = {}
    for name in ("next_update_id", "next_user_id"):
        if name in saved:
            counters[name] = _positive(name, saved[name])
    per_chat = saved.get("next_message_id", {})
    if not isinstance(per_chat, Mapping):
        raise ValueError("next_message_id is not a mapping of chat ids")
    for chat, next_id in per_chat.items():
        if not re.fullmatch(r"-?[0-9]{1,19}", str(chat)):
            raise ValueError(f"{chat!r} is no chat id")
        _positive(f"next_message_id of {chat}", next_id)
    counters["next_message_id"] = dict(per_chat)
    return counters


def _positive(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} is not a positive integer: {value!r}")
    return value


def _people(entries: object) -> list[SimUser]:
    if not isinstance(entries, list):
        raise ValueError("people is not a list")
    people = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise ValueError("a person is not a JSON object")
        uid, first = entry.get("id"), entry.get("first_name")
        optional = [entry.get(k) for k in ("last_name", "username", "language_code")]
        if isinstance(uid, bool) or not isinstance(uid, int) or uid < 1:
            raise ValueError(f"a person has no valid id: {uid!r}")
        if not isinstance(first, str) or not first:
            raise ValueError(f"person {uid} has no first name")
        if not all(v is None or isinstance(v, str) for v in optional):
            raise ValueError(f"person {uid} has names that are not text")
        last, username, language = optional
        people.append(SimUser(uid, first, last, username, language))
    return people


def _stderr(line: str) -> None:
    sys.stderr.write(f"{line}\n")


def run_sandbox(
    container: Container,
    *,
    state_file: Path | None = None,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
    warn: Callable[[str], None] = _stderr,
) -> None:
    """Serve the fake Bot API, run the real bot against it and open the terminal chat.

    Ids never repeat on a database that persists: the bot's idempotency keys are made from chat
    and message ids, and people are their Telegram ids. Numbering continues after what the
    database knows (:func:`continue_after_database`) and after ``state_file``
    (:class:`SandboxState`), which is saved after every change; an unusable state file is
    reported through ``warn`` and replaced.
    """
    for noisy in (*QUIET_LOGGERS, "telegram"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    container = sandbox_container(container)
    prepare_people(container)
    api = FakeBotApi()
    group = populate(api)
    continue_after_database(api, container)
    if state_file is not None:
        state = SandboxState(state_file, warn=warn)
        saved = state.load()
        if saved is not None:
            state.restore(api, saved)
        state.attach(api)
    try:
        with api, Session(container, api=api) as session:
            terminal = Terminal(session, group=group, user=api.user("alice"), write=write)
            terminal.loop(read)
    finally:
        api.watch_numbering(None)


__all__ = [
    "PEOPLE",
    "SANDBOX_GROUP_ID",
    "SANDBOX_GROUP_TITLE",
    "SandboxState",
    "continue_after_database",
    "populate",
    "prepare_people",
    "run_sandbox",
    "sandbox_container",
]
