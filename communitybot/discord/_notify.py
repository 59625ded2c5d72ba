"""Delivering the economy outbox as direct messages, after commit, in the background.

Services queue notifications in the same transaction as the change; this task hands them to
Discord. It wakes when a command moved money (:meth:`Notifier.poke`) and every ``interval``
seconds (for changes made elsewhere: the CLI, a recurring tick, another process). Each round runs
:func:`~communitybot.services.economy.notifications.deliver_pending` in a worker thread: it reads
pending notifications, sends each one (outside any transaction) and marks them delivered. A
member who cannot be messaged (DMs closed, unknown user) is skipped for good; any other failure
leaves the notification pending for the next round. Direct messages are written in the
configured ``locale`` (no interaction tells the reader's language).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

import discord

from communitybot.bootstrap import Container
from communitybot.core.economy import Actor, Economy, Notification, NotificationKind
from communitybot.core.errors import DomainError
from communitybot.core.ids import AccountId, EconomyId, MemberId
from communitybot.discord._call import account_label
from communitybot.discord._present import notification_text, notification_title
from communitybot.discord._tasks import finish
from communitybot.runtime import WorkerPool
from communitybot.runtime.catalogue import Translator

_log = logging.getLogger(__name__)

NOTIFY_INTERVAL = 30.0
"""Seconds between delivery rounds when no command pokes the task."""

SEND_TIMEOUT = 30.0
"""Longest wait for one direct message before the round stops (and retries later)."""

SendDm = Callable[[int, str, str], Coroutine[Any, Any, None]]
"""Sends a direct message: the recipient, the embed's title, its text."""


class Notifier:
    """The background task that turns outbox rows into direct messages."""

    def __init__(
        self,
        container: Container,
        send_dm: SendDm,
        t: Translator,
        *,
        pool: WorkerPool,
        interval: float = NOTIFY_INTERVAL,
    ) -> None:
        self.economy = container.use_cases.economy
        self.pool = pool
        self.send_dm = send_dm
        self.t = t
        self.interval = interval
        self.delivered = 0
        self._wake: asyncio.Event | None = None
        self._round = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closing = False

    def start(self) -> None:
        """Start delivering (call on the running event loop)."""
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._task = asyncio.create_task(self._run(), name="economy-notifications")

    def poke(self) -> None:
        """Deliver soon: a command just committed a change (call on the event loop)."""
        if self._wake is not None:
            self._wake.set()

    async def stop(self) -> None:
        """Finish the current round and stop."""
        self._closing = True
        if self._task is None:
            return
        self.poke()
        await finish(self._task, timeout=SEND_TIMEOUT)

    async def _run(self) -> None:
        assert self._wake is not None
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.interval)
            self._wake.clear()
            if self.closing:
                return
            try:
                await self.flush()
            except Exception:  # noqa: BLE001 - whatever failed, the next round tries again
                _log.exception("delivering economy notifications failed; retrying later")

    async def flush(self) -> int:
        """Deliver everything pending now, after any round under way; return how many went out.

        A failed send stops the round with its exception (the notification stays pending).
        """
        async with self._round:
            return await self.pool.run(self.deliver_round)

    @property
    def closing(self) -> bool:
        """Whether :meth:`stop` was called."""
        return self._closing

    def deliver_round(self) -> int:
        """Deliver every pending notification (worker thread); return how many went out."""
        economy_cache: dict[EconomyId, Economy | None] = {}
        label_cache: dict[tuple[MemberId, AccountId], str] = {}

        def send(notification: Notification) -> None:
            text = notification_text(
                notification,
                self._economy(notification.economy_id, economy_cache),
                self._label(notification, label_cache),
                self.t,
                self._failure(notification),
            )
            title = notification_title(notification, self.t)
            self._send_blocking(notification.recipient_id, title, text)

        delivered = self.economy.deliver_pending(send)
        self.delivered += delivered
        return delivered

    def _economy(
        self, economy_id: EconomyId, cache: dict[EconomyId, Economy | None]
    ) -> Economy | None:
        if economy_id not in cache:
            try:
                cache[economy_id] = self.economy.get_economy(economy_id=economy_id)
            except DomainError:
                cache[economy_id] = None
        return cache[economy_id]

    def _label(
        self, notification: Notification, cache: dict[tuple[MemberId, AccountId], str]
    ) -> str:
        """The account as its recipient may see it (by their own rights), else its number."""
        key = (notification.recipient_id, notification.account_id)
        if key not in cache:
            try:
                account = self.economy.get_account(
                    Actor(notification.recipient_id), account_id=notification.account_id
                )
            except DomainError:
                cache[key] = self.t("economy.account_number", id=notification.account_id)
            else:
                cache[key] = account_label(account, self.t)
        return cache[key]

    def _failure(self, notification: Notification) -> tuple[int, str] | None:
        """The last failed instalment of a recurring transfer, as its recipient may see it."""
        if notification.kind is not NotificationKind.RECURRING_FAILED:
            return None
        if notification.recurring_id is None:
            return None
        try:
            payments = self.economy.recurring_payments(
                Actor(notification.recipient_id), recurring_id=notification.recurring_id
            )
        except DomainError:
            return None
        failed = [p for p in payments if p.failure is not None]
        if not failed:
            return None
        last = failed[-1]
        assert last.failure is not None
        return last.instalment, last.failure

    def _send_blocking(self, recipient_id: int, title: str, text: str) -> None:
        if self._loop is None:
            raise RuntimeError("the notifier was not started")
        sending = self._send(recipient_id, title, text)
        future = asyncio.run_coroutine_threadsafe(sending, self._loop)
        future.result(timeout=SEND_TIMEOUT)

    async def _send(self, recipient_id: int, title: str, text: str) -> None:
        try:
            await self.send_dm(recipient_id, title, text)
        except (discord.Forbidden, discord.NotFound) as error:
            _log.info("cannot message user %s (%s); notification dropped", recipient_id, error)


__all__ = ["NOTIFY_INTERVAL", "SEND_TIMEOUT", "Notifier", "SendDm"]
