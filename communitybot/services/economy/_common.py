"""Helpers every economy service uses: the permission gate, names, idempotency, the clock."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from communitybot.core.clock import Clock, SystemClock
from communitybot.core.economy import (
    Account,
    AccountFacts,
    Actor,
    ApiKey,
    KeyActor,
    Permission,
    Principal,
    decide,
    open_account,
    same_economy,
    subjects_for,
)
from communitybot.core.errors import (
    ApiKeyUnusable,
    InvalidApiKey,
    InvalidName,
    LacksPermission,
)
from communitybot.core.ids import AccountId, EconomyId, RoleId
from communitybot.db.brokers.economy import accounts as account_broker
from communitybot.db.brokers.economy import keys as key_broker
from communitybot.db.brokers.economy import permissions as rule_broker
from communitybot.db.uow import UnitOfWork

T = TypeVar("T")

SYSTEM_CLOCK: Clock = SystemClock()
"""The clock services use unless one is injected."""


def facts(account: Account) -> AccountFacts:
    """What the permission rules need to know about ``account``."""
    return AccountFacts(
        id=account.id,
        economy_id=account.economy_id,
        account_type=account.account_type,
        owner_id=account.owner_id,
    )


def usable_key(session: Session, key: KeyActor) -> ApiKey:
    """The key as stored now; :class:`ApiKeyUnusable` if it was disabled or deleted since, and
    :class:`InvalidApiKey` if ``key`` does not describe the stored key (only
    :func:`~communitybot.services.economy.keys.authenticate` makes key actors)."""
    stored = key_broker.find_key(session, key_id=key.key_id)
    if stored is None:
        raise ApiKeyUnusable(key_id=key.key_id, reason="deleted")
    described = (stored.economy_id, stored.issuer_id, stored.key_type, stored.account_id)
    if described != (key.economy_id, key.issuer.user_id, key.key_type, key.account_id):
        raise InvalidApiKey()
    reason = stored.unusable_reason
    if reason is not None:
        raise ApiKeyUnusable(key_id=key.key_id, reason=reason)
    return stored


def allowed(
    session: Session,
    principal: Principal,
    permission: Permission,
    *,
    economy_id: EconomyId | None = None,
    account: Account | None = None,
) -> bool:
    """Whether ``principal`` holds ``permission`` there, by the stored rules and the defaults."""
    place_economy = account.economy_id if account is not None else economy_id
    rules = rule_broker.list_rules_for(
        session, subjects=subjects_for(principal), economy_id=place_economy
    )
    return decide(
        principal,
        permission,
        rules=rules,
        economy_id=economy_id,
        account=None if account is None else facts(account),
    ).allowed


def authorize(
    session: Session,
    principal: Principal,
    permission: Permission,
    *,
    economy_id: EconomyId | None = None,
    account: Account | None = None,
) -> None:
    """Refuse with :class:`LacksPermission` unless ``principal`` holds ``permission`` there.

    A key is first checked to be still usable (enabled, activated, not deleted).
    """
    if isinstance(principal, KeyActor):
        usable_key(session, principal)
    if not allowed(session, principal, permission, economy_id=economy_id, account=account):
        raise LacksPermission(
            actor=principal.label,
            permission=permission.value,
            economy_id=account.economy_id if account is not None else economy_id,
            account_id=None if account is None else account.id,
        )


def authorized_account(
    session: Session, principal: Principal, permission: Permission, account_id: AccountId
) -> Account:
    """The account, once ``principal`` holds ``permission`` on it (else ``LacksPermission``)."""
    account = account_broker.get_account(session, account_id=account_id)
    authorize(session, principal, permission, account=account)
    return account


def read_viewable(
    uow: UnitOfWork, principal: Principal, account_id: AccountId, read: Callable[[Session], T]
) -> T:
    """What ``read`` finds, in one read once ``principal`` holds ``VIEW_BALANCE`` on the
    account (else ``LacksPermission``)."""

    def run(session: Session) -> T:
        authorized_account(session, principal, Permission.VIEW_BALANCE, account_id)
        return read(session)

    return uow.read(run)


def viewable_record(
    uow: UnitOfWork,
    principal: Principal,
    fetch: Callable[[Session], T],
    account_of: Callable[[T], AccountId],
) -> T:
    """The record ``fetch`` reads, once ``principal`` holds ``VIEW_BALANCE`` on its account
    ``account_of`` (else ``LacksPermission``), in one read."""

    def run(session: Session) -> T:
        found = fetch(session)
        authorized_account(session, principal, Permission.VIEW_BALANCE, account_of(found))
        return found

    return uow.read(run)


def refuse(
    principal: Principal, what: str, *, economy_id: int | None, account_id: int | None = None
) -> LacksPermission:
    """A :class:`LacksPermission` for a check that is not a stored permission (``what``)."""
    return LacksPermission(
        actor=principal.label, permission=what, economy_id=economy_id, account_id=account_id
    )


def person(principal: Principal, what: str) -> Actor:
    """``principal`` when it is a person; keys may not ``what`` (managing keys, permissions)."""
    if isinstance(principal, KeyActor):
        raise refuse(principal, what, economy_id=principal.economy_id)
    return principal


def clean_name(kind: str, name: str, maximum: int) -> str:
    """``name`` without surrounding blanks; :class:`InvalidName` if empty or too long."""
    cleaned = name.strip()
    if not cleaned or len(cleaned) > maximum or any(ord(c) < 32 for c in cleaned):
        raise InvalidName(kind=kind, name=name, maximum=maximum)
    return cleaned


def roles_text(roles: Iterable[RoleId]) -> str:
    """Roles as stored with a recurring transfer or key: ascending ids, comma separated."""
    return ",".join(str(r) for r in sorted(set(roles)))


def roles_of(text: str) -> frozenset[RoleId]:
    """The roles of :func:`roles_text`."""
    return frozenset(RoleId(int(part)) for part in text.split(",") if part)


def run_unique(uow: UnitOfWork, fn: Callable[[Session], T]) -> T:
    """Run ``fn``; if a concurrent insert won a unique index race, run it once more.

    ``fn`` checks for the duplicate itself, so the second run refuses with the domain error.
    """
    try:
        return uow.run(fn)
    except IntegrityError:
        return uow.run(fn)


__all__ = [
    "SYSTEM_CLOCK",
    "allowed",
    "authorize",
    "clean_name",
    "facts",
    "open_account",
    "person",
    "read_viewable",
    "refuse",
    "roles_of",
    "roles_text",
    "run_unique",
    "same_economy",
    "usable_key",
    "viewable_record",
]
