"""Notices owed by movements: who gets which, opt-outs, and replays of the same key that hand
them out again until their delivery is confirmed."""

from __future__ import annotations

from communitybot.core.community import UserInfo
from communitybot.core.notices import NoticeKind
from communitybot.services import community as svc
from tests.support.community import World, new_key


def _request(world: World, creator: UserInfo, amount: int) -> int:
    receipt = svc.request_payment(
        world.uow,
        world.rules,
        creator_tid=creator.tid,
        amount=amount,
        description="soap",
        key=new_key(),
    )
    return receipt.collective.id


def test_a_deciding_vote_owes_the_requester_a_notice_until_delivered(world: World) -> None:
    creator = world.user("Creator")
    bob, carol = world.user("Bob", permission=True), world.user("Carol", permission=True)
    cid = _request(world, creator, 700)
    first = svc.vote(
        world.uow, world.rules, collective_id=cid, voter_tid=bob.tid, approve=True, key=new_key()
    )
    assert first.notices == ()
    key = new_key()
    paid = svc.vote(
        world.uow, world.rules, collective_id=cid, voter_tid=carol.tid, approve=True, key=key
    )
    [notice] = paid.notices
    assert (notice.kind, notice.event, notice.recipient.id, notice.tid) == (
        NoticeKind.PAYMENT,
        "paid",
        creator.id,
        creator.tid,
    )
    assert (notice.amount, notice.balance, notice.subject) == (700, 700, "soap")
    again = svc.vote(
        world.uow, world.rules, collective_id=cid, voter_tid=carol.tid, approve=True, key=key
    )
    assert again.replayed
    assert again.notices == paid.notices
    assert svc.notices_delivered(world.uow, key=key)
    assert not svc.notices_delivered(world.uow, key=key)
    late = svc.vote(
        world.uow, world.rules, collective_id=cid, voter_tid=carol.tid, approve=True, key=key
    )
    assert late.replayed
    assert late.notices == ()
    assert world.balance(creator) == 700


def test_a_denial_is_owed_too_and_an_opt_out_owes_nothing(world: World) -> None:
    creator = world.user("Creator")
    bob, carol = world.user("Bob", permission=True), world.user("Carol", permission=True)
    cid = _request(world, creator, 300)
    svc.vote(
        world.uow, world.rules, collective_id=cid, voter_tid=bob.tid, approve=False, key=new_key()
    )
    [denied] = svc.vote(
        world.uow, world.rules, collective_id=cid, voter_tid=carol.tid, approve=False, key=new_key()
    ).notices
    assert (denied.event, denied.amount, denied.balance) == ("denied", 300, 0)
    svc.set_notice(world.uow, tid=creator.tid, kind=NoticeKind.PAYMENT, enabled=False)
    other = _request(world, creator, 400)
    svc.vote(
        world.uow, world.rules, collective_id=other, voter_tid=bob.tid, approve=True, key=new_key()
    )
    key = new_key()
    quiet = svc.vote(
        world.uow, world.rules, collective_id=other, voter_tid=carol.tid, approve=True, key=key
    )
    assert quiet.decided
    assert quiet.notices == ()
    assert not svc.notices_delivered(world.uow, key=key)  # nothing was owed
    assert world.balance(creator) == 400


def test_a_settled_communism_owes_each_payer_its_share(world: World) -> None:
    creator, ada, bob = world.user("Creator"), world.user("Ada"), world.user("Bob")
    started = svc.start_communism(
        world.uow,
        world.rules,
        creator_tid=creator.tid,
        amount=1001,
        description="pizza",
        key=new_key(),
    ).collective
    for member in (ada, bob):
        svc.join_communism(world.uow, world.rules, collective_id=started.id, user_tid=member.tid)
    svc.set_notice(world.uow, tid=bob.tid, kind=NoticeKind.COMMUNISM, enabled=False)
    key = new_key()
    settled = svc.accept_communism(
        world.uow, world.rules, collective_id=started.id, actor_tid=creator.tid, key=key
    )
    [notice] = settled.notices
    assert (notice.recipient.id, notice.amount, notice.balance) == (ada.id, 334, -334)
    assert (notice.counterpart, notice.subject) == (settled.collective.creator, "pizza")
    replay = svc.accept_communism(
        world.uow, world.rules, collective_id=started.id, actor_tid=creator.tid, key=key
    )
    assert replay.replayed
    assert replay.notices == settled.notices
    svc.notices_delivered(world.uow, key=key)
    done = svc.accept_communism(
        world.uow, world.rules, collective_id=started.id, actor_tid=creator.tid, key=key
    )
    assert done.notices == ()


def test_ending_a_vouch_tells_the_external_not_the_voucher(world: World) -> None:
    voucher = world.user("Voucher")
    guest = world.user("Guest", internal=False, voucher=voucher)
    svc.consume(world.uow, world.rules, tid=guest.tid, name="pizza", count=1, key=new_key())
    key = new_key()
    ended = svc.stop_vouching(
        world.uow, world.rules, voucher_tid=voucher.tid, external=guest.id, key=key
    )
    [notice] = ended.notices
    assert (notice.kind, notice.event, notice.recipient.id) == (
        NoticeKind.VOUCH,
        "settled_in",
        guest.id,
    )
    assert (notice.amount, notice.balance, notice.counterpart) == (200, 0, ended.voucher)
    again = svc.stop_vouching(
        world.uow, world.rules, voucher_tid=voucher.tid, external=guest.id, key=key
    )
    assert again.replayed
    assert again.notices == ended.notices
    assert world.balance(voucher) == -200


def test_a_transfer_to_a_muted_receiver_owes_no_notice(world: World) -> None:
    alice, bob = world.user("Alice", balance=500), world.user("Bob")
    key = new_key()
    receipt = svc.send(
        world.uow,
        world.rules,
        sender=alice.id,
        receiver=bob.id,
        amount=100,
        reason=None,
        key=key,
        receiver_muted=True,
    )
    assert not receipt.notify_receiver
    replay = svc.send(
        world.uow, world.rules, sender=alice.id, receiver=bob.id, amount=100, reason=None, key=key
    )
    assert replay.replayed
    assert not replay.notify_receiver  # nothing was owed
    assert not svc.notices_delivered(world.uow, key=key)
    told = svc.send(
        world.uow,
        world.rules,
        sender=bob.id,
        receiver=alice.id,
        amount=50,
        reason=None,
        key=new_key(),
    )
    assert told.notify_receiver
