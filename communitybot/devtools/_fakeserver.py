"""The server side of the fake Telegram Bot API (see :mod:`communitybot.devtools._fakeapi`).

It serves the methods the bot uses and is strict where Telegram is strict, so mistakes show in
tests: text over 4096 characters, HTML that does not parse, ``callback_data`` over 64 bytes,
editing a message into itself ("message is not modified"), editing or deleting a message that is
gone, answering a callback query twice, writing first to a user who never wrote to the bot.

All state sits behind one lock whose condition is notified on every change, so ``getUpdates``
long-polls without sleeping; once a webhook is set, updates are pushed to it instead.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from communitybot.core.text import is_plain_number
from communitybot.devtools._html import EntityParseError, parse_html, utf16_len
from communitybot.devtools._simulated import (
    MAX_CALLBACK_DATA,
    MAX_CAPTION,
    MAX_TEXT,
    ApiError,
    BotCall,
    CallbackQuery,
    SimChat,
    SimUser,
    StoredDocument,
    StoredMessage,
)
from communitybot.devtools._wire import Server, Upload, loggable, post_update

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a content and reply markup of the current message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
_MESSAGE_KINDS = ("message", "edited_message", "channel_post", "edited_channel_post")


@dataclass(frozen=True, slots=True)
class _Pending:
    update_id: int
    payload: dict[str, Any]
    replayed: bool = False


class BotApiServer:
    """The fake Bot API's state and the methods the bot calls over HTTP (see :meth:`handle`)."""

    def __init__(
        self,
        *,
        token: str = "123456789:SANDBOX-not-a-real-token",  # noqa: S107 (a fake)
        bot_username: str = "communitybot_sandbox_bot",
        bot_name: str = "Community Bot",
        clock: Callable[[], float] = time.time,
    ) -> None:
        head = token.split(":", 1)[0]
        bot_id = int(head) if is_plain_number(head) else 123456789
        self.token, self._clock = token, clock
        self.bot = SimUser(bot_id, bot_name, username=bot_username, is_bot=True)
        self._changed = threading.Condition(threading.RLock())
        self._users: dict[int, SimUser] = {}
        self._chats: dict[int, SimChat] = {}
        self._started: set[int] = set()  # who wrote to the bot privately, so it may write back
        self._messages: dict[tuple[int, int], StoredMessage] = {}
        self._next_message: dict[int, int] = {}
        self._next_update, self._next_user, self._next_group = 100_001, 10_001, 1
        self._queue: list[_Pending] = []
        self._delivered: dict[int, dict[str, Any]] = {}
        self._callbacks: dict[str, CallbackQuery] = {}
        self._calls: list[BotCall] = []
        self._commands: dict[tuple[str, str], list[dict[str, str]]] = {}
        self._files: dict[str, StoredDocument] = {}
        self._webhook: tuple[str, str | None] | None = None
        self._deliveries: list[tuple[int, int]] = []
        self._faults: dict[str, list[ApiError]] = {}
        self._listeners: tuple[Callable[[BotCall], None], ...] = ()
        self._watcher: Callable[[], None] | None = None
        self._closing = False
        self._server: Server | None = None
        self._threads: list[threading.Thread] = []

    def _numbering_changed(self) -> None:
        if self._watcher is not None:
            self._watcher()

    def _free_user_id(self) -> int:
        while self._next_user in self._users or self._next_user == self.bot.id:
            self._next_user += 1
        return self._next_user

    def _new_message_id(self, chat_id: int) -> int:
        message_id = self._next_message[chat_id] = self._next_message.get(chat_id, 1)
        self._next_message[chat_id] += 1
        self._numbering_changed()
        return message_id

    def pending_updates(self) -> int:
        """How many updates wait to be fetched by the bot."""
        return len(self._queue)

    def _now(self) -> int:
        return int(self._clock())

    def _live(self, chat_id: int, message_id: int) -> StoredMessage | None:
        message = self._messages.get((chat_id, message_id))
        return None if message is None or message.deleted else message

    def _store(self, message: StoredMessage) -> StoredMessage:
        with self._changed:
            self._messages[(message.chat.id, message.message_id)] = message
            self._changed.notify_all()
        return message

    def _enqueue(self, payload: dict[str, Any]) -> int:
        update_id, self._next_update = self._next_update, self._next_update + 1
        self._numbering_changed()
        self._delivered[update_id] = full = {"update_id": update_id, **payload}
        self._queue.append(_Pending(update_id, full))
        self._changed.notify_all()
        return update_id

    def _push_updates(self) -> None:
        """While a webhook is set, POST every pending update to it, as Telegram does."""
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._closing or bool(self._webhook and self._queue))
                if self._closing or self._webhook is None:
                    return
                pending = min(self._queue, key=lambda p: p.update_id)
                self._queue.remove(pending)
                url, secret = self._webhook
            status = post_update(url, secret, pending.payload)
            with self._changed:
                self._deliveries.append((pending.update_id, status))
                self._changed.notify_all()

    def handle(
        self, method: str, params: dict[str, Any], *, alive: Callable[[], bool] = lambda: True
    ) -> tuple[int, dict[str, Any]]:
        """Run one Bot API method; returns the HTTP status and the JSON response.

        Every call but ``getUpdates`` is recorded (:meth:`calls`). ``alive`` tells whether the
        client still waits for the answer: a long poll whose client went away (a bot that
        stopped) must not take updates from the next bot.
        """
        name = method.lower()
        run = _METHODS.get(name)
        if run is None and name != "getupdates":
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        try:
            with self._changed:
                if self._faults.get(name):
                    raise self._faults[name].pop(0)
            result = self._get_updates(params, alive) if run is None else run(self, params)
        except (ApiError, KeyError, TypeError, ValueError) as err:  # the last: missing parameters
            refusal = err if isinstance(err, ApiError) else ApiError(400, f"Bad Request: {err!r}")
            if run is not None:
                params = loggable(params)
                self._record(BotCall(0, method, params, False, refusal.code, refusal.description))
            return refusal.code, refusal.response()
        message = result if isinstance(result, StoredMessage) else None
        if run is not None:
            self._record(BotCall(0, method, loggable(params), True, message=message))
        return 200, {"ok": True, "result": result if message is None else message.to_api()}

    def _record(self, call: BotCall) -> None:
        with self._changed:
            recorded = replace(call, seq=len(self._calls) + 1)
            self._calls.append(recorded)
            self._changed.notify_all()
            listeners = self._listeners
        for listener in listeners:
            listener(recorded)

    # -- Bot API methods --

    def _get_updates(self, params: dict[str, Any], alive: Callable[[], bool]) -> Any:
        offset = _integer(params, "offset", 0)
        limit = max(1, min(100, _integer(params, "limit", 100)))
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        with self._changed:
            if self._webhook is not None:
                raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
            while True:
                if offset:  # confirms every update below it (a replayed copy is sent once)
                    self._queue = [p for p in self._queue if p.replayed or p.update_id >= offset]
                if self._closing or not alive():
                    return []
                ready = sorted(self._queue, key=lambda p: p.update_id)[:limit]
                if ready or not self._changed.wait(max(0, deadline - time.monotonic())):
                    break
            self._queue = [p for p in self._queue if not (p.replayed and p in ready)]
            return [p.payload for p in ready]

    def _set_webhook(self, params: dict[str, Any], *, url: str | None = None) -> Any:
        if url is not None and not re.match(r"https://|http://(127\.0\.0\.1|localhost)[:/]", url):
            raise ApiError(400, "Bad Request: bad webhook: HTTPS url must be provided for webhook")
        with self._changed:
            self._webhook = None if url is None else (url, params.get("secret_token") or None)
            if _flag(params, "drop_pending_updates"):
                self._queue.clear()
            self._changed.notify_all()
        return True

    def _formatted(
        self, params: dict[str, Any], name: str
    ) -> tuple[str | None, tuple[dict[str, Any], ...]]:
        """The text (or caption) with its entities after the parse mode, checked like Telegram."""
        raw = params.get(name)
        if raw is None or raw == "":
            if name == "text":
                raise ApiError(400, "Bad Request: message text is empty")
            return None, ()
        mode = str(params.get("parse_mode") or "").lower()
        if mode not in ("", "html"):
            raise ApiError(400, f"Bad Request: unsupported parse_mode {mode!r} in the fake")
        try:
            parsed = parse_html(str(raw)) if mode else None
        except EntityParseError as err:
            raise ApiError(400, f"Bad Request: {err}") from None
        text, entities = (parsed.text, parsed.entities) if parsed else (str(raw), ())
        if name == "text" and not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if utf16_len(text) > (MAX_TEXT if name == "text" else MAX_CAPTION):
            what = "message" if name == "text" else "message caption"
            raise ApiError(400, f"Bad Request: {what} is too long")
        return text, entities

    def _send(self, params: dict[str, Any], *, field: str) -> StoredMessage:
        chat = self._chats.get(_chat_id(params))
        if chat is None:
            raise ApiError(400, "Bad Request: chat not found")
        if chat.user is not None and chat.user.id not in self._started:
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        upload = params.get("document")
        if isinstance(upload, str) and upload.startswith("attach://"):
            upload = params.get(upload.removeprefix("attach://"))
        if field == "caption" and not isinstance(upload, Upload):
            raise ApiError(400, "Bad Request: there is no document in the request")
        text, entities = self._formatted(params, field)
        markup = _markup(params)
        reply = params.get("reply_parameters")
        reply = reply if isinstance(reply, dict) else {}
        with self._changed:
            target = self._live(chat.id, int(reply.get("message_id", 0)))
            if reply and target is None and not reply.get("allow_sending_without_reply"):
                raise ApiError(400, "Bad Request: message to be replied not found")
            document = None
            if isinstance(upload, Upload):
                n = len(self._files) + 1
                name, kind = upload.filename, upload.content_type
                document = StoredDocument(f"DOC{n:08d}", f"U{n:08d}", name, kind, upload.content)
                self._files[document.file_id] = document
            caption, text = (text, None) if field == "caption" else (None, text)
            message_id = self._new_message_id(chat.id)
            message = StoredMessage(
                chat, message_id, self.bot, self._now(), text, entities, caption
            )
            return self._store(
                replace(message, reply_markup=markup, reply_to=target, document=document)
            )

    def _edit(self, params: dict[str, Any], *, text: bool) -> StoredMessage:
        new_text, entities = self._formatted(params, "text") if text else (None, ())
        markup = _markup(params)
        with self._changed:
            old = self._live(_chat_id(params), _integer(params, "message_id"))
            if old is None:
                raise ApiError(400, "Bad Request: message to edit not found")
            if not old.from_bot:
                raise ApiError(400, "Bad Request: message can't be edited")
            if text and old.text is None:
                raise ApiError(400, "Bad Request: there is no text in the message to edit")
            new = replace(old, reply_markup=markup)
            new = replace(new, text=new_text, entities=entities) if text else new
            if (new.text, new.entities, new.reply_markup) == (
                old.text,
                old.entities,
                old.reply_markup,
            ):
                raise ApiError(400, NOT_MODIFIED)
            return self._store(replace(new, edit_date=self._now(), edits=old.edits + 1))

    def _delete_message(self, params: dict[str, Any]) -> Any:
        with self._changed:
            message = self._live(_chat_id(params), _integer(params, "message_id"))
            if message is None:
                raise ApiError(400, "Bad Request: message to delete not found")
            self._store(replace(message, deleted=True))
        return True

    def _answer_callback_query(self, params: dict[str, Any]) -> Any:
        query_id, text = str(params.get("callback_query_id")), params.get("text") or None
        if text is not None and len(text) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        with self._changed:
            query = self._callbacks.get(query_id)
            if query is None or query.answered:
                raise ApiError(400, QUERY_TOO_OLD)
            alert = _flag(params, "show_alert")
            self._callbacks[query_id] = replace(
                query, answered=True, answer_text=text, show_alert=alert
            )
            self._changed.notify_all()
        return True

    def _set_my_commands(self, params: dict[str, Any]) -> Any:
        commands, scope = params.get("commands"), params.get("scope")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: commands must be a list of at most 100")
        menu = [
            {"command": str(c["command"]), "description": str(c["description"])} for c in commands
        ]
        for item in menu:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", item["command"]):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(item["description"]) <= 256:
                raise ApiError(400, "Bad Request: command description is invalid")
        kind = str(scope.get("type", "default")) if isinstance(scope, dict) else "default"
        with self._changed:
            self._commands[(kind, str(params.get("language_code") or ""))] = menu
            self._changed.notify_all()
        return True


_METHODS: dict[str, Callable[[BotApiServer, dict[str, Any]], Any]] = {
    "getme": lambda api, p: {
        **api.bot.to_api(),
        "can_join_groups": True,
        "can_read_all_group_messages": True,
    },
    "setwebhook": lambda api, p: api._set_webhook(p, url=str(p.get("url") or "")),
    "deletewebhook": BotApiServer._set_webhook,
    "getwebhookinfo": lambda api, p: {
        "url": api._webhook[0] if api._webhook else "",
        "has_custom_certificate": False,
        "pending_update_count": api.pending_updates(),
    },
    "sendmessage": lambda api, p: api._send(p, field="text"),
    "senddocument": lambda api, p: api._send(p, field="caption"),
    "editmessagetext": lambda api, p: api._edit(p, text=True),
    "editmessagereplymarkup": lambda api, p: api._edit(p, text=False),
    "deletemessage": BotApiServer._delete_message,
    "answercallbackquery": BotApiServer._answer_callback_query,
    "setmycommands": BotApiServer._set_my_commands,
}
"""The Bot API methods the bot uses (``getUpdates`` aside), by lowercase name: Telegram ignores
the case."""


def _integer(params: dict[str, Any], name: str, default: int | None = None) -> int:
    value = params.get(name)
    if value is None or value == "":
        if default is None:
            raise ApiError(400, f"Bad Request: parameter {name} is required")
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError(400, f"Bad Request: {name} must be an integer") from None


def _chat_id(params: dict[str, Any]) -> int:
    """The ``chat_id`` as a number; 0 (no chat) for ``@channelname`` or other text."""
    ref = str(params.get("chat_id"))
    return int(ref) if re.fullmatch(r"-?[0-9]{1,19}", ref) else 0


def _flag(params: dict[str, Any], name: str) -> bool:
    value = params.get(name)
    return value.lower() in ("true", "1") if isinstance(value, str) else bool(value)


def _markup(params: dict[str, Any]) -> Mapping[str, Any] | None:
    """The ``reply_markup`` as Telegram checks it; ``None`` for none or an empty keyboard."""
    markup = params.get("reply_markup") or None
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return markup  # a reply keyboard: kept, but no message shows it
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise ApiError(400, 'Bad Request: field "inline_keyboard" must be an Array of Arrays')
    for button in (button for row in rows for button in row):
        if not str(button.get("text", "")).strip():
            raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
        data = button.get("callback_data")
        if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
            raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup if any(rows) else None


__all__ = ["BotApiServer"]
