"""Applications and their API keys.

An application (owned by a member of an economy) asks for keys on behalf of a member, the
key's issuer. A key is created disabled unless asked otherwise, and acts only after its issuer
activated it. Its secret is random, shown once in the :class:`IssuedKey`, stored as a SHA-256
hash and compared in constant time. A key acts only where both the key and its issuer may, only
in its economy, and a GRANT key only within its spending limit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from communitybot.core.audit import ref, view
from communitybot.core.clock import Clock
from communitybot.core.economy import (
    BALANCE_LIMIT,
    NAME_MAX,
    Actor,
    ApiKey,
    Application,
    IssuedKey,
    KeyActor,
    KeyType,
    Permission,
    Principal,
    make_token,
    new_secret,
    parse_token,
    secret_matches,
)
from communitybot.core.errors import ApiKeyUnusable, InvalidApiKey, InvalidKeySpec
from communitybot.core.ids import AccountId, ApiKeyId, ApplicationId, EconomyId, MemberId
from communitybot.db.brokers.economy import accounts as account_broker
from communitybot.db.brokers.economy import economies as economy_broker
from communitybot.db.brokers.economy import keys as key_broker
from communitybot.db.uow import UnitOfWork
from communitybot.services.audit import record
from communitybot.services.economy._audited import record_entity
from communitybot.services.economy._common import (
    SYSTEM_CLOCK,
    authorize,
    authorized_account,
    clean_name,
    open_account,
    person,
    refuse,
    roles_of,
    roles_text,
    same_economy,
)

_DUMMY_HASH = bytes(32)

_KEY_FIELDS = (
    "application_id",
    "issuer_id",
    "key_type",
    "account_id",
    "spending_limit",
    "enabled",
    "activated",
    "deleted",
)


def _audit_key(
    session: Session,
    actor: Actor,
    change: str,
    before: ApiKey | None,
    after: ApiKey,
    now: datetime | None = None,
) -> None:
    """Record a key made (``before`` ``None``) or changed (only what changed); never its
    secret."""
    record_entity(
        session, actor, "key", change, before, after, _KEY_FIELDS, now=now, skip_unchanged=True
    )


def _audit_application(
    session: Session,
    actor: Actor,
    change: str,
    application: Application,
    *,
    made: bool,
    now: datetime,
) -> None:
    values = view(application, "name", "owner_id")
    record(
        session,
        actor=actor,
        kind=f"application.{change}",
        target=ref("application", application.id),
        economy_id=application.economy_id,
        before=None if made else values,
        after=values if made else None,
        now=now,
    )


def create_application(
    uow: UnitOfWork,
    principal: Principal,
    *,
    economy_id: EconomyId,
    name: str,
    owner_id: MemberId | None = None,
    clock: Clock = SYSTEM_CLOCK,
) -> Application:
    """Create an application in an economy, owned by the actor (or ``owner_id``).

    For oneself it needs ``OPEN_ACCOUNT`` in the economy (membership, everyone's default); for
    someone else ``MANAGE_PERMISSIONS`` there.
    """
    clean = clean_name("application", name, NAME_MAX)

    def run(session: Session) -> Application:
        actor = person(principal, "MANAGE_APPLICATIONS")
        economy = economy_broker.get_economy(session, economy_id=economy_id)
        owner = actor.user_id if owner_id is None else owner_id
        needed = (
            Permission.OPEN_ACCOUNT if owner == actor.user_id else Permission.MANAGE_PERMISSIONS
        )
        authorize(session, actor, needed, economy_id=economy.id)
        application_id = key_broker.insert_application(
            session, economy_id=economy.id, owner_id=owner, name=clean, now=clock.now()
        )
        application = key_broker.get_application(session, application_id=application_id)
        _audit_application(session, actor, "create", application, made=True, now=clock.now())
        return application

    return uow.run(run)


def _own_application(session: Session, actor: Actor, application_id: ApplicationId) -> Application:
    """The application, if ``actor`` owns it or manages permissions in its economy."""
    application = key_broker.get_application(session, application_id=application_id)
    if application.owner_id != actor.user_id:
        authorize(session, actor, Permission.MANAGE_PERMISSIONS, economy_id=application.economy_id)
    return application


def delete_application(
    uow: UnitOfWork,
    principal: Principal,
    *,
    application_id: ApplicationId,
    clock: Clock = SYSTEM_CLOCK,
) -> None:
    """Delete an application and every key it made (its owner, or ``MANAGE_PERMISSIONS``)."""

    def run(session: Session) -> None:
        actor = person(principal, "MANAGE_APPLICATIONS")
        application = _own_application(session, actor, application_id)
        now = clock.now()
        key_broker.mark_application_deleted(session, application_id=application.id, now=now)
        _audit_application(session, actor, "delete", application, made=False, now=now)

    uow.run(run)


def list_applications(
    uow: UnitOfWork, principal: Principal, *, economy_id: EconomyId | None = None
) -> list[Application]:
    """The actor's own applications (only those of ``economy_id`` when given)."""
    return uow.read(
        lambda session: key_broker.list_applications(
            session, owner_id=principal.user_id, economy_id=economy_id
        )
    )


def create_key(
    uow: UnitOfWork,
    principal: Principal,
    *,
    application_id: ApplicationId,
    issuer_id: MemberId,
    key_type: KeyType = KeyType.GRANT,
    account_id: AccountId | None = None,
    spending_limit: int | None = None,
    enable: bool = False,
    clock: Clock = SYSTEM_CLOCK,
) -> IssuedKey:
    """Create a key of an application for ``issuer_id``; the token is returned only here.

    The application's owner (or someone with ``MANAGE_PERMISSIONS``) asks; the key stays
    inactive until the issuer activates it, and disabled unless ``enable``. A GRANT key is bound
    to one account of the application's economy and needs a spending limit; a MASTER key has no
    account and an optional limit. Refuses ``InvalidKeySpec`` otherwise.
    """
    if key_type is KeyType.GRANT and account_id is None:
        raise InvalidKeySpec(reason="grant_needs_account")
    if key_type is KeyType.GRANT and spending_limit is None:
        raise InvalidKeySpec(reason="grant_needs_spending_limit")
    if key_type is KeyType.MASTER and account_id is not None:
        raise InvalidKeySpec(reason="master_has_no_account")
    if spending_limit is not None and not 0 <= spending_limit <= BALANCE_LIMIT:
        raise InvalidKeySpec(reason="spending_limit_range")

    def run(session: Session) -> IssuedKey:
        actor = person(principal, "MANAGE_APPLICATIONS")
        application = _own_application(session, actor, application_id)
        economy_broker.get_economy(session, economy_id=application.economy_id)
        if account_id is not None:
            account = open_account(account_broker.get_account(session, account_id=account_id))
            same_economy(application.economy_id, account.economy_id)
        secret, digest = new_secret()
        key_id = key_broker.insert_key(
            session,
            application_id=application.id,
            economy_id=application.economy_id,
            issuer_id=issuer_id,
            key_type=key_type,
            account_id=account_id,
            spending_limit=spending_limit,
            enabled=enable,
            secret_hash=digest,
            now=clock.now(),
        )
        key = key_broker.get_key(session, key_id=key_id)
        _audit_key(session, actor, "create", None, key, clock.now())
        return IssuedKey(key=key, token=make_token(key.id, secret))

    return uow.run(run)


def activate_key(uow: UnitOfWork, principal: Principal, *, key_id: ApiKeyId) -> ApiKey:
    """The issuer consents to a key acting for them; their roles now are recorded with it.

    Only the issuer may; for a GRANT key they must hold ``LOGIN_AS_ACCOUNT`` on its account.
    """

    def run(session: Session) -> ApiKey:
        actor = person(principal, "ACTIVATE_KEY")
        key = key_broker.get_key(session, key_id=key_id)
        if key.issuer_id != actor.user_id:
            raise refuse(actor, "KEY_ISSUER", economy_id=key.economy_id, account_id=key.account_id)
        if key.account_id is not None:
            authorized_account(session, actor, Permission.LOGIN_AS_ACCOUNT, key.account_id)
        key_broker.update_key(
            session, key_id=key.id, activated=True, issuer_roles=roles_text(actor.role_ids)
        )
        activated = key_broker.get_key(session, key_id=key.id)
        _audit_key(session, actor, "activate", key, activated)
        return activated

    return uow.run(run)


def _change_key(
    uow: UnitOfWork,
    principal: Principal,
    key_id: ApiKeyId,
    change: str,
    *,
    issuer_may: bool,
    enabled: bool | None = None,
    deleted: bool | None = None,
) -> ApiKey:
    def run(session: Session) -> ApiKey:
        actor = person(principal, "MANAGE_KEYS")
        key = key_broker.get_key(session, key_id=key_id)
        if not (issuer_may and key.issuer_id == actor.user_id):
            _own_application(session, actor, key.application_id)
        key_broker.update_key(
            session,
            key_id=key.id,
            enabled=False if deleted else enabled,
            deleted=deleted,
        )
        stored = key_broker.find_key(session, key_id=key.id)
        assert stored is not None
        _audit_key(session, actor, change, key, stored)
        return stored

    return uow.run(run)


def enable_key(uow: UnitOfWork, principal: Principal, *, key_id: ApiKeyId) -> ApiKey:
    """Enable a key (its application's owner, or ``MANAGE_PERMISSIONS``)."""
    return _change_key(uow, principal, key_id, "enable", issuer_may=False, enabled=True)


def disable_key(uow: UnitOfWork, principal: Principal, *, key_id: ApiKeyId) -> ApiKey:
    """Disable a key (its application's owner, its issuer, or ``MANAGE_PERMISSIONS``)."""
    return _change_key(uow, principal, key_id, "disable", issuer_may=True, enabled=False)


def delete_key(uow: UnitOfWork, principal: Principal, *, key_id: ApiKeyId) -> ApiKey:
    """Delete a key for good (its application's owner, its issuer, or ``MANAGE_PERMISSIONS``)."""
    return _change_key(uow, principal, key_id, "delete", issuer_may=True, deleted=True)


def list_keys(
    uow: UnitOfWork, principal: Principal, *, application_id: ApplicationId
) -> list[ApiKey]:
    """The keys of an application (its owner, or ``MANAGE_PERMISSIONS``); never their secrets."""

    def run(session: Session) -> list[ApiKey]:
        actor = person(principal, "MANAGE_KEYS")
        application = _own_application(session, actor, application_id)
        return key_broker.list_keys(session, application_id=application.id)

    return uow.read(run)


def authenticate(uow: UnitOfWork, token: str) -> KeyActor:
    """The key a token names, if its secret matches and it may act now.

    Refuses ``InvalidApiKey`` for a malformed token, an unknown key or a wrong secret (the
    same error, and the same hashing work, in each case) and ``ApiKeyUnusable`` for a disabled,
    inactive or deleted key.
    """
    key_id, secret = parse_token(token)

    def run(session: Session) -> KeyActor:
        found = key_broker.find_secret(session, key_id=key_id)
        stored_hash = _DUMMY_HASH if found is None else found[1]
        matches = secret_matches(secret, stored_hash)
        if found is None or not matches:
            raise InvalidApiKey()
        key, _digest, roles = found
        if key.unusable_reason is not None:
            raise ApiKeyUnusable(key_id=key.id, reason=key.unusable_reason)
        return KeyActor(
            key_id=key.id,
            economy_id=key.economy_id,
            key_type=key.key_type,
            account_id=key.account_id,
            issuer=Actor(key.issuer_id, roles_of(roles)),
        )

    return uow.read(run)


__all__ = [
    "activate_key",
    "authenticate",
    "create_application",
    "create_key",
    "delete_application",
    "delete_key",
    "disable_key",
    "enable_key",
    "list_applications",
    "list_keys",
]
