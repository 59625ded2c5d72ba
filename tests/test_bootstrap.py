"""The container's use cases: the services with its unit of work, rules and clock bound."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from communitybot.bootstrap import Container
from communitybot.core.clock import ManualClock
from communitybot.core.economy import Actor
from communitybot.core.errors import PendingSendExpired
from communitybot.core.ids import MemberId, TelegramId
from communitybot.core.rules import CommunityRules
from communitybot.db import UnitOfWork
from communitybot.services import community
from communitybot.services.economy import permissions
from communitybot.settings import Settings

GROUP_ID = -1_001_000_000_042
RULES = CommunityRules(community_name="Hackspace", internal_chats=frozenset({GROUP_ID}))


@pytest.fixture
def container(engine: Engine, uow: UnitOfWork, clock: ManualClock) -> Container:
    community.ensure_community_user(uow, RULES)
    return Container(
        settings=Settings(telegram_token=None), engine=engine, uow=uow, rules=RULES, clock=clock
    )


def test_the_community_use_cases_apply_the_containers_rules(container: Container) -> None:
    cases = container.use_cases.community
    assert cases.rules is RULES
    member = cases.register_or_refresh(
        tid=TelegramId(1), first_name="Alice", last_name=None, username="alice", chat_id=GROUP_ID
    )
    guest = cases.register_or_refresh(
        tid=TelegramId(2), first_name="Bob", last_name=None, username="bob", chat_id=None
    )
    assert (member.external, guest.external) == (False, True)


def test_a_use_case_that_takes_a_clock_gets_the_containers(
    container: Container, uow: UnitOfWork, clock: ManualClock
) -> None:
    clock.advance(timedelta(days=40, minutes=3))
    permissions.grant_first_administrator(uow, user_id=MemberId(7))
    created = container.use_cases.economy.create_economy(
        Actor(MemberId(7)), currency_name="credits", currency_unit="cr"
    )
    assert created.created_at == clock.now()
    assert container.use_cases.economy.now() == clock.now()


def test_a_held_send_expires_by_the_containers_clock(
    container: Container, clock: ManualClock
) -> None:
    cases = container.use_cases.community
    alice = cases.register_or_refresh(
        tid=TelegramId(1), first_name="Alice", last_name=None, username="alice", chat_id=GROUP_ID
    )
    bob = cases.register_or_refresh(
        tid=TelegramId(2), first_name="Bob", last_name=None, username="bob", chat_id=GROUP_ID
    )
    cases.hold_send(
        token="Xk3_9aQe",
        key="tg:send:1:1",
        sender=alice.id,
        receiver=bob.id,
        amount=100,
        reason=None,
        chat_id=GROUP_ID,
        msg_id=5,
    )
    clock.advance(community.PENDING_SEND_TTL)
    with pytest.raises(PendingSendExpired):
        cases.confirm_send(token="Xk3_9aQe", presser_tid=TelegramId(1), chat_id=GROUP_ID, msg_id=5)


def test_replace_binds_the_use_cases_anew(container: Container, engine: Engine) -> None:
    other = UnitOfWork(engine, attempts=1)
    moved = replace(container, uow=other, rules=replace(RULES, community_name="Flat"))
    assert moved.use_cases is not container.use_cases
    assert moved.use_cases.community.rules.community_name == "Flat"
    assert container.use_cases.community.rules.community_name == "Hackspace"
