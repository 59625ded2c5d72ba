"""python-telegram-bot forgets the chats and users it saw (no id kept per person for ever)."""

from __future__ import annotations

from typing import Any

from communitybot.telegram import ForgetfulPersistence
from tests.telegram.conftest import GROUP_ID, World


def test_every_chat_and_user_seen_is_handed_over_once_and_forgotten(world: World) -> None:
    session = world.session
    application = session.application
    assert application is not None
    persistence = application.persistence
    assert isinstance(persistence, ForgetfulPersistence)
    users: list[int] = []
    chats: list[int] = []

    async def user_seen(user_id: int, data: Any) -> None:
        users.append(user_id)
        await ForgetfulPersistence.update_user_data(persistence, user_id, data)

    async def chat_seen(chat_id: int, data: Any) -> None:
        chats.append(chat_id)
        await ForgetfulPersistence.update_chat_data(persistence, chat_id, data)

    persistence.update_user_data = user_seen  # type: ignore[method-assign]
    persistence.update_chat_data = chat_seen  # type: ignore[method-assign]
    world.register(world.alice, world.bob)
    assert session.say(world.alice, world.private(world.alice), "/balance").sent

    def forget() -> None:
        assert session._thread is not None
        session._thread.call(application.update_persistence(), timeout=10)

    forget()
    assert sorted(users) == sorted([world.alice.id, world.bob.id])
    assert sorted(chats) == sorted([GROUP_ID, world.alice.id])
    assert dict(application.user_data) == {}
    assert dict(application.chat_data) == {}
    users.clear()
    chats.clear()
    forget()  # nobody wrote since: nothing is marked any more
    assert users == []
    assert chats == []
    assert dict(application.user_data) == {}
    assert dict(application.chat_data) == {}
