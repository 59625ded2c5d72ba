"""The community's standing on the core's permission model: who may do what, roles and rules.

Every community service asks :func:`check_member` (inside its transaction) whether a user may do
an action; it loads the community's rules that apply to the user (one statement) and lets
:func:`~communitybot.core.community_standing.check_may` decide. The rules are rows of the core's
``economy_permissions`` scoped to the community's economy, which is created with the first rule
or role (:func:`grant_role`, :func:`set_rule`); before that every decision is the standing's.

Roles and rules are the administrator's (the ``communitybot users`` commands); a member holding a
treasurer's power uses it through the services that take an ``actor_tid`` (for example
:func:`~communitybot.services.community.users.set_vote_permission`). Every change of roles, rules
and standing made here or there is written to the standing log.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from communitybot.core.audit import Values, ref
from communitybot.core.community import UserInfo
from communitybot.core.community_standing import (
    TREASURER,
    TREASURER_ACTIONS,
    Action,
    CommunityRole,
    Grants,
    Rights,
    RoleView,
    StandingChange,
    check_may,
    clean_role_name,
    decide_action,
    standing_of,
)
from communitybot.core.economy import Decision, Scope, Subject, SubjectKind
from communitybot.core.errors import CommunityUserNotAllowed
from communitybot.core.ids import EconomyId, RoleId, TelegramId, UserId
from communitybot.db.brokers import standing as standing_broker
from communitybot.db.brokers import users as user_broker
from communitybot.db.brokers.economy import economies as economy_broker
from communitybot.db.brokers.economy import permissions as rule_broker
from communitybot.db.uow import Reader, UnitOfWork
from communitybot.services.audit import member_actor, record
from communitybot.services.community._common import UserRef, resolve_user_id
from communitybot.services.economy.economies import insert_economy
from communitybot.services.economy.permissions import rule_states

T = TypeVar("T")

ECONOMY_NAME = "community"
"""The currency name of the community's economy row (``community 2`` and so on when an economy
of that name exists already)."""


@dataclass(frozen=True, slots=True)
class RoleRef:
    """A role named in a command, as the subject of a rule (``role:treasurer``)."""

    name: str


Subjectish = UserRef | RoleRef
"""Whom a rule is about: a user (id or username) or a role."""


def _now() -> datetime:
    return datetime.now(UTC)


def _retry_unique(uow: UnitOfWork, fn: Callable[[Session], T]) -> T:
    """Run ``fn``; when a concurrent first writer won a unique key (the community's economy, a
    role, a holder), run it once more: the second run finds what the first one wrote."""
    try:
        return uow.run(fn)
    except IntegrityError:
        return uow.run(fn)


# --- checks -------------------------------------------------------------------------------


def grants_for(
    db: Reader, *users: UserInfo, ruled: Collection[int] | None = None
) -> dict[int, Grants]:
    """The stored rules that apply to each of ``users``, by user id (one statement).

    ``ruled``, when given, names those of ``users`` that any rule applies to, as the statement
    that read or locked them found (``rules_apply``): the others get an empty
    :class:`Grants` without a statement, and none at all is made when nobody is ruled.
    """
    grants: dict[int, Grants] = {user.id: Grants() for user in users}
    wanted = [user.id for user in users if ruled is None or user.id in ruled]
    if wanted:
        grants.update(standing_broker.grants_of(db, user_ids=wanted))
    return grants


def check_member(session: Session, user: UserInfo, action: Action) -> None:
    """Refuse unless ``user`` may do ``action`` now, by its standing and the stored rules.

    The services call it inside their transaction, on the user row they have just read or
    locked. Raises what :func:`~communitybot.core.community_standing.check_may` raises.
    """
    check_may(user, action, grants_for(session, user)[user.id])


def check_actor(session: Session, actor_tid: TelegramId | None, action: Action) -> UserId | None:
    """Refuse unless the member with Telegram id ``actor_tid`` may do ``action``; its user id.

    ``None`` stands for the administrator at the command line (whoever runs the server), who is
    not a community user and may do everything; then ``None`` comes back.
    """
    if actor_tid is None:
        return None
    actor = user_broker.get_user_by_tid(session, tid=actor_tid)
    check_member(session, actor, action)
    return actor.id


_FLAGS: dict[str, tuple[dict[str, object], dict[str, object]]] = {
    "make_internal": ({"external": True}, {"external": False}),
    "make_external": ({"external": False}, {"external": True}),
    "grant_vote": ({"permission": False}, {"permission": True}),
    "revoke_vote": ({"permission": True}, {"permission": False}),
    "activate": ({"active": False}, {"active": True}),
    "deactivate": ({"active": True}, {"active": False}),
    "close_collective": ({"active": True}, {"active": False}),
}
"""Before and after of the changes of one documented flag, by the change's name."""


def _audit_values(change: str, detail: str | None) -> tuple[Values | None, Values | None]:
    """What a change of standing was before and is after, by its name and detail."""
    if change in _FLAGS:
        return _FLAGS[change]
    if change in ("grant_role", "create_role"):
        return None, {"role": detail}
    if change == "revoke_role":
        return {"role": detail}, None
    return None, None  # pragma: no cover - every change above passes its values


def treasurers(session: Session) -> list[UserInfo]:
    """The active holders of the role treasurer with a private chat with the bot, who hear of
    what waits for them (a deposit to confirm, an article running out)."""
    role = standing_broker.find_role(session, name=TREASURER)
    if role is None:
        return []
    holders = standing_broker.list_holders(session, role_id=role.id)
    people = [user_broker.get_user(session, user_id=h) for h in holders]
    return [u for u in people if u.tid is not None and u.tid > 0 and u.active]


def log_change(
    session: Session,
    *,
    actor_id: UserId | None,
    change: str,
    subject: str,
    detail: str | None = None,
    before: Values | None = None,
    after: Values | None = None,
) -> None:
    """Write one entry of the standing log and of the audit (in the caller's transaction).

    In the audit the change is ``community.<change>`` on the subject (``user:<id>`` of the
    log is ``member:<id>`` there); ``before`` and ``after`` default to what the change of a
    flag or a role means (``grant_vote``: ``permission`` false, then true).
    """
    now = _now()
    standing_broker.log_change(
        session, actor_id=actor_id, change=change, subject=subject, detail=detail, now=now
    )
    if before is None and after is None:
        before, after = _audit_values(change, detail)
    kind, _colon, ident = subject.partition(":")
    record(
        session,
        actor=member_actor(actor_id),
        kind=f"community.{change}",
        target=ref("member" if kind == "user" else kind, ident),
        before=before,
        after=after,
        now=now,
    )


def member_decision(uow: UnitOfWork, *, user: UserRef, action: Action) -> Decision:
    """Whether ``user`` may do ``action`` now, and what decided it (its standing or a rule)."""

    def read(session: Session) -> Decision:
        info = user_broker.get_user(session, user_id=resolve_user_id(session, user))
        return decide_action(info, action, grants_for(session, info)[info.id])

    return uow.read(read)


def member_may(uow: UnitOfWork, *, user: UserRef, action: Action) -> bool:
    """Whether ``user`` may do ``action`` now (see :func:`member_decision`)."""
    return member_decision(uow, user=user, action=action).allowed


def rights(uow: UnitOfWork, *, user: UserRef) -> Rights:
    """Everything that decides what ``user`` may do, and the decision for every action."""

    def read(session: Session) -> Rights:
        info = user_broker.get_user(session, user_id=resolve_user_id(session, user))
        grants = grants_for(session, info)[info.id]
        own = tuple(r for r in grants.rules if r.subject == Subject.user(info.id))
        return Rights(
            user=info,
            standing=standing_of(info),
            roles=tuple(standing_broker.roles_of(session, user_id=info.id)),
            rules=own,
            decisions=tuple((a, decide_action(info, a, grants)) for a in Action),
        )

    return uow.read(read)


# --- roles and rules (the administrator's) --------------------------------------------------


def _community_economy(session: Session) -> EconomyId:
    """The community's economy of the core; created (with its issuance account) when missing."""
    found = standing_broker.find_community_economy_id(session)
    if found is not None:
        return found
    now = _now()
    name, number = ECONOMY_NAME, 1
    while economy_broker.find_economy_by(session, currency_name=name) is not None or (
        economy_broker.find_economy_by(session, currency_unit=name) is not None
    ):
        number += 1
        name = f"{ECONOMY_NAME} {number}"
    economy_id = insert_economy(session, name=name, unit=name, now=now)
    standing_broker.insert_community_economy(session, economy_id=economy_id, now=now)
    return economy_id


def _role(session: Session, name: str, *, create: bool) -> CommunityRole:
    """The role ``name``; created when ``create`` (the built-in treasurer always is), with a
    grant of every treasurer action for the treasurer. ``NotFound`` otherwise."""
    cleaned = clean_role_name(name)
    found = standing_broker.find_role(session, name=cleaned)
    if found is not None:
        return found
    if not create and cleaned != TREASURER:
        return standing_broker.get_role(session, name=cleaned)  # raises NotFound
    economy_id = _community_economy(session)
    role_id = standing_broker.insert_role(session, name=cleaned, now=_now())
    if cleaned == TREASURER:
        for action in sorted(TREASURER_ACTIONS, key=lambda a: a.value):
            rule_broker.upsert_rule(
                session,
                subject=Subject.role(role_id),
                permission=action,
                scope=Scope(economy_id),
                allowed=True,
            )
    log_change(
        session, actor_id=None, change="create_role", subject=f"role:{role_id}", detail=cleaned
    )
    return CommunityRole(id=RoleId(role_id), name=cleaned)


def _target(session: Session, ref: UserRef, action: str) -> UserInfo:
    user = user_broker.get_user(session, user_id=resolve_user_id(session, ref))
    if user.is_community:
        raise CommunityUserNotAllowed(action=action)
    return user


def grant_role(uow: UnitOfWork, *, user: UserRef, role: str) -> bool:
    """Give ``user`` the role ``role``; ``False`` when it held it already (nothing changes).

    The built-in role ``treasurer`` is created on its first grant; other roles exist once a rule
    about them was set (:func:`set_rule`). Raises ``UnknownUser``, ``NotFound`` (no such role),
    ``InvalidName`` (not a role name), ``CommunityUserNotAllowed`` (the community user).
    """

    def work(session: Session) -> bool:
        target = _target(session, user, "hold_role")
        found = _role(session, role, create=False)
        if standing_broker.holds_role(session, role_id=found.id, user_id=target.id):
            return False
        standing_broker.add_holder(session, role_id=found.id, user_id=target.id, now=_now())
        log_change(
            session,
            actor_id=None,
            change="grant_role",
            subject=f"user:{target.id}",
            detail=found.name,
        )
        return True

    return _retry_unique(uow, work)


def revoke_role(uow: UnitOfWork, *, user: UserRef, role: str) -> bool:
    """Take the role ``role`` from ``user``; ``False`` when it did not hold it.

    Raises ``UnknownUser``, ``NotFound`` (no such role), ``InvalidName``.
    """

    def work(session: Session) -> bool:
        target = user_broker.get_user(session, user_id=resolve_user_id(session, user))
        found = standing_broker.get_role(session, name=clean_role_name(role))
        if not standing_broker.remove_holder(session, role_id=found.id, user_id=target.id):
            return False
        log_change(
            session,
            actor_id=None,
            change="revoke_role",
            subject=f"user:{target.id}",
            detail=found.name,
        )
        return True

    return uow.run(work)


def _subject(session: Session, ref: Subjectish, *, create: bool) -> tuple[Subject, str]:
    """The rule subject ``ref`` names, and how the log names it."""
    if isinstance(ref, RoleRef):
        found = _role(session, ref.name, create=create)
        return Subject.role(found.id), f"role:{found.id}"
    target = user_broker.get_user(session, user_id=resolve_user_id(session, ref))
    return Subject.user(target.id), f"user:{target.id}"


def set_rule(uow: UnitOfWork, *, subject: Subjectish, action: Action, allowed: bool) -> None:
    """Grant (``allowed``) or deny ``action`` to a user or a role, in the community.

    A role named for the first time is created (the built-in treasurer with its grants). A rule
    about a user beats one about its roles; among rules of one kind a denial wins; no rule lifts
    the bounds of a standing (a guest never votes). Raises ``UnknownUser``, ``InvalidName``.
    """

    def work(session: Session) -> None:
        who, label = _subject(session, subject, create=True)
        economy_id = _community_economy(session)
        before = rule_states(session, who, Scope(economy_id), [action])
        rule_broker.upsert_rule(
            session, subject=who, permission=action, scope=Scope(economy_id), allowed=allowed
        )
        log_change(
            session,
            actor_id=None,
            change="allow" if allowed else "deny",
            subject=label,
            detail=action.value,
            before=before,
            after={action.value: "granted" if allowed else "denied"},
        )

    _retry_unique(uow, work)


def reset_rule(uow: UnitOfWork, *, subject: Subjectish, action: Action) -> bool:
    """Remove the rule about ``action`` for a user or a role, so the default decides again;
    ``False`` when there was none. Raises ``UnknownUser``, ``NotFound`` (no such role)."""

    def work(session: Session) -> bool:
        who, label = _subject(session, subject, create=False)
        economy_id = standing_broker.find_community_economy_id(session)
        if economy_id is None:
            return False
        before = rule_states(session, who, Scope(economy_id), [action])
        removed = rule_broker.delete_rule(
            session, subject=who, permission=action, scope=Scope(economy_id)
        )
        if removed:
            log_change(
                session,
                actor_id=None,
                change="reset",
                subject=label,
                detail=action.value,
                before=before,
                after={action.value: None},
            )
        return removed

    return uow.run(work)


def list_roles(uow: UnitOfWork) -> tuple[RoleView, ...]:
    """Every role with its holders and the rules about it, by name."""

    def read(session: Session) -> tuple[RoleView, ...]:
        economy_id = standing_broker.find_community_economy_id(session)
        views = []
        for role in standing_broker.list_roles(session):
            holders = standing_broker.list_holders(session, role_id=role.id)
            names = user_broker.summaries(session, user_ids=holders)
            rules = (
                []
                if economy_id is None
                else rule_broker.list_rules(
                    session, subject=Subject.role(role.id), economy_id=economy_id
                )
            )
            views.append(
                RoleView(
                    role=role,
                    holders=tuple(names[h] for h in holders),
                    rules=tuple(r for r in rules if r.subject.kind is SubjectKind.ROLE),
                )
            )
        return tuple(views)

    return uow.read(read)


def standing_log(uow: UnitOfWork, *, limit: int = 50) -> tuple[StandingChange, ...]:
    """The latest ``limit`` changes of roles, rules and standing, newest first."""
    return tuple(uow.read(lambda session: standing_broker.list_log(session, limit=limit)))


__all__ = [
    "ECONOMY_NAME",
    "RoleRef",
    "Subjectish",
    "check_actor",
    "check_member",
    "grant_role",
    "grants_for",
    "list_roles",
    "log_change",
    "member_decision",
    "member_may",
    "reset_rule",
    "revoke_role",
    "rights",
    "set_rule",
    "standing_log",
    "treasurers",
]
