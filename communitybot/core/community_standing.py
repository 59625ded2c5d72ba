"""Members' standing on the core's permission model: who may do what in the community.

The community is one economy of the core, and its permissions are rules of the core's permission
model (:mod:`communitybot.core.economy`): an :class:`Action` is granted or denied to a subject
(a community user, by ``users.id``, or a community role) in the community's economy, and the
core's :func:`~communitybot.core.economy.resolve` decides between the rules that match (the most
specific wins: a rule about the user beats one about a role; at equal specificity a denial wins).

A decision starts from the user's :class:`Standing`, read from the documented ``users`` flags
(``tid`` NULL, ``active``, the ``externals`` row and its voucher, ``permission``), which stay
authoritative for what they mean:

=================  =======================================  ====================================
standing           may ever (no rule lifts this bound)      may by default (rules refine this)
=================  =======================================  ====================================
``COMMUNITY``      receive                                  receive
``INACTIVE``       nothing (reading only)                   nothing
``GUEST``          nothing (an external without voucher)    nothing
``VOUCHED_GUEST``  send, receive, consume, communisms,      the same
                   undo
``MEMBER``         every action                             every member action but voting
``VOTER``          every action                             every member action
=================  =======================================  ====================================

So a rule can take any action away from anyone, and give a member what its flags do not: the
vote (``VOTE``) or a treasurer's power (:data:`TREASURER_ACTIONS`, nobody's by default). It can
never make a guest vote, an inactive user act, or the community user pay on its own: those bounds
keep the ledger's invariants (``communitybot check``) true whatever an administrator grants.
The built-in role :data:`TREASURER` is created with a grant of every treasurer action.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime

from communitybot.core.community import UserInfo, UserSummary
from communitybot.core.economy import (
    Decision,
    PermissionRule,
    Scope,
    Source,
    Subject,
    resolve,
)
from communitybot.core.errors import (
    CommunityActionDenied,
    CommunityUserNotAllowed,
    DomainError,
    ExternalNotAllowed,
    InactiveUser,
    InvalidName,
)
from communitybot.core.ids import EconomyId, RoleId, UserId


class Action(enum.Enum):
    """A writing operation a user may or may not be allowed to do: the community's permissions.

    Stored by name in the core's rule table, next to the economies'
    :class:`~communitybot.core.economy.Permission` values (the names never coincide).
    """

    SEND = "send"
    RECEIVE = "receive"
    CONSUME = "consume"
    START_COMMUNISM = "start_communism"
    JOIN_COMMUNISM = "join_communism"
    REQUEST_PAYMENT = "request_payment"
    VOTE = "vote"
    VOUCH = "vouch"
    GRANT_VOTE = "grant_vote"
    """Grant or revoke another user's vote flag (``users.permission``)."""
    ACTIVATE_MEMBERS = "activate_members"
    """Activate or deactivate a user."""
    SET_MEMBERSHIP = "set_membership"
    """Make an external user internal, or an internal user external."""
    CLOSE_COLLECTIVE = "close_collective"
    """Cancel an open payment request or communism somebody else started (a stuck one)."""
    VIEW_BOOKS = "view_books"
    """Read the community's own books: its balance over time (``/chart community``)."""
    DEPOSIT = "deposit"
    """Record cash one put into the cash box (waiting for a treasurer unless self-service)."""
    WITHDRAW = "withdraw"
    """Record cash one took out of the cash box."""
    UNDO = "undo"
    """Undo one's own last transaction within the undo window."""
    MANAGE_CASH = "manage_cash"
    """Record deposits and withdrawals directly (for anyone), confirm or reject waiting
    deposits, record a count of the cash box."""
    REVERSE = "reverse"
    """Reverse any transaction."""
    MANAGE_ARTICLES = "manage_articles"
    """Add, reprice, deactivate articles; set their barcode and stock."""
    MANAGE_FEES = "manage_fees"
    """Set up and stop membership fees."""


MEMBER_ACTIONS = frozenset(
    {
        Action.SEND,
        Action.RECEIVE,
        Action.CONSUME,
        Action.START_COMMUNISM,
        Action.JOIN_COMMUNISM,
        Action.REQUEST_PAYMENT,
        Action.VOTE,
        Action.VOUCH,
        Action.DEPOSIT,
        Action.WITHDRAW,
        Action.UNDO,
    }
)
"""What members do with their own money and voice."""

TREASURER_ACTIONS = frozenset(
    {
        Action.GRANT_VOTE,
        Action.ACTIVATE_MEMBERS,
        Action.SET_MEMBERSHIP,
        Action.CLOSE_COLLECTIVE,
        Action.VIEW_BOOKS,
        Action.MANAGE_CASH,
        Action.REVERSE,
        Action.MANAGE_ARTICLES,
        Action.MANAGE_FEES,
    }
)
"""The powers over others: nobody holds them by default; the role :data:`TREASURER` holds all."""

GUEST_ACTIONS = frozenset(
    {
        Action.SEND,
        Action.RECEIVE,
        Action.CONSUME,
        Action.START_COMMUNISM,
        Action.JOIN_COMMUNISM,
        Action.UNDO,
    }
)
"""What a vouched external may do (its voucher answers for its debt)."""

COMMUNITY_MAY = frozenset({Action.RECEIVE})
"""Actions open to the community user (it pays only through accepted payment requests)."""

TREASURER = "treasurer"
"""The built-in role: created on its first grant with a grant of every treasurer action."""

ROLE_NAME_MAX = 32
"""Longest role name (``community_roles.name``)."""


class Standing(enum.Enum):
    """What the documented ``users`` flags make of a user (see the module's table)."""

    COMMUNITY = "community"
    INACTIVE = "inactive"
    GUEST = "guest"
    VOUCHED_GUEST = "vouched_guest"
    MEMBER = "member"
    VOTER = "voter"


BOUNDS: dict[Standing, frozenset[Action]] = {
    Standing.COMMUNITY: COMMUNITY_MAY,
    Standing.INACTIVE: frozenset(),
    Standing.GUEST: frozenset(),
    Standing.VOUCHED_GUEST: GUEST_ACTIONS,
    Standing.MEMBER: frozenset(Action),
    Standing.VOTER: frozenset(Action),
}
"""What each standing may ever do; no rule grants beyond it."""

DEFAULTS: dict[Standing, frozenset[Action]] = {
    Standing.COMMUNITY: COMMUNITY_MAY,
    Standing.INACTIVE: frozenset(),
    Standing.GUEST: frozenset(),
    Standing.VOUCHED_GUEST: GUEST_ACTIONS,
    Standing.MEMBER: MEMBER_ACTIONS - {Action.VOTE},
    Standing.VOTER: MEMBER_ACTIONS,
}
"""What each standing may do when no rule about the user (or its roles) matches."""


def standing_of(user: UserInfo) -> Standing:
    """The standing the documented flags give ``user`` (the cash box never acts)."""
    if user.is_cash_box:
        return Standing.INACTIVE
    if user.is_community:
        return Standing.COMMUNITY
    if not user.active:
        return Standing.INACTIVE
    if user.external:
        return Standing.GUEST if user.voucher is None else Standing.VOUCHED_GUEST
    return Standing.VOTER if user.permission else Standing.MEMBER


@dataclass(frozen=True, slots=True)
class Grants:
    """The rules of the community's economy that apply to one user, and the roles it holds.

    ``rules`` are about the user itself or one of ``role_ids``; ``economy_id`` is the
    community's economy (``None`` before any rule or role was ever stored).
    """

    economy_id: EconomyId | None = None
    role_ids: frozenset[RoleId] = frozenset()
    rules: tuple[PermissionRule, ...] = ()

    def subjects(self, user_id: int) -> frozenset[Subject]:
        """The user and each of its roles, as subjects of rules."""
        return frozenset({Subject.user(user_id), *(Subject.role(r) for r in self.role_ids)})


NO_GRANTS = Grants()
"""No rule and no role: the standing alone decides."""


def decide_action(user: UserInfo, action: Action, grants: Grants = NO_GRANTS) -> Decision:
    """Whether ``user`` may do ``action``: its standing's bound, then the rules, then its default.

    The decision's ``source`` is ``STANDING`` when the bound or the default decided, ``RULE``
    (with the rule) when a rule did.
    """
    standing = standing_of(user)
    if action not in BOUNDS[standing]:
        return Decision(allowed=False, source=Source.STANDING)
    decided = resolve(
        grants.rules,
        permission=action,
        subjects=grants.subjects(user.id),
        place=Scope(grants.economy_id),
    )
    if decided is not None:
        return decided
    return Decision(allowed=action in DEFAULTS[standing], source=Source.STANDING)


def check_may(user: UserInfo, action: Action, grants: Grants = NO_GRANTS) -> None:
    """Raise the specific error that forbids ``user`` to do ``action``; return when allowed.

    The bounds of the standing raise :class:`CommunityUserNotAllowed`, :class:`InactiveUser` or
    :class:`ExternalNotAllowed`; any other action (the vote included) neither the standing nor
    the rules allow raises :class:`CommunityActionDenied`.
    """
    decision = decide_action(user, action, grants)
    if decision.allowed:
        return
    standing = standing_of(user)
    if action not in BOUNDS[standing]:
        if standing is Standing.COMMUNITY:
            raise CommunityUserNotAllowed(action=action.value)
        if standing is Standing.INACTIVE:
            raise InactiveUser(user_id=user.id)
        raise ExternalNotAllowed(
            user_id=user.id, action=action.value, vouched=user.voucher is not None
        )
    raise CommunityActionDenied(user_id=user.id, action=action.value)


def may(user: UserInfo, action: Action, grants: Grants = NO_GRANTS) -> bool:
    """Whether ``user`` may do ``action`` now (see :func:`check_may`)."""
    try:
        check_may(user, action, grants)
    except DomainError:
        return False
    return True


_ROLE_NAME = re.compile(rf"[a-z0-9_-]{{1,{ROLE_NAME_MAX}}}")


def clean_role_name(text: str) -> str:
    """``text`` as a role name: lower case, 1 to :data:`ROLE_NAME_MAX` of ``a-z 0-9 _ -``.

    Raises :class:`~communitybot.core.errors.InvalidName` (kind ``"role"``) otherwise.
    """
    name = text.strip().lower()
    if not _ROLE_NAME.fullmatch(name):
        raise InvalidName(kind="role", name=text, maximum=ROLE_NAME_MAX)
    return name


@dataclass(frozen=True, slots=True)
class CommunityRole:
    """A role of the community: its permissions are rules about ``Subject.role(id)``."""

    id: RoleId
    name: str


@dataclass(frozen=True, slots=True)
class RoleView:
    """A role with who holds it and the rules about it, for listings."""

    role: CommunityRole
    holders: tuple[UserSummary, ...]
    rules: tuple[PermissionRule, ...]


@dataclass(frozen=True, slots=True)
class Rights:
    """What one user may do, and why: its standing, roles, own rules and every decision."""

    user: UserInfo
    standing: Standing
    roles: tuple[CommunityRole, ...]
    rules: tuple[PermissionRule, ...]
    decisions: tuple[tuple[Action, Decision], ...]


@dataclass(frozen=True, slots=True)
class StandingChange:
    """One entry of the standing log: ``actor_id`` (``None``: the administrator at the command
    line) made ``change`` to ``subject`` (``user:5``, ``role:3``, ``collective:12``)."""

    id: int
    at: datetime
    actor_id: UserId | None
    change: str
    subject: str
    detail: str | None


def parse_action(text: str) -> Action | None:
    """The action named ``text`` (its value or its name, any case: ``grant_vote``), or ``None``."""
    wanted = text.strip().lower().replace("-", "_")
    return next((a for a in Action if a.value == wanted), None)


__all__ = [
    "BOUNDS",
    "COMMUNITY_MAY",
    "DEFAULTS",
    "GUEST_ACTIONS",
    "MEMBER_ACTIONS",
    "NO_GRANTS",
    "ROLE_NAME_MAX",
    "TREASURER",
    "TREASURER_ACTIONS",
    "Action",
    "CommunityRole",
    "Grants",
    "Rights",
    "RoleView",
    "Standing",
    "StandingChange",
    "check_may",
    "clean_role_name",
    "decide_action",
    "may",
    "parse_action",
    "standing_of",
]
