"""A fake Telegram Bot API server: real HTTP on 127.0.0.1, in-memory chats, users and messages.

The bot under test (or in the sandbox) talks to it through python-telegram-bot's own HTTP stack,
exactly as it would talk to ``api.telegram.org``; only ``base_url`` differs. Tests and the terminal
sandbox drive the other side in-process: simulated users send text, reply and press inline buttons
(:meth:`FakeBotApi.send_text`, :meth:`FakeBotApi.press`), and everything the bot did is readable
afterwards (:meth:`FakeBotApi.calls`, :meth:`FakeBotApi.messages`).
The Bot API side (state, methods, strictness) is :mod:`communitybot.devtools._fakeserver`.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, TypedDict

from communitybot.devtools._fakeserver import _MESSAGE_KINDS, BotApiServer, _Pending
from communitybot.devtools._html import detect_entities, utf16_len
from communitybot.devtools._simulated import (
    ApiError,
    BotCall,
    CallbackQuery,
    Injected,
    SimChat,
    SimUser,
    StoredDocument,
    StoredMessage,
)
from communitybot.devtools._wire import Server


class Said(TypedDict, total=False):
    """How a simulated person writes a message (see :meth:`FakeBotApi.send_text`)."""

    reply_to: StoredMessage | int | None
    mention: SimUser | None
    extra: Mapping[str, Any] | None


class FakeBotApi(BotApiServer):
    """An in-process, thread-safe fake of the Telegram Bot API served over HTTP on 127.0.0.1.

    Use as a context manager (or call :meth:`start` and :meth:`stop`). Point the bot at
    :attr:`base_url` and :attr:`base_file_url` with :attr:`token`.
    """

    # -- lifecycle --

    def start(self) -> FakeBotApi:
        """Bind an ephemeral port on 127.0.0.1 and serve in background threads."""
        if self._server is None:
            self._server, self._closing = Server(self), False
            serve = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
            self._threads = [serve, threading.Thread(target=self._push_updates, daemon=True)]
            for thread in self._threads:
                thread.start()
        return self

    def stop(self) -> None:
        """Wake every long poll, stop serving and close the socket."""
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        for thread in self._threads:
            thread.join()
        self._server, self._threads = None, []

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
        """What to pass to ``ApplicationBuilder.base_file_url`` (no file is served there)."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- the world --

    def add_user(
        self,
        first_name: str,
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
        user_id: int | None = None,
        is_bot: bool = False,
    ) -> SimUser:
        """Create a simulated person; a private chat with the bot exists from the start.

        ``is_bot`` (with ``user_id``) makes one of Telegram's stand-in accounts instead, such as
        ``GroupAnonymousBot`` that speaks for anonymous group admins. Without ``user_id`` the
        person gets the next id that nobody (no simulated person, not the bot) has; a taken
        ``user_id`` is refused with ``ValueError``: that person would take over an account.
        """
        with self._changed:
            if user_id is None:
                user_id = self._free_user_id()
                self._next_user += 1
            elif user_id in self._users or user_id == self.bot.id:
                raise ValueError(f"the Telegram id {user_id} is taken")
            user = SimUser(user_id, first_name, last_name, username, language_code, is_bot)
            return self._put_user(user)

    def rename_user(self, user: SimUser, **changes: Any) -> SimUser:
        """Change a simulated user's names (``first_name``, ``last_name``, ``username``)."""
        with self._changed:
            return self._put_user(replace(user, **changes))

    def _put_user(self, user: SimUser) -> SimUser:
        self._users[user.id] = user
        self._chats[user.id] = SimChat(user.id, "private", user=user)
        self._numbering_changed()
        self._changed.notify_all()
        return user

    def add_group(
        self, title: str, *, chat_id: int | None = None, kind: str = "supergroup"
    ) -> SimChat:
        """Create a chat with the bot in it: ``kind`` is ``group``, ``supergroup`` or ``channel``
        (whose posts nobody writes through :meth:`send_text`; :meth:`inject_update` them)."""
        if kind not in ("group", "supergroup", "channel"):
            raise ValueError(kind)
        with self._changed:
            if chat_id is None:
                n, self._next_group = self._next_group, self._next_group + 1
                chat_id = -4_000_000 - n if kind == "group" else -1_001_000_000_000 - n
            chat = self._chats[chat_id] = SimChat(chat_id, kind, title=title)
            self._changed.notify_all()
            return chat

    def private_chat(self, user: SimUser) -> SimChat:
        """The private chat between ``user`` and the bot."""
        return self._chats[user.id]

    def user(self, ref: str | int) -> SimUser:
        """A simulated user by id, username (with or without ``@``) or first name."""
        if isinstance(ref, int):
            return self._users[ref]
        name = ref.removeprefix("@").lower()
        for user in self.users():
            if name in ((user.username or "").lower(), user.first_name.lower()):
                return user
        raise LookupError(f"no simulated user {ref!r}")

    def users(self) -> list[SimUser]:
        """Every simulated person, in creation order."""
        return list(self._users.values())

    def chats(self) -> list[SimChat]:
        """Every chat, groups and private chats."""
        return list(self._chats.values())

    def chat(self, chat_id: int) -> SimChat:
        """A chat by id."""
        return self._chats[chat_id]

    # -- what simulated people do --

    def send_text(
        self,
        user: SimUser,
        chat: SimChat,
        text: str,
        *,
        reply_to: StoredMessage | int | None = None,
        mention: SimUser | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> Injected:
        """``user`` writes ``text`` in ``chat`` (optionally as a reply); returns the update.

        ``mention`` marks the first occurrence of that person's full name as a text mention,
        as clients do when someone without a username is picked from the member list.
        ``extra`` adds fields to the delivered ``Message`` (``sender_chat`` of a post made as a
        chat, ``forward_origin`` of a forward, ``is_automatic_forward``).
        """
        with self._changed:
            self._require_member(user, chat)
            target = None
            if reply_to is not None:
                target_id = reply_to if isinstance(reply_to, int) else reply_to.message_id
                target = self._live(chat.id, target_id)
                if target is None:
                    raise LookupError(f"no message {target_id} in {chat.label}")
            entities = detect_entities(text) + _text_mention(text, mention)
            message_id = self._new_message_id(chat.id)
            sent = self._store(
                StoredMessage(chat, message_id, user, self._now(), text, entities, reply_to=target)
            )
            if chat.user is not None:
                self._started.add(user.id)
            update_id = self._enqueue({"message": {**sent.to_api(), **(extra or {})}})
            return Injected(update_id=update_id, message=sent)

    def inject_update(self, fields: Mapping[str, Any]) -> Injected:
        """Deliver a hand-built update made of ``fields`` (everything but ``update_id``).

        For what simulated people cannot do otherwise: channel posts, messages on behalf of a
        chat (``sender_chat``) or without a sender, forwards, stickers. A message without
        ``message_id`` or ``date`` gets the next message id of its chat and the current time; it
        is not stored, so only the bot's answers to it show in :meth:`messages`. A
        ``callback_query`` is recorded like a press: :meth:`callback` tells its answer.
        """
        payload = {k: dict(v) if isinstance(v, Mapping) else v for k, v in fields.items()}
        with self._changed:
            for message in (payload[k] for k in _MESSAGE_KINDS if isinstance(payload.get(k), dict)):
                if "message_id" not in message:
                    message["message_id"] = self._new_message_id(int(message["chat"]["id"]))
                message.setdefault("date", self._now())
            update_id = self._enqueue(payload)
            query = payload.get("callback_query")
            if not isinstance(query, dict):
                return Injected(update_id=update_id)
            sender, pressed = query["from"], query.get("message") or {}
            user = self._users.get(sender["id"]) or SimUser(
                sender["id"], sender.get("first_name", ""), is_bot=sender.get("is_bot", False)
            )
            where = (pressed.get("chat", {}).get("id", 0), pressed.get("message_id", 0))
            return self._pressed(str(query["id"]), update_id, user, where, query.get("data", ""))

    def edit_text(self, user: SimUser, message: StoredMessage, text: str) -> Injected:
        """``user`` edits a message of theirs; the bot gets an ``edited_message`` update."""
        with self._changed:
            old = self._live(message.chat.id, message.message_id)
            if old is None or old.sender.id != user.id:
                raise LookupError(f"{user.first_name} cannot edit that message")
            new = replace(old, text=text, entities=detect_entities(text))
            edited = self._store(replace(new, edit_date=self._now(), edits=old.edits + 1))
            update_id = self._enqueue({"edited_message": edited.to_api()})
            return Injected(update_id=update_id, message=edited)

    def press(self, user: SimUser, message: StoredMessage, button: int | str) -> Injected:
        """``user`` presses a button (index from 0, or label) under a bot ``message``."""
        current = self._live(message.chat.id, message.message_id)
        if current is None:
            raise LookupError("that message is gone")
        chosen = current.button(button)
        if chosen.callback_data is None:
            raise LookupError(f"button {chosen.text!r} carries no callback data")
        return self.press_data(user, current, chosen.callback_data)

    def press_data(self, user: SimUser, message: StoredMessage, data: str) -> Injected:
        """Deliver a callback query with arbitrary ``data``, as a modified client could."""
        where = (message.chat.id, message.message_id)
        with self._changed:
            self._require_member(user, message.chat)
            query_id = str(secrets.randbits(62) | (1 << 62))
            query = {
                "id": query_id,
                "from": user.to_api(),
                "message": self._messages.get(where, message).to_api(),
                "chat_instance": str(abs(message.chat.id) * 7 + 3),
                "data": data,
            }
            return self._pressed(
                query_id, self._enqueue({"callback_query": query}), user, where, data
            )

    def _pressed(
        self, query_id: str, update_id: int, user: SimUser, where: tuple[int, int], data: str
    ) -> Injected:
        self._callbacks[query_id] = CallbackQuery(query_id, update_id, user, *where, data)
        return Injected(update_id=update_id, callback_query_id=query_id)

    def delete(self, message: StoredMessage) -> None:
        """Someone (an admin, the author) deletes ``message``; the bot is not told."""
        with self._changed:
            current = self._live(message.chat.id, message.message_id)
            if current is None:
                raise LookupError("that message is gone already")
            self._store(replace(current, deleted=True))

    def replay(self, update_id: int) -> Injected:
        """Deliver an already delivered update again with the same ``update_id``, as Telegram
        does when a bot crashed after handling an update but before confirming it."""
        with self._changed:
            payload = self._delivered.get(update_id)
            if payload is None:
                raise LookupError(f"update {update_id} was never delivered")
            self._queue.append(_Pending(update_id, payload, replayed=True))
            self._changed.notify_all()
            query = payload.get("callback_query")
            return Injected(update_id=update_id, callback_query_id=query["id"] if query else None)

    # -- numbering --

    def counters(self) -> dict[str, Any]:
        """The id counters (next update id, next automatic user id, next message id per chat),
        to resume a world later.

        Message ids end up in the bot's idempotency keys (``tg:msg:<chat>:<message>``) and user
        ids name accounts, so a sandbox that keeps its database between runs must not hand out
        the same ids again.
        """
        with self._changed:
            return {
                "next_update_id": self._next_update,
                "next_user_id": self._free_user_id(),
                "next_message_id": {str(k): v for k, v in self._next_message.items()},
            }

    def resume(self, counters: Mapping[str, Any]) -> None:
        """Continue numbering after :meth:`counters` of an earlier run (or after other ids known
        to be used); numbering never goes back. Every key is optional; the values must be what
        :meth:`counters` gives (whoever reads them from a file checks them)."""
        with self._changed:
            self._next_update = max(self._next_update, counters.get("next_update_id", 1))
            self._next_user = max(self._next_user, counters.get("next_user_id", 1))
            for chat, next_id in counters.get("next_message_id", {}).items():
                chat_id = int(chat)
                self._next_message[chat_id] = max(self._next_message.get(chat_id, 1), next_id)
            self._numbering_changed()

    def watch_numbering(self, watcher: Callable[[], None] | None) -> None:
        """Call ``watcher()`` whenever a counter of :meth:`counters` moved (or a person was
        added or renamed), before the new id is handed out; ``None`` stops it.

        It runs under the server's lock, on whichever thread took the id (a simulated user's, or
        the server thread answering the bot), so the ids it saves are on disk before anybody
        uses them; it may call :meth:`counters` and :meth:`users`.
        """
        with self._changed:
            self._watcher = watcher

    # -- what the bot did --

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
        fault = ApiError(
            code, description, retry_after=retry_after or (30 if code == 429 else None)
        )
        with self._changed:
            self._faults.setdefault(method.lower(), []).extend([fault] * times)

    def add_listener(self, listener: Callable[[BotCall], None]) -> None:
        """Call ``listener`` with every Bot API call of the bot once it is recorded.

        It runs on the server thread that answered the call, after the call was recorded and
        outside the lock, so it must be quick (hand the call to a queue). Benchmarks use it to
        follow many chats at once without polling the state.
        """
        with self._changed:
            self._listeners = (*self._listeners, listener)

    def remove_listener(self, listener: Callable[[BotCall], None]) -> None:
        """Stop calling a listener added by :meth:`add_listener`."""
        with self._changed:
            self._listeners = tuple(f for f in self._listeners if f != listener)

    def mark(self) -> int:
        """The sequence number of the latest bot call; pass it as ``since`` later."""
        return len(self._calls)

    def calls(self, *, since: int = 0, method: str | None = None) -> list[BotCall]:
        """Bot API calls after ``since`` (see :meth:`mark`), optionally of one ``method``."""
        found = self._calls[since:]
        return [c for c in found if method is None or c.method.lower() == method.lower()]

    def failed_calls(self, *, since: int = 0) -> list[BotCall]:
        """Calls the server refused, after ``since``."""
        return [c for c in self.calls(since=since) if not c.ok]

    def messages(self, chat: SimChat, *, include_deleted: bool = False) -> list[StoredMessage]:
        """Messages of ``chat`` in order, as they are now (edits applied)."""
        with self._changed:
            found = [m for (c, _), m in self._messages.items() if c == chat.id]
        found.sort(key=lambda m: m.message_id)
        return [m for m in found if include_deleted or not m.deleted]

    def bot_messages(self, chat: SimChat, *, after: int = 0) -> list[StoredMessage]:
        """The bot's live messages in ``chat`` with a message id above ``after``."""
        return [m for m in self.messages(chat) if m.from_bot and m.message_id > after]

    def last_message_id(self, chat: SimChat) -> int:
        """The highest message id used so far in ``chat`` (0 if none)."""
        return self._next_message.get(chat.id, 1) - 1

    def message(self, chat_id: int, message_id: int) -> StoredMessage:
        """A message as it is now."""
        return self._messages[(chat_id, message_id)]

    def callback(self, query_id: str) -> CallbackQuery:
        """A delivered callback query and its answer."""
        return self._callbacks[query_id]

    def callbacks(self) -> list[CallbackQuery]:
        """Every callback query delivered so far."""
        return list(self._callbacks.values())

    def commands(self, *, scope: str = "default", language_code: str = "") -> list[dict[str, str]]:
        """The command menu the bot set for a scope type and language."""
        return list(self._commands.get((scope, language_code), []))

    def document(self, file_id: str) -> StoredDocument:
        """A document the bot uploaded."""
        return self._files[file_id]

    def deliveries(self) -> list[tuple[int, int]]:
        """Webhook deliveries so far: ``(update_id, HTTP status)`` (0 when unreachable)."""
        return list(self._deliveries)

    def _require_member(self, user: SimUser, chat: SimChat) -> None:
        if chat.id not in self._chats:
            raise LookupError(f"unknown chat {chat.id}")
        if chat.user is not None and chat.user.id != user.id:
            raise LookupError(f"{user.first_name} cannot write in {chat.label}")


def _text_mention(text: str, user: SimUser | None) -> tuple[dict[str, Any], ...]:
    if user is None:
        return ()
    start = text.find(user.full_name)
    if start < 0:
        raise LookupError(f"{user.full_name!r} does not occur in the text")
    offset, length = utf16_len(text[:start]), utf16_len(user.full_name)
    return ({"type": "text_mention", "offset": offset, "length": length, "user": user.to_api()},)


__all__ = ["FakeBotApi"]
