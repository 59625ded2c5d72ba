"""A fake Discord REST API served over real HTTP on 127.0.0.1, recording what the bot sends.

It answers the few routes the bot uses: login (``/users/@me``, ``/oauth2/applications/@me``),
command registration, interaction responses and follow-ups, direct messages (embeds recorded
too) and a server's member list (``members``, in pages; ``members_forbidden`` refuses it).
Everything is recorded under a condition variable so tests wait for what they expect instead of
sleeping. Any other route answers 404 and is recorded as unexpected.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web

APP_ID = 900_000_000_000_000_001
BOT_ID = 900_000_000_000_000_002
EPHEMERAL = 1 << 6
WAIT_SECONDS = 15.0


def user_payload(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    """A Discord user object."""
    return {
        "id": str(user_id),
        "username": name,
        "global_name": name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
    }


@dataclass(frozen=True)
class Answer:
    """What the bot answered to one interaction (first response or follow-up)."""

    interaction_id: int
    content: str
    ephemeral: bool
    via: str
    files: tuple[tuple[str, bytes], ...] = ()
    """Attached files: (file name, content)."""


@dataclass(frozen=True)
class DirectMessage:
    """A direct message the bot sent (``embeds`` as Discord received them)."""

    recipient_id: int
    content: str
    embeds: tuple[dict[str, Any], ...] = ()

    @property
    def text(self) -> str:
        """The content, or the description of its first embed."""
        if self.content or not self.embeds:
            return self.content
        return str(self.embeds[0].get("description") or "")


@dataclass
class FakeDiscord:
    """The recorded state of the fake API; ``refuse_dm`` holds users whose DMs are closed."""

    answers: list[Answer] = field(default_factory=list)
    deferrals: list[tuple[int, bool]] = field(default_factory=list)
    dms: list[DirectMessage] = field(default_factory=list)
    commands: list[dict[str, Any]] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)
    valid_token: str | None = None
    refuse_dm: set[int] = field(default_factory=set)
    members: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    members_forbidden: bool = False
    member_requests: list[dict[str, str]] = field(default_factory=list)
    fail_dm_once: set[int] = field(default_factory=set)
    _dm_channels: dict[int, int] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(10**17))
    _cond: threading.Condition = field(default_factory=threading.Condition)

    # --- waiting ----------------------------------------------------------------------------

    def wait_for(self, predicate: Callable[[], bool], what: str) -> None:
        """Block until ``predicate()`` holds (checked whenever something is recorded)."""
        with self._cond:
            if not self._cond.wait_for(predicate, timeout=WAIT_SECONDS):
                raise AssertionError(f"the bot never {what}; unexpected calls: {self.unexpected}")

    def answers_to(self, interaction_id: int) -> list[Answer]:
        """Every answer recorded for one interaction."""
        with self._cond:
            return [a for a in self.answers if a.interaction_id == interaction_id]

    def wait_answer(self, interaction_id: int) -> Answer:
        """The first answer to an interaction, waiting for it."""
        self.wait_for(lambda: bool(self.answers_to(interaction_id)), "answered the interaction")
        return self.answers_to(interaction_id)[0]

    def dms_to(self, user_id: int) -> list[str]:
        """The texts of the direct messages to one user."""
        with self._cond:
            return [dm.text for dm in self.dms if dm.recipient_id == user_id]

    def dm_embeds_to(self, user_id: int) -> list[dict[str, Any]]:
        """The first embed of each direct message to one user."""
        with self._cond:
            return [dm.embeds[0] for dm in self.dms if dm.recipient_id == user_id and dm.embeds]

    def _record(self, action: Callable[[], None]) -> None:
        with self._cond:
            action()
            self._cond.notify_all()

    # --- the HTTP application ---------------------------------------------------------------

    def app(self) -> web.Application:
        """The aiohttp application serving the fake API under ``/api/v10``."""
        app = web.Application()
        routes = [
            web.get("/api/v10/users/@me", self._me),
            web.get("/api/v10/oauth2/applications/@me", self._application),
            web.put("/api/v10/applications/{app}/commands", self._sync),
            web.post("/api/v10/interactions/{iid}/{token}/callback", self._callback),
            web.post("/api/v10/webhooks/{app}/{token}", self._followup),
            web.patch("/api/v10/webhooks/{app}/{token}/messages/@original", self._edit_original),
            web.post("/api/v10/users/@me/channels", self._open_dm),
            web.post("/api/v10/channels/{channel}/messages", self._send_message),
            web.get("/api/v10/guilds/{guild}/members", self._list_members),
        ]
        app.add_routes(routes)
        app.router.add_route("*", "/{tail:.*}", self._unknown)
        return app

    def _message(self, channel_id: int, content: str, flags: int = 0) -> dict[str, Any]:
        return {
            "id": str(next(self._ids)),
            "channel_id": str(channel_id),
            "author": user_payload(BOT_ID, "economy", bot=True),
            "content": content,
            "timestamp": "2026-01-01T00:00:00+00:00",
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 0,
            "flags": flags,
        }

    async def _me(self, request: web.Request) -> web.Response:
        wanted = None if self.valid_token is None else f"Bot {self.valid_token}"
        if wanted is not None and request.headers.get("Authorization") != wanted:
            return _error(401, 0, "401: Unauthorized")
        return _json(user_payload(BOT_ID, "economy", bot=True))

    async def _application(self, request: web.Request) -> web.Response:
        return _json(
            {
                "id": str(APP_ID),
                "name": "economy",
                "description": "",
                "icon": None,
                "bot_public": False,
                "bot_require_code_grant": False,
                "owner": user_payload(1, "owner"),
                "verify_key": "0" * 64,
                "flags": 0,
                "summary": "",
            }
        )

    async def _sync(self, request: web.Request) -> web.Response:
        payload: list[dict[str, Any]] = await request.json()
        registered = [
            {**command, "id": str(next(self._ids)), "application_id": str(APP_ID), "version": "1"}
            for command in payload
        ]
        self._record(lambda: self.commands.extend(registered))
        return _json(registered)

    async def _callback(self, request: web.Request) -> web.Response:
        interaction_id = int(request.match_info["iid"])
        body = await request.json()
        data = body.get("data") or {}
        ephemeral = bool(int(data.get("flags") or 0) & EPHEMERAL)
        if body["type"] == 5:
            self._record(lambda: self.deferrals.append((interaction_id, ephemeral)))
        else:
            answer = Answer(interaction_id, data.get("content") or "", ephemeral, "response")
            self._record(lambda: self.answers.append(answer))
        return _json(
            {
                "interaction": {
                    "id": str(interaction_id),
                    "type": 2,
                    "response_message_loading": body["type"] == 5,
                    "response_message_ephemeral": ephemeral,
                }
            }
        )

    def _interaction_of(self, token: str) -> int:
        return int(token.removeprefix("token-"))

    async def _followup(self, request: web.Request) -> web.Response:
        body, files = await _body(request)
        ephemeral = bool(int(body.get("flags") or 0) & EPHEMERAL)
        interaction_id = self._interaction_of(request.match_info["token"])
        content = body.get("content") or ""
        answer = Answer(interaction_id, content, ephemeral, "followup", files)
        self._record(lambda: self.answers.append(answer))
        return _json(self._message(1, answer.content))

    async def _edit_original(self, request: web.Request) -> web.Response:
        body = await request.json()
        interaction_id = self._interaction_of(request.match_info["token"])
        answer = Answer(interaction_id, body.get("content") or "", False, "edit")
        self._record(lambda: self.answers.append(answer))
        return _json(self._message(1, answer.content))

    async def _open_dm(self, request: web.Request) -> web.Response:
        body = await request.json()
        recipient = int(body["recipient_id"])
        channel_id = self._dm_channels.setdefault(recipient, next(self._ids))
        return _json(
            {
                "id": str(channel_id),
                "type": 1,
                "last_message_id": None,
                "recipients": [user_payload(recipient, f"user{recipient}")],
            }
        )

    async def _send_message(self, request: web.Request) -> web.Response:
        channel_id = int(request.match_info["channel"])
        recipients = {c: r for r, c in self._dm_channels.items()}
        body = await request.json()
        if channel_id not in recipients:
            return await self._unknown(request)
        recipient = recipients[channel_id]
        if recipient in self.refuse_dm:
            return _error(403, 50007, "Cannot send messages to this user")
        if recipient in self.fail_dm_once:
            self.fail_dm_once.discard(recipient)
            return _error(503, 0, "Service Unavailable")
        dm = DirectMessage(recipient, body.get("content") or "", tuple(body.get("embeds") or ()))
        self._record(lambda: self.dms.append(dm))
        return _json(self._message(channel_id, dm.content))

    async def _list_members(self, request: web.Request) -> web.Response:
        if self.members_forbidden:
            return _error(403, 50001, "Missing Access")
        query = dict(request.query)
        self._record(lambda: self.member_requests.append(query))
        limit = int(query.get("limit", "1"))
        after = int(query.get("after", "0"))
        known = sorted(self.members.get(int(request.match_info["guild"]), []))
        page = [(i, name) for i, name in known if i > after][:limit]
        return _json(
            [
                {
                    "user": user_payload(member_id, name),
                    "roles": [],
                    "joined_at": "2025-01-01T00:00:00+00:00",
                    "deaf": False,
                    "mute": False,
                    "flags": 0,
                }
                for member_id, name in page
            ]
        )

    async def _unknown(self, request: web.Request) -> web.Response:
        self._record(lambda: self.unexpected.append(f"{request.method} {request.path}"))
        return _error(404, 0, "404: Not Found")


async def _body(request: web.Request) -> tuple[dict[str, Any], tuple[tuple[str, bytes], ...]]:
    """The JSON of a request, and its files when it is ``multipart/form-data`` (a message with
    attachments: the JSON in the part ``payload_json``)."""
    if not request.content_type.startswith("multipart/"):
        return await request.json(), ()
    body: dict[str, Any] = {}
    files: list[tuple[str, bytes]] = []
    reader = await request.multipart()
    async for part in reader:
        if not isinstance(part, BodyPartReader):  # pragma: no cover - discord.py sends flat parts
            continue
        if part.name == "payload_json":
            body = json.loads(await part.text())
        else:
            files.append((part.filename or "", bytes(await part.read())))
    return body, tuple(files)


@contextlib.contextmanager
def serving(fake: FakeDiscord) -> Iterator[str]:
    """Serve ``fake`` on 127.0.0.1 from its own thread; yield its API base URL."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="fake-discord")
    thread.start()
    runner = web.AppRunner(fake.app())

    async def start() -> str:
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        host, port = runner.addresses[0][:2]
        return f"http://{host}:{port}/api/v10"

    try:
        yield asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=30)
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=30)
        loop.close()


def _json(data: Any, status: int = 200) -> web.Response:
    """JSON exactly as Discord labels it (discord.py parses only ``application/json``)."""
    return web.Response(
        status=status,
        body=json.dumps(data).encode(),
        headers={"Content-Type": "application/json"},
    )


def _error(status: int, code: int, message: str) -> web.Response:
    return _json({"message": message, "code": code}, status=status)


__all__ = [
    "APP_ID",
    "BOT_ID",
    "Answer",
    "DirectMessage",
    "FakeDiscord",
    "serving",
    "user_payload",
]
