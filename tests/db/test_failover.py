"""An engine with several servers (``database_failover_urls``) moves on when the one in use is
refused (2003) or drops its connections (2013), and the retried command moves money once.

With ``--cluster`` the first server is the first node and the next one the last node; on one
server both are the same server, the first reached through a proxy that the test cuts.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from communitybot.db import UnitOfWork, create_db_engine
from communitybot.services import community as svc
from tests.support.community import World, new_key
from tests.support.netcut import closed_port, cutting_proxy

pytestmark = [pytest.mark.mysql_only, pytest.mark.cluster]


def _port_of(uow: UnitOfWork) -> int:
    return int(uow.read(lambda s: s.scalar(text("SELECT @@port"))))


def test_a_refused_server_is_passed_over(uow: UnitOfWork, node_urls: list[str]) -> None:
    dead = make_url(node_urls[0]).set(port=closed_port()).render_as_string(hide_password=False)
    engine = create_db_engine(dead, failover_urls=[node_urls[-1]])
    try:
        failing_over = UnitOfWork(engine)
        assert _port_of(failing_over) == make_url(node_urls[-1]).port
        world = World(failing_over)
        alice = world.user("Alice", balance=500)
        bob = world.user("Bob")
        svc.send(
            failing_over, world.rules, sender=alice.id, receiver=bob.id, amount=200,
            reason="x", key=new_key(),
        )  # fmt: skip
        assert World(uow).balance(bob) == 200
    finally:
        engine.dispose()


def test_lost_connections_move_to_the_next_server_and_the_key_moves_money_once(
    uow: UnitOfWork, node_urls: list[str]
) -> None:
    first = make_url(node_urls[0])
    with cutting_proxy(first.host or "127.0.0.1", first.port or 3306) as proxy:
        through_proxy = first.set(port=proxy.port).render_as_string(hide_password=False)
        engine = create_db_engine(through_proxy, failover_urls=[node_urls[-1]])
        try:
            failing_over = UnitOfWork(engine)
            world = World(failing_over)
            alice = world.user("Alice", balance=1_000)
            bob = world.user("Bob")
            assert proxy.accepted >= 1
            made = proxy.accepted

            proxy.drop()  # the server in use "dies": its connections are lost (2013)
            key = new_key()
            receipt = svc.send(
                failing_over, world.rules, sender=alice.id, receiver=bob.id, amount=300,
                reason="after the cut", key=key,
            )  # fmt: skip
            # the retry ran on the next server, and the engine stays there
            assert proxy.accepted == made
            assert _port_of(failing_over) == make_url(node_urls[-1]).port
            assert proxy.accepted == made

            replay = svc.send(
                failing_over, world.rules, sender=alice.id, receiver=bob.id, amount=300,
                reason="after the cut", key=key,
            )  # fmt: skip
            assert replay.replayed
            assert replay.transaction_id == receipt.transaction_id
            checked = World(uow)
            assert (checked.balance(alice), checked.balance(bob)) == (700, 300)
            assert svc.check_ledger(uow) == ()
        finally:
            engine.dispose()
