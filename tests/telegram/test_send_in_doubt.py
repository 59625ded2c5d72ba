"""Confirm of a /send whose COMMIT answer is lost: never "failed", money once, Bob told once.

The bot's database connections go through a TCP proxy on 127.0.0.1 that cuts them when the
transfer's ``COMMIT`` goes by (after MariaDB carried it out) and then refuses connections, as a
server restart or a network fault would. Telegram is the fake Bot API, as everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from communitybot.bootstrap import Container
from communitybot.core.clock import ManualClock
from communitybot.db import UnitOfWork, create_db_engine
from communitybot.services import community as services
from communitybot.settings import Settings
from tests.support.netcut import CuttingProxy, cutting_proxy
from tests.telegram.conftest import RULES, World

pytestmark = pytest.mark.mysql_only

IN_DOUBT_SECONDS = 0.8
CONFIRM = "pending_sends"
"""What the transaction of a Confirm mentions (its idempotency record is the pending row)."""


@pytest.fixture
def proxy(engine: Engine) -> Iterator[CuttingProxy]:
    """A cutting proxy in front of the run's server."""
    url = engine.url
    with cutting_proxy(url.host or "127.0.0.1", url.port or 3306) as running:
        yield running


@pytest.fixture
def container(
    engine: Engine, uow: UnitOfWork, proxy: CuttingProxy, database_url: str
) -> Iterator[Container]:
    """The bot's container, with its database reached through the proxy."""
    url = make_url(database_url).set(host="127.0.0.1", port=proxy.port)
    through = create_db_engine(url.render_as_string(hide_password=False))
    with through.connect() as warm:
        warm.execute(text("SELECT 1"))
    services.ensure_community_user(uow, RULES)
    yield Container(
        settings=Settings(telegram_token=None, locale="en"),
        engine=through,
        uow=UnitOfWork(through, in_doubt_seconds=IN_DOUBT_SECONDS),
        rules=RULES,
        clock=ManualClock(),
    )
    through.dispose()


def _journal(engine: Engine) -> list[tuple[int, int, int]]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT sender, receiver, amount FROM transactions"))
        return [(int(r[0]), int(r[1]), int(r[2])) for r in rows]


def _received(world: World) -> list[str]:
    return [
        m.body for m in world.session.api.bot_messages(world.private(world.bob)) if "💶" in m.body
    ]


def test_a_confirm_whose_commit_outcome_stays_unknown_is_never_called_failed(
    world: World, proxy: CuttingProxy, engine: Engine
) -> None:
    world.register(world.alice, world.bob)
    world.session.say(world.bob, world.private(world.bob), "/start")
    summary = world.session.say(world.alice, world.group, "/send 3 @bob tea")
    alice, bob = world.db_user(world.alice), world.db_user(world.bob)

    proxy.cut_at_commit(deliver=True, refuse_for=None, after=CONFIRM)
    doubtful = world.session.press(world.alice, summary.last, "✅ Confirm")
    assert proxy.commits_cut == 1
    assert doubtful.answer is not None
    assert doubtful.answer.answer_text == (
        "I don't know yet whether the money was sent: the database stopped answering. "
        "Pressing Confirm again is safe: it never sends twice."
    )
    shown = world.session.api.message(world.group.id, summary.last.message_id)
    assert "Not sent" not in shown.body
    assert [b.text for b in shown.buttons] == ["✅ Confirm", "❌ Abort"]
    assert _journal(engine) == [(alice.id, bob.id, 300)]  # it did go through
    assert _received(world) == []

    proxy.restore()
    again = world.session.press(world.alice, summary.last, "✅ Confirm")
    assert again.answer is not None
    assert again.answer.answer_text == "Your balance: -3.00 €"
    shown = world.session.api.message(world.group.id, summary.last.message_id)
    assert shown.body.startswith("✅ Alice Liddell sent 3.00 € to Bob for “tea”.")
    assert shown.buttons == ()
    assert _journal(engine) == [(alice.id, bob.id, 300)]
    assert _received(world) == [
        "💶 You received 3.00 € from Alice Liddell for “tea”. Balance: 3.00 €"
    ]


def test_a_short_outage_during_the_commit_is_ridden_out_and_bob_is_told(
    world: World, proxy: CuttingProxy, engine: Engine
) -> None:
    world.register(world.alice, world.bob)
    world.session.say(world.bob, world.private(world.bob), "/start")
    summary = world.session.say(world.alice, world.group, "/send 2 @bob")
    alice, bob = world.db_user(world.alice), world.db_user(world.bob)

    proxy.cut_at_commit(deliver=True, refuse_for=IN_DOUBT_SECONDS / 4, after=CONFIRM)
    confirmed = world.session.press(world.alice, summary.last, "✅ Confirm")
    assert proxy.commits_cut == 1
    assert confirmed.answer is not None
    assert confirmed.answer.answer_text == "Your balance: -2.00 €"
    assert _journal(engine) == [(alice.id, bob.id, 200)]
    assert _received(world) == ["💶 You received 2.00 € from Alice Liddell. Balance: 2.00 €"]


def test_a_command_whose_outcome_stays_unknown_asks_to_look_before_repeating(
    world: World, proxy: CuttingProxy, engine: Engine
) -> None:
    world.register(world.alice)
    proxy.cut_at_commit(deliver=True, refuse_for=None)
    answer = world.session.say(world.alice, world.group, "/drink")
    assert proxy.commits_cut == 1
    assert answer.texts == [
        "I don't know yet whether that went through: the database stopped answering while it "
        "was being saved. It has not failed, it may well have worked. Look at /balance in a "
        "minute before you try again: a new command would count again."
    ]
    assert len(_journal(engine)) == 1  # it did go through
