"""Scoped permissions: who may do what, where.

A rule grants or denies one :class:`Permission` to a subject (a user, a role or an API key) in a
:class:`Scope`: everywhere (global), in one economy, or on one account. The same rules and the
same :func:`resolve` also carry the community's own permissions (its ``Action`` values, see
:mod:`communitybot.core.community_standing`), scoped to the community's economy. Resolution:

1. A rule applies only where its scope matches the place of the check: its economy (if any) AND
   its account (if any) must both match. An account rule never grants anything economy-wide, and
   an economy rule never reaches into another economy.
2. Of the matching rules, the most specific wins: account beats economy beats global, and at the
   same scope a rule naming the user beats one naming a role (:func:`specificity`).
3. At equal specificity a denial beats a grant.
4. When no rule matches, the default decides: the owner of an account gets the permissions of
   :data:`OWNER_DEFAULTS` for its type on that account, every member may open an account in any
   economy (:data:`MEMBER_DEFAULTS`), everything else is denied. Resetting a rule deletes it, so
   the default decides again.

An API key acts only if both the key (its own rules, else :data:`KEY_DEFAULTS`) and its issuer
(as a user) may, and never outside its economy. There is no user that bypasses this.

Setting or resetting a rule (:func:`delegation_gap`) needs ``MANAGE_PERMISSIONS`` in the rule's
scope and the permission itself there, so nobody hands out (or takes away) a power they lack. A
:data:`PREFERENCES` permission is no power: it only changes how the bot answers its holder, so
whoever manages permissions there may set it for anyone without holding it, and every user may
set or reset their own.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from communitybot.core.economy._model import AccountType, Actor, KeyActor, KeyType, Principal
from communitybot.core.errors import InvalidScope
from communitybot.core.ids import AccountId, EconomyId, MemberId, PermissionRuleId


class Permission(enum.Enum):
    """The permissions: taubot's thirteen, and ``MINT_BY_REACTION`` (minting to a message's
    author by reacting to it with the configured emoji, up to the daily cap)."""

    OPEN_ACCOUNT = "OPEN_ACCOUNT"
    VIEW_BALANCE = "VIEW_BALANCE"
    CLOSE_ACCOUNT = "CLOSE_ACCOUNT"
    TRANSFER_FUNDS = "TRANSFER_FUNDS"
    CREATE_RECURRING_TRANSFERS = "CREATE_RECURRING_TRANSFERS"
    MANAGE_FUNDS = "MANAGE_FUNDS"
    MANAGE_TAX_BRACKETS = "MANAGE_TAX_BRACKETS"
    MANAGE_PERMISSIONS = "MANAGE_PERMISSIONS"
    MANAGE_ECONOMIES = "MANAGE_ECONOMIES"
    OPEN_SPECIAL_ACCOUNT = "OPEN_SPECIAL_ACCOUNT"
    LOGIN_AS_ACCOUNT = "LOGIN_AS_ACCOUNT"
    GOVERNMENT_OFFICIAL = "GOVERNMENT_OFFICIAL"
    USES_EPHEMERAL = "USES_EPHEMERAL"
    MINT_BY_REACTION = "MINT_BY_REACTION"


class SubjectKind(enum.Enum):
    """Who a rule is about."""

    USER = "USER"
    ROLE = "ROLE"
    KEY = "KEY"


@dataclass(frozen=True, slots=True)
class Subject:
    """A user, a role or an API key, by its id."""

    kind: SubjectKind
    id: int

    @classmethod
    def user(cls, user_id: int) -> Subject:
        """The subject naming one user."""
        return cls(SubjectKind.USER, user_id)

    @classmethod
    def role(cls, role_id: int) -> Subject:
        """The subject naming a role (everyone who holds it)."""
        return cls(SubjectKind.ROLE, role_id)

    @classmethod
    def key(cls, key_id: int) -> Subject:
        """The subject naming one API key."""
        return cls(SubjectKind.KEY, key_id)


class ScopeLevel(enum.IntEnum):
    """How specific a scope is."""

    GLOBAL = 0
    ECONOMY = 1
    ACCOUNT = 2


@dataclass(frozen=True, slots=True)
class Scope:
    """Where a rule applies or a check happens: everywhere, one economy, or one account.

    An account scope always names the account's economy too.
    """

    economy_id: EconomyId | None = None
    account_id: AccountId | None = None

    def __post_init__(self) -> None:
        if self.account_id is not None and self.economy_id is None:
            raise InvalidScope(reason="account_without_economy")

    @property
    def level(self) -> ScopeLevel:
        """Global, economy or account."""
        if self.account_id is not None:
            return ScopeLevel.ACCOUNT
        if self.economy_id is not None:
            return ScopeLevel.ECONOMY
        return ScopeLevel.GLOBAL

    def covers(self, place: Scope) -> bool:
        """Whether a rule with this scope applies to a check at ``place``.

        Both constraints must hold (AND): the rule's economy, when it names one, is the place's
        economy, and the rule's account, when it names one, is the place's account.
        """
        economy_ok = self.economy_id is None or self.economy_id == place.economy_id
        account_ok = self.account_id is None or self.account_id == place.account_id
        return economy_ok and account_ok


GLOBAL = Scope()
"""The scope of rules that apply in every economy."""


RuleName = enum.Enum
"""What a rule is about: a :class:`Permission` of the economies, or a permission of another
vocabulary kept in the same rule table (the community's ``Action``). Rules are stored by the
member's name, so the names of all vocabularies are distinct."""


@dataclass(frozen=True, slots=True)
class PermissionRule:
    """A grant (``allowed``) or a denial of ``permission`` to ``subject`` in ``scope``."""

    subject: Subject
    permission: RuleName
    scope: Scope
    allowed: bool
    id: PermissionRuleId | None = None


@dataclass(frozen=True, slots=True)
class AccountFacts:
    """What the permission rules need to know about the account a check is about."""

    id: AccountId
    economy_id: EconomyId
    account_type: AccountType
    owner_id: MemberId | None

    @property
    def scope(self) -> Scope:
        """The account scope of this account."""
        return Scope(self.economy_id, self.id)


class Source(enum.Enum):
    """What decided a permission check."""

    RULE = "RULE"
    OWNER_DEFAULT = "OWNER_DEFAULT"
    MEMBER_DEFAULT = "MEMBER_DEFAULT"
    KEY_DEFAULT = "KEY_DEFAULT"
    NO_DEFAULT = "NO_DEFAULT"
    OUTSIDE_KEY_ECONOMY = "OUTSIDE_KEY_ECONOMY"
    ISSUER = "ISSUER"
    STANDING = "STANDING"
    """A community member's standing (its documented ``users`` flags) decided: no rule matched,
    or the standing forbids the action whatever the rules say."""


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of a check, and the rule (if any) that decided it."""

    allowed: bool
    source: Source
    rule: PermissionRule | None = None


_ACCOUNT_HOLDER = frozenset(
    {
        Permission.VIEW_BALANCE,
        Permission.TRANSFER_FUNDS,
        Permission.CREATE_RECURRING_TRANSFERS,
        Permission.LOGIN_AS_ACCOUNT,
    }
)

OWNER_DEFAULTS: dict[AccountType, frozenset[Permission]] = {
    AccountType.USER: _ACCOUNT_HOLDER | {Permission.CLOSE_ACCOUNT},
    AccountType.CORPORATION: _ACCOUNT_HOLDER
    | {Permission.CLOSE_ACCOUNT, Permission.MANAGE_PERMISSIONS},
    AccountType.CHARITY: _ACCOUNT_HOLDER
    | {Permission.CLOSE_ACCOUNT, Permission.MANAGE_PERMISSIONS},
    AccountType.FINANCIAL: _ACCOUNT_HOLDER
    | {Permission.CLOSE_ACCOUNT, Permission.MANAGE_PERMISSIONS},
    # Closing a government account is an administrator's decision, not its holder's.
    AccountType.GOVERNMENT: _ACCOUNT_HOLDER | {Permission.MANAGE_PERMISSIONS},
}
"""What the owner of an account may do on it when no rule says otherwise, by account type.

``MANAGE_PERMISSIONS`` lets the owner of an organisation's account delegate on that account
(never beyond what the owner holds: see :func:`may_delegate`)."""

MEMBER_DEFAULTS = frozenset({Permission.OPEN_ACCOUNT})
"""What anyone may do in an economy (never globally) when no rule says otherwise."""

KEY_DEFAULTS: dict[KeyType, frozenset[Permission]] = {
    KeyType.GRANT: frozenset(
        {
            Permission.VIEW_BALANCE,
            Permission.TRANSFER_FUNDS,
            Permission.CREATE_RECURRING_TRANSFERS,
        }
    ),
    KeyType.MASTER: frozenset(Permission) - {Permission.MANAGE_PERMISSIONS},
}
"""What a key may do without rules of its own. A GRANT key only on its bound account, a MASTER
key anywhere in its economy; in both cases only what its issuer may do as well."""

PREFERENCES = frozenset({Permission.USES_EPHEMERAL})
"""Permissions that grant no power, only a way of being answered (``USES_EPHEMERAL``: private
answers). Holding one is nothing to hand out, so delegating it needs only ``MANAGE_PERMISSIONS``,
and a user's own preference is theirs to set (see :func:`delegation_gap`)."""

ADMIN_PERMISSIONS = frozenset(Permission) - PREFERENCES
"""What the CLI grants the first administrator, globally: every power, no preference (the
administrator's answers stay in the channel until they ask for private answers themselves)."""


def place_of(economy_id: EconomyId | None = None, account: AccountFacts | None = None) -> Scope:
    """The scope a check happens at: an account (with its economy), an economy, or global."""
    if account is not None:
        if economy_id is not None and economy_id != account.economy_id:
            raise InvalidScope(reason="account_outside_economy")
        return account.scope
    return Scope(economy_id)


def specificity(rule: PermissionRule) -> tuple[int, int]:
    """Sort key of rule precedence: scope level first, then user (1) over role or key (0/1)."""
    return (int(rule.scope.level), 0 if rule.subject.kind is SubjectKind.ROLE else 1)


def resolve(
    rules: Iterable[PermissionRule],
    *,
    permission: RuleName,
    subjects: frozenset[Subject],
    place: Scope,
) -> Decision | None:
    """Apply the rules about ``subjects`` for ``permission`` at ``place``; ``None`` if none match.

    The most specific matching rules decide; among equally specific ones any denial wins.
    """
    matching = [
        rule
        for rule in rules
        if rule.permission is permission and rule.subject in subjects and rule.scope.covers(place)
    ]
    if not matching:
        return None
    top = max(specificity(rule) for rule in matching)
    best = [rule for rule in matching if specificity(rule) == top]
    denial = next((rule for rule in best if not rule.allowed), None)
    if denial is not None:
        return Decision(allowed=False, source=Source.RULE, rule=denial)
    return Decision(allowed=True, source=Source.RULE, rule=best[0])


def member_default(
    permission: Permission, *, user_id: MemberId, place: Scope, account: AccountFacts | None
) -> Decision:
    """The default for a user when no rule matches (owner defaults, then member defaults)."""
    if (
        account is not None
        and account.owner_id == user_id
        and permission in OWNER_DEFAULTS[account.account_type]
    ):
        return Decision(allowed=True, source=Source.OWNER_DEFAULT)
    if place.economy_id is not None and permission in MEMBER_DEFAULTS:
        return Decision(allowed=True, source=Source.MEMBER_DEFAULT)
    return Decision(allowed=False, source=Source.NO_DEFAULT)


def subjects_of(actor: Actor) -> frozenset[Subject]:
    """The subjects whose rules apply to ``actor``: the user and each of its roles."""
    return frozenset({Subject.user(actor.user_id), *(Subject.role(r) for r in actor.role_ids)})


def decide_member(
    actor: Actor,
    permission: Permission,
    *,
    rules: Iterable[PermissionRule],
    economy_id: EconomyId | None = None,
    account: AccountFacts | None = None,
) -> Decision:
    """Whether ``actor`` holds ``permission`` at the economy or account named."""
    place = place_of(economy_id, account)
    decided = resolve(rules, permission=permission, subjects=subjects_of(actor), place=place)
    if decided is not None:
        return decided
    return member_default(permission, user_id=actor.user_id, place=place, account=account)


def decide_key(
    key: KeyActor,
    permission: Permission,
    *,
    rules: Iterable[PermissionRule],
    economy_id: EconomyId | None = None,
    account: AccountFacts | None = None,
) -> Decision:
    """Whether API key ``key`` may use ``permission`` there: the key AND its issuer must may.

    ``rules`` holds the rules about the key and about its issuer (and the issuer's roles).
    Outside the key's economy (including global checks) the answer is always no.
    """
    place = place_of(economy_id, account)
    if place.economy_id != key.economy_id:
        return Decision(allowed=False, source=Source.OUTSIDE_KEY_ECONOMY)
    rules = tuple(rules)
    own = resolve(
        rules, permission=permission, subjects=frozenset({Subject.key(key.key_id)}), place=place
    )
    if own is None:
        allowed = permission in KEY_DEFAULTS[key.key_type] and (
            key.key_type is KeyType.MASTER
            or (key.account_id is not None and place.account_id == key.account_id)
        )
        own = Decision(allowed=allowed, source=Source.KEY_DEFAULT)
    if not own.allowed:
        return own
    issuer = decide_member(
        key.issuer, permission, rules=rules, economy_id=economy_id, account=account
    )
    if not issuer.allowed:
        return Decision(allowed=False, source=Source.ISSUER, rule=issuer.rule)
    return own


def decide(
    principal: Principal,
    permission: Permission,
    *,
    rules: Iterable[PermissionRule],
    economy_id: EconomyId | None = None,
    account: AccountFacts | None = None,
) -> Decision:
    """Whether ``principal`` (a person or a key) holds ``permission`` at the place named."""
    if isinstance(principal, KeyActor):
        return decide_key(
            principal, permission, rules=rules, economy_id=economy_id, account=account
        )
    return decide_member(principal, permission, rules=rules, economy_id=economy_id, account=account)


def subjects_for(principal: Principal) -> frozenset[Subject]:
    """Every subject whose rules a check of ``principal`` may consult (to load them at once)."""
    if isinstance(principal, KeyActor):
        return subjects_of(principal.issuer) | {Subject.key(principal.key_id)}
    return subjects_of(principal)


def delegation_gap(
    actor: Actor,
    permission: Permission,
    *,
    rules: Iterable[PermissionRule],
    scope: Scope,
    account: AccountFacts | None,
    subject: Subject | None = None,
) -> Permission | None:
    """What ``actor`` lacks in ``scope`` to set or reset rules for ``permission`` (about
    ``subject``); ``None`` when it may.

    A power needs ``MANAGE_PERMISSIONS`` there and the power itself there, so nobody hands out
    (or takes away) more than they have: an owner who may manage permissions on their account
    cannot grant themselves ``MANAGE_FUNDS`` on it. A :data:`PREFERENCES` permission needs only
    ``MANAGE_PERMISSIONS``, and nothing at all when ``subject`` is the actor themselves.
    """
    if permission in PREFERENCES:
        if subject == Subject.user(actor.user_id):
            return None
        needed: tuple[Permission, ...] = (Permission.MANAGE_PERMISSIONS,)
    else:
        needed = (Permission.MANAGE_PERMISSIONS, permission)
    rules = tuple(rules)
    for wanted in needed:
        if not decide_member(
            actor, wanted, rules=rules, economy_id=scope.economy_id, account=account
        ).allowed:
            return wanted
    return None


def may_delegate(
    actor: Actor,
    permission: Permission,
    *,
    rules: Iterable[PermissionRule],
    scope: Scope,
    account: AccountFacts | None,
    subject: Subject | None = None,
) -> bool:
    """Whether ``actor`` may set or reset rules for ``permission`` in ``scope`` (about
    ``subject``): :func:`delegation_gap` finds nothing missing."""
    gap = delegation_gap(
        actor, permission, rules=rules, scope=scope, account=account, subject=subject
    )
    return gap is None


__all__ = [
    "ADMIN_PERMISSIONS",
    "GLOBAL",
    "KEY_DEFAULTS",
    "MEMBER_DEFAULTS",
    "OWNER_DEFAULTS",
    "PREFERENCES",
    "AccountFacts",
    "Decision",
    "Permission",
    "PermissionRule",
    "RuleName",
    "Scope",
    "ScopeLevel",
    "Source",
    "Subject",
    "SubjectKind",
    "decide",
    "decide_key",
    "decide_member",
    "delegation_gap",
    "may_delegate",
    "member_default",
    "place_of",
    "resolve",
    "specificity",
    "subjects_for",
    "subjects_of",
]
