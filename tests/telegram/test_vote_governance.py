"""Payment requests, end to end: a voter withdraws a vote while the request is open (which can
decide it), and the bot's job queue closes a request that stayed undecided too long (expired,
nothing paid)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from sqlalchemy import Engine, text

from communitybot.bootstrap import Container
from communitybot.core.clock import ManualClock
from communitybot.db import UnitOfWork
from communitybot.devtools import Session, StoredMessage
from communitybot.services import community as services
from communitybot.settings import Settings
from tests.conftest import Snapshot
from tests.telegram.conftest import GROUP_ID, RULES, World


def _current(world: World, message: StoredMessage) -> StoredMessage:
    return world.session.api.message(message.chat.id, message.message_id)


@pytest.fixture
def voters(world: World) -> World:
    """Alice, Bob, Carol and Dave are members; Bob, Carol and Dave may vote."""
    world.register(world.alice, world.bob, world.carol, world.dave)
    world.grant_vote(world.bob, world.carol, world.dave)
    return world


def _answer(world: World, who: object, message: StoredMessage, button: str) -> str:
    pressed = world.session.press(who, message, button)  # type: ignore[arg-type]
    assert pressed.answer is not None
    return str(pressed.answer.answer_text)


def test_a_voter_withdraws_and_votes_again(voters: World) -> None:
    world = voters
    message = world.session.say(world.alice, world.group, "/pay 5 tape").last
    assert _answer(world, world.bob, message, "👍 Approve") == "You approved."
    assert "👍 Approved (1): Bob" in _current(world, message).body
    assert _answer(world, world.bob, message, "↩️ Withdraw my vote") == ("Your vote was withdrawn.")
    shown = _current(world, message).body
    assert "👍 Approved (0): –" in shown
    assert shown.endswith("Status: open")
    assert _answer(world, world.bob, message, "👎 Disapprove") == "You disapproved."
    assert "👎 Disapproved (1): Bob" in _current(world, message).body
    assert world.balance(world.alice) == 0


def test_withdrawing_can_decide_the_request(voters: World) -> None:
    world = voters
    message = world.session.say(world.alice, world.group, "/pay 5 tape").last
    _answer(world, world.bob, message, "👍 Approve")
    _answer(world, world.carol, message, "👎 Disapprove")
    _answer(world, world.dave, message, "👎 Disapprove")  # 1 : 2, a lead of 1 is not enough
    assert _current(world, message).body.endswith("Status: open")
    # Bob withdraws his approval: the disapprovals now lead by 2
    assert _answer(world, world.bob, message, "↩️ Withdraw my vote") == "Denied."
    final = _current(world, message)
    assert final.body.endswith("Status: denied")
    assert final.buttons == ()
    assert world.balance(world.alice) == 0


def test_withdrawing_a_disapproval_can_pay(voters: World) -> None:
    world = voters
    message = world.session.say(world.alice, world.group, "/pay 5 tape").last
    _answer(world, world.bob, message, "👍 Approve")
    _answer(world, world.carol, message, "👎 Disapprove")
    _answer(world, world.dave, message, "👍 Approve")  # 2 : 1, a lead of 1
    answer = _answer(world, world.carol, message, "↩️ Withdraw my vote")  # Carol speaks German
    assert answer == "Angenommen: die Gemeinschaft hat 5,00 € an Alice Liddell gezahlt."
    assert _current(world, message).body.endswith("Status: approved and paid")
    assert world.balance(world.alice) == 500


def test_refused_withdrawals_change_nothing(
    voters: World, snapshot: Callable[[], Snapshot], engine: Engine
) -> None:
    world = voters
    world.register(world.eve)
    message = world.session.say(world.alice, world.group, "/pay 5 tape").last
    with engine.connect() as connection:
        cid = int(connection.execute(text("SELECT MAX(id) FROM collectives")).scalar_one())
    _answer(world, world.bob, message, "👍 Approve")
    before = snapshot()
    for who in (world.dave, world.eve, world.alice):
        assert _answer(world, who, message, "↩️ Withdraw my vote") == (
            f"You have not voted on #{cid}."
        )
    assert snapshot() == before
    world.session.press(world.alice, message, "🗑 Cancel")
    before = snapshot()
    late = world.session.press_data(world.bob, message, f"pr:{cid}")
    assert late.answer is not None
    assert late.answer.answer_text == f"#{cid} is already closed."
    assert snapshot() == before


@pytest.fixture
def quick(engine: Engine, uow: UnitOfWork) -> Iterator[World]:
    """A bot whose job queue looks for expired requests every 0.2 s; they expire after 1 h."""
    rules = replace(RULES, payment_expiry_hours=1)
    settings = Settings(
        telegram_token=None, locale="en", community={"payment_expiry_check_seconds": 0.2}
    )
    services.ensure_community_user(uow, rules)
    container = Container(
        settings=settings, engine=engine, uow=uow, rules=rules, clock=ManualClock()
    )
    with Session(container) as session:
        api = session.api
        world = World(
            session=session,
            uow=uow,
            group=api.add_group("Hackspace", chat_id=GROUP_ID),
            alice=api.add_user("Alice", last_name="Liddell", username="alice"),
            bob=api.add_user("Bob", username="bob"),
            carol=api.add_user("Carol", username="carol"),
            dave=api.add_user("Dave", username="dave"),
            eve=api.add_user("Eve"),
        )
        world.register(world.alice, world.bob, world.carol)
        world.grant_vote(world.bob, world.carol)
        yield world


def _wait_for(world: World, message: StoredMessage, ending: str) -> str:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        body = _current(world, message).body
        if body.endswith(ending):
            return body
        time.sleep(0.05)
    pytest.fail(f"the message never ended with {ending!r}: {_current(world, message).body!r}")


def test_the_job_queue_closes_an_expired_request(quick: World, engine: Engine) -> None:
    world = quick
    old = world.session.say(world.alice, world.group, "/pay 5 tape").last
    assert "Expires 1 h after it was opened if undecided" in old.body
    world.session.press(world.bob, old, "👍 Approve")
    fresh = world.session.say(world.bob, world.group, "/pay 3 glue").last
    with engine.begin() as connection:  # Alice's request was opened 61 minutes ago
        connection.execute(
            text(
                "UPDATE collectives SET created = created - INTERVAL 61 MINUTE "
                "WHERE description = 'tape'"
            )
        )
    body = _wait_for(world, old, "Status: expired, nothing paid")
    assert "👍 Approved (1): Bob" in body
    assert _current(world, old).buttons == ()
    assert world.balance(world.alice) == 0
    time.sleep(0.5)  # more rounds of the job: the fresh request stays open
    assert _current(world, fresh).body.endswith("Status: open")
    with engine.connect() as connection:
        cid = connection.execute(
            text("SELECT id FROM collectives WHERE description = 'tape'")
        ).scalar_one()
    late = world.session.press_data(world.carol, old, f"pa:{cid}")
    assert late.answer is not None
    assert late.answer.answer_text == f"#{cid} is already closed."
    with engine.connect() as connection:
        journal = connection.execute(text("SELECT COUNT(*) FROM transactions")).scalar_one()
    assert journal == 0
    assert services.check_ledger(world.uow) == ()
