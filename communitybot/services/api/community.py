"""The community's members as an application sees them, after Strichliste's REST API.

The community is one economy of the core: an application of the community's economy asks with a
MASTER key, and a key acts only where both the key and its issuer may (the core's permission
model, in the community's economy): ``VIEW_BALANCE`` to read members, their journal and the
articles, ``MANAGE_FUNDS`` to charge a member for an article or book cash. The member charged must
be allowed to buy (the community's own rules, checked by
:func:`~communitybot.services.community.charge`).

Cash put into or taken out of the cash box (:mod:`communitybot.services.community.cash`) is a
treasurer's: besides ``MANAGE_FUNDS`` of the key and its issuer, the issuer must be a member of the
community (in the community's economy a key's issuer is named by its ``users.id``) who may
``MANAGE_CASH`` by the community's standing, and the deposit or withdrawal is booked as theirs.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from communitybot.core.api import PAGE_MAX
from communitybot.core.articles import Article, ArticleRef
from communitybot.core.cash import CashReceipt
from communitybot.core.community import ConsumeReceipt, HistoryPage, TransactionKind, UserInfo
from communitybot.core.community_standing import Action
from communitybot.core.economy import KeyActor, Permission, Principal
from communitybot.core.errors import CommunityUserNotAllowed
from communitybot.core.ids import EconomyId, TelegramId, UserId
from communitybot.core.rules import CommunityRules
from communitybot.db.brokers import standing as standing_broker
from communitybot.db.brokers import transactions as journal
from communitybot.db.brokers import user_lists
from communitybot.db.brokers import users as user_broker
from communitybot.db.idempotency import along
from communitybot.db.uow import UnitOfWork
from communitybot.services.community.cash import deposit, withdraw
from communitybot.services.community.consumables import charge, list_articles
from communitybot.services.community.standing import _community_economy, check_member
from communitybot.services.economy._common import authorize, refuse

MEMBER_PAGE_MAX = PAGE_MAX
"""Most members or journal rows one page holds."""


def community_economy_id(uow: UnitOfWork) -> EconomyId | None:
    """The community's economy of the core, or ``None`` before it exists."""
    return uow.read(standing_broker.find_community_economy_id)


def ensure_community_economy(uow: UnitOfWork) -> EconomyId:
    """The community's economy of the core, created (with its issuance account) when missing:
    applications and keys of the community are made in it."""
    try:
        return uow.run(_community_economy)
    except IntegrityError:  # a concurrent first writer won the one row: read it
        found = community_economy_id(uow)
        if found is None:
            raise
        return found


def _authorize(session: Session, principal: Principal, permission: Permission) -> None:
    """Refuse unless ``principal`` (and, for a key, its issuer) holds ``permission`` in the
    community's economy."""
    economy_id = standing_broker.find_community_economy_id(session)
    if economy_id is None:
        raise refuse(principal, permission.value, economy_id=None)
    authorize(session, principal, permission, economy_id=economy_id)


def _bounded(limit: int) -> int:
    return min(max(limit, 1), MEMBER_PAGE_MAX)


def list_members(
    uow: UnitOfWork,
    principal: Principal,
    *,
    after_id: int = 0,
    limit: int = 50,
    include_inactive: bool = True,
) -> tuple[UserInfo, ...]:
    """Members by id after ``after_id``, at most ``limit`` (1 to :data:`MEMBER_PAGE_MAX`).

    Needs ``VIEW_BALANCE`` in the community's economy.
    """

    def read(session: Session) -> tuple[UserInfo, ...]:
        _authorize(session, principal, Permission.VIEW_BALANCE)
        return tuple(
            user_lists.list_users(
                session,
                after_id=max(after_id, 0),
                limit=_bounded(limit),
                include_inactive=include_inactive,
            )
        )

    return uow.read(read)


def get_member(uow: UnitOfWork, principal: Principal, *, member_id: UserId) -> UserInfo:
    """One member with its balance (``UnknownUser`` when there is none); needs ``VIEW_BALANCE``."""

    def read(session: Session) -> UserInfo:
        _authorize(session, principal, Permission.VIEW_BALANCE)
        return user_broker.get_user(session, user_id=member_id)

    return uow.read(read)


def member_transactions(
    uow: UnitOfWork, principal: Principal, *, member_id: UserId, offset: int = 0, limit: int = 50
) -> HistoryPage:
    """One page of a member's journal, newest first, from the member's view (received
    positive); ``limit`` 1 to :data:`MEMBER_PAGE_MAX`. Needs ``VIEW_BALANCE``."""
    offset, limit = max(offset, 0), _bounded(limit)

    def read(session: Session) -> HistoryPage:
        _authorize(session, principal, Permission.VIEW_BALANCE)
        user = user_broker.get_user(session, user_id=member_id)
        entries = journal.list_history_page(session, user_id=user.id, offset=offset, limit=limit)
        total = journal.count_for_user(session, user_id=user.id)
        return HistoryPage(entries=tuple(entries), total=total, offset=offset, limit=limit)

    return uow.read(read)


def articles(uow: UnitOfWork, rules: CommunityRules, principal: Principal) -> tuple[Article, ...]:
    """The articles on sale, by id (with barcode and stock); needs ``VIEW_BALANCE``."""
    uow.read(lambda session: _authorize(session, principal, Permission.VIEW_BALANCE))
    return list_articles(uow, rules)


def _person(session: Session, member_id: UserId, action: str) -> UserInfo:
    """The member ``member_id``, refused with ``CommunityUserNotAllowed`` unless a person (not
    the community user, the cash box or a forgotten member's stand-in)."""
    member = user_broker.get_user(session, user_id=member_id)
    if member.tid is None or member.tid < 0:
        raise CommunityUserNotAllowed(action=action)
    return member


def charge_member(
    uow: UnitOfWork,
    rules: CommunityRules,
    principal: Principal,
    *,
    member_id: UserId,
    article: ArticleRef,
    count: int,
    key: str,
) -> ConsumeReceipt:
    """Charge a member ``count`` × the price of ``article`` (by id, barcode or name),
    idempotent under ``key``.

    Needs ``MANAGE_FUNDS`` in the community's economy (asked before and again inside the
    purchase's transaction); the member must be allowed to buy, as with ``/consume``. Raises
    what :func:`~communitybot.services.community.charge` raises, ``UnknownUser`` and
    ``CommunityUserNotAllowed`` (the community, the cash box, a stand-in buy nothing).
    """

    def check(session: Session) -> UserInfo:
        _authorize(session, principal, Permission.MANAGE_FUNDS)
        return _person(session, member_id, "consume")

    def still_may(session: Session, receipt: object) -> None:
        _authorize(session, principal, Permission.MANAGE_FUNDS)

    member = uow.read(check)
    # asked again inside the purchase's transaction: a key disabled meanwhile charges nothing
    with along(still_may):
        return charge(uow, rules, buyer=member.id, article=article, count=count, key=key)


def _treasurer(session: Session, principal: Principal) -> UserInfo:
    """The member on whose authority ``principal`` books cash: ``MANAGE_FUNDS`` of the key and
    its issuer, and the issuer a member who may ``MANAGE_CASH``; else ``LacksPermission``."""
    _authorize(session, principal, Permission.MANAGE_FUNDS)
    economy_id = standing_broker.find_community_economy_id(session)
    issuer = user_broker.find_user(session, user_id=UserId(principal.user_id))
    if issuer is None or issuer.tid is None or issuer.tid < 0:
        raise refuse(principal, Action.MANAGE_CASH.value, economy_id=economy_id)
    check_member(session, issuer, Action.MANAGE_CASH)
    return issuer


def book_cash(
    uow: UnitOfWork,
    rules: CommunityRules,
    principal: KeyActor,
    *,
    member_id: UserId,
    kind: TransactionKind,
    amount: int,
    reason: str | None,
    key: str,
) -> CashReceipt:
    """A treasurer's deposit (``kind`` ``DEPOSIT``: the cash box pays the member) or withdrawal
    (``WITHDRAW``: the member pays the cash box) of ``amount`` cents, idempotent under ``key``.

    The key and its issuer need ``MANAGE_FUNDS`` in the community's economy and the issuer must
    be a member who may ``MANAGE_CASH`` (asked before and again inside the booking's
    transaction); it is booked as the issuer's, at once. Raises ``LacksPermission``,
    ``CommunityUserNotAllowed`` (the member is not a person), what
    :func:`~communitybot.services.community.deposit` and
    :func:`~communitybot.services.community.withdraw` raise.
    """

    def check(session: Session) -> tuple[UserInfo, UserInfo]:
        return _treasurer(session, principal), _person(session, member_id, kind.value)

    def still_may(session: Session, receipt: object) -> None:
        _treasurer(session, principal)

    issuer, member = uow.read(check)
    book = deposit if kind is TransactionKind.DEPOSIT else withdraw
    with along(still_may):
        return book(
            uow,
            rules,
            tid=TelegramId(int(issuer.tid or 0)),
            amount=amount,
            reason=reason,
            key=key,
            member=member.id,
        )


__all__ = [
    "MEMBER_PAGE_MAX",
    "articles",
    "book_cash",
    "charge_member",
    "community_economy_id",
    "ensure_community_economy",
    "get_member",
    "list_members",
    "member_transactions",
]
