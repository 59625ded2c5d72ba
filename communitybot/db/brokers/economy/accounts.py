"""All SQL of economy accounts: rows, locks in ascending id order, relative balance changes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from communitybot.core.economy import Account, AccountType
from communitybot.core.ids import AccountId, EconomyId, MemberId
from communitybot.db.brokers.economy._util import (
    count_where,
    find_row,
    insert_id,
    record,
    required,
    update_where,
)
from communitybot.db.ledger import add_to_balances
from communitybot.db.models.economy import AccountRow

_COLUMNS = (
    AccountRow.id,
    AccountRow.economy_id,
    AccountRow.name,
    AccountRow.account_type,
    AccountRow.owner_id,
    AccountRow.balance,
    AccountRow.min_balance,
    AccountRow.is_issuance,
    AccountRow.created_at,
    AccountRow.closed_at,
)


def _account(row: Any) -> Account:
    return record(Account, row, is_issuance=bool(row.is_issuance))


def insert_account(
    session: Session,
    *,
    economy_id: EconomyId,
    name: str,
    account_type: AccountType,
    owner_id: MemberId | None,
    now: datetime,
    is_issuance: bool = False,
    min_balance: int = 0,
    system: bool = False,
) -> AccountId:
    """Insert an open account with a zero balance; return its id.

    A ``system`` account (the bank note vault) is stored closed from the start, holding no name
    and no user slot, so that no generic path (transfers, funds, taxes, limits) moves its money;
    only the service that owns it does, naming it explicitly.
    """
    return insert_id(
        session,
        AccountId,
        AccountRow,
        economy_id=economy_id,
        name=name,
        account_type=account_type,
        owner_id=owner_id,
        balance=0,
        min_balance=min_balance,
        is_issuance=is_issuance,
        live=None if system else 1,
        user_slot=(
            1 if account_type is AccountType.USER and not is_issuance and not system else None
        ),
        created_at=now,
        closed_at=now if system else None,
    )


def find_account(session: Session, *, account_id: AccountId) -> Account | None:
    """Account ``account_id`` (open or closed), or ``None``."""
    return find_row(session, select(*_COLUMNS).where(AccountRow.id == account_id), _account)


def get_account(session: Session, *, account_id: AccountId) -> Account:
    """Account ``account_id`` (open or closed); :class:`NotFound` when missing."""
    return required(find_account(session, account_id=account_id), "account", account_id)


def find_account_by_name(session: Session, *, economy_id: EconomyId, name: str) -> Account | None:
    """The open account called ``name`` in ``economy_id``, or ``None``."""
    return find_row(
        session,
        select(*_COLUMNS).where(
            AccountRow.economy_id == economy_id, AccountRow.name == name, AccountRow.live == 1
        ),
        _account,
    )


def find_user_account(
    session: Session, *, economy_id: EconomyId, owner_id: MemberId
) -> Account | None:
    """The open USER account of ``owner_id`` in ``economy_id``, or ``None``."""
    return find_row(
        session,
        select(*_COLUMNS).where(
            AccountRow.economy_id == economy_id,
            AccountRow.owner_id == owner_id,
            AccountRow.user_slot == 1,
        ),
        _account,
    )


def lock_accounts(session: Session, *, ids: Iterable[AccountId]) -> dict[AccountId, Account]:
    """Lock the accounts ``FOR UPDATE`` in ascending id order (the one lock order of every
    ledger) and return them as they are now; missing ids are absent. While the locks are held
    nobody else changes these rows.
    """
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = session.execute(
        select(*_COLUMNS).where(AccountRow.id.in_(wanted)).order_by(AccountRow.id).with_for_update()
    )
    return {AccountId(row.id): _account(row) for row in rows}


ECONOMY_INDEX = "ix_economy_accounts_economy_id"
"""The index on ``economy_id`` alone: its entries run in ascending account id per economy."""


def lock_economy_accounts(session: Session, *, economy_id: EconomyId) -> int:
    """Lock every account of ``economy_id`` in ascending id order; return how many.

    One locking read that walks :data:`ECONOMY_INDEX` (ordered by economy, then id) and returns
    only a count, so no ids travel to the client.
    """
    hint = f"FORCE INDEX ({ECONOMY_INDEX})"
    statement = (
        select(func.count())
        .select_from(AccountRow)
        .with_hint(AccountRow, hint, dialect_name="mysql")
        .with_hint(AccountRow, hint, dialect_name="mariadb")
        .where(AccountRow.economy_id == economy_id)
        .with_for_update()
    )
    return session.scalar(statement) or 0


def chunk_end(
    session: Session, *, economy_id: EconomyId, after: int, size: int
) -> AccountId | None:
    """The id of the ``size``-th account of ``economy_id`` above ``after`` in ascending order,
    or ``None`` when there are fewer (a plain read along :data:`ECONOMY_INDEX`)."""
    found = session.scalar(
        select(AccountRow.id)
        .where(AccountRow.economy_id == economy_id, AccountRow.id > after)
        .order_by(AccountRow.id)
        .offset(size - 1)
        .limit(1)
    )
    return None if found is None else AccountId(found)


@dataclass(frozen=True, slots=True)
class LockedRange:
    """What :func:`lock_account_range` locked: how many accounts, the lowest and the highest id
    (both ``None`` when there were none)."""

    count: int
    lowest: int | None
    highest: int | None

    @property
    def dense(self) -> bool:
        """Whether the accounts fill at least half of the ids from the lowest to the highest: a
        read of them along the primary key then passes few other rows, and each row costs one
        read instead of an index entry and then the row."""
        if self.lowest is None or self.highest is None:
            return False
        return self.count * 2 >= self.highest - self.lowest + 1


def lock_account_range(
    session: Session, *, economy_id: EconomyId, after: int, through: int | None
) -> LockedRange:
    """Lock the accounts of ``economy_id`` with ids in ``(after, through]`` (no upper bound for
    ``None``) in ascending id order; return how many and the lowest and highest id.

    Like :func:`lock_economy_accounts` one locking read that returns no rows to the client.
    """
    hint = f"FORCE INDEX ({ECONOMY_INDEX})"
    statement = (
        select(func.count(), func.min(AccountRow.id), func.max(AccountRow.id))
        .select_from(AccountRow)
        .with_hint(AccountRow, hint, dialect_name="mysql")
        .with_hint(AccountRow, hint, dialect_name="mariadb")
        .where(AccountRow.economy_id == economy_id, AccountRow.id > after)
        .with_for_update()
    )
    if through is not None:
        statement = statement.where(AccountRow.id <= through)
    count, lowest, highest = session.execute(statement).one()
    return LockedRange(
        count=int(count or 0),
        lowest=None if lowest is None else int(lowest),
        highest=None if highest is None else int(highest),
    )


def add_to_account_balances(session: Session, *, deltas: Mapping[AccountId, int]) -> None:
    """``balance = balance + delta`` for each account, in ascending id order (relative updates)."""
    add_to_balances(session, cast(Table, AccountRow.__table__), deltas)


def rename_account(session: Session, *, account_id: AccountId, name: str) -> None:
    """Set the name of ``account_id``."""
    update_where(session, AccountRow, AccountRow.id == account_id, name=name)


def set_owner(session: Session, *, account_id: AccountId, owner_id: MemberId) -> None:
    """Make ``owner_id`` the owner of ``account_id``."""
    update_where(session, AccountRow, AccountRow.id == account_id, owner_id=owner_id)


def set_min_balance(session: Session, *, account_id: AccountId, min_balance: int) -> None:
    """Set the limit ``account_id`` may not go below."""
    update_where(session, AccountRow, AccountRow.id == account_id, min_balance=min_balance)


def close_account(session: Session, *, account_id: AccountId, now: datetime) -> None:
    """Soft-delete ``account_id``: it keeps its journal; its name and user slot are freed."""
    update_where(
        session, AccountRow, AccountRow.id == account_id, closed_at=now, live=None, user_slot=None
    )


def close_all_accounts(session: Session, *, economy_id: EconomyId, now: datetime) -> None:
    """Close every open account of ``economy_id`` (when the economy is deleted)."""
    update_where(
        session,
        AccountRow,
        AccountRow.economy_id == economy_id,
        AccountRow.closed_at.is_(None),
        closed_at=now,
        live=None,
        user_slot=None,
    )


def list_accounts(
    session: Session,
    *,
    economy_id: EconomyId,
    owner_id: MemberId | None = None,
    ids: Iterable[AccountId] | None = None,
    include_closed: bool = False,
    after_id: int = 0,
    limit: int = 100,
) -> list[Account]:
    """A page of the accounts of ``economy_id`` by ascending id, after ``after_id``.

    The issuance account is never listed.
    """
    statement = select(*_COLUMNS).where(
        AccountRow.economy_id == economy_id,
        AccountRow.is_issuance.is_(False),
        AccountRow.id > after_id,
    )
    if owner_id is not None:
        statement = statement.where(AccountRow.owner_id == owner_id)
    if ids is not None:
        statement = statement.where(AccountRow.id.in_(sorted(set(ids))))
    if not include_closed:
        statement = statement.where(AccountRow.closed_at.is_(None))
    rows = session.execute(statement.order_by(AccountRow.id).limit(limit)).all()
    return [_account(row) for row in rows]


def count_holding_accounts(session: Session, *, economy_id: EconomyId) -> int:
    """How many accounts of ``economy_id`` other than the issuance account hold money or debt."""
    return count_where(
        session,
        AccountRow.economy_id == economy_id,
        AccountRow.is_issuance.is_(False),
        AccountRow.balance != 0,
    )


def balance_totals(session: Session, *, economy_id: EconomyId) -> tuple[int, int]:
    """The sum of the balances of ``economy_id`` and the issuance account's balance."""
    rows = session.execute(
        select(AccountRow.is_issuance, func.coalesce(func.sum(AccountRow.balance), 0))
        .where(AccountRow.economy_id == economy_id)
        .group_by(AccountRow.is_issuance)
    ).all()
    totals = {bool(flag): int(total) for flag, total in rows}
    return totals.get(False, 0), totals.get(True, 0)


__all__ = [
    "ECONOMY_INDEX",
    "LockedRange",
    "add_to_account_balances",
    "balance_totals",
    "chunk_end",
    "close_account",
    "close_all_accounts",
    "count_holding_accounts",
    "find_account",
    "find_account_by_name",
    "find_user_account",
    "get_account",
    "insert_account",
    "list_accounts",
    "lock_account_range",
    "lock_accounts",
    "lock_economy_accounts",
    "rename_account",
    "set_min_balance",
    "set_owner",
]
