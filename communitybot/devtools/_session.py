"""A running sandbox: the fake Bot API, the real bot against it, and a synchronous way to talk.

:class:`Session` is what the end-to-end tests and ``communitybot sandbox`` share. Each action of a
simulated user (:meth:`Session.say`, :meth:`Session.press`) injects one update, waits until the
bot has completely handled it, and returns an :class:`Exchange` with every Bot API call the bot made
meanwhile. :meth:`Session.restart` replaces the bot by a fresh one (same database, same fake
Telegram), as after a crash.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Unpack

from communitybot.bootstrap import Container
from communitybot.devtools._fakeapi import FakeBotApi, Said
from communitybot.devtools._runner import AnyApplication, BotThread, UpdateTracker
from communitybot.devtools._simulated import (
    BotCall,
    CallbackQuery,
    Injected,
    SimChat,
    SimUser,
    StoredMessage,
)
from communitybot.telegram import WebhookConfig, build_application


@dataclass(frozen=True, slots=True)
class Exchange:
    """What one user action caused: the update and the bot's API calls while handling it.

    ``sent`` are the messages the bot sent meanwhile as they were once it had handled the
    update, its own edits applied (a ``/send`` summary gets its buttons by an edit).
    """

    update_id: int
    calls: tuple[BotCall, ...]
    message: StoredMessage | None = None
    answer: CallbackQuery | None = None
    sent: tuple[StoredMessage, ...] = field(default=())

    @property
    def texts(self) -> list[str]:
        """Texts (or captions) of the messages the bot sent, in order."""
        return [m.body for m in self.sent]

    @property
    def text(self) -> str:
        """All sent texts joined by a blank line (handy for ``in`` checks)."""
        return "\n\n".join(self.texts)

    @property
    def last(self) -> StoredMessage:
        """The last message the bot sent."""
        if not self.sent:
            raise LookupError("the bot sent nothing")
        return self.sent[-1]

    @property
    def edits(self) -> list[BotCall]:
        """Successful edits of messages."""
        return [c for c in self.calls if c.ok and c.method.lower().startswith("editmessage")]

    @property
    def failures(self) -> list[BotCall]:
        """Calls the fake Telegram refused."""
        return [c for c in self.calls if not c.ok]


class Session:
    """The fake Telegram, the real bot on ``container``'s database, and simulated people."""

    def __init__(
        self,
        container: Container,
        *,
        api: FakeBotApi | None = None,
        concurrent_updates: int = 4,
        timeout: float = 30.0,
        configure: Callable[[AnyApplication], None] | None = None,
        webhook: WebhookConfig | None = None,
    ) -> None:
        self.container = container
        self.api = api or FakeBotApi()
        self._owns_api = api is None
        self._concurrent = concurrent_updates
        self._timeout = timeout
        self._configure = configure
        self._webhook = webhook
        self._handled: dict[int, int] = {}
        self.tracker = UpdateTracker(concurrent_updates)
        self.application: AnyApplication | None = None
        self._thread: BotThread | None = None

    # -- lifecycle --

    def start(self) -> Session:
        """Start the fake Telegram (if this session owns it) and the bot."""
        if self._owns_api:
            self.api.start()
        self._start_bot()
        return self

    def stop(self) -> None:
        """Stop the bot and, if owned, the fake Telegram."""
        self._stop_bot()
        if self._owns_api:
            self.api.stop()

    def restart(self) -> None:
        """Stop the bot and start a fresh one (nothing in memory survives), as after a crash."""
        self._stop_bot()
        self._start_bot()

    def __enter__(self) -> Session:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _start_bot(self) -> None:
        self.tracker = UpdateTracker(self._concurrent)
        self._handled = {}
        application = build_application(
            self.container,
            token=self.api.token,
            base_url=self.api.base_url,
            base_file_url=self.api.base_file_url,
            update_processor=self.tracker,
            trust_env=False,
        )
        if self._configure is not None:
            self._configure(application)
        self.application = application
        self._thread = BotThread(application, webhook=self._webhook).start(timeout=self._timeout)

    def _stop_bot(self) -> None:
        if self._thread is not None:
            self._thread.stop(timeout=self._timeout)
        self._thread = None

    # -- acting as people --

    def user(self, name: str) -> SimUser:
        """A simulated person by username or first name."""
        return self.api.user(name)

    def say(
        self,
        user: SimUser,
        chat: SimChat,
        text: str,
        **said: Unpack[Said],
    ) -> Exchange:
        """``user`` writes ``text`` in ``chat`` (``reply_to``, ``mention``, ``extra``: see
        :meth:`FakeBotApi.send_text`); returns once the bot handled it."""
        mark = self.api.mark()
        return self._settle(self.api.send_text(user, chat, text, **said), mark)

    def edit(self, user: SimUser, message: StoredMessage, text: str) -> Exchange:
        """``user`` edits one of their messages; returns once the bot handled the edit."""
        mark = self.api.mark()
        return self._settle(self.api.edit_text(user, message, text), mark)

    def press(self, user: SimUser, message: StoredMessage, button: int | str) -> Exchange:
        """``user`` presses a button under ``message``; returns once the bot handled it."""
        mark = self.api.mark()
        return self._settle(self.api.press(user, message, button), mark)

    def press_data(self, user: SimUser, message: StoredMessage, data: str) -> Exchange:
        """``user`` sends a callback with arbitrary (possibly forged) ``data``."""
        mark = self.api.mark()
        return self._settle(self.api.press_data(user, message, data), mark)

    def inject(self, update: Mapping[str, Any]) -> Exchange:
        """Deliver a hand-built update (see :meth:`FakeBotApi.inject_update`) and handle it."""
        mark = self.api.mark()
        return self._settle(self.api.inject_update(update), mark)

    def replay(self, update_id: int) -> Exchange:
        """Telegram delivers ``update_id`` once more; returns once the bot handled the copy."""
        mark = self.api.mark()
        return self._settle(self.api.replay(update_id), mark)

    def run_jobs(self, *names: str) -> Exchange:
        """The bot's repeating jobs (``names``, or all) run once now, in the order they were
        scheduled, through python-telegram-bot's own API (``job_queue.jobs()``,
        ``Job.run(application)``): the membership fees due by the container's clock and their
        notices (``charge_due_fees``), the balance reminders, the expiry of payment requests.
        Returns what the bot sent meanwhile (``update_id`` 0)."""
        if self.application is None or self._thread is None:
            raise RuntimeError("the bot is not running")
        queue = self.application.job_queue
        if queue is None:
            raise RuntimeError("the bot has no job queue")
        application = self.application
        jobs = [job for job in queue.jobs() if not names or job.name in names]
        if names and {job.name for job in jobs} != set(names):
            raise LookupError(f"no such job scheduled: {sorted(names)}")
        mark = self.api.mark()

        async def run() -> None:
            for job in jobs:
                await job.run(application)

        self._thread.call(run(), timeout=self._timeout)
        calls = tuple(self.api.calls(since=mark))
        return Exchange(update_id=0, calls=calls, sent=self._sent(calls))

    def _sent(self, calls: tuple[BotCall, ...]) -> tuple[StoredMessage, ...]:
        return tuple(
            self.api.message(c.message.chat.id, c.message.message_id)
            for c in calls
            if c.ok and c.message is not None and c.method.lower().startswith("send")
        )

    def _settle(self, injected: Injected, mark: int) -> Exchange:
        times = self._handled.get(injected.update_id, 0) + 1
        self.tracker.wait_processed(injected.update_id, times=times, timeout=self._timeout)
        self._handled[injected.update_id] = times
        calls = tuple(self.api.calls(since=mark))
        sent = self._sent(calls)
        answer = None
        if injected.callback_query_id is not None:
            answer = self.api.callback(injected.callback_query_id)
        return Exchange(
            update_id=injected.update_id,
            calls=calls,
            message=injected.message,
            answer=answer,
            sent=sent,
        )


__all__ = ["Exchange", "Session"]
