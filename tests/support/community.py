"""Test helpers for the community ledger: a small world of users built through the services."""

from __future__ import annotations

import itertools
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import pytest
from sqlalchemy.orm import Session

from communitybot.core.community import UserInfo
from communitybot.core.ids import TelegramId
from communitybot.core.ledger import Leg
from communitybot.core.rules import CommunityRules
from communitybot.db.brokers import externals as external_broker
from communitybot.db.brokers import users as user_broker
from communitybot.db.stores import CommunityStore
from communitybot.db.uow import UnitOfWork
from communitybot.services import community as svc
from communitybot.services.ledger import move

INTERNAL_CHAT = -1001
"""The internal chat of the test community."""

OTHER_CHAT = -2002
"""A chat that is not internal."""

RULES = CommunityRules(internal_chats=frozenset({INTERNAL_CHAT}))
"""The default rules with one internal chat."""


E = TypeVar("E", bound=BaseException)


def assert_refused(
    snapshot: Callable[[], object], action: Callable[[], object], error: type[E]
) -> E:
    """Run ``action``, expect ``error``, and prove that no row of any table changed."""
    before = snapshot()
    with pytest.raises(error) as caught:
        action()
    assert snapshot() == before
    return caught.value


def run_threads(count: int, body: Callable[[int], None]) -> list[BaseException]:
    """Start ``count`` threads at the same moment; return what they raised unexpectedly."""
    barrier = threading.Barrier(count, timeout=60)
    failures: list[BaseException] = []
    lock = threading.Lock()

    def target(index: int) -> None:
        try:
            barrier.wait()
            body(index)
        except BaseException as error:  # noqa: BLE001 - collected and asserted by the caller
            with lock:
                failures.append(error)

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a worker hung"
    return failures


def race(count: int, body: Callable[[int], str]) -> list[str]:
    """Run ``body`` in ``count`` threads at once (on a cluster: on different nodes); what each
    returned, sorted."""
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(index: int) -> None:
        result = body(index)
        with lock:
            outcomes.append(result)

    assert run_threads(count, run) == []
    return sorted(outcomes)


def tid_of(user: UserInfo) -> TelegramId:
    """The Telegram id of a user made by :class:`World` (every one has one)."""
    assert user.tid is not None
    return user.tid


def make_treasurer(world: World, name: str = "Tess") -> UserInfo:
    """A new member holding the role treasurer."""
    user = world.user(name)
    assert svc.grant_role(world.uow, user=user.id, role="treasurer")
    return user


def new_key() -> str:
    """A fresh idempotency key."""
    return uuid.uuid4().hex


@dataclass
class World:
    """Users made through the real services, funded through journaled moves."""

    uow: UnitOfWork
    rules: CommunityRules = RULES
    _tids: itertools.count[int] = field(default_factory=lambda: itertools.count(1000))

    def community(self) -> UserInfo:
        """The community user (created on first use)."""
        return svc.ensure_community_user(self.uow, self.rules)

    def user(
        self,
        name: str,
        *,
        internal: bool = True,
        permission: bool = False,
        voucher: UserInfo | None = None,
        active: bool = True,
        username: str | None = None,
        balance: int = 0,
    ) -> UserInfo:
        """Register a user like ``/start`` does, then set flags, voucher and balance."""
        tid = TelegramId(next(self._tids))
        user = svc.register_or_refresh(
            self.uow,
            self.rules,
            tid=tid,
            first_name=name,
            last_name=None,
            username=username if username is not None else name.lower(),
            chat_id=INTERNAL_CHAT if internal else OTHER_CHAT,
        )

        def adjust(session: Session) -> None:
            if permission:
                user_broker.set_permission(session, user_id=user.id, permission=True)
            if voucher is not None:
                external_broker.set_voucher(session, user_id=user.id, voucher=voucher.id)
            if not active:
                user_broker.set_active(session, user_id=user.id, active=False)

        self.uow.run(adjust)
        if balance:
            self.fund(user, balance)
        return self.get(user)

    def fund(self, user: UserInfo, amount: int) -> None:
        """Give (negative ``amount``: take) money through the journal, from the community."""
        community = self.community()

        sender, receiver = (community.id, user.id) if amount > 0 else (user.id, community.id)
        leg = Leg(sender, receiver, abs(amount), "test: fund")
        self.uow.run(lambda session: move(CommunityStore(session), [leg]))

    def get(self, user: UserInfo) -> UserInfo:
        """The user as stored now."""
        return self.uow.read(lambda session: user_broker.get_user(session, user_id=user.id))

    def balance(self, user: UserInfo) -> int:
        """The user's balance now."""
        return self.get(user).balance


__all__ = [
    "INTERNAL_CHAT",
    "OTHER_CHAT",
    "RULES",
    "World",
    "assert_refused",
    "make_treasurer",
    "new_key",
    "race",
    "run_threads",
    "tid_of",
]
