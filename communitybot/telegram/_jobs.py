"""The bot's own rounds, on python-telegram-bot's job queue (``Application.job_queue``).

Three repeating jobs, each named, each doing its work off the event loop through the adapter's
worker pool and then sending what it owes through the one notice path
(:func:`~communitybot.telegram.handlers.deliver_notices`):

- ``expire_payment_requests`` closes payment requests left undecided for
  ``community.payment_expiry_hours``, every ``community.payment_expiry_check_seconds``;
- ``charge_due_fees`` charges the due membership-fee instalments and tells the members, every
  ``fee_run_seconds`` (0: never);
- ``remind_low_balances`` reminds members below ``community.reminder_below`` (at most once a
  month each), a second after start and then every :data:`REMINDER_CHECK_SECONDS`.

A round that fails is logged; the next one tries again. Tests and the sandbox run a job when
they want through the job queue's public API (``job_queue.jobs()``, ``Job.run(application)``:
:meth:`communitybot.devtools.Session.run_jobs`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from communitybot.settings import Settings
from communitybot.telegram.handlers import (
    CommunityHandlers,
    charge_due_fees,
    remind_low_balances,
)

_log = logging.getLogger(__name__)

AnyApplication = Any

EXPIRE_PAYMENT_REQUESTS = "expire_payment_requests"
"""The name of the job that closes expired payment requests."""
CHARGE_DUE_FEES = "charge_due_fees"
"""The name of the job that charges the due membership fees."""
REMIND_LOW_BALANCES = "remind_low_balances"
"""The name of the job that reminds members of a low balance."""

REMINDER_CHECK_SECONDS = 3600.0
"""How often the bot looks for members to remind of a low balance (each at most once a month)."""

_SOON = 1.0
"""Seconds after scheduling that the reminders first run: a first run at 0 would lie before the
job queue starts (in ``Application.start``, after ``post_init``), and an interval job whose first
run passed waits a whole interval."""

Round = Callable[[Any], Awaitable[object]]


def _job(name: str, round_: Round) -> Callable[[Any], Awaitable[None]]:
    """A job callback that runs ``round_(bot)`` and logs a failure (the next round tries
    again)."""

    async def callback(context: Any) -> None:
        try:
            await round_(context.bot)
        except Exception:  # noqa: BLE001 - logged; the next round tries again
            _log.warning("the job %s failed", name, exc_info=True)

    callback.__name__ = name
    return callback


def schedule_jobs(
    application: AnyApplication,
    handlers: CommunityHandlers,
    settings: Settings,
    *,
    reminder_seconds: float = REMINDER_CHECK_SECONDS,
) -> tuple[str, ...]:
    """Put the bot's rounds on ``application.job_queue`` (see the module); the names of the
    jobs scheduled. None without a job queue (python-telegram-bot without its ``job-queue``
    extra), which is logged."""
    queue = application.job_queue
    if queue is None:
        _log.warning("no job queue: install python-telegram-bot[job-queue] for the bot's rounds")
        return ()
    kit = handlers.kit
    rules = kit.rules
    names: list[str] = []
    expiry = settings.community.payment_expiry_check_seconds
    if rules.payment_expiry_hours > 0 and expiry > 0:
        queue.run_repeating(
            _job(EXPIRE_PAYMENT_REQUESTS, handlers.expire_payment_requests),
            interval=expiry,
            first=min(expiry, 10.0),
            name=EXPIRE_PAYMENT_REQUESTS,
        )
        names.append(EXPIRE_PAYMENT_REQUESTS)
    fees = settings.fee_run_seconds
    if fees > 0:
        queue.run_repeating(
            _job(CHARGE_DUE_FEES, lambda bot: charge_due_fees(kit, bot)),
            interval=fees,
            first=fees,
            name=CHARGE_DUE_FEES,
        )
        names.append(CHARGE_DUE_FEES)
    if rules.reminder_below is not None:
        queue.run_repeating(
            _job(REMIND_LOW_BALANCES, lambda bot: remind_low_balances(kit, bot)),
            interval=reminder_seconds,
            first=min(reminder_seconds, _SOON),
            name=REMIND_LOW_BALANCES,
        )
        names.append(REMIND_LOW_BALANCES)
    return tuple(names)


__all__ = [
    "CHARGE_DUE_FEES",
    "EXPIRE_PAYMENT_REQUESTS",
    "REMINDER_CHECK_SECONDS",
    "REMIND_LOW_BALANCES",
    "schedule_jobs",
]
