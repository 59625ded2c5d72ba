"""All SQL of membership fees and their charges (``community_fees``,
``community_fee_charges``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session

from communitybot.core.errors import NotFound
from communitybot.core.fees import Fee, FeeNotice, FeeStatus
from communitybot.core.ids import TransactionId, UserId
from communitybot.db.brokers.economy._util import insert_id, insert_row, record, update_where
from communitybot.db.models.cash import CommunityFeeChargeRow, CommunityFeeRow
from communitybot.db.models.community import External, User
from communitybot.db.models.standing import CommunityRoleMemberRow, CommunityRoleRow
from communitybot.db.uow import Reader

_F = CommunityFeeRow
_C = CommunityFeeChargeRow
_SELECT = select(
    _F.__table__, CommunityRoleRow.name.label("role_name"), User.name.label("member_name")
).select_from(
    _F.__table__.outerjoin(CommunityRoleRow.__table__, CommunityRoleRow.id == _F.role_id).outerjoin(
        User.__table__, User.id == _F.user_id
    )
)


def _fee(row: Any) -> Fee:
    return record(
        Fee, row, role=row.role_name, status=FeeStatus(row.status), member=row.member_name
    )


def insert_fee(
    session: Session,
    *,
    amount: int,
    interval_days: int,
    total: int | None,
    user_id: int | None,
    role_id: int | None,
    description: str,
    creator_id: int | None,
    anchor_at: datetime,
    next_due_at: datetime,
) -> int:
    """Insert an active fee; return its id."""
    return insert_id(
        session,
        int,
        _F,
        amount=amount,
        interval_days=interval_days,
        total=total,
        user_id=user_id,
        role_id=role_id,
        description=description,
        status=FeeStatus.ACTIVE.value,
        processed=0,
        creator_id=creator_id,
        anchor_at=anchor_at,
        next_due_at=next_due_at,
    )


def get_fee(session: Session, *, fee_id: int, lock: bool = False) -> Fee:
    """Fee ``fee_id`` (locked ``FOR UPDATE`` when asked); :class:`NotFound` (kind ``fee``)."""
    if lock:
        session.execute(select(_F.id).where(_F.id == fee_id).with_for_update())
    row = session.execute(_SELECT.where(_F.id == fee_id)).one_or_none()
    if row is None:
        raise NotFound(kind="fee", ref=str(fee_id))
    return _fee(row)


def list_fees(session: Session) -> list[Fee]:
    """Every active fee, by id."""
    rows = session.execute(_SELECT.where(_F.status == FeeStatus.ACTIVE.value).order_by(_F.id))
    return [_fee(row) for row in rows]


def list_due_ids(session: Session, *, now: datetime) -> list[int]:
    """Active fees with an instalment due by ``now``, earliest first."""
    rows = session.scalars(
        select(_F.id)
        .where(_F.status == FeeStatus.ACTIVE.value, _F.next_due_at <= now)
        .order_by(_F.next_due_at, _F.id)
    )
    return [int(r) for r in rows]


def role_id_of(fee_id: int, session: Session) -> int | None:
    """The role a fee charges, if any."""
    found = session.scalar(select(_F.role_id).where(_F.id == fee_id))
    return None if found is None else int(found)


def payers(session: Session, *, fee: Fee, role_id: int | None) -> list[UserId]:
    """Who pays an instalment now, by id: the fee's member, the active holders of its role, or
    every active internal member (people only: not the community user, not the cash box)."""
    people = and_(User.tid > 0, User.active.is_(True))
    if fee.user_id is not None:
        query = select(User.id).where(User.id == fee.user_id, people)
    elif role_id is not None:
        query = (
            select(User.id)
            .join(CommunityRoleMemberRow, CommunityRoleMemberRow.user_id == User.id)
            .where(CommunityRoleMemberRow.role_id == role_id, people)
        )
    else:
        internal = ~select(External.id).where(External.external == User.id).exists()
        query = select(User.id).where(people, internal)
    return sorted(UserId(int(i)) for i in session.scalars(query))


def record_charge(
    session: Session,
    *,
    fee_id: int,
    instalment: int,
    user_id: int,
    transaction_id: int | None,
    failure: str | None,
    due_at: datetime,
    now: datetime,
) -> None:
    """One member's charge of one instalment (the primary key refuses a second)."""
    insert_row(
        session,
        _C,
        fee_id=fee_id,
        instalment=instalment,
        user_id=user_id,
        transaction_id=transaction_id,
        failure=failure,
        notified=False,
        due_at=due_at,
        processed_at=now,
    )


def advance(
    session: Session, *, fee_id: int, processed: int, next_due_at: datetime, finished: bool
) -> None:
    """Move the fee past instalment ``processed``."""
    values: dict[str, Any] = {"processed": processed, "next_due_at": next_due_at}
    if finished:
        values["status"] = FeeStatus.FINISHED.value
    update_where(session, _F, _F.id == fee_id, **values)


def set_status(session: Session, *, fee_id: int, status: FeeStatus) -> None:
    """Stop a fee."""
    update_where(session, _F, _F.id == fee_id, status=status.value)


def list_unnotified(session: Session, *, limit: int = 200) -> list[FeeNotice]:
    """Charges whose member has not been told yet, oldest first."""
    rows = session.execute(
        select(_C.__table__, User.tid, User.balance, _F.amount, _F.description)
        .join(User, User.id == _C.user_id)
        .join(_F, _F.id == _C.fee_id)
        .where(_C.notified.is_(False))
        .order_by(_C.processed_at, _C.fee_id, _C.instalment, _C.user_id)
        .limit(limit)
    ).all()
    return [
        FeeNotice(
            fee_id=int(r.fee_id),
            instalment=int(r.instalment),
            user_id=UserId(r.user_id),
            tid=None if r.tid is None else int(r.tid),
            amount=int(r.amount),
            description=r.description,
            transaction_id=None if r.transaction_id is None else TransactionId(r.transaction_id),
            failure=r.failure,
            balance=int(r.balance),
        )
        for r in rows
    ]


def mark_notified(db: Reader, *, fee_id: int, instalment: int, user_id: int) -> bool:
    """Record that the member was told of the charge; ``False`` when it was already."""
    result = db.execute(
        update(_C)
        .where(
            _C.fee_id == fee_id,
            _C.instalment == instalment,
            _C.user_id == user_id,
            _C.notified.is_(False),
        )
        .values(notified=True)
    )
    return bool(getattr(result, "rowcount", 0))


__all__ = [
    "advance",
    "get_fee",
    "insert_fee",
    "list_due_ids",
    "list_fees",
    "list_unnotified",
    "mark_notified",
    "payers",
    "record_charge",
    "role_id_of",
    "set_status",
]
