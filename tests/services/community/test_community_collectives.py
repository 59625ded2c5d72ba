"""Payment requests and communisms: votes, thresholds, settlement, refusals changing nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from sqlalchemy import select

from communitybot.core.community import CollectiveKind, CollectiveStatus, UserInfo
from communitybot.core.errors import (
    AlreadyParticipant,
    AlreadyVoted,
    AmountOutOfRange,
    CollectiveClosed,
    CommunityActionDenied,
    CreatorCannotLeave,
    CreatorCannotVote,
    DomainError,
    ExternalNotAllowed,
    ExternalsOutOfRange,
    InactiveUser,
    InsufficientBalance,
    MissingDescription,
    NotCollectiveCreator,
    NotFound,
    NotParticipant,
    SettlementRefused,
    TooManyOpenCollectives,
    UnknownUser,
    WrongCollectiveKind,
)
from communitybot.core.ids import CollectiveId, TelegramId
from communitybot.core.money import MEDIUMINT_MAX
from communitybot.db.brokers import externals as external_broker
from communitybot.db.brokers import users as user_broker
from communitybot.db.models import Transaction
from communitybot.services import community as svc
from tests.conftest import Snapshot
from tests.support.community import World, assert_refused, new_key


def _money(world: World) -> list[tuple[int, int, int, str | None]]:
    return world.uow.read(
        lambda s: [
            (r.sender, r.receiver, r.amount, r.reason)
            for r in s.scalars(select(Transaction).order_by(Transaction.id))
            if r.reason != "test: fund"
        ]
    )


def _request(world: World, creator: UserInfo, amount: int = 1500, text: str = "soldering iron"):
    return svc.request_payment(
        world.uow,
        world.rules,
        creator_tid=creator.tid,
        amount=amount,
        description=text,
        key=new_key(),
    ).collective


def _vote(world: World, collective_id: CollectiveId, voter: UserInfo, approve: bool, key: str = ""):
    return svc.vote(
        world.uow,
        world.rules,
        collective_id=collective_id,
        voter_tid=voter.tid,
        approve=approve,
        key=key or new_key(),
    )


def _voters(world: World, n: int) -> list[UserInfo]:
    return [world.user(f"Voter{i}", permission=True) for i in range(n)]


# --- payment requests -------------------------------------------------------------------------


def test_request_then_two_approvals_pay_the_creator(world: World) -> None:
    creator = world.user("Creator")
    first, second = _voters(world, 2)
    request = _request(world, creator)
    assert (request.kind, request.status, request.externals, request.votes) == (
        CollectiveKind.PAYMENT,
        CollectiveStatus.OPEN,
        0,
        (),
    )
    one = _vote(world, request.id, first, True)
    assert (one.decided, one.transaction_id, one.collective.approvals) == (False, None, 1)
    assert _money(world) == []
    two = _vote(world, request.id, second, True)
    assert two.decided is True
    assert two.transaction_id is not None
    assert two.collective.status is CollectiveStatus.PAID
    community = world.community()
    assert _money(world) == [
        (community.id, creator.id, 1500, f"pay: #{request.id} soldering iron"),
    ]
    assert world.balance(creator) == 1500
    assert world.balance(community) == -1500


def test_thresholds_count_the_lead(world: World) -> None:
    creator = world.user("Creator")
    voters = _voters(world, 4)
    request = _request(world, creator)
    outcomes = [
        _vote(world, request.id, voter, approve).decided
        for voter, approve in zip(voters, [True, False, True, True], strict=True)
    ]
    assert outcomes == [False, False, False, True]
    assert svc.get_collective(world.uow, collective_id=request.id).status is CollectiveStatus.PAID


def test_two_disapprovals_deny_without_payment(world: World) -> None:
    creator = world.user("Creator")
    first, second = _voters(world, 2)
    request = _request(world, creator)
    _vote(world, request.id, first, False)
    denied = _vote(world, request.id, second, False)
    assert (denied.decided, denied.transaction_id) == (True, None)
    assert denied.collective.status is CollectiveStatus.DENIED
    assert denied.collective.disapprovals == 2
    assert _money(world) == []


def test_configured_thresholds(world: World) -> None:
    rules = replace(world.rules, payment_consent=1)
    creator, voter = world.user("Creator"), world.user("Voter", permission=True)
    request = _request(world, creator)
    receipt = svc.vote(
        world.uow, rules, collective_id=request.id, voter_tid=voter.tid, approve=True, key=new_key()
    )
    assert receipt.collective.status is CollectiveStatus.PAID


def test_replayed_vote_counts_and_pays_once(world: World) -> None:
    creator = world.user("Creator")
    first, second = _voters(world, 2)
    request = _request(world, creator)
    _vote(world, request.id, first, True)
    key = new_key()
    paid = _vote(world, request.id, second, True, key)
    again = _vote(world, request.id, second, True, key)
    assert again.replayed is True
    assert again.transaction_id == paid.transaction_id
    assert again.collective.status is CollectiveStatus.PAID
    assert len(_money(world)) == 1


def test_creator_cancels(world: World, snapshot: Callable[[], Snapshot]) -> None:
    creator = world.user("Creator")
    request = _request(world, creator)
    cancelled = svc.cancel_collective(world.uow, collective_id=request.id, actor_tid=creator.tid)
    assert cancelled.status is CollectiveStatus.CANCELLED
    voter = world.user("Voter", permission=True)
    assert_refused(snapshot, lambda: _vote(world, request.id, voter, True), CollectiveClosed)
    # a closed request frees the creator's slot
    assert _request(world, creator).status is CollectiveStatus.OPEN


def test_description_is_kept_and_cut(world: World) -> None:
    creator = world.user("Creator")
    request = _request(world, creator, text="  " + "d" * 300)
    assert request.description == "d" * 255


Case = Callable[[World], Callable[[], object]]


def _external_requests(w: World) -> Callable[[], object]:
    v = w.user("Voucher")
    g = w.user("Guest", internal=False, voucher=v)
    return lambda: _request(w, g)


def _inactive_requests(w: World) -> Callable[[], object]:
    a = w.user("Ada", active=False)
    return lambda: _request(w, a)


def _request_zero(w: World) -> Callable[[], object]:
    a = w.user("Ada")
    return lambda: _request(w, a, amount=0)


def _request_too_much(w: World) -> Callable[[], object]:
    a = w.user("Ada")
    return lambda: _request(w, a, amount=w.rules.max_amount + 1)


def _request_no_text(w: World) -> Callable[[], object]:
    a = w.user("Ada")
    return lambda: _request(w, a, text="   ")


def _second_open(w: World) -> Callable[[], object]:
    a = w.user("Ada")
    svc.start_communism(
        w.uow, w.rules, creator_tid=a.tid, amount=100, description="first", key=new_key()
    )
    return lambda: _request(w, a)


def _vote_own(w: World) -> Callable[[], object]:
    a = w.user("Ada", permission=True)
    r = _request(w, a)
    return lambda: _vote(w, r.id, a, True)


def _vote_without_permission(w: World) -> Callable[[], object]:
    a, b = w.user("Ada"), w.user("Bob")
    r = _request(w, a)
    return lambda: _vote(w, r.id, b, True)


def _vote_external_flagged(w: World) -> Callable[[], object]:
    a, v = w.user("Ada"), w.user("Voucher")
    g = w.user("Guest", internal=False, voucher=v, permission=True)
    r = _request(w, a)
    return lambda: _vote(w, r.id, g, True)


def _vote_inactive(w: World) -> Callable[[], object]:
    a, b = w.user("Ada"), w.user("Bob", permission=True, active=False)
    r = _request(w, a)
    return lambda: _vote(w, r.id, b, True)


def _vote_twice(w: World) -> Callable[[], object]:
    a, b = w.user("Ada"), w.user("Bob", permission=True)
    r = _request(w, a)
    _vote(w, r.id, b, True)
    return lambda: _vote(w, r.id, b, False)


def _vote_on_communism(w: World) -> Callable[[], object]:
    a, b = w.user("Ada"), w.user("Bob", permission=True)
    c = svc.start_communism(
        w.uow, w.rules, creator_tid=a.tid, amount=100, description="x", key=new_key()
    ).collective
    return lambda: _vote(w, c.id, b, True)


def _vote_unknown(w: World) -> Callable[[], object]:
    b = w.user("Bob", permission=True)
    return lambda: _vote(w, CollectiveId(999_999), b, True)


def _vote_closed(w: World) -> Callable[[], object]:
    a, b = w.user("Ada"), w.user("Bob", permission=True)
    r = _request(w, a)
    svc.cancel_collective(w.uow, collective_id=r.id, actor_tid=a.tid)
    return lambda: _vote(w, r.id, b, True)


def _cancel_by_other(w: World) -> Callable[[], object]:
    a, b = w.user("Ada"), w.user("Bob")
    r = _request(w, a)
    return lambda: svc.cancel_collective(w.uow, collective_id=r.id, actor_tid=b.tid)


def _deciding_vote_for_inactive_creator(w: World) -> Callable[[], object]:
    a = w.user("Ada")
    first, second = _voters(w, 2)
    r = _request(w, a)
    _vote(w, r.id, first, True)
    w.uow.run(lambda s: user_broker.set_active(s, user_id=a.id, active=False))
    return lambda: _vote(w, r.id, second, True)


PAYMENT_CASES: list[tuple[Case, type[DomainError]]] = [
    (_external_requests, ExternalNotAllowed),
    (_inactive_requests, InactiveUser),
    (_request_zero, AmountOutOfRange),
    (_request_too_much, AmountOutOfRange),
    (_request_no_text, MissingDescription),
    (_second_open, TooManyOpenCollectives),
    (_vote_own, CreatorCannotVote),
    (_vote_without_permission, CommunityActionDenied),
    (_vote_external_flagged, ExternalNotAllowed),
    (_vote_inactive, InactiveUser),
    (_vote_twice, AlreadyVoted),
    (_vote_on_communism, WrongCollectiveKind),
    (_vote_unknown, NotFound),
    (_vote_closed, CollectiveClosed),
    (_cancel_by_other, NotCollectiveCreator),
    (_deciding_vote_for_inactive_creator, InactiveUser),
]


# --- communisms -------------------------------------------------------------------------------


def test_communism_split_and_settlement(world: World) -> None:
    creator, ada, bob = world.user("Creator"), world.user("Ada"), world.user("Bob")
    started = svc.start_communism(
        world.uow,
        world.rules,
        creator_tid=creator.tid,
        amount=1001,
        description="pizza",
        key=new_key(),
    ).collective
    assert [m.id for m in started.members] == [creator.id]
    assert [s.amount for s in started.shares] == [1001]
    svc.join_communism(world.uow, world.rules, collective_id=started.id, user_tid=ada.tid)
    svc.join_communism(world.uow, world.rules, collective_id=started.id, user_tid=bob.tid)
    svc.change_externals(
        world.uow, collective_id=started.id, actor_tid=creator.tid, delta=3, key=new_key()
    )
    view = svc.change_externals(
        world.uow, collective_id=started.id, actor_tid=creator.tid, delta=-1, key=new_key()
    ).collective
    assert view.externals == 2
    assert [(s.user.id, s.amount) for s in view.shares] == [
        (creator.id, 201),
        (ada.id, 200),
        (bob.id, 200),
    ]
    assert view.external_shares == (200, 200)
    key = new_key()
    receipt = svc.accept_communism(
        world.uow, world.rules, collective_id=started.id, actor_tid=creator.tid, key=key
    )
    assert len(receipt.transaction_ids) == 2
    assert receipt.collective.status is CollectiveStatus.SETTLED
    reason = f"communism: #{started.id} pizza"
    assert _money(world) == [(ada.id, creator.id, 200, reason), (bob.id, creator.id, 200, reason)]
    assert [world.balance(u) for u in (creator, ada, bob)] == [400, -200, -200]
    again = svc.accept_communism(
        world.uow, world.rules, collective_id=started.id, actor_tid=creator.tid, key=key
    )
    assert (again.replayed, again.transaction_ids) == (True, receipt.transaction_ids)
    assert len(_money(world)) == 2


def test_leave_and_vouched_external_participant(world: World) -> None:
    creator, voucher = world.user("Creator"), world.user("Voucher")
    guest = world.user("Guest", internal=False, voucher=voucher)
    c = svc.start_communism(
        world.uow,
        world.rules,
        creator_tid=guest.tid,
        amount=300,
        description="drinks",
        key=new_key(),
    ).collective
    svc.join_communism(world.uow, world.rules, collective_id=c.id, user_tid=creator.tid)
    left = svc.leave_communism(world.uow, collective_id=c.id, user_tid=creator.tid)
    assert [m.id for m in left.members] == [guest.id]
    settled = svc.accept_communism(
        world.uow, world.rules, collective_id=c.id, actor_tid=guest.tid, key=new_key()
    )
    assert settled.transaction_ids == ()
    assert settled.collective.status is CollectiveStatus.SETTLED


def test_settlement_checks_everybody_first(world: World, snapshot: Callable[[], Snapshot]) -> None:
    creator = world.user("Creator")
    poor = world.user("Poor", balance=-4_900)
    fine = world.user("Fine")
    voucher = world.user("Voucher")
    guest = world.user("Guest", internal=False, voucher=voucher, balance=-1_950)
    c = svc.start_communism(
        world.uow,
        world.rules,
        creator_tid=creator.tid,
        amount=800,
        description="bill",
        key=new_key(),
    ).collective
    for user in (poor, fine, guest):
        svc.join_communism(world.uow, world.rules, collective_id=c.id, user_tid=user.tid)
    refusal = assert_refused(
        snapshot,
        lambda: svc.accept_communism(
            world.uow, world.rules, collective_id=c.id, actor_tid=creator.tid, key=new_key()
        ),
        SettlementRefused,
    )
    problems = refusal.problems
    assert all(isinstance(p, InsufficientBalance) for p in problems)
    assert sorted(p.account_id for p in problems) == sorted([poor.id, guest.id])
    world.fund(poor, 1000)
    world.fund(guest, 1000)
    svc.accept_communism(
        world.uow, world.rules, collective_id=c.id, actor_tid=creator.tid, key=new_key()
    )
    assert world.balance(creator) == 600


def test_settlement_refused_for_a_deactivated_participant(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    creator, ada = world.user("Creator"), world.user("Ada")
    c = svc.start_communism(
        world.uow, world.rules, creator_tid=creator.tid, amount=200, description="x", key=new_key()
    ).collective
    svc.join_communism(world.uow, world.rules, collective_id=c.id, user_tid=ada.tid)
    svc.set_active(world.uow, user=ada.id, active=False, key=new_key())
    refusal = assert_refused(
        snapshot,
        lambda: svc.accept_communism(
            world.uow, world.rules, collective_id=c.id, actor_tid=creator.tid, key=new_key()
        ),
        SettlementRefused,
    )
    assert [type(p) for p in refusal.problems] == [InactiveUser]


def _communism(w: World, creator: UserInfo, amount: int = 500) -> CollectiveId:
    view = svc.start_communism(
        w.uow, w.rules, creator_tid=creator.tid, amount=amount, description="bill", key=new_key()
    ).collective
    return view.id


def _join_twice(w: World) -> Callable[[], object]:
    a, b = w.user("Ada"), w.user("Bob")
    c = _communism(w, a)
    svc.join_communism(w.uow, w.rules, collective_id=c, user_tid=b.tid)
    return lambda: svc.join_communism(w.uow, w.rules, collective_id=c, user_tid=b.tid)


def _creator_joins(w: World) -> Callable[[], object]:
    a = w.user("Ada")
    c = _communism(w, a)
    return lambda: svc.join_communism(w.uow, w.rules, collective_id=c, user_tid=a.tid)


def _join_unvouched(w: World) -> Callable[[], object]:
    a, g = w.user("Ada"), w.user("Guest", internal=False)
    c = _communism(w, a)
    return lambda: svc.join_communism(w.uow, w.rules, collective_id=c, user_tid=g.tid)


def _join_inactive(w: World) -> Callable[[], object]:
    a, b = w.user("Ada"), w.user("Bob", active=False)
    c = _communism(w, a)
    return lambda: svc.join_communism(w.uow, w.rules, collective_id=c, user_tid=b.tid)


def _join_payment(w: World) -> Callable[[], object]:
    a, b = w.user("Ada"), w.user("Bob")
    r = _request(w, a)
    return lambda: svc.join_communism(w.uow, w.rules, collective_id=r.id, user_tid=b.tid)


def _join_closed(w: World) -> Callable[[], object]:
    a, b = w.user("Ada"), w.user("Bob")
    c = _communism(w, a)
    svc.cancel_collective(w.uow, collective_id=c, actor_tid=a.tid)
    return lambda: svc.join_communism(w.uow, w.rules, collective_id=c, user_tid=b.tid)


def _creator_leaves(w: World) -> Callable[[], object]:
    a = w.user("Ada")
    c = _communism(w, a)
    return lambda: svc.leave_communism(w.uow, collective_id=c, user_tid=a.tid)


def _stranger_leaves(w: World) -> Callable[[], object]:
    a, b = w.user("Ada"), w.user("Bob")
    c = _communism(w, a)
    return lambda: svc.leave_communism(w.uow, collective_id=c, user_tid=b.tid)


def _externals_below_zero(w: World) -> Callable[[], object]:
    a = w.user("Ada")
    c = _communism(w, a)
    return lambda: svc.change_externals(
        w.uow, collective_id=c, actor_tid=a.tid, delta=-1, key=new_key()
    )


def _externals_too_many(w: World) -> Callable[[], object]:
    a = w.user("Ada")
    c = _communism(w, a)
    return lambda: svc.change_externals(
        w.uow, collective_id=c, actor_tid=a.tid, delta=40_000, key=new_key()
    )


def _externals_by_other(w: World) -> Callable[[], object]:
    a, b = w.user("Ada"), w.user("Bob")
    c = _communism(w, a)
    svc.join_communism(w.uow, w.rules, collective_id=c, user_tid=b.tid)
    return lambda: svc.change_externals(
        w.uow, collective_id=c, actor_tid=b.tid, delta=1, key=new_key()
    )


def _accept_by_other(w: World) -> Callable[[], object]:
    a, b = w.user("Ada"), w.user("Bob")
    c = _communism(w, a)
    svc.join_communism(w.uow, w.rules, collective_id=c, user_tid=b.tid)
    return lambda: svc.accept_communism(
        w.uow, w.rules, collective_id=c, actor_tid=b.tid, key=new_key()
    )


def _accept_payment(w: World) -> Callable[[], object]:
    a = w.user("Ada")
    r = _request(w, a)
    return lambda: svc.accept_communism(
        w.uow, w.rules, collective_id=r.id, actor_tid=a.tid, key=new_key()
    )


def _accept_twice(w: World) -> Callable[[], object]:
    a, b = w.user("Ada"), w.user("Bob")
    c = _communism(w, a)
    svc.join_communism(w.uow, w.rules, collective_id=c, user_tid=b.tid)
    svc.accept_communism(w.uow, w.rules, collective_id=c, actor_tid=a.tid, key=new_key())
    return lambda: svc.accept_communism(
        w.uow, w.rules, collective_id=c, actor_tid=a.tid, key=new_key()
    )


def _start_zero(w: World) -> Callable[[], object]:
    a = w.user("Ada")
    return lambda: _communism(w, a, amount=0)


def _start_too_much(w: World) -> Callable[[], object]:
    a = w.user("Ada")
    return lambda: _communism(w, a, amount=w.rules.max_amount + 1)


def _start_beyond_column(w: World) -> Callable[[], object]:
    a = w.user("Ada")
    rules = replace(w.rules, max_amount=MEDIUMINT_MAX + 10)
    return lambda: svc.start_communism(
        w.uow,
        rules,
        creator_tid=a.tid,
        amount=MEDIUMINT_MAX + 1,
        description="x",
        key=new_key(),
    )


def _start_unvouched(w: World) -> Callable[[], object]:
    g = w.user("Guest", internal=False)
    return lambda: _communism(w, g)


def _start_second(w: World) -> Callable[[], object]:
    a = w.user("Ada")
    _communism(w, a)
    return lambda: _communism(w, a)


def _start_inactive(w: World) -> Callable[[], object]:
    a = w.user("Ada", active=False)
    return lambda: _communism(w, a)


def _deactivated_creator(w: World, *, payment: bool = False) -> tuple[UserInfo, CollectiveId]:
    """A collective whose creator was deactivated while it was open (a Bob joined it)."""
    a, b = w.user("Ada"), w.user("Bob")
    if payment:
        c = _request(w, a).id
    else:
        c = _communism(w, a)
        svc.join_communism(w.uow, w.rules, collective_id=c, user_tid=b.tid)
    w.uow.run(lambda s: user_broker.set_active(s, user_id=a.id, active=False))
    return a, c


def _leave_inactive(w: World) -> Callable[[], object]:
    a, b = w.user("Ada"), w.user("Bob")
    c = _communism(w, a)
    svc.join_communism(w.uow, w.rules, collective_id=c, user_tid=b.tid)
    w.uow.run(lambda s: user_broker.set_active(s, user_id=b.id, active=False))
    return lambda: svc.leave_communism(w.uow, collective_id=c, user_tid=b.tid)


def _externals_inactive(w: World) -> Callable[[], object]:
    a, c = _deactivated_creator(w)
    return lambda: svc.change_externals(
        w.uow, collective_id=c, actor_tid=a.tid, delta=1, key=new_key()
    )


def _accept_inactive(w: World) -> Callable[[], object]:
    a, c = _deactivated_creator(w)
    return lambda: svc.accept_communism(
        w.uow, w.rules, collective_id=c, actor_tid=a.tid, key=new_key()
    )


def _cancel_communism_inactive(w: World) -> Callable[[], object]:
    a, c = _deactivated_creator(w)
    return lambda: svc.cancel_collective(w.uow, collective_id=c, actor_tid=a.tid)


def _cancel_request_inactive(w: World) -> Callable[[], object]:
    a, c = _deactivated_creator(w, payment=True)
    return lambda: svc.cancel_collective(w.uow, collective_id=c, actor_tid=a.tid)


def _externals_unvouched(w: World) -> Callable[[], object]:
    v = w.user("Voucher")
    g = w.user("Guest", internal=False, voucher=v)
    c = _communism(w, g)
    w.uow.run(lambda s: external_broker.set_voucher(s, user_id=g.id, voucher=None))
    return lambda: svc.change_externals(
        w.uow, collective_id=c, actor_tid=g.tid, delta=1, key=new_key()
    )


COMMUNISM_CASES: list[tuple[Case, type[DomainError]]] = [
    (_join_twice, AlreadyParticipant),
    (_creator_joins, AlreadyParticipant),
    (_join_unvouched, ExternalNotAllowed),
    (_join_inactive, InactiveUser),
    (_join_payment, WrongCollectiveKind),
    (_join_closed, CollectiveClosed),
    (_creator_leaves, CreatorCannotLeave),
    (_stranger_leaves, NotParticipant),
    (_externals_below_zero, ExternalsOutOfRange),
    (_externals_too_many, ExternalsOutOfRange),
    (_externals_by_other, NotCollectiveCreator),
    (_accept_by_other, NotCollectiveCreator),
    (_accept_payment, WrongCollectiveKind),
    (_accept_twice, CollectiveClosed),
    (_start_zero, AmountOutOfRange),
    (_start_too_much, AmountOutOfRange),
    (_start_beyond_column, AmountOutOfRange),
    (_start_unvouched, ExternalNotAllowed),
    (_start_second, TooManyOpenCollectives),
    (_start_inactive, InactiveUser),
    (_leave_inactive, InactiveUser),
    (_externals_inactive, InactiveUser),
    (_accept_inactive, InactiveUser),
    (_cancel_communism_inactive, InactiveUser),
    (_cancel_request_inactive, InactiveUser),
    (_externals_unvouched, ExternalNotAllowed),
]


@pytest.mark.parametrize(
    ("case", "error"),
    PAYMENT_CASES + COMMUNISM_CASES,
    ids=[c.__name__.strip("_") for c, _ in PAYMENT_CASES + COMMUNISM_CASES],
)
def test_refusals_change_nothing(
    world: World, snapshot: Callable[[], Snapshot], case: Case, error: type[DomainError]
) -> None:
    refused = assert_refused(snapshot, case(world), error)
    if error is NotFound:  # merged error classes: their data tells which refusal it was
        assert isinstance(refused, NotFound)
        assert refused.kind == "collective"
    if error is CommunityActionDenied:
        assert isinstance(refused, CommunityActionDenied)
        assert refused.action == "vote"


def test_more_open_collectives_when_configured(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    rules = replace(world.rules, max_open_collectives=2)
    a = world.user("Ada")
    svc.start_communism(
        world.uow, rules, creator_tid=a.tid, amount=100, description="one", key=new_key()
    )
    svc.request_payment(
        world.uow, rules, creator_tid=a.tid, amount=100, description="two", key=new_key()
    )
    refused = assert_refused(
        snapshot,
        lambda: svc.start_communism(
            world.uow, rules, creator_tid=a.tid, amount=100, description="three", key=new_key()
        ),
        TooManyOpenCollectives,
    )
    assert (refused.open, refused.limit) == (2, 2)
    assert len(svc.list_open_collectives(world.uow)) == 2


def test_open_collectives_of_one_creator(world: World) -> None:
    rules = replace(world.rules, max_open_collectives=3)
    ada, bob = world.user("Ada"), world.user("Bob")
    opened = [
        svc.request_payment(
            world.uow, rules, creator_tid=who.tid, amount=100, description=text, key=new_key()
        ).collective
        for who, text in ((ada, "one"), (bob, "two"), (ada, "three"), (ada, "four"))
    ]
    svc.cancel_collective(world.uow, collective_id=opened[2].id, actor_tid=ada.tid)
    assert [v.id for v in svc.list_open_collectives(world.uow, creator_tid=ada.tid)] == [
        opened[0].id,
        opened[3].id,
    ]
    assert [v.id for v in svc.list_open_collectives(world.uow, creator_tid=bob.tid)] == [
        opened[1].id
    ]
    with pytest.raises(UnknownUser):
        svc.list_open_collectives(world.uow, creator_tid=TelegramId(999_999))


# --- messages ---------------------------------------------------------------------------------


def test_collective_messages_are_recorded_once_and_forgotten(
    world: World, snapshot: Callable[[], Snapshot]
) -> None:
    a = world.user("Ada")
    c = _communism(world, a)
    first = svc.record_message(world.uow, collective_id=c, chat_id=-100, msg_id=7)
    assert svc.record_message(world.uow, collective_id=c, chat_id=-100, msg_id=7) == first
    svc.record_message(world.uow, collective_id=c, chat_id=555, msg_id=7)
    assert [(m.chat_id, m.msg_id) for m in svc.list_messages(world.uow, collective_id=c)] == [
        (-100, 7),
        (555, 7),
    ]
    svc.forget_message(world.uow, chat_id=-100, msg_id=7)
    assert [m.chat_id for m in svc.list_messages(world.uow, collective_id=c)] == [555]
    missing = assert_refused(
        snapshot,
        lambda: svc.record_message(
            world.uow, collective_id=CollectiveId(999_999), chat_id=1, msg_id=1
        ),
        NotFound,
    )
    assert (missing.kind, missing.ref) == ("collective", "999999")
