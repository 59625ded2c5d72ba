"""Fixtures of the community ledger service tests (on the real database, see tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from communitybot.db.uow import UnitOfWork
from communitybot.services import community as svc
from tests.support.community import World


@pytest.fixture
def world(uow: UnitOfWork) -> Iterator[World]:
    """A world with the community user; afterwards the ledger must be consistent."""
    world = World(uow)
    world.community()
    yield world
    assert svc.check_ledger(uow) == ()
