"""All SQL of the community journal (``transactions``).

Money moves only through the engine (:func:`communitybot.services.ledger.move` over
:class:`communitybot.db.stores.CommunityStore`), which writes the rows with
:func:`insert_transaction`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Select,
    Subquery,
    and_,
    bindparam,
    func,
    insert,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from communitybot.core.community import HistoryEntry, JournalEntry, UserSummary
from communitybot.core.errors import NotFound
from communitybot.core.ids import TransactionId, UserId
from communitybot.db.models.community import INT11, JOURNAL, USERS, External, Transaction
from communitybot.db.uow import Reader

_INSERT = insert(JOURNAL).values(
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


def _user_of_tid() -> ColumnElement[int]:
    """The id of the user whose Telegram id is bound as ``tid``: a subquery of one unique index
    entry, which the server reads once, before the journal, as a constant."""
    return select(USERS.c.id).where(USERS.c.tid == bindparam("tid")).scalar_subquery()


def count_of(user: ColumnElement[int]) -> ColumnElement[int]:
    """How many journal rows name ``user`` (a column or a bound id): rows sent plus rows
    received less rows to oneself (counted by both), three counts that read index entries only,
    where one ``OR`` over both columns would merge the two indexes into a temporary table."""
    count = select(func.count()).select_from(JOURNAL)
    sent = count.where(JOURNAL.c.sender == user).scalar_subquery()
    received = count.where(JOURNAL.c.receiver == user).scalar_subquery()
    both = count.where(JOURNAL.c.sender == user, JOURNAL.c.receiver == user).scalar_subquery()
    return sent + received - both


def user_sides(
    at: ColumnElement[Any], user: ColumnElement[int] | None = None
) -> tuple[Select[Any], Select[Any]]:
    """The two sides of the journal of ``user`` (by default the id bound as ``user_id``), each
    read from its own index: the rows it sent (amount negative) and the rows it received but did
    not send (a row to oneself is sent); each as its rows' ``id``, ``at``, ``amount`` from its
    view, the ``other`` party and ``reason``.
    """
    if user is None:
        user = bindparam("user_id", type_=INT11)

    def side(
        condition: ColumnElement[bool], amount: ColumnElement[int], other: ColumnElement[int]
    ) -> Select[Any]:
        columns = (JOURNAL.c.id, at, amount.label("amount"), other.label("other"))
        return select(*columns, JOURNAL.c.reason).where(condition)

    return (
        side(JOURNAL.c.sender == user, -JOURNAL.c.amount, JOURNAL.c.receiver),
        side(
            and_(JOURNAL.c.receiver == user, JOURNAL.c.sender != user),
            JOURNAL.c.amount,
            JOURNAL.c.sender,
        ),
    )


def with_counterpart(mine: Subquery, at: str) -> Select[Any]:
    """The rows of ``mine`` (the union of :func:`user_sides`) as ``id``, ``at``, ``amount``,
    ``reason`` and the counterpart's id, name and username."""
    counterpart = USERS.alias("counterpart")
    return select(
        mine.c.id,
        mine.c[at],
        mine.c.amount,
        mine.c.reason,
        counterpart.c.id,
        counterpart.c.name,
        counterpart.c.username,
    ).join(counterpart, counterpart.c.id == mine.c.other)


def _history_statement(user: ColumnElement[int] | None, *, paged: bool) -> Select[Any]:
    """The journal rows of ``user`` (see :func:`user_sides`) with their counterparts: a page
    newest first, or all oldest first.

    The rows sent and the rows received (but not sent: a row to oneself is sent) are read from
    one index each in id order, each cut to ``offset + limit`` rows for a page; only what is left
    is merged, sorted and joined to the counterpart. One ``OR`` over both columns would merge the
    user's whole history into a temporary table and sort it for every page.
    """
    order = JOURNAL.c.id.desc() if paged else JOURNAL.c.id
    branches = []
    for branch in user_sides(JOURNAL.c.registered, user):
        if paged:
            window = branch.order_by(order).limit(bindparam("window")).subquery()
            branch = select(*window.c)
        branches.append(branch)
    mine = union_all(*branches).subquery("mine")
    query = with_counterpart(mine, "registered").order_by(mine.c.id.desc() if paged else mine.c.id)
    if paged:
        query = query.limit(bindparam("limit")).offset(bindparam("offset"))
    return query


# Built once; SQLAlchemy caches their compiled form.
_COUNT = select(count_of(bindparam("user_id", type_=INT11)))
_COUNT_OF_TID = select(USERS.c.id, count_of(USERS.c.id)).where(USERS.c.tid == bindparam("tid"))
_HISTORY_PAGE = _history_statement(None, paged=True)
_HISTORY_ALL = _history_statement(None, paged=False)
_HISTORY_PAGE_OF_TID = _history_statement(_user_of_tid(), paged=True)
_HISTORY_ALL_OF_TID = _history_statement(_user_of_tid(), paged=False)


def count_for_user(db: Reader, *, user_id: int) -> int:
    """How many journal rows name the user as sender or receiver."""
    return int(db.execute(_COUNT, {"user_id": user_id}).scalar() or 0)


def count_for_tid(db: Reader, *, tid: int) -> tuple[UserId, int] | None:
    """The id of the user with Telegram id ``tid`` and how many journal rows name it, in one
    statement; ``None`` when no user has that Telegram id."""
    row = db.execute(_COUNT_OF_TID, {"tid": tid}).first()
    return None if row is None else (UserId(row[0]), int(row[1]))


def _entries(rows: Iterable[Sequence[Any]]) -> list[HistoryEntry]:
    """History entries of rows of a history statement; one ``UserSummary`` per counterpart."""
    counterparts: dict[int, UserSummary] = {}
    entries = []
    for row_id, registered, amount, reason, other_id, name, username in rows:
        counterpart = counterparts.get(other_id)
        if counterpart is None:
            counterpart = counterparts[other_id] = UserSummary(
                id=UserId(other_id), name=name, username=username
            )
        entries.append(
            HistoryEntry(
                transaction_id=TransactionId(row_id),
                registered=registered,
                amount=amount,
                counterpart=counterpart,
                reason=reason,
            )
        )
    return entries


def list_history_page(db: Reader, *, user_id: int, offset: int, limit: int) -> list[HistoryEntry]:
    """``limit`` entries of the user's journal from ``offset``, newest first, from its view
    (received positive), with counterpart names."""
    params = {"user_id": user_id, "window": offset + limit, "offset": offset, "limit": limit}
    return _entries(db.execute(_HISTORY_PAGE, params).all())


def list_history(db: Reader, *, user_id: int) -> list[HistoryEntry]:
    """The user's whole journal, oldest first, like :func:`list_history_page`."""
    return _entries(db.execute(_HISTORY_ALL, {"user_id": user_id}).all())


def list_history_page_of_tid(
    db: Reader, *, tid: int, offset: int, limit: int
) -> list[HistoryEntry]:
    """:func:`list_history_page` of the user with Telegram id ``tid``, found in the same
    statement (nothing when no user has it)."""
    params = {"tid": tid, "window": offset + limit, "offset": offset, "limit": limit}
    return _entries(db.execute(_HISTORY_PAGE_OF_TID, params).all())


def list_history_of_tid(db: Reader, *, tid: int) -> list[HistoryEntry]:
    """:func:`list_history` of the user with Telegram id ``tid``, found in the same statement
    (nothing when no user has it)."""
    return _entries(db.execute(_HISTORY_ALL_OF_TID, {"tid": tid}).all())


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


def paid_to(session: Session, *, receiver: int, reasons: list[str]) -> dict[UserId, int]:
    """What each sender paid ``receiver`` under one of ``reasons`` (the receiver's index)."""
    rows = session.execute(
        select(Transaction.sender, func.sum(Transaction.amount))
        .where(Transaction.receiver == receiver, Transaction.reason.in_(reasons))
        .group_by(Transaction.sender)
    )
    return {UserId(int(sender)): int(total) for sender, total in rows}


def list_by_ids(session: Session, *, transaction_ids: list[int]) -> dict[int, JournalEntry]:
    """The journal rows with these ids that exist, by id (for ``communitybot check``)."""
    if not transaction_ids:
        return {}
    rows = session.scalars(select(Transaction).where(Transaction.id.in_(set(transaction_ids))))
    return {row.id: _record(row) for row in rows}


__all__ = [
    "count_for_tid",
    "count_for_user",
    "count_of",
    "get_transaction",
    "insert_transaction",
    "journal_balances",
    "list_after",
    "list_by_ids",
    "list_by_reason",
    "list_by_reason_prefix",
    "list_history",
    "list_history_of_tid",
    "list_history_page",
    "list_history_page_of_tid",
    "list_non_positive",
    "list_unvouched_movements",
    "paid_to",
    "user_sides",
    "with_counterpart",
]
