"""All SQL of the community journal (``transactions``).

Money moves only through the engine (:func:`communitybot.services.ledger.move` over
:class:`communitybot.db.stores.CommunityStore`), which writes the rows with
:func:`insert_transaction`.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Table, and_, bindparam, func, insert, or_, select
from sqlalchemy.orm import Session, aliased

from communitybot.core.community import HistoryEntry, JournalEntry, UserSummary
from communitybot.core.errors import NotFound
from communitybot.core.ids import TransactionId, UserId
from communitybot.db.models.community import External, Transaction, User

_INSERT = insert(cast(Table, Transaction.__table__)).values(
    sender=bindparam("sender"),
    receiver=bindparam("receiver"),
    amount=bindparam("amount"),
    reason=bindparam("reason"),
)


def insert_transaction(
    session: Session, *, sender: int, receiver: int, amount: int, reason: str
) -> TransactionId:
    """Write one journal row (the caller has moved the balances); return its id."""
    result = session.execute(
        _INSERT, {"sender": sender, "receiver": receiver, "amount": amount, "reason": reason}
    )
    return TransactionId(cast(CursorResult[Any], result).lastrowid)


def _record(row: Transaction) -> JournalEntry:
    return JournalEntry(
        id=TransactionId(row.id),
        sender=UserId(row.sender),
        receiver=UserId(row.receiver),
        amount=row.amount,
        reason=row.reason,
        registered=row.registered,
    )


def get_transaction(session: Session, *, transaction_id: int) -> JournalEntry:
    """The journal row ``transaction_id``; :class:`NotFound` when missing."""
    row = session.get(Transaction, transaction_id)
    if row is None:
        raise NotFound(kind="transaction", ref=str(transaction_id))
    return _record(row)


def list_by_reason(session: Session, *, reason: str) -> list[JournalEntry]:
    """Every journal row with exactly this reason, by id."""
    rows = session.scalars(
        select(Transaction).where(Transaction.reason == reason).order_by(Transaction.id)
    )
    return [_record(row) for row in rows]


def count_for_user(session: Session, *, user_id: int) -> int:
    """How many journal rows name the user as sender or receiver."""
    return (
        session.scalar(
            select(func.count())
            .select_from(Transaction)
            .where(or_(Transaction.sender == user_id, Transaction.receiver == user_id))
        )
        or 0
    )


def list_history(
    session: Session, *, user_id: int, offset: int = 0, limit: int | None = None, newest_first: bool
) -> list[HistoryEntry]:
    """The user's journal from its view (received positive), with counterpart names."""
    counterpart = aliased(User)
    query = (
        select(
            Transaction.id,
            Transaction.registered,
            Transaction.sender,
            Transaction.amount,
            Transaction.reason,
            counterpart.id.label("other_id"),
            counterpart.name.label("other_name"),
            counterpart.username.label("other_username"),
        )
        .join(
            counterpart,
            or_(
                and_(Transaction.sender == user_id, counterpart.id == Transaction.receiver),
                and_(Transaction.receiver == user_id, counterpart.id == Transaction.sender),
            ),
        )
        .where(or_(Transaction.sender == user_id, Transaction.receiver == user_id))
        .order_by(Transaction.id.desc() if newest_first else Transaction.id)
        .offset(offset)
    )
    if limit is not None:
        query = query.limit(limit)
    return [
        HistoryEntry(
            transaction_id=TransactionId(row.id),
            registered=row.registered,
            amount=-row.amount if row.sender == user_id else row.amount,
            counterpart=UserSummary(
                id=UserId(row.other_id), name=row.other_name, username=row.other_username
            ),
            reason=row.reason,
        )
        for row in session.execute(query)
    ]


def journal_balances(session: Session) -> dict[int, int]:
    """Per user, received minus sent over the whole journal (users without rows are absent)."""
    received = session.execute(
        select(Transaction.receiver, func.sum(Transaction.amount)).group_by(Transaction.receiver)
    ).all()
    sent = session.execute(
        select(Transaction.sender, func.sum(Transaction.amount)).group_by(Transaction.sender)
    ).all()
    sums: dict[int, int] = {}
    for user_id, total in received:
        sums[user_id] = sums.get(user_id, 0) + int(total)
    for user_id, total in sent:
        sums[user_id] = sums.get(user_id, 0) - int(total)
    return sums


def list_non_positive(session: Session) -> list[JournalEntry]:
    """Journal rows whose amount is zero or negative (never written by this code)."""
    rows = session.scalars(select(Transaction).where(Transaction.amount <= 0))
    return [_record(row) for row in rows]


def list_unvouched_movements(session: Session) -> list[JournalEntry]:
    """Journal rows naming an external without voucher, registered after its last change.

    ``externals.changed`` is set whenever the voucher leaves; the settlement at that moment is
    written before the change, so anything later moved money without a voucher.
    """
    query = (
        select(Transaction)
        .join(
            External,
            or_(External.external == Transaction.sender, External.external == Transaction.receiver),
        )
        .where(External.internal.is_(None), Transaction.registered > External.changed)
        .order_by(Transaction.id)
    )
    return [_record(row) for row in session.scalars(query)]


def list_after(session: Session, *, after_id: int = 0, limit: int = 1000) -> list[JournalEntry]:
    """Journal rows with an id above ``after_id``, ascending, at most ``limit`` (for exports)."""
    rows = session.scalars(
        select(Transaction).where(Transaction.id > after_id).order_by(Transaction.id).limit(limit)
    )
    return [_record(row) for row in rows]


def list_by_reason_prefix(session: Session, *, prefix: str) -> list[JournalEntry]:
    """Journal rows whose reason starts with ``prefix`` (``%`` and ``_`` are taken literally)."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = session.scalars(
        select(Transaction)
        .where(Transaction.reason.like(f"{escaped}%", escape="\\"))
        .order_by(Transaction.id)
    )
    return [_record(row) for row in rows]


def list_by_ids(session: Session, *, transaction_ids: list[int]) -> dict[int, JournalEntry]:
    """The journal rows with these ids that exist, by id (for ``communitybot check``)."""
    if not transaction_ids:
        return {}
    rows = session.scalars(select(Transaction).where(Transaction.id.in_(set(transaction_ids))))
    return {row.id: _record(row) for row in rows}


__all__ = [
    "count_for_user",
    "get_transaction",
    "insert_transaction",
    "journal_balances",
    "list_after",
    "list_by_ids",
    "list_by_reason",
    "list_by_reason_prefix",
    "list_history",
    "list_non_positive",
    "list_unvouched_movements",
]
