"""All SQL of applications and API keys."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from communitybot.core.economy import ApiKey, Application, KeyType
from communitybot.core.errors import NotFound
from communitybot.core.ids import AccountId, ApiKeyId, ApplicationId, EconomyId, MemberId
from communitybot.db.brokers.economy._util import (
    affected,
    find_row,
    insert_id,
    one_row,
    record,
    update_where,
)
from communitybot.db.models.economy import ApiKeyRow, ApplicationRow

_KEY_COLUMNS = tuple(c for c in ApiKeyRow.__table__.c if c.name != "secret_hash")


def _application(row: Any) -> Application:
    return record(Application, row)


def _key(row: Any) -> ApiKey:
    return record(
        ApiKey,
        row,
        enabled=bool(row.enabled),
        activated=bool(row.activated),
        deleted=bool(row.deleted),
    )


def insert_application(
    session: Session, *, economy_id: EconomyId, owner_id: MemberId, name: str, now: datetime
) -> ApplicationId:
    """Insert an application; return its id."""
    return insert_id(
        session,
        ApplicationId,
        ApplicationRow,
        economy_id=economy_id,
        owner_id=owner_id,
        name=name,
        created_at=now,
    )


def get_application(session: Session, *, application_id: ApplicationId) -> Application:
    """Live application ``application_id``; :class:`NotFound` when missing or deleted."""
    return _application(
        one_row(
            session,
            select(ApplicationRow.__table__).where(
                ApplicationRow.id == application_id, ApplicationRow.deleted_at.is_(None)
            ),
            "application",
            application_id,
        )
    )


def list_applications(
    session: Session, *, owner_id: MemberId, economy_id: EconomyId | None = None
) -> list[Application]:
    """The live applications of ``owner_id`` (in ``economy_id`` if given), by id."""
    statement = select(ApplicationRow.__table__).where(
        ApplicationRow.owner_id == owner_id, ApplicationRow.deleted_at.is_(None)
    )
    if economy_id is not None:
        statement = statement.where(ApplicationRow.economy_id == economy_id)
    return [_application(r) for r in session.execute(statement.order_by(ApplicationRow.id)).all()]


def mark_application_deleted(
    session: Session, *, application_id: ApplicationId, now: datetime
) -> None:
    """Soft-delete the application and every key it made."""
    update_where(session, ApplicationRow, ApplicationRow.id == application_id, deleted_at=now)
    update_where(
        session, ApiKeyRow, ApiKeyRow.application_id == application_id, deleted=True, enabled=False
    )


def insert_key(
    session: Session,
    *,
    application_id: ApplicationId,
    economy_id: EconomyId,
    issuer_id: MemberId,
    key_type: KeyType,
    account_id: AccountId | None,
    spending_limit: int | None,
    enabled: bool,
    secret_hash: bytes,
    now: datetime,
) -> ApiKeyId:
    """Insert a key (not yet activated by its issuer); return its id."""
    return insert_id(
        session,
        ApiKeyId,
        ApiKeyRow,
        application_id=application_id,
        economy_id=economy_id,
        issuer_id=issuer_id,
        key_type=key_type,
        account_id=account_id,
        spending_limit=spending_limit,
        spent=0,
        enabled=enabled,
        activated=False,
        deleted=False,
        secret_hash=secret_hash,
        created_at=now,
    )


def find_key(session: Session, *, key_id: ApiKeyId) -> ApiKey | None:
    """Key ``key_id`` (whatever its state), or ``None``."""
    return find_row(session, select(*_KEY_COLUMNS).where(ApiKeyRow.id == key_id), _key)


def get_key(session: Session, *, key_id: ApiKeyId) -> ApiKey:
    """Key ``key_id`` unless deleted; :class:`NotFound` otherwise."""
    key = find_key(session, key_id=key_id)
    if key is None or key.deleted:
        raise NotFound(kind="api_key", ref=str(key_id))
    return key


def find_secret(session: Session, *, key_id: ApiKeyId) -> tuple[ApiKey, bytes, str] | None:
    """The key, its secret hash and its issuer's recorded roles, or ``None``."""
    row = session.execute(select(ApiKeyRow.__table__).where(ApiKeyRow.id == key_id)).one_or_none()
    if row is None:
        return None
    return _key(row), bytes(row.secret_hash), row.issuer_roles


def list_keys(session: Session, *, application_id: ApplicationId) -> list[ApiKey]:
    """The keys (not deleted) of ``application_id``, by id."""
    rows = session.execute(
        select(*_KEY_COLUMNS)
        .where(ApiKeyRow.application_id == application_id, ApiKeyRow.deleted.is_(False))
        .order_by(ApiKeyRow.id)
    ).all()
    return [_key(r) for r in rows]


def update_key(
    session: Session,
    *,
    key_id: ApiKeyId,
    enabled: bool | None = None,
    activated: bool | None = None,
    deleted: bool | None = None,
    issuer_roles: str | None = None,
) -> None:
    """Change the given flags of ``key_id``."""
    values: dict[str, Any] = {}
    for name, value in (
        ("enabled", enabled),
        ("activated", activated),
        ("deleted", deleted),
        ("issuer_roles", issuer_roles),
    ):
        if value is not None:
            values[name] = value
    if values:
        update_where(session, ApiKeyRow, ApiKeyRow.id == key_id, **values)


def spend(session: Session, *, key_id: ApiKeyId, amount: int) -> bool:
    """Add ``amount`` to what the key spent, only if that stays within its limit.

    One conditional relative ``UPDATE``: the row lock it takes serialises concurrent uses of the
    key, so two payments can never both fit the last of the limit. ``False`` when it would not fit.
    """
    result = session.execute(
        update(ApiKeyRow)
        .where(
            ApiKeyRow.id == key_id,
            or_(
                ApiKeyRow.spending_limit.is_(None),
                ApiKeyRow.spent + amount <= ApiKeyRow.spending_limit,
            ),
        )
        .values(spent=ApiKeyRow.spent + amount)
    )
    return bool(affected(result))


__all__ = [
    "find_key",
    "find_secret",
    "get_application",
    "get_key",
    "insert_application",
    "insert_key",
    "list_applications",
    "list_keys",
    "mark_application_deleted",
    "spend",
    "update_key",
]
