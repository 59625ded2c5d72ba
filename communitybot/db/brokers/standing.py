"""All SQL of the community's standing: its economy, roles, role holders, grants and log.

The rules themselves are rows of the core's ``economy_permissions`` (written with
:mod:`communitybot.db.brokers.economy.permissions`), scoped to the community's economy.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Connection,
    and_,
    bindparam,
    exists,
    or_,
    select,
)
from sqlalchemy.orm import Session

from communitybot.core.community_standing import CommunityRole, Grants, StandingChange
from communitybot.core.economy import PermissionRule, SubjectKind
from communitybot.core.ids import EconomyId, RoleId, UserId
from communitybot.db.brokers.economy._util import (
    column_where,
    delete_where,
    find_scalar,
    insert_id,
    insert_row,
    record,
    required,
)
from communitybot.db.brokers.economy.permissions import rule_of
from communitybot.db.models.economy import PermissionRow
from communitybot.db.models.standing import (
    COMMUNITY_ECONOMY_SLOT,
    CommunityEconomyRow,
    CommunityRoleMemberRow,
    CommunityRoleRow,
    StandingLogRow,
)
from communitybot.db.uow import Reader


def find_community_economy_id(session: Session) -> EconomyId | None:
    """The community's economy, or ``None`` before its first rule or role."""
    return find_scalar(
        session,
        select(CommunityEconomyRow.economy_id).where(
            CommunityEconomyRow.id == COMMUNITY_ECONOMY_SLOT
        ),
        EconomyId,
    )


def insert_community_economy(session: Session, *, economy_id: EconomyId, now: datetime) -> None:
    """Name ``economy_id`` the community's economy (a second writer fails on the primary key)."""
    insert_row(
        session,
        CommunityEconomyRow,
        id=COMMUNITY_ECONOMY_SLOT,
        economy_id=economy_id,
        created_at=now,
    )


def _role(row: CommunityRoleRow) -> CommunityRole:
    return CommunityRole(id=RoleId(row.id), name=row.name)


def find_role(session: Session, *, name: str) -> CommunityRole | None:
    """The role called ``name``, or ``None``."""
    row = session.scalars(select(CommunityRoleRow).where(CommunityRoleRow.name == name)).first()
    return None if row is None else _role(row)


def get_role(session: Session, *, name: str) -> CommunityRole:
    """The role called ``name``; :class:`NotFound` (kind ``"role"``) when there is none."""
    return required(find_role(session, name=name), "role", name)


def insert_role(session: Session, *, name: str, now: datetime) -> RoleId:
    """Insert the role ``name``; return its id."""
    return insert_id(session, RoleId, CommunityRoleRow, name=name, created_at=now)


def list_roles(session: Session) -> list[CommunityRole]:
    """Every role, by name."""
    rows = session.scalars(select(CommunityRoleRow).order_by(CommunityRoleRow.name))
    return [_role(row) for row in rows]


def holds_role(session: Session, *, role_id: RoleId, user_id: UserId) -> bool:
    """Whether ``user_id`` holds ``role_id``."""
    found = session.scalar(
        select(CommunityRoleMemberRow.user_id).where(
            CommunityRoleMemberRow.role_id == role_id, CommunityRoleMemberRow.user_id == user_id
        )
    )
    return found is not None


def add_holder(session: Session, *, role_id: RoleId, user_id: UserId, now: datetime) -> None:
    """Give ``user_id`` the role (the caller checked it does not hold it yet)."""
    insert_row(session, CommunityRoleMemberRow, role_id=role_id, user_id=user_id, granted_at=now)


def remove_holder(session: Session, *, role_id: RoleId, user_id: UserId) -> bool:
    """Take the role from ``user_id``; ``False`` when it did not hold it."""
    return delete_where(session, CommunityRoleMemberRow, role_id=role_id, user_id=user_id)


def list_holders(session: Session, *, role_id: RoleId) -> list[UserId]:
    """Who holds ``role_id``, by user id."""
    return column_where(session, UserId, CommunityRoleMemberRow.user_id, role_id=role_id)


def roles_of(session: Session, *, user_id: UserId) -> list[CommunityRole]:
    """The roles ``user_id`` holds, by name."""
    rows = session.scalars(
        select(CommunityRoleRow)
        .join(CommunityRoleMemberRow, CommunityRoleMemberRow.role_id == CommunityRoleRow.id)
        .where(CommunityRoleMemberRow.user_id == user_id)
        .order_by(CommunityRoleRow.name)
    )
    return [_role(row) for row in rows]


_COMMUNITY_ECONOMY = (
    select(CommunityEconomyRow.economy_id)
    .where(CommunityEconomyRow.id == COMMUNITY_ECONOMY_SLOT)
    .scalar_subquery()
)

_HOLDERS: BindParameter[list[int]] = bindparam("user_ids", expanding=True)

_GRANTS = (
    select(
        *PermissionRow.__table__.c,
        CommunityRoleMemberRow.user_id.label("role_holder"),
    )
    .outerjoin(
        CommunityRoleMemberRow,
        and_(
            PermissionRow.subject_kind == SubjectKind.ROLE,
            CommunityRoleMemberRow.role_id == PermissionRow.subject_id,
            CommunityRoleMemberRow.user_id.in_(_HOLDERS),
        ),
    )
    .where(
        PermissionRow.economy_id == _COMMUNITY_ECONOMY,
        or_(
            and_(
                PermissionRow.subject_kind == SubjectKind.USER,
                PermissionRow.subject_id.in_(_HOLDERS),
            ),
            CommunityRoleMemberRow.user_id.is_not(None),
        ),
    )
    .order_by(PermissionRow.id)
)
"""The community's rules about the users ``user_ids`` and about the roles they hold, each with
the holder of the role (``NULL`` for a rule about a user). Built once: a transfer runs it."""


def rules_apply(user_id: ColumnElement[int]) -> ColumnElement[bool]:
    """Whether any of the community's rules applies to the user ``user_id`` (a column of the
    statement it is put in): the rules :func:`grants_of` would read, as a correlated
    ``EXISTS``.

    A user read or locked with it needs no :func:`grants_of` statement when it is false (the
    common case: most members have no rule of their own, and before the first rule or role
    there is no community economy at all). In a locking read it locks none of the rows it
    looks at (a nested subquery is read without locks).
    """
    roles_held = (
        select(CommunityRoleMemberRow.role_id)
        .where(CommunityRoleMemberRow.user_id == user_id)
        .correlate_except(CommunityRoleMemberRow)
    )
    return exists().where(
        PermissionRow.economy_id == _COMMUNITY_ECONOMY,
        or_(
            and_(
                PermissionRow.subject_kind == SubjectKind.USER,
                PermissionRow.subject_id == user_id,
            ),
            and_(
                PermissionRow.subject_kind == SubjectKind.ROLE,
                PermissionRow.subject_id.in_(roles_held),
            ),
        ),
    )


def grants_of(db: Reader, *, user_ids: Iterable[int]) -> dict[int, Grants]:
    """The community's rules that apply to each of ``user_ids``: one statement.

    A rule applies to a user when it is scoped to the community's economy and names the user or
    a role the user holds. Users without any such rule map to an empty :class:`Grants`.
    """
    ids = sorted(set(user_ids))
    grants: dict[int, Grants] = {user_id: Grants() for user_id in ids}
    if not ids:
        return grants
    found: dict[int, list[PermissionRule]] = {}
    connection = db if isinstance(db, Connection) else db.connection()
    for row in connection.execute(_GRANTS, {"user_ids": ids}):
        holder = row.subject_id if row.role_holder is None else row.role_holder
        found.setdefault(int(holder), []).append(rule_of(row))
    for holder, rules in found.items():
        grants[holder] = Grants(
            economy_id=rules[0].scope.economy_id,
            role_ids=frozenset(
                RoleId(r.subject.id) for r in rules if r.subject.kind is SubjectKind.ROLE
            ),
            rules=tuple(rules),
        )
    return grants


def log_change(
    session: Session,
    *,
    actor_id: UserId | None,
    change: str,
    subject: str,
    detail: str | None,
    now: datetime,
) -> None:
    """Append one entry to the standing log."""
    insert_row(
        session,
        StandingLogRow,
        at=now,
        actor_id=actor_id,
        change=change,
        subject=subject,
        detail=detail,
    )


def list_log(session: Session, *, limit: int = 50) -> list[StandingChange]:
    """The latest ``limit`` entries of the standing log, newest first."""
    rows = session.scalars(select(StandingLogRow).order_by(StandingLogRow.id.desc()).limit(limit))
    return [record(StandingChange, row) for row in rows]


__all__ = [
    "add_holder",
    "find_community_economy_id",
    "find_role",
    "get_role",
    "grants_of",
    "holds_role",
    "insert_community_economy",
    "insert_role",
    "list_holders",
    "list_log",
    "list_roles",
    "log_change",
    "remove_holder",
    "roles_of",
    "rules_apply",
]
