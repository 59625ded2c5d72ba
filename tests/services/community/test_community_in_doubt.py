"""A COMMIT whose answer is lost: the same key is retried, money moves once, nobody reads "failed".

The bot reaches the real MariaDB through a TCP proxy on 127.0.0.1 that cuts every connection
exactly when a ``COMMIT`` goes by (after the server carried it out, or before it saw it) and then
refuses connections (2003) for a while: only the network is faked.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import make_url

from communitybot.core.errors import OutcomeUnknown
from communitybot.db import UnitOfWork, create_db_engine
from communitybot.db.models import Transaction
from communitybot.services import community as svc
from tests.support.community import World, new_key
from tests.support.netcut import CuttingProxy, cutting_proxy

pytestmark = pytest.mark.mysql_only


@pytest.fixture
def proxy(engine: Engine) -> Iterator[CuttingProxy]:
    """A cutting proxy in front of the run's server."""
    url = engine.url
    with cutting_proxy(url.host or "127.0.0.1", url.port or 3306) as running:
        yield running


@pytest.fixture
def proxied(proxy: CuttingProxy, database_url: str) -> Iterator[Engine]:
    """An engine on the run's database that talks through the proxy."""
    url = make_url(database_url).set(host="127.0.0.1", port=proxy.port)
    through = create_db_engine(url.render_as_string(hide_password=False))
    with through.connect() as warm:  # the dialect's first-connect statements go by now
        warm.execute(text("SELECT 1"))
    yield through
    through.dispose()


def _rows(uow: UnitOfWork) -> int:
    return int(uow.read(lambda s: s.scalar(select(func.count()).select_from(Transaction))))


@pytest.mark.parametrize("delivered", [True, False], ids=["committed", "not-committed"])
def test_a_send_whose_commit_answer_is_lost_moves_money_exactly_once(
    world: World, proxy: CuttingProxy, proxied: Engine, delivered: bool
) -> None:
    ada, bob = world.user("Ada", balance=1_000), world.user("Bob")
    bot = UnitOfWork(proxied, in_doubt_seconds=20)
    before = _rows(world.uow)
    proxy.cut_at_commit(deliver=delivered, refuse_for=1.0)
    started = time.monotonic()
    receipt = svc.send(
        bot, world.rules, sender=ada.id, receiver=bob.id, amount=250, reason="tea", key=new_key()
    )
    assert proxy.commits_cut == 1
    assert time.monotonic() - started >= 0.9  # it waited for the database to come back
    assert _rows(world.uow) == before + 1
    assert (world.balance(ada), world.balance(bob)) == (750, 250)
    assert receipt.amount == 250
    assert receipt.receiver_balance == 250
    # The retry found the committed work (a replay) or did it itself; either way Bob is owed
    # his notification.
    assert receipt.replayed is delivered
    assert receipt.notify_receiver


def test_a_database_that_stays_away_gives_outcome_unknown_and_the_same_key_is_safe(
    world: World, proxy: CuttingProxy, proxied: Engine
) -> None:
    ada, bob = world.user("Ada", balance=1_000), world.user("Bob")
    bot = UnitOfWork(proxied, in_doubt_seconds=0.6)
    key = new_key()
    before = _rows(world.uow)
    proxy.cut_at_commit(deliver=True, refuse_for=None)
    with pytest.raises(OutcomeUnknown) as caught:
        svc.send(bot, world.rules, sender=ada.id, receiver=bob.id, amount=300, reason=None, key=key)
    assert (caught.value.operation, caught.value.key) == ("send", key)
    assert _rows(world.uow) == before + 1  # it did happen

    proxy.restore()
    again = svc.send(
        bot, world.rules, sender=ada.id, receiver=bob.id, amount=300, reason=None, key=key
    )
    assert again.replayed
    assert again.notify_receiver  # never delivered: the replay still owes it
    assert _rows(world.uow) == before + 1
    assert (world.balance(ada), world.balance(bob)) == (700, 300)

    assert svc.notices_delivered(world.uow, key=key)
    third = svc.send(
        world.uow, world.rules, sender=ada.id, receiver=bob.id, amount=300, reason=None, key=key
    )
    assert third.replayed
    assert not third.notify_receiver
    assert not svc.notices_delivered(world.uow, key=key)


def test_a_consume_whose_commit_answer_is_lost_charges_once(
    world: World, proxy: CuttingProxy, proxied: Engine
) -> None:
    ada = world.user("Ada", balance=1_000)
    bot = UnitOfWork(proxied, in_doubt_seconds=20)
    drink = world.rules.consumables[0]
    proxy.cut_at_commit(deliver=True, refuse_for=0.5)
    receipt = svc.consume(bot, world.rules, tid=ada.tid, name=drink.name, count=2, key=new_key())
    assert receipt.count == 2
    assert world.balance(ada) == 1_000 - 2 * drink.price


@pytest.mark.parametrize("delivered", [True, False], ids=["committed", "not-committed"])
def test_a_confirm_whose_commit_answer_is_lost_moves_money_exactly_once(
    world: World, proxy: CuttingProxy, proxied: Engine, delivered: bool
) -> None:
    ada, bob = world.user("Ada", balance=1_000), world.user("Bob")
    assert ada.tid is not None
    now = datetime.now(UTC)
    pending = svc.hold_send(
        world.uow,
        token=f"doubt{int(delivered)}",
        key=new_key(),
        sender=ada.id,
        receiver=bob.id,
        amount=250,
        reason="tea",
        chat_id=-42,
        msg_id=7 + int(delivered),
        now=now,
    )
    bot = UnitOfWork(proxied, in_doubt_seconds=20)
    before = _rows(world.uow)
    proxy.cut_at_commit(deliver=delivered, refuse_for=1.0, after="pending_sends")
    press = {"token": pending.token, "presser_tid": ada.tid, "chat_id": -42}
    confirmed = svc.confirm_send(bot, world.rules, now=now, msg_id=pending.msg_id, **press)
    assert proxy.commits_cut == 1
    assert _rows(world.uow) == before + 1
    assert (world.balance(ada), world.balance(bob)) == (750, 250)
    # The retry found its own committed claim on the pending row (a replay) or made the
    # transfer itself; either way Bob has not been told yet and is owed the notice.
    assert confirmed.receipt.replayed is delivered
    assert confirmed.receipt.notify_receiver
    assert confirmed.receipt.receiver_balance == 250
    again = svc.confirm_send(world.uow, world.rules, now=now, msg_id=pending.msg_id, **press)
    assert again.receipt.replayed
    assert not again.receipt.notify_receiver
    assert _rows(world.uow) == before + 1


def test_a_confirm_whose_database_stays_away_is_unknown_and_safe_to_press_again(
    world: World, proxy: CuttingProxy, proxied: Engine
) -> None:
    ada, bob = world.user("Ada", balance=1_000), world.user("Bob")
    assert ada.tid is not None
    now = datetime.now(UTC)
    key = new_key()
    pending = svc.hold_send(
        world.uow,
        token="doubtaway",
        key=key,
        sender=ada.id,
        receiver=bob.id,
        amount=300,
        reason=None,
        chat_id=-42,
        msg_id=11,
        now=now,
    )
    bot = UnitOfWork(proxied, in_doubt_seconds=0.6)
    before = _rows(world.uow)
    proxy.cut_at_commit(deliver=True, refuse_for=None, after="pending_sends")
    press = {"token": pending.token, "presser_tid": ada.tid, "chat_id": -42, "msg_id": 11}
    with pytest.raises(OutcomeUnknown) as caught:
        svc.confirm_send(bot, world.rules, now=now, **press)
    assert (caught.value.operation, caught.value.key) == ("send", key)
    assert _rows(world.uow) == before + 1  # it did happen, and the pending row says so
    proxy.restore()
    # The press was answered "unknown", so nobody told Bob: the next press owes the notice.
    again = svc.confirm_send(bot, world.rules, now=now, owed=True, **press)
    assert again.receipt.replayed
    assert again.receipt.notify_receiver
    third = svc.confirm_send(bot, world.rules, now=now, **press)
    assert third.receipt.replayed
    assert not third.receipt.notify_receiver
    assert _rows(world.uow) == before + 1
    assert (world.balance(ada), world.balance(bob)) == (700, 300)


def test_doubtful_confirms_are_remembered_until_settled() -> None:
    doubtful = svc.DoubtfulConfirms()
    assert not doubtful.owed("tok")
    doubtful.doubted("tok")
    assert doubtful.owed("tok")
    assert not doubtful.owed("other")
    doubtful.settled("tok")
    assert not doubtful.owed("tok")
