"""End-to-end fixtures: the real bot over HTTP against the fake Bot API, data in MariaDB."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine

from communitybot.bootstrap import Container
from communitybot.core.clock import ManualClock
from communitybot.core.community import UserInfo
from communitybot.core.ids import TelegramId
from communitybot.core.rules import CommunityRules
from communitybot.db import UnitOfWork
from communitybot.devtools import Session, SimChat, SimUser
from communitybot.services import community as services
from communitybot.settings import Settings

GROUP_ID = -1_001_234_567_890
"""The internal group chat: whoever registers there becomes an internal member."""

RULES = CommunityRules(
    community_name="Hackspace",
    internal_chats=frozenset({GROUP_ID}),
    payment_consent=2,
    payment_denial=2,
)


@dataclass
class World:
    """A running bot with a group chat and a few simulated people."""

    session: Session
    uow: UnitOfWork
    group: SimChat
    alice: SimUser
    bob: SimUser
    carol: SimUser
    dave: SimUser
    eve: SimUser

    def private(self, user: SimUser) -> SimChat:
        """The private chat of ``user`` with the bot."""
        return self.session.api.private_chat(user)

    def db_user(self, user: SimUser) -> UserInfo:
        """The stored user of a simulated person."""
        found = services.find_user(self.uow, tid=TelegramId(user.id))
        assert found is not None, f"{user.first_name} is not registered"
        return found

    def balance(self, user: SimUser) -> int:
        """The stored balance of a simulated person."""
        return self.db_user(user).balance

    def register(self, *users: SimUser, chat: SimChat | None = None) -> None:
        """``/start`` for each user (in the group unless told otherwise)."""
        for user in users:
            exchange = self.session.say(user, chat or self.group, "/start")
            assert exchange.sent, f"no answer to /start of {user.first_name}"

    def grant_vote(self, *users: SimUser) -> None:
        """Give the vote permission (the admin CLI's job)."""
        for user in users:
            services.set_vote_permission(self.uow, user=self.db_user(user).id, allowed=True)


@pytest.fixture(autouse=True)
def _timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opt in to PTB's coming ``RetryAfter.retry_after`` type.

    Without it, PTB warns (deprecation) while building the error of a 429 answer, and the test
    run turns that warning into an exception that a real bot never sees. The bot does not read
    ``retry_after``.
    """
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
def container(engine: Engine, uow: UnitOfWork, request: pytest.FixtureRequest) -> Container:
    """The container the bot gets: MariaDB through the test unit of work, the test rules.

    Other rules come in by indirect parametrization: ``parametrize("container", [rules],
    indirect=True)``.
    """
    rules: CommunityRules = getattr(request, "param", RULES)
    settings = Settings(telegram_token=None, locale="en")
    services.ensure_community_user(uow, rules)
    return Container(settings=settings, engine=engine, uow=uow, rules=rules, clock=ManualClock())


@pytest.fixture
def session(container: Container) -> Iterator[Session]:
    """The fake Telegram and the real bot, running."""
    with Session(container) as running:
        yield running


@pytest.fixture
def world(session: Session, uow: UnitOfWork) -> World:
    """A group chat (internal) and five people; nobody registered yet."""
    api = session.api
    group = api.add_group("Hackspace", chat_id=GROUP_ID)
    return World(
        session=session,
        uow=uow,
        group=group,
        alice=api.add_user("Alice", last_name="Liddell", username="alice"),
        bob=api.add_user("Bob", username="bob"),
        carol=api.add_user("Carol", username="carol", language_code="de"),
        dave=api.add_user("Dave", username="dave"),
        eve=api.add_user("Eve"),
    )
