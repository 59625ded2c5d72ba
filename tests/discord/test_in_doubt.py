"""/pay whose COMMIT answer is lost: the bot retries the same interaction key, never says "failed".

The bot's database connections go through a TCP proxy on 127.0.0.1 that cuts them when the
payment's ``COMMIT`` goes by (after MariaDB carried it out) and then refuses connections; Discord
is the fake API, as everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from communitybot.bootstrap import Container
from communitybot.core.clock import ManualClock
from communitybot.db import UnitOfWork, create_db_engine
from communitybot.settings import Settings
from tests.discord.conftest import ALICE, BOB, World
from tests.support.netcut import CuttingProxy, cutting_proxy

pytestmark = pytest.mark.mysql_only


@pytest.fixture
def proxy(engine: Engine) -> Iterator[CuttingProxy]:
    """A cutting proxy in front of the run's server."""
    url = engine.url
    with cutting_proxy(url.host or "127.0.0.1", url.port or 3306) as running:
        yield running


@pytest.fixture
def container(proxy: CuttingProxy, database_url: str, clock: ManualClock) -> Iterator[Container]:
    """The bot's container, with its database reached through the proxy."""
    url = make_url(database_url).set(host="127.0.0.1", port=proxy.port)
    through = create_db_engine(url.render_as_string(hide_password=False))
    with through.connect() as warm:
        warm.execute(text("SELECT 1"))
    settings = Settings(discord_token=None)
    yield Container(
        settings=settings,
        engine=through,
        uow=UnitOfWork(through, in_doubt_seconds=0.5),
        rules=settings.community.to_rules(),
        clock=clock,
    )
    through.dispose()


def test_a_payment_whose_outcome_stays_unknown_is_not_called_failed(
    world: World, proxy: CuttingProxy
) -> None:
    proxy.cut_at_commit(deliver=True, refuse_for=None)
    answer = world.slash(ALICE, "pay", member=BOB, amount="5")
    assert proxy.commits_cut == 1
    assert answer.content == (
        "I don't know yet whether that went through: the database stopped answering while it "
        "was being saved. It has not failed, it may well have worked. Look at `/balance` in a "
        "minute before you try again: a new command would count again."
    )
    proxy.restore()
    assert (world.balance(ALICE), world.balance(BOB)) == (10_000 - 500, 500)  # it went through


def test_a_short_outage_during_the_commit_is_ridden_out(world: World, proxy: CuttingProxy) -> None:
    proxy.cut_at_commit(deliver=True, refuse_for=0.1)
    answer = world.slash(ALICE, "pay", member=BOB, amount="5")
    assert proxy.commits_cut == 1
    assert answer.content == f"<@{ALICE.id}> paid **5.00 cr** to <@{BOB.id}>."
    assert (world.balance(ALICE), world.balance(BOB)) == (10_000 - 500, 500)
