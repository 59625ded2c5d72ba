"""Granting, denying and resetting permissions; checking them; the first administrator."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy.orm import Session

from communitybot.core.economy import (
    ADMIN_PERMISSIONS,
    GLOBAL,
    AccountFacts,
    Actor,
    Permission,
    PermissionRule,
    Principal,
    RuleName,
    Scope,
    Subject,
    SubjectKind,
    delegation_gap,
    subjects_of,
)
from communitybot.core.errors import AdministratorExists, CannotDelegate, InvalidScope
from communitybot.core.ids import AccountId, EconomyId, MemberId
from communitybot.db.brokers.economy import accounts as account_broker
from communitybot.db.brokers.economy import economies as economy_broker
from communitybot.db.brokers.economy import keys as key_broker
from communitybot.db.brokers.economy import permissions as rule_broker
from communitybot.db.uow import UnitOfWork
from communitybot.services.audit import record
from communitybot.services.economy._common import allowed, authorize, facts, person, refuse

_STATES = {True: "granted", False: "denied"}


def subject_ref(subject: Subject) -> str:
    """How a rule's subject is named in the audit (``user:<id>``, ``role:<id>``, ``key:<id>``)."""
    return f"{subject.kind.value.lower()}:{subject.id}"


def _scope_ref(scope: Scope) -> str:
    if scope.account_id is not None:
        return f"account:{scope.account_id}"
    return "global" if scope.economy_id is None else f"economy:{scope.economy_id}"


def rule_states(
    session: Session, subject: Subject, scope: Scope, permissions: Sequence[RuleName]
) -> dict[str, str | None]:
    """What the rules about ``subject`` say of ``permissions`` in exactly ``scope`` now."""
    found = {
        rule.permission.value: _STATES[rule.allowed]
        for rule in rule_broker.list_rules(session, subject=subject, economy_id=scope.economy_id)
        if (rule.scope.economy_id, rule.scope.account_id) == (scope.economy_id, scope.account_id)
    }
    return {p.value: found.get(p.value) for p in dict.fromkeys(permissions)}


def _audit_rules(
    session: Session,
    actor: Principal | None,
    kind: str,
    *,
    subject: Subject,
    scope: Scope,
    before: Mapping[str, str | None],
    after: Mapping[str, str | None],
) -> None:
    """Record a change of rules (only the permissions that changed), if any did."""
    names = [name for name in before if before[name] != after[name]]
    if not names:
        return
    where = {"scope": _scope_ref(scope)}
    record(
        session,
        actor=actor,
        kind=kind,
        target=subject_ref(subject),
        economy_id=scope.economy_id,
        before=where | {n: before[n] for n in names},
        after=where | {n: after[n] for n in names},
    )


def _scope(
    session: Session, economy_id: EconomyId | None, account_id: AccountId | None
) -> tuple[Scope, AccountFacts | None]:
    """The scope named, checked to exist: an account scope carries the account's economy."""
    if account_id is not None:
        account = account_broker.get_account(session, account_id=account_id)
        if economy_id is not None and economy_id != account.economy_id:
            raise InvalidScope(reason="account_outside_economy")
        economy_broker.get_economy(session, economy_id=account.economy_id)
        return Scope(account.economy_id, account.id), facts(account)
    if economy_id is not None:
        economy_broker.get_economy(session, economy_id=economy_id)
    return Scope(economy_id), None


def _gate(
    session: Session,
    actor: Actor,
    *,
    subject: Subject,
    permissions: Sequence[Permission],
    scope: Scope,
    account: AccountFacts | None,
) -> None:
    """Refuse unless ``actor`` may change these rules (see :func:`delegation_gap`).

    ``NotPermitted`` names ``MANAGE_PERMISSIONS`` when the actor lacks it; ``CannotDelegate``
    names a power the actor may manage but does not hold. Rules about an API key stay inside the
    key's economy; the key's issuer may always restrict or widen their own key, since a key
    never acts beyond its issuer.
    """
    if subject.kind is SubjectKind.KEY:
        key = key_broker.get_key(session, key_id=subject.id)  # type: ignore[arg-type]
        if scope.economy_id != key.economy_id:
            raise InvalidScope(reason="key_rule_outside_key_economy")
        if key.issuer_id == actor.user_id:
            return
    rules = rule_broker.list_rules_for(
        session, subjects=subjects_of(actor), economy_id=scope.economy_id
    )
    for permission in permissions:
        gap = delegation_gap(
            actor, permission, rules=rules, scope=scope, account=account, subject=subject
        )
        if gap is Permission.MANAGE_PERMISSIONS:
            raise refuse(actor, gap.value, economy_id=scope.economy_id, account_id=scope.account_id)
        if gap is not None:
            raise CannotDelegate(
                actor=actor.label,
                permission=gap.value,
                economy_id=scope.economy_id,
                account_id=scope.account_id,
            )


def set_permissions(
    uow: UnitOfWork,
    principal: Principal,
    *,
    subject: Subject,
    permissions: Sequence[Permission],
    economy_id: EconomyId | None = None,
    account_id: AccountId | None = None,
    allowed: bool = True,
) -> None:
    """Grant (``allowed``) or deny ``permissions`` to a user, role or key in one scope.

    The scope is global (neither id), an economy, or an account (its economy implied). The
    actor needs ``MANAGE_PERMISSIONS`` in that scope and must hold each power there itself; a
    preference (``USES_EPHEMERAL``) needs only ``MANAGE_PERMISSIONS``, and nothing when users set
    their own (see :func:`~communitybot.core.economy.delegation_gap`).
    """

    def run(session: Session) -> None:
        actor = person(principal, Permission.MANAGE_PERMISSIONS.value)
        scope, account = _scope(session, economy_id, account_id)
        _gate(
            session, actor, subject=subject, permissions=permissions, scope=scope, account=account
        )
        before = rule_states(session, subject, scope, permissions)
        for permission in dict.fromkeys(permissions):
            rule_broker.upsert_rule(
                session, subject=subject, permission=permission, scope=scope, allowed=allowed
            )
        after = dict.fromkeys(before, _STATES[allowed])
        kind = "permission.grant" if allowed else "permission.deny"
        _audit_rules(session, actor, kind, subject=subject, scope=scope, before=before, after=after)

    uow.run(run)


def reset_permissions(
    uow: UnitOfWork,
    principal: Principal,
    *,
    subject: Subject,
    permissions: Sequence[Permission],
    economy_id: EconomyId | None = None,
    account_id: AccountId | None = None,
) -> int:
    """Remove the rules, so the defaults decide again; return how many rules went.

    Same permission as :func:`set_permissions`.
    """

    def run(session: Session) -> int:
        actor = person(principal, Permission.MANAGE_PERMISSIONS.value)
        scope, account = _scope(session, economy_id, account_id)
        _gate(
            session, actor, subject=subject, permissions=permissions, scope=scope, account=account
        )
        before = rule_states(session, subject, scope, permissions)
        removed = sum(
            rule_broker.delete_rule(session, subject=subject, permission=p, scope=scope)
            for p in dict.fromkeys(permissions)
        )
        after: dict[str, str | None] = dict.fromkeys(before)
        _audit_rules(
            session,
            actor,
            "permission.reset",
            subject=subject,
            scope=scope,
            before=before,
            after=after,
        )
        return removed

    return uow.run(run)


def has_permission(
    uow: UnitOfWork,
    principal: Principal,
    permission: Permission,
    *,
    economy_id: EconomyId | None = None,
    account_id: AccountId | None = None,
) -> bool:
    """Whether ``principal`` holds ``permission`` globally, in an economy or on an account."""

    def run(session: Session) -> bool:
        account = (
            None
            if account_id is None
            else account_broker.get_account(session, account_id=account_id)
        )
        return allowed(session, principal, permission, economy_id=economy_id, account=account)

    return uow.read(run)


def list_permissions(
    uow: UnitOfWork,
    principal: Principal,
    *,
    subject: Subject,
    economy_id: EconomyId | None = None,
) -> list[PermissionRule]:
    """The rules about ``subject`` (in one economy if given).

    Anyone may read the rules about themselves; others need ``MANAGE_PERMISSIONS`` there.
    """

    def run(session: Session) -> list[PermissionRule]:
        if subject != Subject.user(principal.user_id):
            authorize(session, principal, Permission.MANAGE_PERMISSIONS, economy_id=economy_id)
        return rule_broker.list_rules(session, subject=subject, economy_id=economy_id)

    return uow.read(run)


def grant_first_administrator(uow: UnitOfWork, *, user_id: MemberId) -> tuple[Permission, ...]:
    """Grant ``user_id`` every administrative permission globally, if nobody has them yet.

    For the ``communitybot economy grant-admin`` command only: there is no user that bypasses
    the permission checks, so the first administrator comes from whoever runs the server.
    Refuses with ``AdministratorExists`` once any user holds ``MANAGE_PERMISSIONS`` globally.
    """

    def run(session: Session) -> tuple[Permission, ...]:
        admins = rule_broker.list_global_grantees(session, permission=Permission.MANAGE_PERMISSIONS)
        if admins:
            raise AdministratorExists(user_ids=tuple(admins))
        granted = tuple(sorted(ADMIN_PERMISSIONS, key=lambda p: p.value))
        subject = Subject.user(user_id)
        before = rule_states(session, subject, GLOBAL, granted)
        for permission in granted:
            rule_broker.upsert_rule(
                session,
                subject=subject,
                permission=permission,
                scope=GLOBAL,
                allowed=True,
            )
        after = dict.fromkeys(before, _STATES[True])
        _audit_rules(
            session,
            None,
            "permission.first_admin",
            subject=subject,
            scope=GLOBAL,
            before=before,
            after=after,
        )
        return granted

    return uow.run(run)


__all__ = [
    "grant_first_administrator",
    "has_permission",
    "list_permissions",
    "reset_permissions",
    "rule_states",
    "set_permissions",
    "subject_ref",
]
