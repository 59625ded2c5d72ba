"""Fixtures of the HTTP API tests: a real uvicorn on 127.0.0.1, httpx, and keys made through the
services on the real database.

The server runs in a thread of the test process on a free port; its use cases share the test's
unit of work and manual clock, so every assertion reads the same database the API wrote.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine
from starlette.types import ASGIApp

from communitybot.api import create_app, make_server
from communitybot.bootstrap import Container
from communitybot.core.clock import ManualClock
from communitybot.core.economy import (
    Account,
    AccountType,
    Actor,
    Economy,
    IssuedKey,
    KeyType,
    Permission,
    Subject,
)
from communitybot.core.ids import EconomyId, MemberId
from communitybot.db.uow import UnitOfWork
from communitybot.services import api as api_services
from communitybot.services.economy import economies, keys, permissions
from communitybot.settings import Settings
from tests.services.economy.conftest import ADMIN, Bank
from tests.support.community import RULES, World

ALICE, BOB = Actor(MemberId(10)), Actor(MemberId(11))
MAX_BODY = 1024


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def container(engine: Engine, uow: UnitOfWork, clock: ManualClock) -> Container:
    """What ``communitybot api`` gets: MariaDB through the test unit of work, a manual clock."""
    settings = Settings(api_max_body_bytes=MAX_BODY, worker_threads=8)
    return Container(settings=settings, engine=engine, uow=uow, rules=RULES, clock=clock)


@contextmanager
def running(server: uvicorn.Server) -> Iterator[None]:
    """``server`` running in a thread of the test, until the block ends."""
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.01)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        assert not thread.is_alive()


@contextmanager
def served(app: ASGIApp) -> Iterator[str]:
    """``app`` served by a real uvicorn on 127.0.0.1 until the block ends; its base URL."""
    port = free_port()
    with running(make_server(app, host="127.0.0.1", port=port)):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def base_url(container: Container) -> Iterator[str]:
    """The API of ``container`` served by a real uvicorn on 127.0.0.1 until the test ends."""
    with served(create_app(container)) as url:
        yield url


@pytest.fixture
def http(base_url: str) -> Iterator[httpx.Client]:
    """An HTTP client of the served API."""
    with httpx.Client(base_url=base_url, timeout=30, trust_env=False) as client:
        yield client


def issue(
    uow: UnitOfWork,
    economy_id: EconomyId,
    *,
    issuer: Actor,
    key_type: KeyType = KeyType.GRANT,
    account: Account | None = None,
    limit: int | None = None,
    enable: bool = True,
    activate: bool = True,
) -> IssuedKey:
    """A key of a new application in ``economy_id`` (made by the administrator) for ``issuer``."""
    application = keys.create_application(uow, ADMIN, economy_id=economy_id, name="till")
    issued = keys.create_key(
        uow,
        ADMIN,
        application_id=application.id,
        issuer_id=issuer.user_id,
        key_type=key_type,
        account_id=None if account is None else account.id,
        spending_limit=limit,
        enable=enable,
    )
    if activate:
        keys.activate_key(uow, issuer, key_id=issued.key.id)
    return issued


def auth(issued: IssuedKey | str) -> dict[str, str]:
    """The ``Authorization`` header of a key (or of a raw token)."""
    token = issued if isinstance(issued, str) else issued.token
    return {"Authorization": f"Bearer {token}"}


@dataclass
class Shop:
    """An economy with Alice's and Bob's accounts and a shop, and keys of applications."""

    uow: UnitOfWork
    bank: Bank
    economy: Economy
    alice: Account
    bob: Account
    shop: Account
    grant: IssuedKey
    """Alice's GRANT key on her account, spending limit 5,000."""
    master: IssuedKey
    """The administrator's MASTER key of the economy."""

    def headers(self, issued: IssuedKey | None = None, **extra: str) -> dict[str, str]:
        """Alice's GRANT key (or ``issued``) and ``extra`` headers."""
        return {**auth(issued or self.grant), **extra}

    def balance(self, account: Account) -> int:
        """The balance of ``account`` now."""
        return self.bank.balance(account.id)


@pytest.fixture
def shop(uow: UnitOfWork, clock: ManualClock) -> Iterator[Shop]:
    """The economy "credits" with Alice (10,000), Bob (0) and a shop, and two keys; afterwards
    its invariants must hold (each balance its journal, the supply what was minted)."""
    permissions.grant_first_administrator(uow, user_id=ADMIN.user_id)
    economy = economies.create_economy(
        uow, ADMIN, currency_name="credits", currency_unit="cr", clock=clock
    )
    bank = Bank(uow=uow, clock=clock, economy=economy)
    alice = bank.account(ALICE.user_id, balance=10_000, name="alice")
    bob = bank.account(BOB.user_id, name="bob")
    shop = bank.account(None, name="shop", kind=AccountType.CORPORATION)
    grant = issue(uow, economy.id, issuer=ALICE, account=alice, limit=5_000)
    master = issue(uow, economy.id, issuer=ADMIN, key_type=KeyType.MASTER)
    yield Shop(uow, bank, economy, alice, bob, shop, grant, master)
    assert economies.check_economy(uow, economy_id=economy.id).ok


@pytest.fixture
def other_economy_key(uow: UnitOfWork, shop: Shop, clock: ManualClock) -> IssuedKey:
    """A MASTER key of another economy, issued by the administrator."""
    other = economies.create_economy(
        uow, ADMIN, currency_name="tokens", currency_unit="tk", clock=clock
    )
    return issue(uow, other.id, issuer=ADMIN, key_type=KeyType.MASTER)


@dataclass
class Community:
    """The community with members, and a MASTER key of its economy for a till."""

    world: World
    economy_id: EconomyId
    till: IssuedKey
    """A MASTER key of the community's economy, issued by the treasurer (VIEW_BALANCE and
    MANAGE_FUNDS granted to them in the community's economy)."""


TREASURER = Actor(MemberId(77))


@pytest.fixture
def community(uow: UnitOfWork, shop: Shop) -> Community:
    """The community user, its economy, and a till key issued by the treasurer."""
    world = World(uow)
    world.community()
    economy_id = api_services.ensure_community_economy(uow)
    permissions.set_permissions(
        uow,
        ADMIN,
        subject=Subject.user(TREASURER.user_id),
        permissions=[Permission.VIEW_BALANCE, Permission.MANAGE_FUNDS],
        economy_id=economy_id,
    )
    till = issue(uow, economy_id, issuer=TREASURER, key_type=KeyType.MASTER)
    return Community(world, economy_id, till)


Snapshot = dict[str, list[tuple[object, ...]]]
TakeSnapshot = Callable[[], Snapshot]

__all__ = [
    "ALICE",
    "BOB",
    "MAX_BODY",
    "TREASURER",
    "Community",
    "Shop",
    "auth",
    "free_port",
    "issue",
    "running",
    "served",
]
