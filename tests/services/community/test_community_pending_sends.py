"""Pending transfers in the database: only the sender confirms, once, until they expire."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from sqlalchemy import func, select

from communitybot.core.community import PendingTransfer, UserInfo
from communitybot.core.errors import (
    InsufficientBalance,
    NotPendingSendOwner,
    PendingSendExpired,
    UnknownPendingSend,
)
from communitybot.core.ids import TelegramId
from communitybot.core.notices import NoticeKind
from communitybot.db.models import PendingSend
from communitybot.services import community as svc
from tests.conftest import Snapshot
from tests.support.community import World, assert_refused, run_threads

CHAT = -1001
NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
_messages = count(1)


def _hold(
    world: World,
    sender: UserInfo,
    receiver: UserInfo,
    amount: int,
    *,
    token: str | None = None,
    now: datetime = NOW,
    sweep: bool = True,
) -> PendingTransfer:
    msg_id = next(_messages)
    return svc.hold_send(
        world.uow,
        token=token or f"tok{msg_id:09d}",
        key=f"test:send:{msg_id}",
        sender=sender.id if sweep else sender,  # without sweep: the users the preview read
        receiver=receiver.id if sweep else receiver,
        amount=amount,
        reason="beer",
        chat_id=CHAT,
        msg_id=msg_id,
        now=now,
        sweep=sweep,
    )


def _tid(user: UserInfo) -> TelegramId:
    assert user.tid is not None
    return user.tid


def _confirm(
    world: World, pending: PendingTransfer, presser: UserInfo, *, now: datetime = NOW
) -> object:
    return svc.confirm_send(
        world.uow,
        world.rules,
        token=pending.token,
        presser_tid=_tid(presser),
        chat_id=pending.chat_id,
        msg_id=pending.msg_id,
        now=now,
    )


def _waiting(world: World) -> int:
    return world.uow.read(
        lambda session: session.scalar(select(func.count()).select_from(PendingSend)) or 0
    )


def test_a_held_send_is_confirmed_by_its_sender_once(world: World) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    pending = _hold(world, alice, bob, 250)
    assert (pending.sender.id, pending.receiver_tid, pending.amount) == (alice.id, bob.tid, 250)
    assert pending.expires == NOW + svc.PENDING_SEND_TTL
    confirmed = svc.confirm_send(
        world.uow,
        world.rules,
        token=pending.token,
        presser_tid=_tid(alice),
        chat_id=CHAT,
        msg_id=pending.msg_id,
        now=NOW + timedelta(minutes=59),
    )
    assert confirmed.receipt.replayed is False
    assert confirmed.receipt.reason == "send: beer"
    assert (world.balance(alice), world.balance(bob)) == (-250, 250)
    assert _waiting(world) == 0
    with pytest.raises(UnknownPendingSend):
        _confirm(world, pending, alice)
    assert world.balance(bob) == 250


def test_two_confirms_at_once_move_money_once(world: World) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    pending = _hold(world, alice, bob, 100)

    def press(_: int) -> None:
        with contextlib.suppress(UnknownPendingSend):  # another press finished first
            _confirm(world, pending, alice)

    assert run_threads(4, press) == []
    assert world.balance(bob) == 100
    assert _waiting(world) == 0


def test_only_the_sender_may_press_even_after_expiry(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    alice, bob, carol = world.user("Alice"), world.user("Bob"), world.user("Carol")
    pending = _hold(world, alice, bob, 100)
    late = NOW + svc.PENDING_SEND_TTL
    for presser, when in ((bob, NOW), (carol, NOW), (bob, late)):
        confirm = functools.partial(_confirm, world, pending, presser, now=when)
        refused = assert_refused(snapshot, confirm, NotPendingSendOwner)
        assert refused.user_id == alice.id
        abort = functools.partial(
            svc.abort_send,
            world.uow,
            token=pending.token,
            presser_tid=_tid(presser),
            chat_id=CHAT,
            msg_id=pending.msg_id,
            now=when,
        )
        assert_refused(snapshot, abort, NotPendingSendOwner)
    assert_refused(snapshot, lambda: _confirm(world, pending, alice, now=late), PendingSendExpired)
    assert world.balance(bob) == 0


def test_a_press_counts_only_on_the_message_of_its_token(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    first, second = _hold(world, alice, bob, 100), _hold(world, alice, bob, 200)
    theirs = _hold(world, bob, alice, 300)
    presses = [
        (first.token, second.msg_id, alice, UnknownPendingSend),
        ("forgedtoken1", first.msg_id, alice, UnknownPendingSend),
        (first.token, 999_999, alice, UnknownPendingSend),
        (first.token, theirs.msg_id, alice, NotPendingSendOwner),
    ]
    for token, msg_id, presser, error in presses:
        confirm = functools.partial(
            svc.confirm_send,
            world.uow,
            world.rules,
            token=token,
            presser_tid=_tid(presser),
            chat_id=CHAT,
            msg_id=msg_id,
            now=NOW,
        )
        assert_refused(snapshot, confirm, error)
    assert _waiting(world) == 3


def test_a_refused_confirm_forgets_the_pending_send(world: World) -> None:
    alice, bob = world.user("Alice", balance=-4900), world.user("Bob")
    pending = _hold(world, alice, bob, 200)
    with pytest.raises(InsufficientBalance):
        _confirm(world, pending, alice)
    assert _waiting(world) == 0
    world.fund(alice, 5000)
    with pytest.raises(UnknownPendingSend):
        _confirm(world, pending, alice)
    assert world.balance(bob) == 0


def test_abort_forgets_and_moves_nothing(world: World) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    pending = _hold(world, alice, bob, 100)
    aborted = svc.abort_send(
        world.uow,
        token=pending.token,
        presser_tid=_tid(alice),
        chat_id=CHAT,
        msg_id=pending.msg_id,
        now=NOW,
    )
    assert aborted.token == pending.token
    assert _waiting(world) == 0
    with pytest.raises(UnknownPendingSend):
        _confirm(world, pending, alice)
    assert (world.balance(alice), world.balance(bob)) == (0, 0)


def test_holding_a_send_cleans_up_the_expired_ones(world: World) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    _hold(world, alice, bob, 100, now=NOW)
    kept = _hold(world, alice, bob, 200, now=NOW + timedelta(minutes=30))
    assert _waiting(world) == 2
    _hold(world, alice, bob, 300, now=NOW + svc.PENDING_SEND_TTL)
    assert _waiting(world) == 2
    _confirm(world, kept, alice, now=NOW + svc.PENDING_SEND_TTL)
    assert world.balance(bob) == 200


def test_a_confirmed_send_reads_the_receivers_opt_out_with_the_pending_transfer(
    world: World,
) -> None:
    alice, bob = world.user("Alice", balance=500), world.user("Bob")
    told = svc.confirm_send(
        world.uow,
        world.rules,
        token=(first := _hold(world, alice, bob, 100)).token,
        presser_tid=_tid(alice),
        chat_id=first.chat_id,
        msg_id=first.msg_id,
        now=NOW,
    )
    assert told.pending.receiver_muted is False
    assert told.receipt.notify_receiver
    svc.set_notice(world.uow, tid=_tid(bob), kind=NoticeKind.RECEIVED, enabled=False)
    second = _hold(world, alice, bob, 100)
    quiet = svc.confirm_send(
        world.uow,
        world.rules,
        token=second.token,
        presser_tid=_tid(alice),
        chat_id=second.chat_id,
        msg_id=second.msg_id,
        now=NOW,
    )
    assert quiet.pending.receiver_muted is True
    assert not quiet.receipt.notify_receiver
    assert world.balance(bob) == 200


def test_a_hold_without_sweep_leaves_the_expired_to_the_next_confirm(world: World) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    _hold(world, alice, bob, 100, now=NOW)
    late = NOW + svc.PENDING_SEND_TTL
    kept = _hold(world, alice, bob, 200, now=late, sweep=False)
    assert _waiting(world) == 2
    _confirm(world, kept, alice, now=late)
    assert _waiting(world) == 0  # the expired one went with it
    assert (world.balance(alice), world.balance(bob)) == (-200, 200)


def test_the_sweep_schedule_sweeps_when_a_held_transfer_may_have_expired() -> None:
    schedule = svc.SweepSchedule()
    hour = svc.PENDING_SEND_TTL
    assert schedule.due(NOW)  # the first hold: rows of an earlier run may wait
    assert not schedule.due(NOW)
    schedule.held("a", NOW + hour)
    schedule.held("b", NOW + 2 * hour)
    schedule.held("c", NOW + 3 * hour)
    assert not schedule.due(NOW + hour - timedelta(seconds=1))
    assert schedule.due(NOW + hour)  # "a" may have expired
    assert not schedule.due(NOW + hour)
    schedule.forgotten("b")  # confirmed or aborted: never waits for a sweep
    assert not schedule.due(NOW + 2 * hour)
    schedule.forgotten("x", swept=NOW + 3 * hour)  # a Confirm forgot "c" with its own row
    assert not schedule.due(NOW + 4 * hour)
