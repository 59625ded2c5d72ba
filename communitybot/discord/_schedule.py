"""The economy's timed work, run by the bot itself: due recurring instalments, expired bank notes.

Every ``interval`` seconds (and once at start, to catch up after downtime) a round runs
:func:`~communitybot.services.economy.recurring.tick` and
:func:`~communitybot.services.economy.notes.expire_notes` in a worker thread, with the container's
clock. Both are safe to run twice or concurrently (each instalment and each note is settled once,
under its row lock), so several bot processes, or a bot and ``communitybot economy tick`` on a
timer, may run side by side. When a round paid, failed or expired something, the notifier is woken
so the members hear of it at once. A failed round is logged and the next one tries again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from communitybot.bootstrap import Container
from communitybot.discord._tasks import finish
from communitybot.runtime import WorkerPool
from communitybot.services.economy import notes, recurring

_log = logging.getLogger(__name__)

SCHEDULE_STOP_TIMEOUT = 30.0
"""Longest wait for a round under way when the bot closes."""


@dataclass(frozen=True, slots=True)
class RoundReport:
    """What one round did."""

    tick: recurring.TickReport
    expiry: notes.ExpiryReport

    @property
    def changed(self) -> bool:
        """Whether anything happened that members may be told about."""
        return bool(
            self.tick.paid
            or self.tick.failed
            or self.tick.finished
            or self.expiry.expired
            or self.expiry.failed
        )


class Scheduler:
    """The background task that runs the economy's timed work."""

    def __init__(
        self,
        container: Container,
        *,
        pool: WorkerPool,
        interval: float,
        on_change: Callable[[], None],
    ) -> None:
        self.economy = container.use_cases.economy
        self.pool = pool
        self.interval = interval
        self.on_change = on_change
        self.rounds = 0
        self._stop: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start running rounds (call on the running event loop)."""
        self._stop = asyncio.Event()
        self._task = asyncio.create_task(self._run(), name="economy-schedule")

    async def stop(self) -> None:
        """Let a round under way finish, then stop."""
        if self._task is None or self._stop is None:
            return
        self._stop.set()
        await finish(self._task, timeout=SCHEDULE_STOP_TIMEOUT)

    async def _run(self) -> None:
        assert self._stop is not None
        while not self._stop.is_set():
            try:
                report = await self.pool.run(self.run_round)
            except Exception:  # noqa: BLE001 - whatever failed, the next round tries again
                _log.exception("the economy's timed work failed; trying again later")
            else:
                if report.changed:
                    self.on_change()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=self.interval)

    def run_round(self) -> RoundReport:
        """Pay due instalments and expire notes now (worker thread); return what was done."""
        tick = self.economy.tick()
        expiry = self.economy.expire_notes()
        self.rounds += 1
        report = RoundReport(tick=tick, expiry=expiry)
        if report.changed:
            _log.info(
                "timed work: %d instalment(s) paid, %d failed, %d order(s) finished, "
                "%d note(s) expired, %d note return(s) refused",
                tick.paid,
                tick.failed,
                tick.finished,
                expiry.expired,
                len(expiry.failed),
            )
        return report


__all__ = ["SCHEDULE_STOP_TIMEOUT", "RoundReport", "Scheduler"]
