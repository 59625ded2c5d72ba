"""The bot's own rounds are one mechanism: named repeating jobs of python-telegram-bot's job
queue (payment-request expiry, membership fees, balance reminders), with their settings as
intervals, and a test runs one when it wants (``Session.run_jobs``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import Engine, text

from communitybot.devtools import Session
from communitybot.telegram import CHARGE_DUE_FEES, EXPIRE_PAYMENT_REQUESTS, REMIND_LOW_BALANCES
from tests.telegram.conftest import RULES, World


def _intervals(session: Session) -> dict[str, timedelta]:
    assert session.application is not None
    queue = session.application.job_queue
    assert queue is not None
    return {job.name or "": job.job.trigger.interval for job in queue.jobs()}


@pytest.mark.parametrize(
    "container", [replace(RULES, reminder_below=-300)], ids=["reminders"], indirect=True
)
def test_the_three_rounds_are_jobs_of_the_job_queue(world: World) -> None:
    settings = world.session.container.settings
    assert _intervals(world.session) == {
        EXPIRE_PAYMENT_REQUESTS: timedelta(seconds=settings.community.payment_expiry_check_seconds),
        CHARGE_DUE_FEES: timedelta(seconds=settings.fee_run_seconds),
        REMIND_LOW_BALANCES: timedelta(hours=1),
    }


def test_without_reminders_there_is_no_reminder_job(world: World) -> None:
    assert set(_intervals(world.session)) == {EXPIRE_PAYMENT_REQUESTS, CHARGE_DUE_FEES}


def test_a_test_runs_the_expiry_job_when_it_wants(world: World, engine: Engine) -> None:
    world.register(world.alice, world.bob)
    opened = world.session.say(world.alice, world.group, "/pay 5 tape").last
    with engine.begin() as connection:  # opened longer ago than payment_expiry_hours
        connection.execute(text("UPDATE collectives SET created = created - INTERVAL 200 HOUR"))
    world.session.run_jobs(EXPIRE_PAYMENT_REQUESTS)
    edited = world.session.api.message(opened.chat.id, opened.message_id)
    assert edited.body.endswith("Status: expired, nothing paid")
    assert world.balance(world.alice) == 0
    with pytest.raises(LookupError):
        world.session.run_jobs(REMIND_LOW_BALANCES)  # not scheduled: reminders are off
