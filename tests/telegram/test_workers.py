"""Service calls run on the adapter's own worker pool, sized from the settings."""

from __future__ import annotations

import os
import threading
from dataclasses import replace

import pytest

from communitybot.bootstrap import Container
from communitybot.core.community import UserInfo
from communitybot.devtools._session import Session
from tests.telegram.conftest import GROUP_ID


def test_every_update_handled_at_once_has_a_worker_thread(
    container: Container, monkeypatch: pytest.MonkeyPatch
) -> None:
    # one update more than Python's default pool of min(32, cpus + 4) threads would run at once
    at_once = min(32, (os.cpu_count() or 1) + 4) + 1
    settings = container.settings.model_copy(update={"telegram_concurrent_updates": at_once})
    together = threading.Barrier(at_once, timeout=10)
    busy = replace(container, settings=settings)
    real = busy.use_cases.community.community_balance

    def community_balance() -> UserInfo:
        together.wait()  # returns only once every update is in its service call at the same time
        return real()

    monkeypatch.setattr(busy.use_cases.community, "community_balance", community_balance)
    with Session(busy, concurrent_updates=at_once) as session:
        api = session.api
        group = api.add_group("Hackspace", chat_id=GROUP_ID)
        alice = api.add_user("Alice", username="alice")
        session.say(alice, group, "/start")
        sent = [api.send_text(alice, group, "/zwegat") for _ in range(at_once)]
        for injected in sent:
            session.tracker.wait_processed(injected.update_id, timeout=30)
        answers = [m.body for m in api.bot_messages(group)[1:]]
    assert answers == ["The community Hackspace holds 0.00 €."] * at_once
