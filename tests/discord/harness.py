"""The real bot on its own event loop thread, talking HTTP to the fake Discord API.

Interactions are fed into the bot's connection state exactly as the gateway would hand them over
(``INTERACTION_CREATE``), so the real command tree, its checks, the handlers and the error
handler run and answer over HTTP. Payloads are built from the registered commands' own parameter
types, so a test cannot name an option the command does not have.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

from aiohttp import web
from discord import app_commands

from communitybot.bootstrap import Container
from communitybot.discord import EconomyBot, build_bot, use_api_base
from tests.discord.fakeapi import APP_ID, WAIT_SECONDS, Answer, FakeDiscord, user_payload

T = TypeVar("T")

GUILD_ID = 700_000_000_000_000_001
OTHER_GUILD_ID = 700_000_000_000_000_002
CHANNEL_ID = 710_000_000_000_000_001
JOINED = "2025-01-01T00:00:00+00:00"

_interaction_ids = itertools.count(800_000_000_000_000_001)


@dataclass(frozen=True)
class SimMember:
    """A person in the test server (``in_guild=False``: a user who is not a member); ``locale``
    is the language of their Discord client, sent with each of their interactions."""

    id: int
    name: str
    roles: tuple[int, ...] = ()
    in_guild: bool = True
    locale: str = "en-US"

    @property
    def mention(self) -> str:
        """How Discord mentions them."""
        return f"<@{self.id}>"


@dataclass(frozen=True)
class SimRole:
    """A role of the test server."""

    id: int
    name: str


def _member_payload(member: SimMember, *, with_user: bool) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "roles": [str(r) for r in member.roles],
        "joined_at": JOINED,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "permissions": "0",
        "pending": False,
    }
    if with_user:
        payload["user"] = user_payload(member.id, member.name)
    return payload


def _role_payload(role: SimRole) -> dict[str, Any]:
    return {
        "id": str(role.id),
        "name": role.name,
        "color": 0,
        "hoist": False,
        "position": 1,
        "permissions": "0",
        "managed": False,
        "mentionable": True,
        "flags": 0,
    }


def eventually(predicate: Callable[[], bool], what: str) -> None:
    """Poll ``predicate`` (e.g. a balance written by a background task) until it holds."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"the bot never {what}")
        time.sleep(0.005)


class Harness:
    """A running bot, the fake API it talks to, and helpers to act as members."""

    def __init__(
        self,
        container: Container,
        *,
        notify_interval: float = 3600.0,
        defer_after: float = 60.0,
        fake: FakeDiscord | None = None,
        schedule_interval: float | None = None,
    ) -> None:
        self.container = container
        self.fake = fake or FakeDiscord()
        self.notify_interval = notify_interval
        self.schedule_interval = schedule_interval
        # Far above any command's duration: on a loaded machine a command taking over Discord's
        # usual two seconds would otherwise be deferred, and a deferred answer keeps the
        # deferral's visibility. Deferral itself is tested with defer_after=0.
        self.defer_after = defer_after
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="discord-bot")
        self._runner: web.AppRunner | None = None
        self._previous_base: str | None = None
        self._bot: EconomyBot | None = None

    @property
    def bot(self) -> EconomyBot:
        """The bot under test."""
        assert self._bot is not None
        return self._bot

    # --- life -------------------------------------------------------------------------------

    def start(self) -> Harness:
        """Serve the fake API, log the bot in (which registers its commands)."""
        self._thread.start()
        try:
            self.run(self._start())
        except BaseException:
            self.stop()
            raise
        return self

    async def _start(self) -> None:
        self._runner = web.AppRunner(self.fake.app())
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self._previous_base = use_api_base(f"http://{host}:{port}/api/v10")
        self._bot = build_bot(
            self.container,
            notify_interval=self.notify_interval,
            defer_after=self.defer_after,
            schedule_interval=self.schedule_interval,
        )
        await self._bot.login("fake-token")

    def stop(self) -> None:
        """Close the bot and the fake API, stop the loop, restore discord.py's API base."""
        if self.loop.is_closed():
            return
        try:
            self.run(self._stop())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._thread.join(timeout=30)
            self.loop.close()

    async def _stop(self) -> None:
        if self._bot is not None:
            await self._bot.close()
        if self._runner is not None:
            await self._runner.cleanup()
        if self._previous_base is not None:
            use_api_base(self._previous_base)

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run a coroutine on the bot's loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=30)

    def poke_notifier(self) -> None:
        """Wake the notification task (as a command that moved money does)."""
        self.loop.call_soon_threadsafe(self.bot.notifier.poke)

    # --- interactions -----------------------------------------------------------------------

    def _command(self, path: str) -> app_commands.Command[Any, ..., Any]:
        names = path.split()
        found = self.bot.tree.get_command(names[0])
        for name in names[1:]:
            assert isinstance(found, app_commands.Group), f"/{path}: {names[0]} is no group"
            found = found.get_command(name)
        assert isinstance(found, app_commands.Command), f"no command /{path}"
        return found

    def payload(
        self,
        user: SimMember,
        path: str,
        *,
        interaction_id: int | None = None,
        guild_id: int | None = GUILD_ID,
        **options: Any,
    ) -> dict[str, Any]:
        """An ``INTERACTION_CREATE`` payload of ``user`` running ``/path`` with ``options``."""
        command = self._command(path)
        parameters = {p.name: p for p in command.parameters}
        resolved: dict[str, dict[str, Any]] = {}
        values: list[dict[str, Any]] = []
        for name, value in options.items():
            if value is None:
                continue
            assert name in parameters, f"/{path} has no option {name!r}"
            option_type = parameters[name].type
            if isinstance(value, SimMember):
                resolved.setdefault("users", {})[str(value.id)] = user_payload(value.id, value.name)
                if value.in_guild:
                    resolved.setdefault("members", {})[str(value.id)] = _member_payload(
                        value, with_user=False
                    )
                raw: Any = str(value.id)
            elif isinstance(value, SimRole):
                resolved.setdefault("roles", {})[str(value.id)] = _role_payload(value)
                raw = str(value.id)
            elif isinstance(value, Enum):
                raw = value.value
            else:
                raw = value
            values.append({"name": name, "type": option_type.value, "value": raw})
        names = path.split()
        tree: list[dict[str, Any]] = values
        for depth in range(len(names) - 1, 0, -1):
            kind = 1 if depth == len(names) - 1 else 2
            tree = [{"name": names[depth], "type": kind, "options": tree}]
        iid = interaction_id if interaction_id is not None else next(_interaction_ids)
        data: dict[str, Any] = {
            "id": str(APP_ID + 1),
            "name": names[0],
            "type": 1,
            "options": tree,
        }
        if resolved:
            data["resolved"] = resolved
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(APP_ID),
            "type": 2,
            "token": f"token-{iid}",
            "version": 1,
            "data": data,
            "locale": user.locale,
            "app_permissions": "0",
            "entitlements": [],
            "attachment_size_limit": 8 * 1024 * 1024,
        }
        if guild_id is None:
            payload["user"] = user_payload(user.id, user.name)
            payload["channel"] = {"id": str(CHANNEL_ID + 1), "type": 1}
            payload["context"] = 1
        else:
            payload["guild_id"] = str(guild_id)
            payload["guild_locale"] = "en-US"
            payload["member"] = _member_payload(user, with_user=True)
            payload["channel"] = {
                "id": str(CHANNEL_ID),
                "type": 0,
                "guild_id": str(guild_id),
                "name": "general",
                "position": 0,
                "permission_overwrites": [],
                "nsfw": False,
                "parent_id": None,
            }
            payload["context"] = 0
        return payload

    def dispatch(self, payload: dict[str, Any]) -> int:
        """Hand a payload to the bot as the gateway would; return its interaction id."""
        parse = self.bot._connection.parsers["INTERACTION_CREATE"]
        self.loop.call_soon_threadsafe(parse, payload)
        return int(payload["id"])

    def send(self, user: SimMember, path: str, **options: Any) -> int:
        """Run ``/path`` as ``user`` without waiting; return the interaction id."""
        return self.dispatch(self.payload(user, path, **options))

    def slash(self, user: SimMember, path: str, **options: Any) -> Answer:
        """Run ``/path`` as ``user`` and return the bot's answer."""
        return self.fake.wait_answer(self.send(user, path, **options))


__all__ = [
    "CHANNEL_ID",
    "GUILD_ID",
    "OTHER_GUILD_ID",
    "Harness",
    "SimMember",
    "SimRole",
]
