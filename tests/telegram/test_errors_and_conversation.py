"""The global error handler, and a whole group conversation from /start to a settlement."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, text

from communitybot.bootstrap import Container
from communitybot.core.clock import ManualClock
from communitybot.db import UnitOfWork, create_db_engine
from communitybot.devtools import Session
from communitybot.settings import Settings
from tests.conftest import Snapshot
from tests.telegram.conftest import GROUP_ID, RULES, World


@pytest.fixture
def broken_session() -> Iterator[Session]:
    """The bot on a database that cannot be reached: every service call fails unexpectedly."""
    engine = create_db_engine("mysql+pymysql://nobody@127.0.0.1:1/none")
    container = Container(
        settings=Settings(telegram_token=None),
        engine=engine,
        uow=UnitOfWork(engine, attempts=1),
        rules=RULES,
        clock=ManualClock(),
    )
    with Session(container) as session:
        yield session
    engine.dispose()


def test_unexpected_errors_are_logged_and_answered_politely(
    broken_session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    api = broken_session.api
    group = api.add_group("Hackspace", chat_id=GROUP_ID)
    alice = api.add_user("Alice", username="alice")
    with caplog.at_level(logging.ERROR, logger="communitybot.telegram"):
        exchange = broken_session.say(alice, group, "/balance")
    assert exchange.texts == [
        "Sorry, something went wrong on my side. It has been logged; please try again later."
    ]
    logged = [r for r in caplog.records if r.getMessage().startswith("error while handling")]
    assert len(logged) == 1
    assert "/balance" in logged[0].getMessage()
    assert logged[0].exc_info is not None

    message = api.bot_messages(group)[-1]
    pressed = broken_session.press_data(alice, message, "pa:1")
    assert pressed.answer is not None
    assert pressed.answer.answer_text == (
        "Sorry, something went wrong on my side. It has been logged; please try again later."
    )
    assert pressed.sent == ()


def test_a_group_conversation_from_start_to_settlement(
    world: World, engine: Engine, snapshot: Callable[[], Snapshot]
) -> None:
    session = world.session
    alice, bob, carol, dave = world.alice, world.bob, world.carol, world.dave

    # Everybody arrives: three members in the group, one guest in private.
    for member in (alice, bob):
        assert "registered as a member" in session.say(member, world.group, "/start").text
    assert "als Mitglied" in session.say(carol, world.group, "/start").text
    assert "external guest" in session.say(dave, world.private(dave), "/start").text
    world.grant_vote(bob, carol)

    # Dave cannot do anything yet; Alice vouches for him.
    before = snapshot()
    refused = session.say(dave, world.group, "/drink")
    assert refused.texts[0].startswith("As an external guest without a voucher")
    assert snapshot() == before
    assert (
        session.say(alice, world.group, "/vouch add @dave")
        .texts[0]
        .startswith("You now vouch for Dave.")
    )

    # Alice asks the community to pay for cleaning supplies; Bob and Carol approve.
    request = session.say(alice, world.group, "/pay 18 cleaning supplies").last
    assert "Payment request" in request.body
    dave_vote = session.press(dave, request, "👍 Approve")
    assert dave_vote.answer is not None
    assert dave_vote.answer.answer_text == "External guests cannot vote."
    session.press(bob, request, "👍 Approve")
    assert "👍 Approved (1): Bob" in session.api.message(GROUP_ID, request.message_id).body
    session.press(carol, request, "👍 Approve")
    paid = session.api.message(GROUP_ID, request.message_id)
    assert paid.body.endswith("Status: approved and paid")
    assert world.balance(alice) == 1800

    # Bob sends Carol money for the bus; Carol gives change by replying to his message.
    summary = session.say(bob, world.group, "/send 2.40 @carol bus")
    session.press(bob, summary.last, "✅ Confirm")
    note = session.say(bob, world.group, "sent you the bus money")
    back = session.say(carol, world.group, "/send 0,40 Wechselgeld", reply_to=note.message)
    assert back.last.body.startswith("0,40 € von Carol an Bob für „Wechselgeld“ senden?")
    session.press(carol, back.last, 0)

    # Pizza for everyone: Bob, Carol and Dave join, one friend without the bot comes too.
    pizza = session.say(alice, world.group, "/communism 40 pizza").last
    for who in (bob, carol, dave):
        session.press(who, pizza, "🙋 Join")
    session.press(alice, pizza, "Externals +")
    session.press(alice, pizza, "✅ Accept")
    settled = session.api.message(GROUP_ID, pizza.message_id)
    assert settled.body.endswith("Status: accepted and settled")
    assert "External #1: 8.00 € (collected by Alice Liddell)" in settled.body
    assert settled.buttons == ()

    # Dave has a drink on his voucher's word.
    assert session.say(dave, world.group, "/drink").texts[0].startswith("🧉 1× drink")

    # The books: every balance from the journal, the community paid 18 and earned 1.
    balances = {p.first_name: world.balance(p) for p in (alice, bob, carol, dave)}
    assert balances == {
        "Alice": 1800 + 3 * 800,
        "Bob": -240 + 40 - 800,
        "Carol": 240 - 40 - 800,
        "Dave": -800 - 100,
    }
    with engine.connect() as connection:
        journal = connection.execute(
            text("SELECT reason, amount FROM transactions ORDER BY id")
        ).all()
        community = connection.execute(
            text("SELECT balance FROM users WHERE tid IS NULL")
        ).scalar_one()
        recorded = connection.execute(text("SELECT COUNT(*) FROM collective_messages"))
        recorded_count = recorded.scalar_one()
    reasons = [str(r[0]).split(":")[0] for r in journal]
    assert reasons == ["pay", "send", "send", "communism", "communism", "communism", "consume"]
    assert community == -1800 + 100
    assert recorded_count == 2
    assert sum(balances.values()) + community == 0

    # Nothing the bot sent was refused by Telegram except quiet notification attempts.
    refusals = {c.description for c in session.api.failed_calls()}
    assert refusals <= {"Forbidden: bot can't initiate conversation with a user"}
    assert all(q.answered for q in session.api.callbacks())
