"""The schedule of a recurring transfer.

Instalment ``n`` (counted from 1) is due at ``anchor + n * interval``: the first one interval after
the transfer was set up. Due times are always computed from the anchor, never from the time the
previous instalment was actually paid, so a late tick catches up every missed instalment and the
schedule does not drift.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from communitybot.core.errors import InvalidSchedule

MAX_INTERVAL_DAYS = 3660
"""Longest interval between two instalments (about ten years)."""

MAX_PAYMENTS = 100_000
"""Most instalments one recurring transfer may have."""


def validate_schedule(*, interval_days: int, total: int | None) -> None:
    """Refuse an interval or a number of payments that cannot make a schedule."""
    if not 1 <= interval_days <= MAX_INTERVAL_DAYS:
        raise InvalidSchedule(field="interval_days", value=interval_days)
    if total is not None and not 1 <= total <= MAX_PAYMENTS:
        raise InvalidSchedule(field="total", value=total)


def due_at(anchor: datetime, *, interval_days: int, index: int) -> datetime:
    """When instalment ``index`` (1-based) is due."""
    return anchor + timedelta(days=interval_days * index)


def due_count(anchor: datetime, *, interval_days: int, total: int | None, now: datetime) -> int:
    """How many instalments are due by ``now`` in all (paid or not), capped at ``total``."""
    if now < anchor:
        return 0
    elapsed = (now - anchor) // timedelta(days=interval_days)
    return elapsed if total is None else min(elapsed, total)


def due_instalments(
    anchor: datetime,
    *,
    interval_days: int,
    total: int | None,
    processed: int,
    now: datetime,
) -> range:
    """The indexes of the instalments due by ``now`` that were not processed yet."""
    last = due_count(anchor, interval_days=interval_days, total=total, now=now)
    return range(processed + 1, last + 1)


def is_finished(*, total: int | None, processed: int) -> bool:
    """Whether every instalment of a limited transfer has been processed."""
    return total is not None and processed >= total


__all__ = [
    "MAX_INTERVAL_DAYS",
    "MAX_PAYMENTS",
    "due_at",
    "due_count",
    "due_instalments",
    "is_finished",
    "validate_schedule",
]
