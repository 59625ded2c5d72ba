"""Short-lived, in-process state of the adapter: pending transfers and recently seen updates.

A ``/send`` is checked (``preview_send``) and shown with Confirm and Abort; what was checked
waits here under a random token that the buttons carry. Nothing here is money: the transfer is
made, and checked again, by the service when Confirm is pressed, under an idempotency key derived
from the command message, so a lost entry (restart, expiry) only means "send it again".
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from communitybot.core.ids import TelegramId, UserId


@dataclass(frozen=True, slots=True)
class PendingSend:
    """A checked transfer waiting for its sender's Confirm or Abort."""

    key: str
    sender_tid: TelegramId
    sender_name: str
    receiver_id: UserId
    receiver_tid: TelegramId | None
    amount: int
    reason: str | None
    created: float


class PendingSends:
    """Pending transfers by token, bounded in number and age (oldest dropped first)."""

    def __init__(
        self,
        *,
        ttl: float = 3600.0,
        capacity: int = 10_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl
        self._capacity = capacity
        self._monotonic = monotonic
        self._items: OrderedDict[str, PendingSend] = OrderedDict()

    def add(self, pending: PendingSend) -> str:
        """Store ``pending``; return the token for its buttons."""
        self._expire()
        token = secrets.token_urlsafe(6)
        while token in self._items:
            token = secrets.token_urlsafe(6)
        self._items[token] = pending
        while len(self._items) > self._capacity:
            self._items.popitem(last=False)
        return token

    def get(self, token: str) -> PendingSend | None:
        """The pending transfer of ``token``, unless it expired or was finished."""
        self._expire()
        return self._items.get(token)

    def finish(self, token: str) -> None:
        """Forget ``token`` (confirmed or aborted)."""
        self._items.pop(token, None)

    def now(self) -> float:
        """The monotonic time used for ``created``."""
        return self._monotonic()

    def __len__(self) -> int:
        return len(self._items)

    def _expire(self) -> None:
        limit = self._monotonic() - self._ttl
        while self._items:
            token, oldest = next(iter(self._items.items()))
            if oldest.created >= limit:
                break
            del self._items[token]


class RecentUpdates:
    """The ids of the last ``capacity`` updates, so that one process answers an update once.

    Telegram redelivers an update when the bot did not confirm it (a crash, a timeout). Whether
    anything changes twice does not depend on this guard: every command and button that writes
    either carries an idempotency key (send, pay, communism, externals, vote, accept, consume,
    vouch remove), so a replay changes nothing even after a restart, or cannot take effect
    twice (join, leave, cancel, vouch add, /start). The guard spares the person the second
    *answer* within one process: a second summary or collective message, a read command answered
    twice, an "already joined" alert for a press they made once.
    """

    def __init__(self, capacity: int = 50_000) -> None:
        self._capacity = capacity
        self._seen: OrderedDict[int, None] = OrderedDict()

    def first_time(self, update_id: int) -> bool:
        """Record ``update_id``; False when it was seen before."""
        if update_id in self._seen:
            return False
        self._seen[update_id] = None
        while len(self._seen) > self._capacity:
            self._seen.popitem(last=False)
        return True


__all__ = ["PendingSend", "PendingSends", "RecentUpdates"]
