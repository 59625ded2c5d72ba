"""Short-lived, in-process state of the adapter: the recently seen updates, the profiles stored.

(A ``/send`` waiting for Confirm is not kept here but in the database, see
:mod:`communitybot.services.community.pending`, so that a restart loses nothing.)
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

Profile = tuple[str, str | None, str | None]
"""A Telegram user's first name, last name and username."""


class RecentUpdates:
    """The ids of the last ``capacity`` updates, so that one process answers an update once.

    Telegram redelivers an update when the bot did not confirm it (a crash, a timeout). Whether
    anything changes twice does not depend on this guard: every command and button that writes
    either carries an idempotency key (send, pay, communism, externals, vote, accept, consume,
    vouch remove), so a replay changes nothing even after a restart, or cannot take effect
    twice (join, leave, cancel, vouch add, /start). The guard spares the person the second
    *answer* within one process: a second summary or collective message, a read command answered
    twice, an "already joined" alert for a press they made once. A redelivery follows soon after
    (the updates since the last confirmed offset, at most 100 per poll, or a webhook push
    retried), so 2,000 ids (twenty full polls, about 0.2 MB) are plenty.
    """

    def __init__(self, capacity: int = 2_000) -> None:
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


class StoredProfiles:
    """The Telegram profile (first name, last name, username) last stored for each user, with
    the user's id, so that an update from someone whose profile did not change needs no refresh.

    A user's stored name and username change only through a refresh with their own profile
    (or, for the username, when another account takes it over, which on Telegram means that
    this user's username changed too); users are never deleted, but a forgotten person's tid
    names nobody any more (:meth:`forget`). An entry is trusted for
    ``max_age`` seconds, then the next update refreshes again; at most ``capacity`` users are
    remembered, and none longer than ``max_age``: the memory it holds follows the people active
    in the last ``max_age`` seconds, not everyone ever seen.
    """

    def __init__(
        self,
        capacity: int = 1_000,
        *,
        max_age: float = 600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._capacity = capacity
        self._max_age = max_age
        self._clock = clock
        self._stored: OrderedDict[int, tuple[Profile, int, float]] = OrderedDict()
        self._lock = threading.Lock()  # the worker threads record, the event loop asks

    def user_id(self, tid: int, profile: Profile) -> int | None:
        """The user id of ``tid`` when ``profile`` is what was stored for it less than
        ``max_age`` ago, else ``None``."""
        found = self._stored.get(tid)
        if found is None or found[0] != profile or self._clock() >= found[2]:
            return None
        return found[1]

    def stored(self, tid: int, profile: Profile, user_id: int) -> None:
        """Record that user ``user_id`` of ``tid`` has just been stored with ``profile``."""
        now = self._clock()
        with self._lock:
            self._stored[tid] = (profile, user_id, now + self._max_age)
            self._stored.move_to_end(tid)
            # oldest first, so the expired ones are in front: they are dropped, not kept until
            # ``capacity`` newer users push them out
            while self._stored:
                _, _, until = next(iter(self._stored.values()))
                if until > now and len(self._stored) <= self._capacity:
                    break
                self._stored.popitem(last=False)

    def __len__(self) -> int:
        """How many users' profiles are remembered now."""
        return len(self._stored)

    def forget(self, tid: int) -> None:
        """Drop what was stored for ``tid`` (the person was forgotten: the tid names nobody)."""
        with self._lock:
            self._stored.pop(tid, None)


__all__ = ["Profile", "RecentUpdates", "StoredProfiles"]
