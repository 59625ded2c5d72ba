"""All SQL of permission rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from communitybot.core.economy import (
    Permission,
    PermissionRule,
    RuleName,
    Scope,
    Subject,
    SubjectKind,
)
from communitybot.core.ids import AccountId, EconomyId, PermissionRuleId
from communitybot.db.brokers.economy._util import delete_where, upsert
from communitybot.db.models.economy import PermissionRow


def scope_key(scope: Scope) -> str:
    """The text that makes a rule unique per scope (NULLs would not): ``"<economy>/<account>"``."""
    economy = "*" if scope.economy_id is None else str(scope.economy_id)
    account = "*" if scope.account_id is None else str(scope.account_id)
    return f"{economy}/{account}"


def rule_of(row: Any) -> PermissionRule:
    """The rule a row of ``economy_permissions`` holds."""
    return PermissionRule(
        subject=Subject(row.subject_kind, row.subject_id),
        permission=row.permission,
        scope=Scope(
            None if row.economy_id is None else EconomyId(row.economy_id),
            None if row.account_id is None else AccountId(row.account_id),
        ),
        allowed=bool(row.allowed),
        id=PermissionRuleId(row.id),
    )


def _about(subjects: Iterable[Subject]) -> Any:
    by_kind: dict[SubjectKind, set[int]] = {}
    for subject in subjects:
        by_kind.setdefault(subject.kind, set()).add(subject.id)
    return or_(
        *(
            and_(PermissionRow.subject_kind == kind, PermissionRow.subject_id.in_(sorted(ids)))
            for kind, ids in by_kind.items()
        )
    )


def list_rules_for(
    session: Session, *, subjects: Iterable[Subject], economy_id: EconomyId | None
) -> list[PermissionRule]:
    """Every rule about ``subjects`` that can apply in ``economy_id`` (global ones included).

    With ``economy_id`` ``None`` only global rules come back.
    """
    subjects = list(subjects)
    if not subjects:
        return []
    where_economy: ColumnElement[bool] = PermissionRow.economy_id.is_(None)
    if economy_id is not None:
        where_economy = or_(where_economy, PermissionRow.economy_id == economy_id)
    rows = session.execute(
        select(PermissionRow.__table__).where(_about(subjects), where_economy)
    ).all()
    return [rule_of(row) for row in rows]


def list_rules(
    session: Session,
    *,
    subject: Subject | None = None,
    economy_id: EconomyId | None = None,
    limit: int = 500,
) -> list[PermissionRule]:
    """Rules, optionally only about ``subject`` and/or scoped inside ``economy_id``, by id."""
    statement = select(PermissionRow.__table__)
    if subject is not None:
        statement = statement.where(_about([subject]))
    if economy_id is not None:
        statement = statement.where(PermissionRow.economy_id == economy_id)
    rows = session.execute(statement.order_by(PermissionRow.id).limit(limit)).all()
    return [rule_of(row) for row in rows]


def upsert_rule(
    session: Session, *, subject: Subject, permission: RuleName, scope: Scope, allowed: bool
) -> None:
    """Grant or deny: insert the rule, or change the allowance of the one already there."""
    values = {
        "subject_kind": subject.kind,
        "subject_id": subject.id,
        "permission": permission,
        "economy_id": scope.economy_id,
        "account_id": scope.account_id,
        "scope_key": scope_key(scope),
        "allowed": allowed,
    }
    upsert(
        session,
        PermissionRow,
        values,
        key=("subject_kind", "subject_id", "permission", "scope_key"),
        changed=("allowed",),
    )


def delete_rule(session: Session, *, subject: Subject, permission: RuleName, scope: Scope) -> bool:
    """Remove the rule, so the default applies again; ``False`` if there was none."""
    return delete_where(
        session,
        PermissionRow,
        subject_kind=subject.kind,
        subject_id=subject.id,
        permission=permission,
        scope_key=scope_key(scope),
    )


def list_global_grantees(session: Session, *, permission: Permission) -> list[int]:
    """Users holding a global grant of ``permission``, by id."""
    rows = session.scalars(
        select(PermissionRow.subject_id)
        .where(
            PermissionRow.subject_kind == SubjectKind.USER,
            PermissionRow.permission == permission,
            PermissionRow.scope_key == scope_key(Scope()),
            PermissionRow.allowed.is_(True),
        )
        .order_by(PermissionRow.subject_id)
    )
    return list(rows)


__all__ = [
    "delete_rule",
    "list_global_grantees",
    "list_rules",
    "list_rules_for",
    "rule_of",
    "scope_key",
    "upsert_rule",
]
