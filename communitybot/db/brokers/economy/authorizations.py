"""All SQL of payment authorisation: expense categories, lines of credit (with their per-period
consumption) and the record of each authorised payment."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from communitybot.core.economy import (
    CreditPeriod,
    ExpenseCategory,
    LineOfCredit,
    PaymentAuthorization,
)
from communitybot.core.errors import NotFound
from communitybot.core.ids import (
    AccountId,
    ApiKeyId,
    EconomyId,
    ExpenseCategoryId,
    JournalEntryId,
    LineOfCreditId,
    MemberId,
    PaymentAuthorizationId,
)
from communitybot.db.brokers.economy._util import (
    affected,
    find_row,
    insert_id,
    inserted_id,
    one_row,
    record,
    required,
    update_where,
)
from communitybot.db.models.economy_ext import (
    AuthorizationLineRow,
    ExpenseCategoryRow,
    LineOfCreditRow,
    PaymentAuthorizationRow,
)


def _category(row: Any) -> ExpenseCategory:
    return record(ExpenseCategory, row)


def _line(row: Any) -> LineOfCredit:
    return record(LineOfCredit, row)


# --- expense categories ----------------------------------------------------------------------


def insert_category(
    session: Session,
    *,
    economy_id: EconomyId,
    code: str,
    name: str,
    description: str | None,
    reference: str | None,
    now: datetime,
) -> ExpenseCategoryId:
    """Insert an expense category (code and name unique per economy); return its id."""
    return insert_id(
        session,
        ExpenseCategoryId,
        ExpenseCategoryRow,
        economy_id=economy_id,
        code=code,
        name=name,
        description=description,
        reference=reference,
        created_at=now,
    )


def find_category_by(
    session: Session, *, economy_id: EconomyId, code: str | None = None, name: str | None = None
) -> ExpenseCategory | None:
    """The category of ``economy_id`` with this code or name, or ``None``.

    Compared with the column's collation (case-insensitive on MySQL/MariaDB), as the unique
    indexes compare them.
    """
    statement = select(ExpenseCategoryRow.__table__).where(
        ExpenseCategoryRow.economy_id == economy_id
    )
    if code is not None:
        statement = statement.where(ExpenseCategoryRow.code == code)
    if name is not None:
        statement = statement.where(ExpenseCategoryRow.name == name)
    return find_row(session, statement.limit(1), _category)


def get_category(session: Session, *, category_id: ExpenseCategoryId) -> ExpenseCategory:
    """Category ``category_id``; :class:`NotFound` when missing."""
    return _category(
        one_row(
            session,
            select(ExpenseCategoryRow.__table__).where(ExpenseCategoryRow.id == category_id),
            "expense_category",
            category_id,
        )
    )


def get_category_id_by_code(
    session: Session, *, economy_id: EconomyId, code: str
) -> ExpenseCategoryId:
    """The id of the category with ``code``; :class:`NotFound` when missing."""
    found = session.scalar(
        select(ExpenseCategoryRow.id).where(
            ExpenseCategoryRow.economy_id == economy_id, ExpenseCategoryRow.code == code
        )
    )
    if found is None:
        raise NotFound(kind="expense_category", ref=code)
    return ExpenseCategoryId(found)


def list_categories_by_codes(
    session: Session, *, economy_id: EconomyId, codes: Iterable[str]
) -> list[ExpenseCategory]:
    """The categories of ``economy_id`` with these codes (fewer when some do not exist)."""
    wanted = sorted(set(codes))
    if not wanted:
        return []
    rows = session.execute(
        select(ExpenseCategoryRow.__table__)
        .where(ExpenseCategoryRow.economy_id == economy_id, ExpenseCategoryRow.code.in_(wanted))
        .order_by(ExpenseCategoryRow.id)
    ).all()
    return [_category(row) for row in rows]


def list_categories(session: Session, *, economy_id: EconomyId) -> list[ExpenseCategory]:
    """Every category of ``economy_id``, by code."""
    rows = session.execute(
        select(ExpenseCategoryRow.__table__)
        .where(ExpenseCategoryRow.economy_id == economy_id)
        .order_by(ExpenseCategoryRow.code)
    ).all()
    return [_category(row) for row in rows]


# --- lines of credit -------------------------------------------------------------------------


def insert_line(
    session: Session,
    *,
    economy_id: EconomyId,
    account_id: AccountId,
    holder_id: MemberId,
    category_id: ExpenseCategoryId,
    name: str,
    period: CreditPeriod,
    credits_limit: int,
    expensed_credits: int,
    period_key: str,
    now: datetime,
) -> LineOfCreditId:
    """Insert an open line of credit; return its id."""
    return insert_id(
        session,
        LineOfCreditId,
        LineOfCreditRow,
        economy_id=economy_id,
        account_id=account_id,
        holder_id=holder_id,
        category_id=category_id,
        name=name,
        period=period,
        credits_limit=credits_limit,
        expensed_credits=expensed_credits,
        period_key=period_key,
        live=1,
        created_at=now,
    )


def find_line(session: Session, *, line_id: LineOfCreditId) -> LineOfCredit | None:
    """Line ``line_id`` (open or terminated), or ``None``."""
    return find_row(
        session, select(LineOfCreditRow.__table__).where(LineOfCreditRow.id == line_id), _line
    )


def get_line(session: Session, *, line_id: LineOfCreditId) -> LineOfCredit:
    """Line ``line_id``; :class:`NotFound` when missing."""
    return required(find_line(session, line_id=line_id), "line_of_credit", line_id)


def lock_line(session: Session, *, line_id: LineOfCreditId) -> LineOfCredit:
    """Lock one line ``FOR UPDATE`` and return it as it is now."""
    locked = lock_lines(session, ids=[line_id])
    if line_id not in locked:
        raise NotFound(kind="line_of_credit", ref=str(line_id))
    return locked[line_id]


def lock_lines(
    session: Session, *, ids: Iterable[LineOfCreditId]
) -> dict[LineOfCreditId, LineOfCredit]:
    """Lock the lines ``FOR UPDATE`` in ascending id order; return them as they are now."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = session.execute(
        select(LineOfCreditRow.__table__)
        .where(LineOfCreditRow.id.in_(wanted))
        .order_by(LineOfCreditRow.id)
        .with_for_update()
    ).all()
    return {LineOfCreditId(row.id): _line(row) for row in rows}


def find_open_line(
    session: Session,
    *,
    account_id: AccountId,
    holder_id: MemberId | None = None,
    category_id: ExpenseCategoryId | None = None,
    name: str | None = None,
) -> LineOfCredit | None:
    """The open line of ``account_id`` for this holder and category, or with this name."""
    statement = select(LineOfCreditRow.__table__).where(
        LineOfCreditRow.account_id == account_id, LineOfCreditRow.live == 1
    )
    if holder_id is not None:
        statement = statement.where(LineOfCreditRow.holder_id == holder_id)
    if category_id is not None:
        statement = statement.where(LineOfCreditRow.category_id == category_id)
    if name is not None:
        statement = statement.where(LineOfCreditRow.name == name)
    return find_row(session, statement.limit(1), _line)


def list_open_lines_for(
    session: Session,
    *,
    account_id: AccountId,
    holder_id: MemberId,
    category_ids: Iterable[ExpenseCategoryId],
) -> list[LineOfCredit]:
    """The open lines of ``holder_id`` on ``account_id`` for these categories, by id."""
    wanted = sorted(set(category_ids))
    if not wanted:
        return []
    rows = session.execute(
        select(LineOfCreditRow.__table__)
        .where(
            LineOfCreditRow.account_id == account_id,
            LineOfCreditRow.holder_id == holder_id,
            LineOfCreditRow.category_id.in_(wanted),
            LineOfCreditRow.live == 1,
        )
        .order_by(LineOfCreditRow.id)
    ).all()
    return [_line(row) for row in rows]


def list_lines(
    session: Session,
    *,
    account_id: AccountId | None = None,
    holder_id: MemberId | None = None,
    include_terminated: bool = False,
    limit: int = 500,
) -> list[LineOfCredit]:
    """Lines of an account and/or a holder, by id."""
    statement = select(LineOfCreditRow.__table__)
    if account_id is not None:
        statement = statement.where(LineOfCreditRow.account_id == account_id)
    if holder_id is not None:
        statement = statement.where(LineOfCreditRow.holder_id == holder_id)
    if not include_terminated:
        statement = statement.where(LineOfCreditRow.live == 1)
    rows = session.execute(statement.order_by(LineOfCreditRow.id).limit(limit)).all()
    return [_line(row) for row in rows]


def consume(session: Session, *, line_id: LineOfCreditId, amount: int, period_key: str) -> bool:
    """Add ``amount`` to what the open line expensed in ``period_key``, only if that stays
    within its limit; ``False`` when it would not fit.

    Two relative statements: the first starts a new period from zero (when the stored period
    is an older one), the second is the conditional ``expensed = expensed + amount``. The
    first takes the row lock, so concurrent uses of one line queue and can never together
    pass its limit.
    """
    update_where(
        session,
        LineOfCreditRow,
        LineOfCreditRow.id == line_id,
        LineOfCreditRow.period_key != period_key,
        expensed_credits=0,
        period_key=period_key,
    )
    result = session.execute(
        update(LineOfCreditRow)
        .where(
            LineOfCreditRow.id == line_id,
            LineOfCreditRow.live == 1,
            LineOfCreditRow.period_key == period_key,
            LineOfCreditRow.expensed_credits + amount <= LineOfCreditRow.credits_limit,
        )
        .values(expensed_credits=LineOfCreditRow.expensed_credits + amount)
    )
    return bool(affected(result))


def set_credits(
    session: Session,
    *,
    line_id: LineOfCreditId,
    credits_limit: int | None = None,
    expensed_credits: int | None = None,
    period_key: str | None = None,
) -> None:
    """Change the limit and/or reset what the line expensed (in ``period_key``)."""
    values: dict[str, Any] = {}
    if credits_limit is not None:
        values["credits_limit"] = credits_limit
    if expensed_credits is not None:
        values["expensed_credits"] = expensed_credits
        values["period_key"] = period_key
    if values:
        update_where(session, LineOfCreditRow, LineOfCreditRow.id == line_id, **values)


def terminate_line(session: Session, *, line_id: LineOfCreditId, now: datetime) -> None:
    """Close the line for good (its name and holder/category slot are freed)."""
    update_where(
        session, LineOfCreditRow, LineOfCreditRow.id == line_id, live=None, terminated_at=now
    )


# --- authorisations --------------------------------------------------------------------------


def insert_authorization(
    session: Session,
    *,
    economy_id: EconomyId,
    entry_id: JournalEntryId,
    from_account_id: AccountId,
    to_account_id: AccountId,
    holder_id: MemberId,
    key_id: ApiKeyId | None,
    amount: int,
    lines: Sequence[tuple[LineOfCreditId, str]],
    now: datetime,
) -> PaymentAuthorizationId:
    """Record an authorised payment and what it consumed from each ``(line, period key)``."""
    result = session.execute(
        insert(PaymentAuthorizationRow).values(
            economy_id=economy_id,
            entry_id=entry_id,
            from_account_id=from_account_id,
            to_account_id=to_account_id,
            holder_id=holder_id,
            key_id=key_id,
            amount=amount,
            created_at=now,
        )
    )
    authorization_id = PaymentAuthorizationId(inserted_id(result))
    session.execute(
        insert(AuthorizationLineRow),
        [
            {
                "authorization_id": authorization_id,
                "line_id": line_id,
                "period_key": key,
                "amount": amount,
            }
            for line_id, key in lines
        ],
    )
    return authorization_id


def get_authorization(
    session: Session, *, authorization_id: PaymentAuthorizationId
) -> PaymentAuthorization:
    """Authorisation ``authorization_id``; :class:`NotFound` when missing."""
    row = session.execute(
        select(PaymentAuthorizationRow.__table__).where(
            PaymentAuthorizationRow.id == authorization_id
        )
    ).one_or_none()
    if row is None:
        raise NotFound(kind="payment_authorization", ref=str(authorization_id))
    lines = session.scalars(
        select(AuthorizationLineRow.line_id)
        .where(AuthorizationLineRow.authorization_id == authorization_id)
        .order_by(AuthorizationLineRow.line_id)
    ).all()
    return PaymentAuthorization(
        id=PaymentAuthorizationId(row.id),
        economy_id=EconomyId(row.economy_id),
        entry_id=JournalEntryId(row.entry_id),
        from_account_id=AccountId(row.from_account_id),
        to_account_id=AccountId(row.to_account_id),
        holder_id=MemberId(row.holder_id),
        amount=row.amount,
        lines=tuple(LineOfCreditId(line) for line in lines),
        created_at=row.created_at,
    )


__all__ = [
    "consume",
    "find_category_by",
    "find_line",
    "find_open_line",
    "get_authorization",
    "get_category",
    "get_category_id_by_code",
    "get_line",
    "insert_authorization",
    "insert_category",
    "insert_line",
    "list_categories",
    "list_categories_by_codes",
    "list_lines",
    "list_open_lines_for",
    "lock_line",
    "lock_lines",
    "set_credits",
    "terminate_line",
]
