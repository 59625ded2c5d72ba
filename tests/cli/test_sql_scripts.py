"""The plain SQL scripts under sql/ run on MariaDB and find what ``check_ledger`` finds."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, text, update
from sqlalchemy.orm import Session

from communitybot.db.models import Transaction, User
from communitybot.db.uow import UnitOfWork
from communitybot.services import community as svc
from tests.support.community import World, new_key

SQL = Path(__file__).resolve().parents[2] / "sql"

pytestmark = pytest.mark.mysql_only


def _statements(name: str) -> list[str]:
    lines = [
        line for line in (SQL / name).read_text().splitlines() if not line.lstrip().startswith("--")
    ]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _results(engine: Engine, name: str) -> list[list[tuple[object, ...]]]:
    with engine.connect() as connection:
        return [
            [tuple(row) for row in connection.execute(text(statement))]
            for statement in _statements(name)
        ]


def _busy_world(uow: UnitOfWork) -> World:
    world = World(uow)
    world.community()
    creator = world.user("Creator")
    voters = [world.user(f"V{i}", permission=True) for i in range(2)]
    request = svc.request_payment(
        uow, world.rules, creator_tid=creator.tid, amount=700, description="tools", key=new_key()
    ).collective
    for voter in voters:
        svc.vote(
            uow,
            world.rules,
            collective_id=request.id,
            voter_tid=voter.tid,
            approve=True,
            key=new_key(),
        )
    c = svc.start_communism(
        uow, world.rules, creator_tid=voters[0].tid, amount=301, description="pizza", key=new_key()
    ).collective
    svc.join_communism(uow, world.rules, collective_id=c.id, user_tid=creator.tid)
    svc.accept_communism(
        uow, world.rules, collective_id=c.id, actor_tid=voters[0].tid, key=new_key()
    )
    return world


def test_audit_is_silent_on_a_consistent_ledger(uow: UnitOfWork, engine: Engine) -> None:
    _busy_world(uow)
    *checks, overview = _results(engine, "audit.sql")
    assert checks == [[]] * 7
    users, _active, total, _debt, _community = overview[0]
    assert (users, total) == (4, 0)


def test_audit_finds_damage(uow: UnitOfWork, engine: Engine) -> None:
    world = _busy_world(uow)
    community = world.community()
    other = world.user("Other")

    def damage(session: Session) -> None:
        session.execute(insert(User).values(tid=None, name="Impostor"))
        session.execute(update(User).where(User.id == other.id).values(balance=5))
        paid = session.scalar(
            text("SELECT receiver FROM transactions WHERE reason LIKE 'pay: #%' LIMIT 1")
        )
        request_id = session.scalar(
            text("SELECT id FROM collectives WHERE communistic = 0 LIMIT 1")
        )
        session.execute(
            insert(Transaction).values(
                sender=community.id, receiver=paid, amount=700, reason=f"pay: #{request_id} tools"
            )
        )
        session.execute(insert(Transaction).values(sender=community.id, receiver=paid, amount=0))

    uow.run(damage)
    results = _results(engine, "audit.sql")
    mismatch, duplicates, unvouched, paid_twice, shares_twice, open_paid, bad, _ = results
    assert {row[0] for row in mismatch} >= {other.id}
    assert duplicates[0][0] == 2
    assert (unvouched, shares_twice, open_paid) == ([], [], [])
    assert paid_twice[0][1] == 2
    assert len(bad) == 1
    codes = {p.code for p in svc.check_ledger(uow)}
    assert codes == {
        "balance_mismatch",
        "community_user_duplicate",
        "collective_paid_twice",
        "bad_amount",
    }


def test_export_script_lists_everyone(uow: UnitOfWork, engine: Engine) -> None:
    _busy_world(uow)
    users, journal, collectives = _results(engine, "export.sql")
    assert [row[7] for row in users] == ["community", "internal", "internal", "internal"]
    assert len(journal) == 2
    assert [row[1] for row in collectives] == ["payment", "communism"]
    assert collectives[0][8:10] == (2, 0)


def test_repair_notes_run_nothing() -> None:
    assert _statements("repair.sql") == []
