"""``check_ledger`` finds what hand-made damage does to the ledger."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from communitybot.db.models import External, Transaction, User
from communitybot.db.uow import UnitOfWork
from communitybot.services import community as svc
from tests.support.community import World, new_key


def _codes(uow: UnitOfWork) -> list[str]:
    return sorted(p.code for p in svc.check_ledger(uow))


def _paid_request(world: World) -> int:
    creator = world.user("Creator")
    first, second = (world.user(f"V{i}", permission=True) for i in range(2))
    request = svc.request_payment(
        world.uow,
        world.rules,
        creator_tid=creator.tid,
        amount=700,
        description="tools",
        key=new_key(),
    ).collective
    for voter in (first, second):
        svc.vote(
            world.uow,
            world.rules,
            collective_id=request.id,
            voter_tid=voter.tid,
            approve=True,
            key=new_key(),
        )
    return request.id


def test_a_busy_clean_ledger_has_no_problems(uow: UnitOfWork) -> None:
    world = World(uow)
    world.community()
    _paid_request(world)
    ada, bob = world.user("Ada"), world.user("Bob")
    svc.send(uow, world.rules, sender=ada.id, receiver=bob.id, amount=5, reason=None, key=new_key())
    guest = world.user("Guest", internal=False, voucher=ada, balance=-300)
    svc.stop_vouching(uow, world.rules, voucher_tid=ada.tid, external=guest.id, key=new_key())
    assert svc.check_ledger(uow) == ()


def test_missing_and_duplicate_community_user(uow: UnitOfWork) -> None:
    assert _codes(uow) == ["community_user_missing"]
    World(uow).community()
    uow.run(lambda s: s.execute(insert(User).values(tid=None, name="Second community")))
    problems = svc.check_ledger(uow)
    assert [p.code for p in problems] == ["community_user_duplicate"]
    assert "2 users with tid NULL" in problems[0].detail


def test_balance_that_disagrees_with_the_journal(uow: UnitOfWork) -> None:
    world = World(uow)
    world.community()
    ada = world.user("Ada", balance=100)
    uow.run(lambda s: s.execute(update(User).where(User.id == ada.id).values(balance=101)))
    problems = svc.check_ledger(uow)
    assert [p.code for p in problems] == ["balance_mismatch"]
    assert f"user #{ada.id}: balance 101, journal says 100" == problems[0].detail


def test_unvouched_external_that_moved_money(uow: UnitOfWork) -> None:
    world = World(uow)
    community = world.community()
    guest = world.user("Guest", internal=False)

    def sneak(session: Session) -> None:
        changed = session.scalar(select(External.changed).where(External.external == guest.id))
        assert changed is not None
        session.execute(
            insert(Transaction).values(
                sender=guest.id,
                receiver=community.id,
                amount=100,
                reason="send: by hand",
                registered=changed + timedelta(hours=1),
            )
        )
        session.execute(update(User).where(User.id == guest.id).values(balance=-100))
        session.execute(update(User).where(User.id == community.id).values(balance=100))

    uow.run(sneak)
    assert _codes(uow) == ["unvouched_external_moved"]


def test_collective_paid_twice_and_open_collective_paid(uow: UnitOfWork) -> None:
    world = World(uow)
    community = world.community()
    request_id = _paid_request(world)
    creator = world.uow.read(
        lambda s: s.scalar(select(Transaction.receiver).where(Transaction.reason.like("pay: #%")))
    )

    def pay_again(session: Session) -> None:
        session.execute(
            insert(Transaction).values(
                sender=community.id,
                receiver=creator,
                amount=700,
                reason=f"pay: #{request_id} tools",
            )
        )
        session.execute(update(User).where(User.id == creator).values(balance=User.balance + 700))
        session.execute(
            update(User).where(User.id == community.id).values(balance=User.balance - 700)
        )

    uow.run(pay_again)
    assert _codes(uow) == ["collective_paid_twice"]

    ada = world.user("Ada")
    open_one = svc.start_communism(
        uow, world.rules, creator_tid=ada.tid, amount=100, description="open", key=new_key()
    ).collective

    def pay_open(session: Session) -> None:
        session.execute(
            insert(Transaction).values(
                sender=community.id,
                receiver=ada.id,
                amount=1,
                reason=f"communism: #{open_one.id} x",
            )
        )
        session.execute(update(User).where(User.id == ada.id).values(balance=User.balance + 1))
        session.execute(
            update(User).where(User.id == community.id).values(balance=User.balance - 1)
        )

    uow.run(pay_open)
    assert _codes(uow) == ["collective_paid_twice", "open_collective_paid"]


def test_cancelled_collective_with_money_and_bad_amounts(uow: UnitOfWork) -> None:
    world = World(uow)
    community = world.community()
    ada = world.user("Ada")
    c = svc.start_communism(
        uow, world.rules, creator_tid=ada.tid, amount=100, description="x", key=new_key()
    ).collective
    svc.cancel_collective(uow, collective_id=c.id, actor_tid=ada.tid)

    def damage(session: Session) -> None:
        session.execute(
            insert(Transaction).values(
                sender=community.id, receiver=ada.id, amount=0, reason=f"communism: #{c.id} x"
            )
        )

    uow.run(damage)
    assert _codes(uow) == ["bad_amount", "collective_paid_but_not_settled"]
