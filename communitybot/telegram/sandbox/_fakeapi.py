"""A fake Telegram Bot API server: real HTTP on 127.0.0.1, in-memory chats, users and messages.

The bot under test (or in the sandbox) talks to it through python-telegram-bot's own HTTP stack,
exactly as it would talk to ``api.telegram.org``; only ``base_url`` differs. Tests and the terminal
sandbox drive the other side in-process: simulated users send text, reply to messages and press
inline buttons (:meth:`FakeBotApi.send_text`, :meth:`FakeBotApi.press`), and everything the bot did
is readable afterwards (:meth:`FakeBotApi.calls`, :meth:`FakeBotApi.messages`).

The server is strict where Telegram is strict, so mistakes show in tests: text over 4096
characters, HTML that does not parse, ``callback_data`` over 64 bytes, editing a message into
itself ("message is not modified"), editing or deleting a message that is gone, answering a
callback query twice, writing first to a user who never opened a private chat with the bot.

All state sits behind one lock; every change notifies one condition, so waits are
condition-based (:meth:`FakeBotApi.wait_for`) and ``getUpdates`` long-polls without sleeping.
"""

from __future__ import annotations

import itertools
import json
import logging
import secrets
import select
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from email.parser import BytesParser
from email.policy import HTTP
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from communitybot.telegram._text import utf16_len
from communitybot.telegram.sandbox._html import EntityParseError, detect_entities, parse_html

_log = logging.getLogger(__name__)

MAX_TEXT = 4096
"""Telegram's limit for a message text, in UTF-16 code units after entity parsing."""

MAX_CAPTION = 1024
"""Telegram's limit for a document caption."""

MAX_CALLBACK_DATA = 64
"""Telegram's limit for ``callback_data``, in bytes."""

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a content and reply markup of the current message"
)
MESSAGE_TO_EDIT_NOT_FOUND = "Bad Request: message to edit not found"
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


class ApiError(Exception):
    """A Bot API refusal: the HTTP status code and Telegram's ``description``."""

    def __init__(self, code: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def response(self) -> dict[str, Any]:
        """The JSON body Telegram answers with (``parameters.retry_after`` for flood control)."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


# --- the simulated world ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SimUser:
    """A simulated Telegram account (a person, or the bot itself)."""

    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = "en"
    is_bot: bool = False

    @property
    def full_name(self) -> str:
        """First and last name, as Telegram clients show them."""
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name

    def to_api(self) -> dict[str, Any]:
        """The ``User`` object of the Bot API."""
        data: dict[str, Any] = {
            "id": self.id,
            "is_bot": self.is_bot,
            "first_name": self.first_name,
        }
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code and not self.is_bot:
            data["language_code"] = self.language_code
        return data


@dataclass(frozen=True, slots=True)
class SimChat:
    """A chat: ``private`` (its id is the user's id) or a ``group``/``supergroup``."""

    id: int
    type: str
    title: str | None = None
    user: SimUser | None = None

    @property
    def label(self) -> str:
        """A short human name for logs and the terminal."""
        if self.user is not None:
            return f"private:{self.user.username or self.user.first_name}"
        return self.title or str(self.id)

    def to_api(self) -> dict[str, Any]:
        """The ``Chat`` object of the Bot API."""
        if self.user is not None:
            data = {"id": self.id, "type": "private", "first_name": self.user.first_name}
            if self.user.last_name:
                data["last_name"] = self.user.last_name
            if self.user.username:
                data["username"] = self.user.username
            return data
        return {"id": self.id, "type": self.type, "title": self.title}


@dataclass(frozen=True, slots=True)
class Button:
    """One inline keyboard button; ``index`` counts from 0 across all rows."""

    index: int
    row: int
    text: str
    callback_data: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document the bot sent, with its bytes."""

    file_id: str
    file_unique_id: str
    file_name: str
    mime_type: str
    content: bytes

    def to_api(self) -> dict[str, Any]:
        """The ``Document`` object of the Bot API."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_name": self.file_name,
            "mime_type": self.mime_type,
            "file_size": len(self.content),
        }


@dataclass(frozen=True, slots=True)
class StoredMessage:
    """A message as the fake server holds it; read-only snapshots are handed out."""

    chat: SimChat
    message_id: int
    sender: SimUser
    date: int
    text: str | None = None
    entities: tuple[dict[str, Any], ...] = ()
    caption: str | None = None
    reply_markup: Mapping[str, Any] | None = None
    reply_to: StoredMessage | None = None
    document: StoredDocument | None = None
    deleted: bool = False
    edit_date: int | None = None
    edits: int = 0

    @property
    def from_bot(self) -> bool:
        """Whether the bot sent this message."""
        return self.sender.is_bot

    @property
    def body(self) -> str:
        """The text, or the caption of a document."""
        return self.text if self.text is not None else (self.caption or "")

    @property
    def buttons(self) -> tuple[Button, ...]:
        """The inline keyboard, flattened; empty when there is none."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        found: list[Button] = []
        for row_no, row in enumerate(rows):
            for button in row:
                found.append(
                    Button(
                        index=len(found),
                        row=row_no,
                        text=str(button.get("text", "")),
                        callback_data=button.get("callback_data"),
                        url=button.get("url"),
                    )
                )
        return tuple(found)

    def button(self, which: int | str) -> Button:
        """A button by index (from 0) or by its exact or case-insensitive label prefix."""
        buttons = self.buttons
        if isinstance(which, int):
            if not 0 <= which < len(buttons):
                raise LookupError(f"message {self.message_id} has no button #{which}")
            return buttons[which]
        exact = [b for b in buttons if b.text == which]
        if exact:
            return exact[0]
        loose = [b for b in buttons if b.text.lower().startswith(which.lower())]
        if len(loose) != 1:
            labels = ", ".join(b.text for b in buttons) or "none"
            raise LookupError(f"no single button {which!r} on message (buttons: {labels})")
        return loose[0]

    def to_api(self, *, nested: bool = False) -> dict[str, Any]:
        """The ``Message`` object of the Bot API."""
        data: dict[str, Any] = {
            "message_id": self.message_id,
            "from": self.sender.to_api(),
            "chat": self.chat.to_api(),
            "date": self.date,
        }
        if self.text is not None:
            data["text"] = self.text
            if self.entities:
                data["entities"] = [dict(e) for e in self.entities]
        if self.document is not None:
            data["document"] = self.document.to_api()
        if self.caption is not None:
            data["caption"] = self.caption
            if self.entities:
                data["caption_entities"] = [dict(e) for e in self.entities]
        if self.edit_date is not None:
            data["edit_date"] = self.edit_date
        if self.reply_markup:
            data["reply_markup"] = json.loads(json.dumps(self.reply_markup))
        if self.reply_to is not None and not nested:
            data["reply_to_message"] = self.reply_to.to_api(nested=True)
        return data


@dataclass(frozen=True, slots=True)
class CallbackQuery:
    """A button press that was delivered to the bot, and how the bot answered it."""

    id: str
    update_id: int
    user: SimUser
    chat_id: int
    message_id: int
    data: str
    answered: bool = False
    answer_text: str | None = None
    show_alert: bool = False


@dataclass(frozen=True, slots=True)
class BotCall:
    """One Bot API request the bot made and its outcome, in order (``seq`` from 1)."""

    seq: int
    method: str
    params: Mapping[str, Any]
    ok: bool
    error_code: int | None = None
    description: str | None = None
    message: StoredMessage | None = None


@dataclass(frozen=True, slots=True)
class Injected:
    """What a simulated user did: the update that carries it and, for texts, the message."""

    update_id: int
    message: StoredMessage | None = None
    callback_query_id: str | None = None


@dataclass(slots=True)
class _Pending:
    update_id: int
    payload: dict[str, Any]
    replayed: bool = False


@dataclass(slots=True)
class _State:
    users: dict[int, SimUser] = field(default_factory=dict)
    chats: dict[int, SimChat] = field(default_factory=dict)
    started: set[int] = field(default_factory=set)
    messages: dict[tuple[int, int], StoredMessage] = field(default_factory=dict)
    next_message_id: dict[int, int] = field(default_factory=dict)
    queue: list[_Pending] = field(default_factory=list)
    sent_updates: dict[int, dict[str, Any]] = field(default_factory=dict)
    callbacks: dict[str, CallbackQuery] = field(default_factory=dict)
    calls: list[BotCall] = field(default_factory=list)
    commands: dict[tuple[str, str], list[dict[str, str]]] = field(default_factory=dict)
    files: dict[str, StoredDocument] = field(default_factory=dict)
    webhook_url: str = ""
    webhook_secret: str | None = None
    deliveries: list[tuple[int, int]] = field(default_factory=list)
    faults: dict[str, list[ApiError]] = field(default_factory=dict)


# --- request parameters ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Upload:
    filename: str
    content_type: str
    content: bytes


class _Params:
    """Request parameters from a query string, a form, multipart or JSON, read by type."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.values = dict(values)

    def has(self, name: str) -> bool:
        return name in self.values and self.values[name] not in (None, "")

    def text(self, name: str, default: str | None = None) -> str:
        value = self.values.get(name)
        if value is None or isinstance(value, _Upload):
            if default is None:
                raise ApiError(400, f"Bad Request: parameter {name} is required")
            return default
        return value if isinstance(value, str) else json.dumps(value)

    def opt_text(self, name: str) -> str | None:
        return self.text(name) if self.has(name) else None

    def integer(self, name: str, default: int | None = None) -> int:
        if not self.has(name):
            if default is None:
                raise ApiError(400, f"Bad Request: parameter {name} is required")
            return default
        value = self.values[name]
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ApiError(400, f"Bad Request: {name} must be an integer") from None

    def flag(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, str):
            return value.lower() in ("true", "1")
        return bool(value)

    def json_value(self, name: str) -> Any:
        value = self.values.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise ApiError(400, f"Bad Request: can't parse {name} JSON object") from None
        return value

    def upload(self, name: str) -> _Upload:
        value = self.values.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            value = self.values.get(value.removeprefix("attach://"))
        if not isinstance(value, _Upload):
            raise ApiError(400, f"Bad Request: there is no {name} in the request")
        return value

    def loggable(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in self.values.items():
            if isinstance(value, _Upload):
                out[key] = {"filename": value.filename, "size": len(value.content)}
            elif key in ("reply_markup", "commands", "scope", "entities", "reply_parameters"):
                try:
                    out[key] = self.json_value(key)
                except ApiError:
                    out[key] = value
            else:
                out[key] = value
        return out


def _parse_body(content_type: str, body: bytes, query: str) -> _Params:
    values: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/json" and body:
        loaded = json.loads(body)
        if isinstance(loaded, dict):
            values.update(loaded)
    elif kind == "application/x-www-form-urlencoded":
        values.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    elif kind == "multipart/form-data":
        head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
        message = BytesParser(policy=HTTP).parsebytes(head + body)
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if not isinstance(name, str):
                continue
            payload = part.get_payload(decode=True)
            content = payload if isinstance(payload, bytes) else b""
            filename = part.get_filename()
            if filename is not None:
                values[name] = _Upload(filename, part.get_content_type(), content)
            else:
                values[name] = content.decode(part.get_content_charset() or "utf-8")
    return _Params(values)


# --- the server -----------------------------------------------------------------------------


class FakeBotApi:
    """An in-process, thread-safe fake of the Telegram Bot API served over HTTP on 127.0.0.1.

    Use as a context manager (or call :meth:`start` and :meth:`stop`). Point the bot at
    :attr:`base_url` and :attr:`base_file_url` with :attr:`token`.
    """

    def __init__(
        self,
        *,
        token: str = "123456789:SANDBOX-not-a-real-token",  # noqa: S107 (a fake)
        bot_username: str = "communitybot_sandbox_bot",
        bot_name: str = "Community Bot",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.token = token
        bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 123456789
        self.bot = SimUser(id=bot_id, first_name=bot_name, username=bot_username, is_bot=True)
        self._clock = clock
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._state = _State()
        self._update_ids = itertools.count(100_001)
        self._user_ids = itertools.count(10_001)
        self._group_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._closing = False
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._pusher: threading.Thread | None = None
        self._listeners: tuple[Callable[[BotCall], None], ...] = ()

    # -- lifecycle --

    def start(self) -> FakeBotApi:
        """Bind an ephemeral port on 127.0.0.1 and serve in a background thread."""
        if self._server is not None:
            return self
        server = _Server(("127.0.0.1", 0), _Handler, self)
        self._server = server
        self._closing = False
        self._thread = threading.Thread(
            target=server.serve_forever, name="fake-bot-api", kwargs={"poll_interval": 0.05}
        )
        self._thread.daemon = True
        self._thread.start()
        self._pusher = threading.Thread(target=self._push_updates, name="fake-bot-api-webhook")
        self._pusher.daemon = True
        self._pusher.start()
        return self

    def stop(self) -> None:
        """Wake every long poll, stop serving and close the socket."""
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        if self._pusher is not None:
            self._pusher.join()
            self._pusher = None
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join()
        self._server = None
        self._thread = None

    def __enter__(self) -> FakeBotApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        if self._server is None:
            raise RuntimeError("the fake Bot API is not running")
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """What to pass to ``ApplicationBuilder.base_url`` (the token is appended)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """What to pass to ``ApplicationBuilder.base_file_url``."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- building the world --

    def add_user(
        self,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
        user_id: int | None = None,
    ) -> SimUser:
        """Create a simulated person; a private chat with the bot exists from the start."""
        with self._changed:
            uid = user_id if user_id is not None else next(self._user_ids)
            user = SimUser(uid, first_name, last_name, username, language_code)
            self._state.users[uid] = user
            self._state.chats[uid] = SimChat(uid, "private", user=user)
            self._changed.notify_all()
            return user

    def rename_user(self, user: SimUser, **changes: Any) -> SimUser:
        """Change a simulated user's names (``first_name``, ``last_name``, ``username``)."""
        with self._changed:
            updated = replace(user, **changes)
            self._state.users[user.id] = updated
            self._state.chats[user.id] = SimChat(user.id, "private", user=updated)
            self._changed.notify_all()
            return updated

    def add_group(
        self, title: str, *, chat_id: int | None = None, kind: str = "supergroup"
    ) -> SimChat:
        """Create a group chat with the bot in it (``kind`` is ``group`` or ``supergroup``)."""
        if kind not in ("group", "supergroup"):
            raise ValueError(kind)
        with self._changed:
            if chat_id is None:
                n = next(self._group_ids)
                chat_id = -1_001_000_000_000 - n if kind == "supergroup" else -4_000_000 - n
            chat = SimChat(chat_id, kind, title=title)
            self._state.chats[chat_id] = chat
            self._changed.notify_all()
            return chat

    def private_chat(self, user: SimUser) -> SimChat:
        """The private chat between ``user`` and the bot."""
        with self._lock:
            return self._state.chats[user.id]

    def user(self, ref: str | int) -> SimUser:
        """A simulated user by id, username (with or without ``@``) or first name."""
        with self._lock:
            if isinstance(ref, int):
                return self._state.users[ref]
            name = ref.removeprefix("@").lower()
            for user in self._state.users.values():
                if (user.username or "").lower() == name or user.first_name.lower() == name:
                    return user
        raise LookupError(f"no simulated user {ref!r}")

    def users(self) -> list[SimUser]:
        """Every simulated person, in creation order."""
        with self._lock:
            return list(self._state.users.values())

    def chats(self) -> list[SimChat]:
        """Every chat, groups and private chats."""
        with self._lock:
            return list(self._state.chats.values())

    def chat(self, chat_id: int) -> SimChat:
        """A chat by id."""
        with self._lock:
            return self._state.chats[chat_id]

    # -- what simulated users do --

    def send_text(
        self,
        user: SimUser,
        chat: SimChat,
        text: str,
        *,
        reply_to: StoredMessage | int | None = None,
        mention: SimUser | None = None,
    ) -> Injected:
        """``user`` writes ``text`` in ``chat`` (optionally as a reply); returns the update.

        ``mention`` marks the first occurrence of that person's full name as a text mention,
        as clients do when someone without a username is picked from the member list.
        """
        with self._changed:
            self._require_member(user, chat)
            target = None
            if reply_to is not None:
                target_id = reply_to if isinstance(reply_to, int) else reply_to.message_id
                target = self._state.messages.get((chat.id, target_id))
                if target is None or target.deleted:
                    raise LookupError(f"no message {target_id} in {chat.label}")
            message = StoredMessage(
                chat=chat,
                message_id=self._new_message_id(chat.id),
                sender=user,
                date=int(self._clock()),
                text=text,
                entities=detect_entities(text) + _text_mention(text, mention),
                reply_to=target,
            )
            self._state.messages[(chat.id, message.message_id)] = message
            if chat.user is not None:
                self._state.started.add(user.id)
            update_id = self._enqueue({"message": message.to_api()})
            return Injected(update_id=update_id, message=message)

    def edit_text(self, user: SimUser, message: StoredMessage, text: str) -> Injected:
        """``user`` edits a message of theirs; the bot gets an ``edited_message`` update."""
        with self._changed:
            current = self._state.messages.get((message.chat.id, message.message_id))
            if current is None or current.deleted or current.sender.id != user.id:
                raise LookupError(f"{user.first_name} cannot edit that message")
            edited = replace(
                current,
                text=text,
                entities=detect_entities(text),
                edit_date=int(self._clock()),
                edits=current.edits + 1,
            )
            self._state.messages[(message.chat.id, message.message_id)] = edited
            update_id = self._enqueue({"edited_message": edited.to_api()})
            return Injected(update_id=update_id, message=edited)

    def press(self, user: SimUser, message: StoredMessage, button: int | str) -> Injected:
        """``user`` presses a button (index from 0, or label) under a bot ``message``."""
        with self._lock:
            current = self._state.messages.get((message.chat.id, message.message_id))
            if current is None or current.deleted:
                raise LookupError("that message is gone")
            chosen = current.button(button)
        if chosen.callback_data is None:
            raise LookupError(f"button {chosen.text!r} carries no callback data")
        return self.press_data(user, current, chosen.callback_data)

    def press_data(self, user: SimUser, message: StoredMessage, data: str) -> Injected:
        """Deliver a callback query with arbitrary ``data``, as a modified client could."""
        with self._changed:
            self._require_member(user, message.chat)
            current = self._state.messages.get((message.chat.id, message.message_id), message)
            query_id = str(secrets.randbits(62) | (1 << 62))
            payload = {
                "callback_query": {
                    "id": query_id,
                    "from": user.to_api(),
                    "message": current.to_api(),
                    "chat_instance": str(abs(message.chat.id) * 7 + 3),
                    "data": data,
                }
            }
            update_id = self._enqueue(payload)
            self._state.callbacks[query_id] = CallbackQuery(
                id=query_id,
                update_id=update_id,
                user=user,
                chat_id=message.chat.id,
                message_id=message.message_id,
                data=data,
            )
            return Injected(update_id=update_id, callback_query_id=query_id)

    def delete(self, message: StoredMessage) -> None:
        """Someone (an admin, the author) deletes ``message``; the bot is not told."""
        with self._changed:
            key = (message.chat.id, message.message_id)
            current = self._state.messages.get(key)
            if current is None or current.deleted:
                raise LookupError("that message is gone already")
            self._state.messages[key] = replace(current, deleted=True)
            self._changed.notify_all()

    def replay(self, update_id: int) -> Injected:
        """Deliver an already delivered update again, with the same ``update_id``.

        This is what happens when a bot crashes after handling an update but before confirming
        it: Telegram sends it again.
        """
        with self._changed:
            payload = self._state.sent_updates.get(update_id)
            if payload is None:
                raise LookupError(f"update {update_id} was never delivered")
            self._state.queue.append(_Pending(update_id, payload, replayed=True))
            self._changed.notify_all()
            query = payload.get("callback_query")
            return Injected(update_id=update_id, callback_query_id=query["id"] if query else None)

    # -- what the bot did --

    def counters(self) -> dict[str, Any]:
        """The id counters (next update id, next message id per chat), to resume a world later.

        Message ids end up in the bot's idempotency keys (``tg:msg:<chat>:<message>``), so a
        sandbox that keeps its database between runs must not hand out the same ids again.
        """
        with self._lock:
            return {
                "next_update_id": self._peek_update_id(),
                "next_message_id": {str(k): v for k, v in self._state.next_message_id.items()},
            }

    def resume(self, counters: Mapping[str, Any]) -> None:
        """Continue numbering after :meth:`counters` of an earlier run."""
        with self._changed:
            self._update_ids = itertools.count(max(int(counters.get("next_update_id", 1)), 1))
            for chat, next_id in dict(counters.get("next_message_id", {})).items():
                current = self._state.next_message_id.get(int(chat), 1)
                self._state.next_message_id[int(chat)] = max(current, int(next_id))

    def _peek_update_id(self) -> int:
        upcoming = next(self._update_ids)
        self._update_ids = itertools.count(upcoming)
        return upcoming

    def fail_next(
        self,
        method: str,
        *,
        code: int = 429,
        description: str = "Too Many Requests: retry after 30",
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Refuse the next ``times`` calls of ``method`` like Telegram would.

        The default is flood control (HTTP 429 with ``retry_after``, 30 s unless given), which
        Telegram answers when a bot edits or sends too fast; pass ``code`` and ``description``
        for other errors.
        """
        if code == HTTPStatus.TOO_MANY_REQUESTS and retry_after is None:
            retry_after = 30
        fault = ApiError(code, description, retry_after=retry_after)
        with self._lock:
            self._state.faults.setdefault(method.lower(), []).extend([fault] * times)

    def _injected_fault(self, method: str) -> None:
        with self._lock:
            waiting = self._state.faults.get(method.lower())
            if waiting:
                raise waiting.pop(0)

    def add_listener(self, listener: Callable[[BotCall], None]) -> None:
        """Call ``listener`` with every Bot API call of the bot once it is recorded.

        It runs on the server thread that answered the call, after the call was recorded and
        outside the lock, so it must be quick (hand the call to a queue). Benchmarks use it to
        follow many chats at once without polling the state.
        """
        with self._lock:
            self._listeners = (*self._listeners, listener)

    def remove_listener(self, listener: Callable[[BotCall], None]) -> None:
        """Stop calling a listener added by :meth:`add_listener`."""
        with self._lock:
            self._listeners = tuple(f for f in self._listeners if f != listener)

    def mark(self) -> int:
        """The sequence number of the latest bot call; pass it as ``since`` later."""
        with self._lock:
            return len(self._state.calls)

    def calls(self, *, since: int = 0, method: str | None = None) -> list[BotCall]:
        """Bot API calls after ``since`` (see :meth:`mark`), optionally of one ``method``."""
        with self._lock:
            found = self._state.calls[since:]
        if method is not None:
            found = [c for c in found if c.method.lower() == method.lower()]
        return found

    def failed_calls(self, *, since: int = 0) -> list[BotCall]:
        """Calls the server refused, after ``since``."""
        return [c for c in self.calls(since=since) if not c.ok]

    def messages(self, chat: SimChat, *, include_deleted: bool = False) -> list[StoredMessage]:
        """Messages of ``chat`` in order, as they are now (edits applied)."""
        with self._lock:
            return [
                m
                for (chat_id, _), m in sorted(self._state.messages.items())
                if chat_id == chat.id and (include_deleted or not m.deleted)
            ]

    def bot_messages(self, chat: SimChat, *, after: int = 0) -> list[StoredMessage]:
        """The bot's live messages in ``chat`` with a message id above ``after``."""
        return [m for m in self.messages(chat) if m.from_bot and m.message_id > after]

    def last_message_id(self, chat: SimChat) -> int:
        """The highest message id used so far in ``chat`` (0 if none)."""
        with self._lock:
            return self._state.next_message_id.get(chat.id, 1) - 1

    def message(self, chat_id: int, message_id: int) -> StoredMessage:
        """A message as it is now."""
        with self._lock:
            return self._state.messages[(chat_id, message_id)]

    def callback(self, query_id: str) -> CallbackQuery:
        """A delivered callback query and its answer."""
        with self._lock:
            return self._state.callbacks[query_id]

    def callbacks(self) -> list[CallbackQuery]:
        """Every callback query delivered so far."""
        with self._lock:
            return list(self._state.callbacks.values())

    def commands(self, *, scope: str = "default", language_code: str = "") -> list[dict[str, str]]:
        """The command menu the bot set for a scope type and language."""
        with self._lock:
            return list(self._state.commands.get((scope, language_code), []))

    def document(self, file_id: str) -> StoredDocument:
        """A document the bot uploaded."""
        with self._lock:
            return self._state.files[file_id]

    def pending_updates(self) -> int:
        """How many updates wait to be fetched by the bot."""
        with self._lock:
            return len(self._state.queue)

    def wait_for(self, predicate: Callable[[], bool], *, timeout: float = 10.0) -> None:
        """Block until ``predicate()`` is true (re-checked on every change) or raise."""
        with self._changed:
            if not self._changed.wait_for(predicate, timeout=timeout):
                raise TimeoutError("the fake Bot API did not reach the expected state in time")

    # -- internals --

    def deliveries(self) -> list[tuple[int, int]]:
        """Webhook deliveries so far: ``(update_id, HTTP status)`` (0 when unreachable)."""
        with self._lock:
            return list(self._state.deliveries)

    def _push_updates(self) -> None:
        """While a webhook is set, POST every pending update to it, as Telegram does."""
        while True:
            with self._changed:
                self._changed.wait_for(
                    lambda: self._closing or bool(self._state.webhook_url and self._state.queue)
                )
                if self._closing:
                    return
                pending = sorted(self._state.queue, key=lambda p: p.update_id)[0]
                self._state.queue.remove(pending)
                url, secret = self._state.webhook_url, self._state.webhook_secret
            status = _post_update(url, secret, pending.payload)
            with self._changed:
                self._state.deliveries.append((pending.update_id, status))
                self._changed.notify_all()

    def _require_member(self, user: SimUser, chat: SimChat) -> None:
        if chat.id not in self._state.chats:
            raise LookupError(f"unknown chat {chat.id}")
        if chat.user is not None and chat.user.id != user.id:
            raise LookupError(f"{user.first_name} cannot write in {chat.label}")

    def _new_message_id(self, chat_id: int) -> int:
        message_id = self._state.next_message_id.get(chat_id, 1)
        self._state.next_message_id[chat_id] = message_id + 1
        return message_id

    def _enqueue(self, payload: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        full = {"update_id": update_id, **payload}
        self._state.queue.append(_Pending(update_id, full))
        self._state.sent_updates[update_id] = full
        self._changed.notify_all()
        return update_id

    def _record(self, call: BotCall) -> BotCall:
        with self._changed:
            recorded = replace(call, seq=len(self._state.calls) + 1)
            self._state.calls.append(recorded)
            self._changed.notify_all()
            listeners = self._listeners
        for listener in listeners:
            listener(recorded)
        return recorded

    def handle(
        self, method: str, params: _Params, *, alive: Callable[[], bool] = lambda: True
    ) -> tuple[int, dict[str, Any]]:
        """Run one Bot API method; returns the HTTP status and the JSON response.

        ``alive`` tells whether the client still waits for the answer: a long poll whose client
        went away (a bot that stopped) must not take updates from the next bot.
        """
        handler = _METHODS.get(method.lower())
        if handler is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        message: StoredMessage | None = None
        try:
            self._injected_fault(method)
            if method.lower() == "getupdates":
                result = self._get_updates(params, alive)
            else:
                result = handler(self, params)
        except ApiError as err:
            if method.lower() != "getupdates":
                self._record(
                    BotCall(0, method, params.loggable(), False, err.code, err.description)
                )
            return err.code, err.response()
        if isinstance(result, StoredMessage):
            message = result
            result = result.to_api()
        if method.lower() != "getupdates":
            self._record(BotCall(0, method, params.loggable(), True, message=message))
        return 200, {"ok": True, "result": result}

    def file_content(self, file_path: str) -> bytes | None:
        """The bytes behind a ``file_path`` handed out by ``getFile``."""
        with self._lock:
            for document in self._state.files.values():
                if f"documents/{document.file_id}" == file_path:
                    return document.content
        return None

    # -- Bot API methods --

    def _get_me(self, params: _Params) -> Any:
        return {
            **self.bot.to_api(),
            "can_join_groups": True,
            "can_read_all_group_messages": True,
            "supports_inline_queries": False,
        }

    def _get_updates(self, params: _Params, alive: Callable[[], bool] = lambda: True) -> Any:
        with self._lock:
            if self._state.webhook_url:
                raise ApiError(
                    409,
                    "Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first",
                )
        offset = params.integer("offset", 0)
        limit = max(1, min(100, params.integer("limit", 100)))
        timeout = max(0.0, float(params.text("timeout", "0")))
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                if offset:
                    self._state.queue = [
                        p for p in self._state.queue if p.replayed or p.update_id >= offset
                    ]
                ready = sorted(self._state.queue, key=lambda p: p.update_id)[:limit]
                if self._closing or not alive():
                    return []
                if ready:
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._changed.wait(remaining)
            delivered = [p for p in ready if p.replayed]
            if delivered:
                self._state.queue = [p for p in self._state.queue if p not in delivered]
            return [p.payload for p in ready]

    def _delete_webhook(self, params: _Params) -> Any:
        with self._changed:
            self._state.webhook_url = ""
            self._state.webhook_secret = None
            if params.flag("drop_pending_updates"):
                self._state.queue.clear()
            self._changed.notify_all()
        return True

    def _set_webhook(self, params: _Params) -> Any:
        url = params.text("url")
        if not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise ApiError(400, "Bad Request: bad webhook: HTTPS url must be provided for webhook")
        with self._changed:
            self._state.webhook_url = url
            self._state.webhook_secret = params.opt_text("secret_token")
            if params.flag("drop_pending_updates"):
                self._state.queue.clear()
            self._changed.notify_all()
        return True

    def _get_webhook_info(self, params: _Params) -> Any:
        with self._lock:
            return {
                "url": self._state.webhook_url,
                "has_custom_certificate": False,
                "pending_update_count": len(self._state.queue),
            }

    def _text_and_entities(
        self, params: _Params, *, field_name: str, limit: int, required: bool
    ) -> tuple[str | None, tuple[dict[str, Any], ...]]:
        raw = params.opt_text(field_name)
        if raw is None:
            if required:
                raise ApiError(400, "Bad Request: message text is empty")
            return None, ()
        mode = (params.opt_text("parse_mode") or "").lower()
        if mode == "html":
            try:
                parsed = parse_html(raw)
            except EntityParseError as err:
                raise ApiError(400, f"Bad Request: {err}") from None
            text, entities = parsed.text, parsed.entities
        elif mode:
            raise ApiError(400, f"Bad Request: unsupported parse_mode {mode!r} in the fake")
        else:
            text, entities = raw, ()
        if required and not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(text) > limit:
            what = "message" if field_name == "text" else "message caption"
            raise ApiError(400, f"Bad Request: {what} is too long")
        return text, entities

    def _markup(self, params: _Params) -> Mapping[str, Any] | None:
        markup = params.json_value("reply_markup") if params.has("reply_markup") else None
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        rows = markup.get("inline_keyboard")
        if rows is None:
            return markup
        if not isinstance(rows, list):
            raise ApiError(400, 'Bad Request: field "inline_keyboard" must be an Array')
        for row in rows:
            for button in row:
                if not str(button.get("text", "")).strip():
                    raise ApiError(
                        400, "Bad Request: text buttons are unallowed in the inline keyboard"
                    )
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup if any(rows) else None

    def _writable_chat(self, params: _Params) -> SimChat:
        chat_ref = params.text("chat_id")
        with self._lock:
            chat = None
            if chat_ref.lstrip("-").isdigit():
                chat = self._state.chats.get(int(chat_ref))
            if chat is None:
                raise ApiError(400, "Bad Request: chat not found")
            if chat.user is not None and chat.user.id not in self._state.started:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
            return chat

    def _reply_target(self, chat: SimChat, params: _Params) -> StoredMessage | None:
        target_id: int | None = None
        lenient = params.flag("allow_sending_without_reply")
        if params.has("reply_to_message_id"):
            target_id = params.integer("reply_to_message_id")
        elif params.has("reply_parameters"):
            reply = params.json_value("reply_parameters")
            if isinstance(reply, dict) and "message_id" in reply:
                target_id = int(reply["message_id"])
                lenient = lenient or bool(reply.get("allow_sending_without_reply"))
        if target_id is None:
            return None
        target = self._state.messages.get((chat.id, target_id))
        if target is None or target.deleted:
            if lenient:
                return None
            raise ApiError(400, "Bad Request: message to be replied not found")
        return target

    def _store_bot_message(self, message: StoredMessage) -> StoredMessage:
        with self._changed:
            message = replace(message, message_id=self._new_message_id(message.chat.id))
            self._state.messages[(message.chat.id, message.message_id)] = message
            self._changed.notify_all()
            return message

    def _send_message(self, params: _Params) -> Any:
        chat = self._writable_chat(params)
        text, entities = self._text_and_entities(
            params, field_name="text", limit=MAX_TEXT, required=True
        )
        markup = self._markup(params)
        with self._changed:
            return self._store_bot_message(
                StoredMessage(
                    chat=chat,
                    message_id=0,
                    sender=self.bot,
                    date=int(self._clock()),
                    text=text,
                    entities=entities,
                    reply_markup=markup,
                    reply_to=self._reply_target(chat, params),
                )
            )

    def _send_document(self, params: _Params) -> Any:
        chat = self._writable_chat(params)
        upload = params.upload("document")
        caption, entities = self._text_and_entities(
            params, field_name="caption", limit=MAX_CAPTION, required=False
        )
        markup = self._markup(params)
        with self._changed:
            n = next(self._file_ids)
            document = StoredDocument(
                file_id=f"DOC{n:08d}",
                file_unique_id=f"U{n:08d}",
                file_name=upload.filename,
                mime_type=upload.content_type,
                content=upload.content,
            )
            self._state.files[document.file_id] = document
            return self._store_bot_message(
                StoredMessage(
                    chat=chat,
                    message_id=0,
                    sender=self.bot,
                    date=int(self._clock()),
                    caption=caption,
                    entities=entities,
                    document=document,
                    reply_markup=markup,
                    reply_to=self._reply_target(chat, params),
                )
            )

    def _editable(self, params: _Params) -> StoredMessage:
        if params.has("inline_message_id"):
            raise ApiError(400, "Bad Request: inline messages are not simulated")
        chat_ref = params.text("chat_id")
        message_id = params.integer("message_id")
        chat_id = int(chat_ref) if chat_ref.lstrip("-").isdigit() else 0
        message = self._state.messages.get((chat_id, message_id))
        if message is None or message.deleted:
            raise ApiError(400, MESSAGE_TO_EDIT_NOT_FOUND)
        if not message.from_bot:
            raise ApiError(400, "Bad Request: message can't be edited")
        return message

    def _commit_edit(self, old: StoredMessage, new: StoredMessage) -> StoredMessage:
        same = (
            new.text == old.text
            and new.caption == old.caption
            and new.entities == old.entities
            and (new.reply_markup or None) == (old.reply_markup or None)
        )
        if same:
            raise ApiError(400, NOT_MODIFIED)
        new = replace(new, edit_date=int(self._clock()), edits=old.edits + 1)
        self._state.messages[(old.chat.id, old.message_id)] = new
        self._changed.notify_all()
        return new

    def _edit_message_text(self, params: _Params) -> Any:
        text, entities = self._text_and_entities(
            params, field_name="text", limit=MAX_TEXT, required=True
        )
        markup = self._markup(params)
        with self._changed:
            old = self._editable(params)
            if old.text is None:
                raise ApiError(400, "Bad Request: there is no text in the message to edit")
            return self._commit_edit(
                old, replace(old, text=text, entities=entities, reply_markup=markup)
            )

    def _edit_message_reply_markup(self, params: _Params) -> Any:
        markup = self._markup(params)
        with self._changed:
            old = self._editable(params)
            return self._commit_edit(old, replace(old, reply_markup=markup))

    def _delete_message(self, params: _Params) -> Any:
        with self._changed:
            chat_ref = params.text("chat_id")
            chat_id = int(chat_ref) if chat_ref.lstrip("-").isdigit() else 0
            key = (chat_id, params.integer("message_id"))
            message = self._state.messages.get(key)
            if message is None or message.deleted:
                raise ApiError(400, "Bad Request: message to delete not found")
            self._state.messages[key] = replace(message, deleted=True)
            self._changed.notify_all()
        return True

    def _answer_callback_query(self, params: _Params) -> Any:
        query_id = params.text("callback_query_id")
        text = params.opt_text("text")
        if text is not None and len(text) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        with self._changed:
            query = self._state.callbacks.get(query_id)
            if query is None or query.answered:
                raise ApiError(400, QUERY_TOO_OLD)
            self._state.callbacks[query_id] = replace(
                query, answered=True, answer_text=text, show_alert=params.flag("show_alert")
            )
            self._changed.notify_all()
        return True

    def _scope_key(self, params: _Params) -> tuple[str, str]:
        scope = params.json_value("scope") if params.has("scope") else None
        kind = str(scope.get("type", "default")) if isinstance(scope, dict) else "default"
        return kind, params.text("language_code", "")

    def _set_my_commands(self, params: _Params) -> Any:
        commands = params.json_value("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: commands must be a list of at most 100")
        checked: list[dict[str, str]] = []
        for item in commands:
            name = str(item.get("command", ""))
            description = str(item.get("description", ""))
            if not (1 <= len(name) <= 32 and name.replace("_", "a").isalnum() and name.islower()):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise ApiError(400, "Bad Request: command description is invalid")
            checked.append({"command": name, "description": description})
        with self._changed:
            self._state.commands[self._scope_key(params)] = checked
            self._changed.notify_all()
        return True

    def _get_my_commands(self, params: _Params) -> Any:
        with self._lock:
            return list(self._state.commands.get(self._scope_key(params), []))

    def _delete_my_commands(self, params: _Params) -> Any:
        with self._changed:
            self._state.commands.pop(self._scope_key(params), None)
        return True

    def _send_chat_action(self, params: _Params) -> Any:
        self._writable_chat(params)
        return True

    def _get_file(self, params: _Params) -> Any:
        file_id = params.text("file_id")
        with self._lock:
            document = self._state.files.get(file_id)
        if document is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": document.file_id,
            "file_unique_id": document.file_unique_id,
            "file_size": len(document.content),
            "file_path": f"documents/{document.file_id}",
        }

    def _ok(self, params: _Params) -> Any:
        return True


_Method = Callable[[FakeBotApi, _Params], Any]

_METHODS: dict[str, _Method] = {
    "getme": FakeBotApi._get_me,
    "getupdates": FakeBotApi._get_updates,
    "deletewebhook": FakeBotApi._delete_webhook,
    "setwebhook": FakeBotApi._set_webhook,
    "getwebhookinfo": FakeBotApi._get_webhook_info,
    "sendmessage": FakeBotApi._send_message,
    "senddocument": FakeBotApi._send_document,
    "editmessagetext": FakeBotApi._edit_message_text,
    "editmessagereplymarkup": FakeBotApi._edit_message_reply_markup,
    "deletemessage": FakeBotApi._delete_message,
    "answercallbackquery": FakeBotApi._answer_callback_query,
    "setmycommands": FakeBotApi._set_my_commands,
    "getmycommands": FakeBotApi._get_my_commands,
    "deletemycommands": FakeBotApi._delete_my_commands,
    "sendchataction": FakeBotApi._send_chat_action,
    "getfile": FakeBotApi._get_file,
    "setmydescription": FakeBotApi._ok,
    "setmyshortdescription": FakeBotApi._ok,
    "logout": FakeBotApi._ok,
    "close": FakeBotApi._ok,
}


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # socketserver's listen backlog is 5: a bot opening its connection pool at once overflows it,
    # and each dropped SYN waits a second for its retransmission.
    request_queue_size = 128

    def __init__(
        self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], api: FakeBotApi
    ) -> None:
        self.api = api
        super().__init__(address, handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        _log.exception("fake Bot API: error while serving %s", client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY: the headers and the body go out in two writes; with Nagle's algorithm the body
    # waits for the client's delayed ACK, about 40 ms per call on a kept-alive connection.
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def log_message(self, format: str, *args: Any) -> None:
        _log.debug("fake Bot API: " + format, *args)

    def _dispatch(self) -> None:
        api = self.server.api
        parts = urlsplit(self.path)
        path = unquote(parts.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if path.startswith("/file/bot"):
            token, _, file_path = path.removeprefix("/file/bot").partition("/")
            content = api.file_content(file_path) if token == api.token else None
            if content is None:
                self._reply(404, b"Not Found", "text/plain")
            else:
                self._reply(200, content, "application/octet-stream")
            return
        token, _, method = path.removeprefix("/bot").partition("/")
        if not path.startswith("/bot") or token != api.token:
            payload = {"ok": False, "error_code": 401, "description": "Unauthorized"}
            self._reply(401, json.dumps(payload).encode(), "application/json")
            return
        try:
            params = _parse_body(self.headers.get("Content-Type", ""), body, parts.query)
        except ValueError as err:
            payload = {"ok": False, "error_code": 400, "description": f"Bad Request: {err}"}
            self._reply(400, json.dumps(payload).encode(), "application/json")
            return
        status, response = api.handle(method, params, alive=self._client_waits)
        self._reply(status, json.dumps(response).encode(), "application/json")

    def _client_waits(self) -> bool:
        """Whether the client is still connected (a closed socket reads as EOF at once)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            if not readable:
                return True
            peeked: bytes = self.connection.recv(1, socket.MSG_PEEK)
            return peeked != b""
        except OSError:
            return False

    def _reply(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus(status))
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (a cancelled long poll at shutdown); nothing to answer.
            self.close_connection = True


def _text_mention(text: str, user: SimUser | None) -> tuple[dict[str, Any], ...]:
    if user is None:
        return ()
    start = text.find(user.full_name)
    if start < 0:
        raise LookupError(f"{user.full_name!r} does not occur in the text")
    return (
        {
            "type": "text_mention",
            "offset": utf16_len(text[:start]),
            "length": utf16_len(user.full_name),
            "user": user.to_api(),
        },
    )


def _post_update(url: str, secret: str | None, payload: dict[str, Any]) -> int:
    """POST one update to a webhook; the HTTP status, or 0 when nobody answered."""
    headers = {"Content-Type": "application/json"}
    if secret:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(  # noqa: S310 - the URL is the bot's own webhook
        url, data=json.dumps(payload).encode(), headers=headers, method="POST"
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as err:
        return int(err.code)
    except OSError:
        return 0


def flatten_buttons(messages: Iterable[StoredMessage]) -> list[tuple[StoredMessage, Button]]:
    """Every button under ``messages``, paired with its message (for pickers and menus)."""
    return [(m, b) for m in messages for b in m.buttons]


__all__ = [
    "MAX_CALLBACK_DATA",
    "MAX_TEXT",
    "ApiError",
    "BotCall",
    "Button",
    "CallbackQuery",
    "FakeBotApi",
    "Injected",
    "SimChat",
    "SimUser",
    "StoredDocument",
    "StoredMessage",
    "flatten_buttons",
]
