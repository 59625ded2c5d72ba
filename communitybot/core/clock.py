"""The clock is injected wherever time matters, so tests move time without sleeping."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Something that tells the current time as an aware UTC datetime."""

    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """The current time in UTC."""
        return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to: for tests, simulations and the sandbox."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 1, 1, tzinfo=UTC)
        if self._now.tzinfo is None:
            msg = "ManualClock needs a timezone-aware start"
            raise ValueError(msg)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """The time the clock was set or advanced to."""
        with self._lock:
            return self._now

    def advance(self, delta: timedelta) -> datetime:
        """Move the clock forward by ``delta`` and return the new time."""
        if delta < timedelta(0):
            msg = "a clock does not go backwards"
            raise ValueError(msg)
        with self._lock:
            self._now += delta
            return self._now

    def set(self, moment: datetime) -> None:
        """Jump to ``moment`` (timezone-aware, not earlier than now)."""
        with self._lock:
            if moment.tzinfo is None or moment < self._now:
                msg = "ManualClock.set needs an aware moment that is not in the past"
                raise ValueError(msg)
            self._now = moment


__all__ = ["Clock", "ManualClock", "SystemClock"]
