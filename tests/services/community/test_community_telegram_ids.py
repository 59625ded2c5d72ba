"""Which Telegram ids the stored data names (for a fake Telegram that must not repeat them)."""

from __future__ import annotations

from datetime import UTC, datetime

from communitybot.services import community as svc
from tests.support.community import World


def test_nothing_is_named_before_anybody_came(world: World) -> None:
    used = svc.telegram_ids_in_use(world.uow, key_prefix="tg:")
    assert used == svc.TelegramIdsInUse(highest_tid=0, message_ids={}, keys=())


def test_the_highest_ids_and_the_keys_of_a_prefix(world: World) -> None:
    ada = world.user("Ada")
    bob = world.user("Bob")
    svc.consume(world.uow, world.rules, tid=ada.tid, name="drink", count=1, key="tg:msg:-100:7")
    svc.consume(world.uow, world.rules, tid=bob.tid, name="drink", count=1, key="dc:55")
    svc.consume(world.uow, world.rules, tid=bob.tid, name="drink", count=1, key="tgXmsg:-100:99")
    request = svc.request_payment(
        world.uow, world.rules, creator_tid=ada.tid, amount=500, description="tape", key="tg:m:1"
    )
    cid = request.collective.id
    for chat_id, msg_id in ((-100, 9), (-100, 4), (-200, 3)):
        svc.record_message(world.uow, collective_id=cid, chat_id=chat_id, msg_id=msg_id)
    used = svc.telegram_ids_in_use(world.uow, key_prefix="tg:")
    assert used.highest_tid == max(ada.tid, bob.tid)
    assert used.message_ids == {-100: 9, -200: 3}
    assert used.keys == ("tg:m:1", "tg:msg:-100:7")
    assert svc.telegram_ids_in_use(world.uow, key_prefix="tg_").keys == ()


def test_a_transfer_waiting_for_confirm_names_its_message_and_key(world: World) -> None:
    ada = world.user("Ada")
    bob = world.user("Bob")
    svc.hold_send(
        world.uow,
        token="t0k3n",
        key="tg:msg:-100:12",
        sender=ada.id,
        receiver=bob.id,
        amount=300,
        reason=None,
        chat_id=-100,
        msg_id=13,
        now=datetime(2026, 12, 1, tzinfo=UTC),
    )
    used = svc.telegram_ids_in_use(world.uow, key_prefix="tg:")
    assert used.message_ids == {-100: 13}
    assert used.keys == ("tg:msg:-100:12",)
