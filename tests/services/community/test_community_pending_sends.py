"""Pending transfers in the database: only the sender confirms, once, until they expire."""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from sqlalchemy import Engine, event, func, select, text

from communitybot.core.community import ConfirmedSend, PendingTransfer, UserInfo
from communitybot.core.errors import (
    InsufficientBalance,
    NotPendingSendOwner,
    PendingSendExpired,
    UnknownPendingSend,
)
from communitybot.core.ids import TelegramId
from communitybot.core.notices import NoticeKind
from communitybot.db.brokers.pending_sends import _LOCK_PRESSED, CONFIRMED_KEPT
from communitybot.db.models import PendingSend, Transaction
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


def _deliver_again(
    world: World, first: PendingTransfer, *, token: str, now: datetime = NOW
) -> PendingTransfer:
    """The summary of the ``/send`` of ``first`` delivered again by Telegram: same key."""
    return svc.hold_send(
        world.uow,
        token=token,
        key=first.key,
        sender=first.sender.id,
        receiver=first.receiver.id,
        amount=first.amount,
        reason=first.reason,
        chat_id=CHAT,
        msg_id=next(_messages),
        now=now,
    )


def _tid(user: UserInfo) -> TelegramId:
    assert user.tid is not None
    return user.tid


def _confirm(
    world: World, pending: PendingTransfer, presser: UserInfo, *, now: datetime = NOW
) -> ConfirmedSend:
    return svc.confirm_send(
        world.uow,
        world.rules,
        token=pending.token,
        presser_tid=_tid(presser),
        chat_id=pending.chat_id,
        msg_id=pending.msg_id,
        now=now,
    )


def _abort(
    world: World, pending: PendingTransfer, presser: UserInfo, *, now: datetime = NOW
) -> PendingTransfer:
    return svc.abort_send(
        world.uow,
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


def _made(world: World, pending: PendingTransfer) -> int | None:
    """The journal row recorded on the pending transfer (``None``: not confirmed)."""
    return world.uow.read(
        lambda session: session.scalar(
            select(PendingSend.transaction_id).where(PendingSend.token == pending.token)
        )
    )


def _journal(world: World) -> int:
    return world.uow.read(
        lambda session: session.scalar(select(func.count()).select_from(Transaction)) or 0
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
    assert confirmed.receipt.notify_receiver
    assert (world.balance(alice), world.balance(bob)) == (-250, 250)
    # The row stays as the Confirm's record, naming the journal row, until it expires.
    assert _waiting(world) == 1
    assert _made(world, pending) == confirmed.receipt.transaction_id
    again = _confirm(world, pending, alice)
    assert again.receipt.replayed is True
    assert again.receipt.transaction_id == confirmed.receipt.transaction_id
    assert (again.receipt.amount, again.receipt.reason) == (250, "send: beer")
    assert (again.receipt.sender_balance, again.receipt.receiver_balance) == (-250, 250)
    assert not again.receipt.notify_receiver  # the first Confirm told the receiver
    assert (world.balance(alice), world.balance(bob)) == (-250, 250)
    assert _journal(world) == 1


def test_a_replayed_confirm_changes_no_row(world: World, snapshot: Callable[[], Snapshot]) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    pending = _hold(world, alice, bob, 250)
    _confirm(world, pending, alice)
    before = snapshot()
    assert _confirm(world, pending, alice).receipt.replayed
    assert snapshot() == before


def test_a_confirm_is_one_locking_read_one_insert_one_update_and_the_commit(
    world: World, engine: Engine
) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    pending = _hold(world, alice, bob, 250)
    seen: list[str] = []
    commits: list[object] = []

    def record(*args: object) -> None:
        seen.append(" ".join(str(args[2]).split()))

    def committed(connection: object) -> None:
        commits.append(connection)

    event.listen(engine, "before_cursor_execute", record)
    event.listen(engine, "commit", committed)
    try:
        _confirm(world, pending, alice)
    finally:
        event.remove(engine, "before_cursor_execute", record)
        event.remove(engine, "commit", committed)
    seen = [statement for statement in seen if not statement.startswith("BEGIN")]  # SQLite
    kinds = [statement.split()[0] for statement in seen]
    assert len(commits) == 1
    if engine.dialect.name == "sqlite":  # no multi-table UPDATE: the claim is a statement
        assert kinds == ["SELECT", "INSERT", "UPDATE", "UPDATE"], seen
        assert seen[2].startswith("UPDATE pending_sends SET transaction_id")
    else:
        assert kinds == ["SELECT", "INSERT", "UPDATE"], seen
        assert seen[0].endswith("FOR UPDATE")
        # Both balances and the claim of the pending transfer in one statement.
        assert seen[2].startswith("UPDATE users, pending_sends SET"), seen[2]
    assert world.balance(bob) == 250


@pytest.mark.cluster
def test_two_confirms_at_once_move_money_once(world: World) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    pending = _hold(world, alice, bob, 100)
    receipts: list[ConfirmedSend] = []

    def press(_: int) -> None:
        receipts.append(_confirm(world, pending, alice))  # a press that waited replays

    assert run_threads(4, press) == []
    assert sorted(r.receipt.replayed for r in receipts) == [False, True, True, True]
    assert len({r.receipt.transaction_id for r in receipts}) == 1
    assert [r.receipt.notify_receiver for r in receipts if r.receipt.replayed] == [False] * 3
    assert world.balance(bob) == 100
    assert _journal(world) == 1
    assert _made(world, pending) == receipts[0].receipt.transaction_id


@pytest.mark.mysql_only
def test_a_confirm_locks_both_users_in_ascending_id_and_a_second_press_waits(
    world: World, engine: Engine
) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    low, high = sorted((alice.id, bob.id))
    pending = _hold(world, bob if bob.id == high else alice, alice if bob.id == high else bob, 100)
    sender = bob if bob.id == high else alice  # the sender has the higher id: order by id
    lock = "SELECT id FROM users WHERE id = :id FOR UPDATE"
    nowait = "SELECT id FROM users WHERE id = :id FOR UPDATE NOWAIT"
    done: list[ConfirmedSend] = []
    with engine.connect() as holder, engine.connect() as probe:
        holder.execute(text(lock), {"id": high})  # the Confirm gets the low id, then waits
        press = threading.Thread(target=lambda: done.append(_confirm(world, pending, sender)))
        press.start()
        deadline = time.monotonic() + 10
        while True:
            probe.rollback()
            try:
                probe.execute(text(nowait), {"id": low})
            except Exception:  # noqa: BLE001 - locked: the Confirm holds it
                break
            assert time.monotonic() < deadline, "the Confirm never locked the lower id"
            time.sleep(0.05)
        probe.rollback()
        assert done == []  # it waits for the higher id, which it did not take first
        # A second press on the same message waits on the pending row and both users...
        second: list[ConfirmedSend] = []
        waiting = threading.Thread(target=lambda: second.append(_confirm(world, pending, sender)))
        waiting.start()
        time.sleep(0.3)
        assert second == []
        holder.rollback()
        press.join(30)
        waiting.join(30)
    # ...and then reads the first one's record: money moved once.
    assert [c.receipt.replayed for c in done + second] == [False, True]
    assert _journal(world) == 1
    assert world.balance(sender) == -100


@pytest.mark.mysql_only
def test_the_locking_read_finds_the_pending_row_by_its_message_and_users_by_key(
    world: World, engine: Engine
) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    pending = _hold(world, alice, bob, 100)
    compiled = _LOCK_PRESSED.compile(dialect=engine.dialect)
    params = compiled.construct_params({"chat_id": CHAT, "msg_id": pending.msg_id})
    values = {name: getattr(value, "value", value) for name, value in params.items()}
    with engine.connect() as connection:
        raw = connection.exec_driver_sql("EXPLAIN " + str(compiled), values).mappings()
        plan = {str(row["table"]): row for row in raw if row["select_type"] == "PRIMARY"}
    assert plan["pending_sends"]["type"] == "const"  # read (and locked) first, by its message
    assert plan["users"]["key"] == "PRIMARY"  # the users by id, ascending: no sort step
    assert "filesort" not in str(plan["users"]["Extra"] or "")


def test_a_command_delivered_twice_is_confirmed_once(world: World) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    first = _hold(world, alice, bob, 100)
    # Telegram delivered the /send again: a second summary, same key
    again = _deliver_again(world, first, token="redelivered1")
    made = _confirm(world, first, alice)
    replayed = _confirm(world, again, alice)
    assert replayed.receipt.replayed
    assert replayed.receipt.transaction_id == made.receipt.transaction_id
    assert world.balance(bob) == 100
    assert _journal(world) == 1


def test_a_command_delivered_again_after_its_confirm_replays_for_a_day(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    first = _hold(world, alice, bob, 100)
    made = _confirm(world, first, alice)
    late = NOW + CONFIRMED_KEPT - timedelta(minutes=1)  # the bot was down most of a day
    # Telegram delivered the /send again, after the Confirm: a new summary, same key
    again = _deliver_again(world, first, token="redelivered2", now=late)
    before = snapshot()
    replayed = _confirm(world, again, alice, now=late)
    assert snapshot() == before  # no money moved, the new summary's row is not marked
    assert replayed.receipt.replayed
    assert replayed.receipt.transaction_id == made.receipt.transaction_id
    assert not replayed.receipt.notify_receiver
    assert (world.balance(alice), world.balance(bob), _journal(world)) == (-100, 100, 1)


@pytest.mark.cluster
def test_two_summaries_of_one_command_confirmed_at_once_move_money_once(world: World) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    first = _hold(world, alice, bob, 100)
    held = [first]
    for token in ("twice0000001", "twice0000002"):  # the /send delivered three times
        again = _deliver_again(world, first, token=token)
        held.append(again)
    receipts: list[ConfirmedSend] = []

    def press(index: int) -> None:
        receipts.append(_confirm(world, held[index % 3], alice))

    assert run_threads(6, press) == []
    assert sorted(r.receipt.replayed for r in receipts) == [False] + [True] * 5
    assert len({r.receipt.transaction_id for r in receipts}) == 1
    assert {_made(world, p) for p in held} == {receipts[0].receipt.transaction_id}
    assert world.balance(bob) == 100
    assert _journal(world) == 1


def test_a_confirmed_send_cannot_be_aborted_and_expires(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    pending = _hold(world, alice, bob, 100)
    _confirm(world, pending, alice)
    assert_refused(snapshot, lambda: _abort(world, pending, alice), UnknownPendingSend)
    late = NOW + svc.PENDING_SEND_TTL
    assert_refused(snapshot, lambda: _confirm(world, pending, bob, now=late), NotPendingSendOwner)
    assert_refused(snapshot, lambda: _confirm(world, pending, alice, now=late), PendingSendExpired)
    assert world.balance(bob) == 100
    _hold(world, alice, bob, 50, now=late)  # expired, but kept as the Confirm's record
    assert _made(world, pending) is not None
    assert _waiting(world) == 2
    _hold(world, alice, bob, 50, now=NOW + CONFIRMED_KEPT)  # then the sweep deletes it
    assert _made(world, pending) is None
    assert _waiting(world) == 1  # the last hold; the other waiting one had expired too


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
        abort = functools.partial(_abort, world, pending, presser, now=when)
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
    aborted = _abort(world, pending, alice)
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


def test_a_hold_without_sweep_leaves_the_expired_to_the_next_sweep(world: World) -> None:
    alice, bob = world.user("Alice"), world.user("Bob")
    _hold(world, alice, bob, 100, now=NOW)
    late = NOW + svc.PENDING_SEND_TTL
    kept = _hold(world, alice, bob, 200, now=late, sweep=False)
    assert _waiting(world) == 2
    _confirm(world, kept, alice, now=late)
    assert _waiting(world) == 2  # a Confirm deletes nothing: the confirmed row is its record
    _hold(world, alice, bob, 300, now=late + timedelta(minutes=1))  # sweeps the expired one
    assert _waiting(world) == 2
    assert _made(world, kept) is not None
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
    schedule.forgotten("x", swept=NOW + 3 * hour)  # "c" was forgotten with "x"
    assert not schedule.due(NOW + 4 * hour)


def test_the_sweep_schedule_keeps_sweeps_apart() -> None:
    schedule = svc.SweepSchedule(every=timedelta(minutes=5))
    hour = svc.PENDING_SEND_TTL
    assert schedule.due(NOW)
    schedule.held("a", NOW + timedelta(seconds=1))  # confirmed: its row stays until it expires
    schedule.held("b", NOW + timedelta(minutes=2))
    assert not schedule.due(NOW + timedelta(minutes=4))  # both expired, the last sweep too near
    assert schedule.due(NOW + timedelta(minutes=5))
    schedule.held("c", NOW + timedelta(minutes=6))
    assert not schedule.due(NOW + timedelta(minutes=7))
    assert schedule.due(NOW + timedelta(minutes=10))
    assert not schedule.due(NOW + hour)  # nothing waits
