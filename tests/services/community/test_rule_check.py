"""``rule_violations`` (and ``communitybot check``) find rows that break the community's rules:
made here by hand, as a multi-primary cluster without the guard rows made them (issue 14)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import insert

from communitybot.cli import main
from communitybot.core.community import CollectiveView
from communitybot.db.models import Collective, CollectiveUser
from communitybot.db.uow import UnitOfWork
from communitybot.services import community as svc
from tests.support.community import World, new_key


def _codes(world: World) -> list[str]:
    return [p.code for p in svc.rule_violations(world.uow, world.rules)]


def _member_row(world: World, collective_id: int, user_id: int, *, vote: bool = False) -> None:
    world.uow.run(
        lambda s: s.execute(
            insert(CollectiveUser).values(collectives_id=collective_id, users_id=user_id, vote=vote)
        )
    )


def _communism(world: World, creator_tid: int, amount: int = 900) -> CollectiveView:
    return svc.start_communism(
        world.uow, world.rules, creator_tid=creator_tid, amount=amount, description="pizza",
        key=new_key(),
    ).collective  # fmt: skip


def test_a_busy_community_breaks_no_rule(world: World) -> None:
    world.community()
    creator, member = world.user("Creator"), world.user("Member")
    voters = [world.user(f"V{i}", permission=True) for i in range(3)]
    communism = _communism(world, creator.tid)
    svc.join_communism(world.uow, world.rules, collective_id=communism.id, user_tid=member.tid)
    svc.accept_communism(
        world.uow, world.rules, collective_id=communism.id, actor_tid=creator.tid, key=new_key()
    )
    request = svc.request_payment(
        world.uow, world.rules, creator_tid=creator.tid, amount=300, description="tools",
        key=new_key(),
    ).collective  # fmt: skip
    for voter, approve in zip(voters, (True, False, True), strict=True):  # 2 for, 1 against
        svc.vote(
            world.uow, world.rules, collective_id=request.id, voter_tid=voter.tid,
            approve=approve, key=new_key(),
        )  # fmt: skip
    _communism(world, member.tid)  # open, at the limit
    assert svc.rule_violations(world.uow, world.rules) == ()


def test_a_member_twice_in_one_communism(world: World) -> None:
    creator, member = world.user("Creator"), world.user("Member")
    communism = _communism(world, creator.tid)
    svc.join_communism(world.uow, world.rules, collective_id=communism.id, user_tid=member.tid)
    assert _codes(world) == []
    _member_row(world, communism.id, member.id)
    problems = svc.rule_violations(world.uow, world.rules)
    assert [p.code for p in problems] == ["duplicate_member"]
    assert (
        problems[0].detail == f"collective #{communism.id}: user #{member.id} is a member 2 times"
    )


def test_a_member_of_a_settled_communism_who_did_not_pay(world: World) -> None:
    creator, member, late = world.user("Creator"), world.user("Member"), world.user("Late")
    communism = _communism(world, creator.tid)
    svc.join_communism(world.uow, world.rules, collective_id=communism.id, user_tid=member.tid)
    svc.accept_communism(
        world.uow, world.rules, collective_id=communism.id, actor_tid=creator.tid, key=new_key()
    )
    assert _codes(world) == []
    _member_row(world, communism.id, late.id)  # joined as the settlement committed elsewhere
    problems = svc.rule_violations(world.uow, world.rules)
    assert [p.code for p in problems] == ["settled_member_unpaid"]
    assert problems[0].detail == (
        f"communism #{communism.id} is settled, but member #{late.id} did not pay its share of 300"
    )


def test_an_open_request_whose_votes_decide_it(world: World) -> None:
    creator = world.user("Creator")
    voters = [world.user(f"V{i}", permission=True) for i in range(2)]
    request = svc.request_payment(
        world.uow, world.rules, creator_tid=creator.tid, amount=300, description="tools",
        key=new_key(),
    ).collective  # fmt: skip
    svc.vote(
        world.uow, world.rules, collective_id=request.id, voter_tid=voters[0].tid, approve=True,
        key=new_key(),
    )  # fmt: skip
    assert _codes(world) == []
    _member_row(world, request.id, voters[1].id, vote=True)  # the second approval, not counted
    problems = svc.rule_violations(world.uow, world.rules)
    assert [p.code for p in problems] == ["open_request_decided"]
    assert problems[0].detail == (
        f"payment request #{request.id} is open with 2 approval(s) and 0 disapproval(s): "
        "approved by the rules (consent 2, denial 2)"
    )
    assert svc.rule_violations(world.uow, replace(world.rules, payment_consent=3)) == ()


def test_more_open_collectives_than_allowed(world: World) -> None:
    creator = world.user("Creator")
    _communism(world, creator.tid)
    assert _codes(world) == []
    world.uow.run(
        lambda s: s.execute(
            insert(Collective).values(
                creator=creator.id, amount=100, description="x", communistic=False, active=True
            )
        )
    )
    problems = svc.rule_violations(world.uow, world.rules)
    assert [p.code for p in problems] == ["too_many_open_collectives"]
    assert problems[0].detail == f"user #{creator.id} has 2 open collectives, the limit is 1"
    assert svc.rule_violations(world.uow, replace(world.rules, max_open_collectives=2)) == ()


def test_communitybot_check_reports_broken_rules(
    uow: UnitOfWork,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("COMMUNITYBOT_DATABASE_URL", database_url)
    monkeypatch.setenv("COMMUNITYBOT_CONFIG", str(tmp_path / "absent.toml"))
    world = World(uow)
    world.community()
    creator, member = world.user("Creator"), world.user("Member")
    communism = _communism(world, creator.tid)
    svc.join_communism(world.uow, world.rules, collective_id=communism.id, user_tid=member.tid)
    assert main(["check"]) == 0
    assert capsys.readouterr().out == "ledger consistent\n"
    _member_row(world, communism.id, member.id)
    assert main(["check"]) == 1
    captured = capsys.readouterr()
    assert captured.out == (
        f"duplicate_member: collective #{communism.id}: user #{member.id} is a member 2 times\n"
    )
    assert captured.err == "1 problem(s) found\n"
