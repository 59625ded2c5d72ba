"""Vouching: one voucher per external, a limit per voucher, settlement when vouching ends."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import select

from communitybot.core.community import CollectiveStatus, UserInfo
from communitybot.core.errors import (
    AlreadyVouched,
    BalanceOutOfRange,
    CollectiveClosed,
    CommunityUserNotAllowed,
    DomainError,
    ExternalNotAllowed,
    InactiveUser,
    NotExternal,
    NotVouching,
    TooManyVouchees,
    UnknownUser,
)
from communitybot.core.ids import CollectiveId, TelegramId
from communitybot.core.money import MEDIUMINT_MIN
from communitybot.db.brokers import users as user_broker
from communitybot.db.models import Transaction
from communitybot.services import community as svc
from tests.conftest import Snapshot
from tests.support.community import World, assert_refused, new_key


def test_vouch_lets_an_external_take_part(world: World) -> None:
    voucher, guest = world.user("Voucher"), world.user("Guest", internal=False)
    info = svc.vouch(world.uow, world.rules, voucher_tid=voucher.tid, external="@guest")
    assert (info.external.id, info.voucher.id if info.voucher else None) == (guest.id, voucher.id)
    assert world.get(guest).voucher == voucher.id
    assert svc.get_vouch_info(world.uow, external=guest.id).voucher == voucher.summary
    assert [v.external.id for v in svc.list_vouchees(world.uow, voucher_tid=voucher.tid)] == [
        guest.id
    ]
    svc.consume(world.uow, world.rules, tid=guest.tid, name="water", key=new_key())
    assert world.balance(guest) == -50


@pytest.mark.parametrize(("balance", "moved"), [(-1234, -1234), (800, 800), (0, 0)])
def test_stop_vouching_settles_both_directions(world: World, balance: int, moved: int) -> None:
    voucher = world.user("Voucher", balance=2000)
    guest = world.user("Guest", internal=False, voucher=voucher, balance=balance)
    key = new_key()
    receipt = svc.stop_vouching(
        world.uow, world.rules, voucher_tid=voucher.tid, external=guest.id, key=key
    )
    assert receipt.settled == moved
    assert (receipt.transaction_id is None) is (moved == 0)
    assert world.balance(guest) == 0
    assert world.balance(voucher) == 2000 + balance
    assert world.get(guest).voucher is None
    reasons = world.uow.read(
        lambda s: list(
            s.scalars(select(Transaction.reason).where(Transaction.reason.like("vouch:%")))
        )
    )
    assert len(reasons) == (0 if moved == 0 else 1)
    assert all(r.startswith("vouch: Guest settled with voucher Voucher") for r in reasons)
    replay = svc.stop_vouching(
        world.uow, world.rules, voucher_tid=voucher.tid, external=guest.id, key=key
    )
    assert (replay.replayed, replay.settled, replay.transaction_id) == (
        True,
        moved,
        receipt.transaction_id,
    )
    assert world.balance(voucher) == 2000 + balance


def test_settlement_ignores_the_voucher_debt_limit(world: World) -> None:
    voucher = world.user("Voucher", balance=-4900)
    guest = world.user("Guest", internal=False, voucher=voucher, balance=-2000)
    svc.stop_vouching(
        world.uow, world.rules, voucher_tid=voucher.tid, external=guest.id, key=new_key()
    )
    assert world.balance(voucher) == -6900


def test_unvouched_external_cannot_move_money_afterwards(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    voucher = world.user("Voucher")
    guest = world.user("Guest", internal=False, voucher=voucher)
    svc.stop_vouching(
        world.uow, world.rules, voucher_tid=voucher.tid, external=guest.id, key=new_key()
    )
    assert_refused(
        snapshot,
        lambda: svc.consume(world.uow, world.rules, tid=guest.tid, name="water", key=new_key()),
        ExternalNotAllowed,
    )


Case = Callable[[World], Callable[[], object]]


def _voucher_external(w: World) -> Callable[[], object]:
    v = w.user("Voucher")
    e = w.user("Ext", internal=False, voucher=v)
    g = w.user("Guest", internal=False)
    return lambda: svc.vouch(w.uow, w.rules, voucher_tid=e.tid, external=g.id)


def _voucher_inactive(w: World) -> Callable[[], object]:
    v = w.user("Voucher", active=False)
    g = w.user("Guest", internal=False)
    return lambda: svc.vouch(w.uow, w.rules, voucher_tid=v.tid, external=g.id)


def _target_internal(w: World) -> Callable[[], object]:
    v, a = w.user("Voucher"), w.user("Ada")
    return lambda: svc.vouch(w.uow, w.rules, voucher_tid=v.tid, external=a.id)


def _target_community(w: World) -> Callable[[], object]:
    v, c = w.user("Voucher"), w.community()
    return lambda: svc.vouch(w.uow, w.rules, voucher_tid=v.tid, external=c.id)


def _already_vouched(w: World) -> Callable[[], object]:
    v, other = w.user("Voucher"), w.user("Other")
    g = w.user("Guest", internal=False, voucher=other)
    return lambda: svc.vouch(w.uow, w.rules, voucher_tid=v.tid, external=g.id)


def _too_many(w: World) -> Callable[[], object]:
    v = w.user("Voucher")
    rules = replace(w.rules, max_vouchees=2)
    w.user("G1", internal=False, voucher=v)
    w.user("G2", internal=False, voucher=v)
    g = w.user("G3", internal=False)
    return lambda: svc.vouch(w.uow, rules, voucher_tid=v.tid, external=g.id)


def _unknown_target(w: World) -> Callable[[], object]:
    v = w.user("Voucher")
    return lambda: svc.vouch(w.uow, w.rules, voucher_tid=v.tid, external="@ghost")


def _stop_not_vouching(w: World) -> Callable[[], object]:
    v, other = w.user("Voucher"), w.user("Other")
    g = w.user("Guest", internal=False, voucher=other, balance=-100)
    return lambda: svc.stop_vouching(
        w.uow, w.rules, voucher_tid=v.tid, external=g.id, key=new_key()
    )


def _stop_overflow(w: World) -> Callable[[], object]:
    v = w.user("Voucher")
    g = w.user("Guest", internal=False, voucher=v, balance=-2000)
    # the voucher sits at the bottom of the MEDIUMINT range (written by hand)
    w.fund(w.user("Filler"), -(MEDIUMINT_MIN + 1000))
    w.fund(v, MEDIUMINT_MIN + 1000)
    return lambda: svc.stop_vouching(
        w.uow, w.rules, voucher_tid=v.tid, external=g.id, key=new_key()
    )


def _stop_inactive(w: World) -> Callable[[], object]:
    v = w.user("Voucher")
    g = w.user("Guest", internal=False, voucher=v, balance=-100)
    # deactivated by hand: set_active would have settled the guest
    w.uow.run(lambda s: user_broker.set_active(s, user_id=v.id, active=False))
    return lambda: svc.stop_vouching(
        w.uow, w.rules, voucher_tid=v.tid, external=g.id, key=new_key()
    )


def _vouch_for_unvouched_by_unvouched(w: World) -> Callable[[], object]:
    e, g = w.user("Ext", internal=False), w.user("Guest", internal=False)
    return lambda: svc.vouch(w.uow, w.rules, voucher_tid=e.tid, external=g.id)


CASES: list[tuple[Case, type[DomainError]]] = [
    (_voucher_external, ExternalNotAllowed),
    (_voucher_inactive, InactiveUser),
    (_target_internal, NotExternal),
    (_target_community, CommunityUserNotAllowed),
    (_already_vouched, AlreadyVouched),
    (_too_many, TooManyVouchees),
    (_unknown_target, UnknownUser),
    (_stop_not_vouching, NotVouching),
    (_stop_overflow, BalanceOutOfRange),
    (_stop_inactive, InactiveUser),
    (_vouch_for_unvouched_by_unvouched, ExternalNotAllowed),
]


@pytest.mark.parametrize(("case", "error"), CASES, ids=[c.__name__.strip("_") for c, _ in CASES])
def test_refusals_change_nothing(
    world: World, snapshot: Callable[[], Snapshot], case: Case, error: type[DomainError]
) -> None:
    assert_refused(snapshot, case(world), error)


def test_vouch_again_names_the_current_voucher(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    v = world.user("Voucher")
    g = world.user("Guest", internal=False, voucher=v)
    refused = assert_refused(
        snapshot,
        lambda: svc.vouch(world.uow, world.rules, voucher_tid=v.tid, external=g.id),
        AlreadyVouched,
    )
    assert refused.voucher_id == v.id


def _open_communism(world: World, creator: UserInfo, amount: int = 900) -> CollectiveId:
    receipt = svc.start_communism(
        world.uow,
        world.rules,
        creator_tid=_tid(creator),
        amount=amount,
        description="kebab",
        key=new_key(),
    )
    return receipt.collective.id


def _tid(user: UserInfo) -> TelegramId:
    assert user.tid is not None
    return user.tid


def test_a_guest_losing_the_voucher_has_its_own_open_collectives_cancelled(world: World) -> None:
    voucher, member = world.user("Voucher", balance=1000), world.user("Member")
    guest = world.user("Guest", internal=False, voucher=voucher, balance=-300)
    own = _open_communism(world, guest)
    svc.join_communism(world.uow, world.rules, collective_id=own, user_tid=_tid(member))
    others = _open_communism(world, member)
    svc.join_communism(world.uow, world.rules, collective_id=others, user_tid=_tid(guest))
    key = new_key()
    receipt = svc.stop_vouching(
        world.uow, world.rules, voucher_tid=_tid(voucher), external=guest.id, key=key
    )
    assert receipt.cancelled == (own,)
    assert receipt.settled == -300
    view = svc.get_collective(world.uow, collective_id=own)
    assert view.status is CollectiveStatus.CANCELLED
    assert (world.balance(guest), world.balance(member)) == (0, 0)  # the communism moved nothing
    with pytest.raises(CollectiveClosed):
        svc.join_communism(world.uow, world.rules, collective_id=own, user_tid=_tid(voucher))
    # Someone else's communism stays open; the guest is still in it, and its creator decides.
    assert svc.get_collective(world.uow, collective_id=others).is_open
    svc.cancel_collective(world.uow, collective_id=others, actor_tid=_tid(member))
    replayed = svc.stop_vouching(
        world.uow, world.rules, voucher_tid=_tid(voucher), external=guest.id, key=key
    )
    assert (replayed.replayed, replayed.cancelled) == (True, (own,))


def test_deactivating_a_voucher_cancels_the_guests_open_collectives(world: World) -> None:
    voucher = world.user("Voucher")
    first = world.user("First", internal=False, voucher=voucher)
    second = world.user("Second", internal=False, voucher=voucher)
    firsts, seconds = _open_communism(world, first), _open_communism(world, second)
    receipt = svc.set_active(world.uow, user=voucher.id, active=False, key=new_key())
    assert {s.external.id: s.cancelled for s in receipt.settlements} == {
        first.id: (firsts,),
        second.id: (seconds,),
    }
    for cid in (firsts, seconds):
        assert svc.get_collective(world.uow, collective_id=cid).status is (
            CollectiveStatus.CANCELLED
        )
