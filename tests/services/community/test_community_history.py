"""History older software wrote: reported for what it is, and accepted before a cut-off.

MateBot v0.2 let an external without voucher receive a /send. ``check`` names such a row
accurately, and an administrator can accept the findings before a cut-off (recorded in
``accepted_history``, the journal untouched); later rows are still reported.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from communitybot.core.community import UserInfo
from communitybot.core.errors import CannotAcceptHistory, MissingDescription
from communitybot.db.models import AcceptedHistory, External, Transaction, User
from communitybot.db.uow import UnitOfWork
from communitybot.services import community as svc
from tests.conftest import Snapshot
from tests.support.community import World, assert_refused


def _now(uow: UnitOfWork) -> datetime:
    moment = uow.read(lambda s: s.scalar(select(func.current_timestamp())))
    assert isinstance(moment, datetime)
    return moment.replace(microsecond=0)


def _legacy_send(uow: UnitOfWork, sender: UserInfo, guest: UserInfo, when: datetime) -> int:
    """A /send to an external without voucher, as MateBot v0.2 wrote it at ``when``."""

    def write(session: Session) -> int:
        row = session.execute(
            insert(Transaction).values(
                sender=sender.id,
                receiver=guest.id,
                amount=150,
                reason="send: beer",
                registered=when,
            )
        )
        session.execute(update(User).where(User.id == sender.id).values(balance=User.balance - 150))
        session.execute(update(User).where(User.id == guest.id).values(balance=User.balance + 150))
        return int(row.inserted_primary_key[0])  # type: ignore[index]

    return uow.run(write)


def _journal(uow: UnitOfWork) -> list[tuple[object, ...]]:
    columns = select(Transaction.__table__).order_by(Transaction.id)
    return [tuple(row) for row in uow.read(lambda s: s.execute(columns).all())]


def _matebot_world(uow: UnitOfWork) -> tuple[World, UserInfo, UserInfo, datetime, int]:
    """A guest who never had a voucher since ten days ago and received money five days ago."""
    world = World(uow)
    world.community()
    ada = world.user("Ada", balance=1_000)
    guest = world.user("Guest", internal=False)
    now = _now(uow)
    since = now - timedelta(days=10)
    uow.run(
        lambda s: s.execute(
            update(External).where(External.external == guest.id).values(changed=since)
        )
    )
    tx = _legacy_send(uow, ada, guest, now - timedelta(days=5))
    return world, ada, guest, now, tx


def test_the_finding_says_what_happened(uow: UnitOfWork) -> None:
    _world, ada, guest, now, tx = _matebot_world(uow)
    [problem] = svc.check_ledger(uow)
    assert problem.code == "unvouched_external_moved"
    when = now - timedelta(days=5)
    since = now - timedelta(days=10)
    assert problem.detail == (
        f"transaction #{tx} of {when:%Y-%m-%d %H:%M:%S} (#{ada.id} -> #{guest.id}, 150) moved "
        f"money of external #{guest.id}, who had no voucher then (none since "
        f"{since:%Y-%m-%d %H:%M:%S}); today's rules refuse that. If older software wrote it, "
        "accept it as history with communitybot check accept"
    )
    assert "voucher left" not in problem.detail


def test_history_before_a_cutoff_is_accepted_and_later_rows_are_still_reported(
    uow: UnitOfWork,
) -> None:
    _world, ada, guest, now, _tx = _matebot_world(uow)
    journal_before = _journal(uow)
    acceptance = svc.accept_history(
        uow,
        code="unvouched_external_moved",
        before=now - timedelta(days=1),
        note="written by MateBot v0.2",
    )
    assert (acceptance.findings, acceptance.covered) == (1, 1)
    assert acceptance.cutoff == now - timedelta(days=1)
    assert _journal(uow) == journal_before  # history is not edited
    assert svc.check_ledger(uow) == ()
    report = svc.check_report(uow)
    assert [(a.id, a.covered, a.note) for a in report.accepted] == [
        (acceptance.id, 1, "written by MateBot v0.2")
    ]

    # today's software would refuse this; a row written after the cut-off is reported
    later = _legacy_send(uow, ada, guest, now)
    [problem] = svc.check_ledger(uow)
    assert problem.code == "unvouched_external_moved"
    assert problem.detail.startswith(f"transaction #{later} ")


@pytest.mark.parametrize(
    ("code", "days", "note", "error", "reason"),
    [
        ("balance_mismatch", 1, "MateBot", CannotAcceptHistory, "code"),
        ("unvouched_external_moved", -1, "MateBot", CannotAcceptHistory, "future"),
        ("unvouched_external_moved", 6, "MateBot", CannotAcceptHistory, "nothing"),
        ("unvouched_external_moved", 1, "  ", MissingDescription, None),
    ],
    ids=["invariant", "future", "nothing-before", "no-note"],
)
def test_refused_acceptances_record_nothing(
    uow: UnitOfWork,
    snapshot: Callable[[], Snapshot],
    code: str,
    days: int,
    note: str,
    error: type[Exception],
    reason: str | None,
) -> None:
    _world, _ada, _guest, now, _tx = _matebot_world(uow)
    refused = assert_refused(
        snapshot,
        lambda: svc.accept_history(uow, code=code, before=now - timedelta(days=days), note=note),
        error,
    )
    if reason is not None:
        assert isinstance(refused, CannotAcceptHistory)
        assert refused.reason == reason
    assert len(svc.check_ledger(uow)) == 1


def test_what_is_accepted_already_cannot_be_accepted_again(
    uow: UnitOfWork, snapshot: Callable[[], Snapshot]
) -> None:
    _world, _ada, _guest, now, _tx = _matebot_world(uow)
    svc.accept_history(
        uow, code="unvouched_external_moved", before=now - timedelta(days=1), note="MateBot"
    )
    refused = assert_refused(
        snapshot,
        lambda: svc.accept_history(uow, code="unvouched_external_moved", before=now, note="again"),
        CannotAcceptHistory,
    )
    assert refused.reason == "nothing"
    assert uow.read(lambda s: s.scalar(select(func.count()).select_from(AcceptedHistory))) == 1
