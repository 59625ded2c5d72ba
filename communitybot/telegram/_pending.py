"""Short-lived, in-process state of the adapter: the recently seen updates.

(A ``/send`` waiting for Confirm is not kept here but in the database, see
:mod:`communitybot.services.community.pending`, so that a restart loses nothing.)
"""

from __future__ import annotations

from collections import OrderedDict


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


__all__ = ["RecentUpdates"]
