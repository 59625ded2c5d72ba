"""Community users: registration on every interaction, lookups, and the admin's daily care.

Users are never deleted. Actors are named by their Telegram id (``tid``); targets by user id or
username (see :data:`UserRef`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from communitybot.core.community import (
    TEXT_MAX,
    ActivationReceipt,
    TransactionKind,
    UserInfo,
    VouchEndReceipt,
    make_reason,
)
from communitybot.core.community_rules import Action
from communitybot.core.errors import (
    AlreadyExternal,
    CommunityUserNotAllowed,
    ExternalNotAllowed,
    InactiveUser,
    NotExternal,
    StillVouching,
)
from communitybot.core.ids import TelegramId
from communitybot.core.ledger import Leg
from communitybot.core.notices import Notice, NoticeKind
from communitybot.core.rules import CommunityRules
from communitybot.core.text import normalise_text
from communitybot.db.brokers import externals as external_broker
from communitybot.db.brokers import user_lists
from communitybot.db.brokers import users as user_broker
from communitybot.db.stores import CommunityStore
from communitybot.db.uow import UnitOfWork
from communitybot.services.community._common import (
    UserRef,
    cancel_open_collectives,
    lock_open_collectives,
    read_user,
    resolve_user_id,
    run_once,
)
from communitybot.services.community.notices import owed, still_owed, vouch_notices
from communitybot.services.community.standing import check_actor, log_change
from communitybot.services.ledger import move


def display_name(tid: int, first_name: str, last_name: str | None, username: str | None) -> str:
    """``first last`` as stored in ``users.name``: never empty, at most 255 characters.

    Falls back to the username, then to ``user <tid>``, when Telegram gives no name, or one a
    reader cannot see (only invisible characters: :func:`~communitybot.core.text.normalise_text`).
    """
    parts = (normalise_text(part) for part in (first_name, last_name or "") if part)
    name = " ".join(part for part in parts if part)
    if not name:
        name = user_broker.normalize_username(username) or f"user {tid}"
    return name[:TEXT_MAX]


def register_or_refresh(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    tid: TelegramId,
    first_name: str,
    last_name: str | None,
    username: str | None,
    chat_id: int | None,
) -> UserInfo:
    """Create the user of ``tid`` on first contact, else refresh its name and username.

    Call on ``/start`` and on every interaction. A new user is internal when ``chat_id`` is one of
    ``rules.internal_chats``, otherwise external without a voucher. ``name`` is first plus last
    name (never empty: falls back to the username or the tid); ``username`` is stored without
    ``@``. A username taken over from another account is cleared on that account. Refreshing
    never changes internal/external status (the admin CLI does). Writes only when something
    changed; two first contacts at once create one row.
    """
    name = display_name(tid, first_name, last_name, username)
    stored_username = _stored_username(username)

    def work(session: Session) -> UserInfo:
        existing = user_broker.find_user_by_tid(session, tid=tid)
        if existing is None:
            new_id = user_broker.insert_user(session, tid=tid, name=name, username=stored_username)
            if new_id is not None:
                if chat_id is None or chat_id not in rules.internal_chats:
                    external_broker.insert_external(session, user_id=new_id)
                if stored_username is not None:
                    user_broker.clear_username(
                        session, username=stored_username, except_user_id=new_id
                    )
                return user_broker.get_user(session, user_id=new_id)
            existing = user_broker.get_user_by_tid(session, tid=tid)  # registered concurrently
        return _refresh_profile(session, existing, name=name, username=stored_username)

    return uow.run(work)


def refresh_user(
    uow: UnitOfWork,
    *,
    tid: TelegramId,
    first_name: str,
    last_name: str | None,
    username: str | None,
) -> UserInfo | None:
    """Refresh the name and username of the user of ``tid``; ``None`` when it never registered.

    The adapters call it once per interaction: it never creates a user (that is
    :func:`register_or_refresh` on ``/start``) and writes only when the name or the username
    changed, with the rules of :func:`register_or_refresh` (a username taken over from another
    account is cleared there). Inactive users are refreshed too: they may still read.
    """
    name = display_name(tid, first_name, last_name, username)
    stored_username = _stored_username(username)

    def read(db: Connection) -> UserInfo | None:
        return user_broker.find_user_by_tid(db, tid=tid)

    def write(session: Session) -> UserInfo | None:
        existing = user_broker.find_user_by_tid(session, tid=tid)
        if existing is None:  # users are never deleted, but a row removed by hand is unknown
            return None
        return _refresh_profile(session, existing, name=name, username=stored_username)

    found = uow.query(read)
    if found is None or _same_profile(found, name=name, username=stored_username):
        return found
    return uow.run(write)


def _stored_username(username: str | None) -> str | None:
    stored = user_broker.normalize_username(username)
    return None if stored is None else stored[:TEXT_MAX]


def _same_profile(user: UserInfo, *, name: str, username: str | None) -> bool:
    return user.name == name and user.username == username


def _refresh_profile(
    session: Session, existing: UserInfo, *, name: str, username: str | None
) -> UserInfo:
    """Store ``name`` and ``username`` for ``existing`` unless they are stored already."""
    if _same_profile(existing, name=name, username=username):
        return existing
    user_broker.update_profile(session, user_id=existing.id, name=name, username=username)
    if username is not None:
        user_broker.clear_username(session, username=username, except_user_id=existing.id)
    return user_broker.get_user(session, user_id=existing.id)


def find_user(uow: UnitOfWork, *, tid: TelegramId) -> UserInfo | None:
    """The user with Telegram id ``tid``, or ``None`` when it never registered."""
    return uow.query(lambda db: user_broker.find_user_by_tid(db, tid=tid))


def get_user(uow: UnitOfWork, *, user: UserRef) -> UserInfo:
    """The user named by id or username. Raises ``UnknownUser`` / ``AmbiguousUsername``."""
    return uow.query(lambda db: read_user(db, user))


def get_user_by_tid(uow: UnitOfWork, *, tid: TelegramId) -> UserInfo:
    """The user with Telegram id ``tid``. Raises ``UnknownUser``."""
    return uow.query(lambda db: user_broker.get_user_by_tid(db, tid=tid))


def get_community_user(uow: UnitOfWork) -> UserInfo:
    """The community user. Raises ``ConfigurationError`` when ``communitybot init`` never ran."""
    return uow.query(user_broker.get_community_user)


def ensure_community_user(uow: UnitOfWork, rules: CommunityRules) -> UserInfo:
    """Create the community user (named ``rules.community_name``) unless one exists; idempotent.

    Safe against concurrent calls: at most one community user is ever created.
    """

    def work(session: Session) -> UserInfo:
        user_broker.lock_community_guard(session)
        existing = user_broker.find_community_user(session)
        if existing is not None:
            return existing
        new_id = user_broker.insert_user(
            session, tid=None, name=rules.community_name[:TEXT_MAX], username=None
        )
        if new_id is None:  # pragma: no cover - a NULL tid never collides
            msg = "could not create the community user"
            raise RuntimeError(msg)
        return user_broker.get_user(session, user_id=new_id)

    return uow.run(work)


def list_users(
    uow: UnitOfWork, *, offset: int = 0, limit: int = 100, include_inactive: bool = True
) -> tuple[UserInfo, ...]:
    """Users ordered by id, one page."""
    return tuple(
        uow.read(
            lambda session: user_lists.list_users(
                session, offset=offset, limit=limit, include_inactive=include_inactive
            )
        )
    )


def _lock_target(session: Session, ref: UserRef, action: str) -> UserInfo:
    user_id = resolve_user_id(session, ref)
    user = user_broker.lock_user(session, user_id=user_id)
    if user.is_community:
        raise CommunityUserNotAllowed(action=action)
    return user


def make_internal(
    uow: UnitOfWork, *, user: UserRef, actor_tid: TelegramId | None = None
) -> UserInfo:
    """Make an external user internal (deletes its ``externals`` row); no money moves.

    ``actor_tid`` names the member acting, who needs ``SET_MEMBERSHIP``; ``None`` is the
    administrator at the command line. Raises ``CommunityActionDenied`` (and the actor's
    standing errors), ``UnknownUser``, ``CommunityUserNotAllowed``, ``NotExternal`` when already
    internal.
    """

    def work(session: Session) -> UserInfo:
        actor_id = check_actor(session, actor_tid, Action.SET_MEMBERSHIP)
        target = _lock_target(session, user, "make_internal")
        if not target.external:
            raise NotExternal(user_id=target.id)
        external_broker.delete_external(session, user_id=target.id)
        log_change(session, actor_id=actor_id, change="make_internal", subject=f"user:{target.id}")
        return user_broker.get_user(session, user_id=target.id)

    return uow.run(work)


def make_external(
    uow: UnitOfWork, *, user: UserRef, actor_tid: TelegramId | None = None
) -> UserInfo:
    """Make an internal user external without a voucher; its vote permission is revoked.

    ``actor_tid`` as for :func:`make_internal` (``SET_MEMBERSHIP``). Raises
    ``CommunityActionDenied``, ``UnknownUser``, ``CommunityUserNotAllowed``, ``AlreadyExternal``,
    ``StillVouching`` while it vouches for others.
    """

    def work(session: Session) -> UserInfo:
        actor_id = check_actor(session, actor_tid, Action.SET_MEMBERSHIP)
        target = _lock_target(session, user, "make_external")
        if target.external:
            raise AlreadyExternal(user_id=target.id)
        vouchees = external_broker.count_vouchees(session, voucher=target.id)
        if vouchees:
            raise StillVouching(user_id=target.id, vouchees=vouchees)
        external_broker.insert_external(session, user_id=target.id)
        if target.permission:
            user_broker.set_permission(session, user_id=target.id, permission=False)
        log_change(session, actor_id=actor_id, change="make_external", subject=f"user:{target.id}")
        return user_broker.get_user(session, user_id=target.id)

    return uow.run(work)


def set_vote_permission(
    uow: UnitOfWork, *, user: UserRef, allowed: bool, actor_tid: TelegramId | None = None
) -> UserInfo:
    """Grant or revoke the permission to vote on payment requests (``users.permission``).

    ``actor_tid`` names the member acting, who needs ``GRANT_VOTE`` (a treasurer); ``None`` is
    the administrator at the command line. The actor is checked first: a member without the
    power learns nothing about the target. Granting requires an active internal user
    (``InactiveUser``, ``ExternalNotAllowed``). Raises ``CommunityActionDenied`` (and the
    actor's standing errors), ``UnknownUser``, ``CommunityUserNotAllowed``.
    """

    def work(session: Session) -> UserInfo:
        actor_id = check_actor(session, actor_tid, Action.GRANT_VOTE)
        target = _lock_target(session, user, "vote")
        if allowed:
            if not target.active:
                raise InactiveUser(user_id=target.id)
            if target.external:
                raise ExternalNotAllowed(
                    user_id=target.id, action="vote", vouched=target.voucher is not None
                )
        if target.permission != allowed:
            user_broker.set_permission(session, user_id=target.id, permission=allowed)
            change = "grant_vote" if allowed else "revoke_vote"
            log_change(session, actor_id=actor_id, change=change, subject=f"user:{target.id}")
        return user_broker.get_user(session, user_id=target.id)

    return uow.run(work)


def settle_vouchee(session: Session, *, voucher: UserInfo, external: UserInfo) -> VouchEndReceipt:
    """End vouching of ``voucher`` for ``external``: settle the external's balance, drop the link.

    Both rows must be locked by the caller, and before them the external's open collectives
    (:func:`~communitybot.services.community._common.lock_open_collectives`). A debt of the
    external is paid by the voucher, a credit goes to the voucher; debt limits do not apply (the
    voucher answers for the debt), the MEDIUMINT range does. The journal row comes before the
    ``externals`` change, so ``externals.changed`` is never earlier than the settlement. The
    external's own open collectives are cancelled (no money moves): without a voucher it could
    neither settle nor cancel them, while others could still join.
    """
    balance = external.balance
    transaction_id = None
    if balance != 0:
        text = f"{external.name} settled with voucher {voucher.name} as vouching ended"
        reason = make_reason(TransactionKind.VOUCH, text)
        payer, payee = (voucher.id, external.id) if balance < 0 else (external.id, voucher.id)
        [transaction_id] = move(
            CommunityStore(session), [Leg(payer, payee, abs(balance), reason)]
        ).entries
    external_broker.set_voucher(session, user_id=external.id, voucher=None)
    cancelled = cancel_open_collectives(session, creator=external.id)
    return VouchEndReceipt(
        external=external.summary,
        voucher=voucher.summary,
        settled=balance,
        transaction_id=transaction_id,
        replayed=False,
        cancelled=cancelled,
    )


def set_active(
    uow: UnitOfWork,
    *,
    user: UserRef,
    active: bool,
    key: str,
    actor_tid: TelegramId | None = None,
) -> ActivationReceipt:
    """Activate or deactivate a user.

    Deactivating a voucher first settles every external it vouches for against it (like
    :func:`~communitybot.services.community.vouching.stop_vouching`), all in one transaction.
    Under a replayed ``key`` nothing changes and ``settlements`` is empty. ``actor_tid`` names
    the member acting, who needs ``ACTIVATE_MEMBERS``; ``None`` is the administrator at the
    command line. Raises ``CommunityActionDenied`` (and the actor's standing errors),
    ``UnknownUser``, ``CommunityUserNotAllowed``, ``BalanceOutOfRange``.
    """
    op = "activate" if active else "deactivate"

    def told(session: Session, settled: list[list[int]], actor: int) -> list[Notice]:
        return [
            notice
            for external, voucher, amount in settled
            for notice in vouch_notices(
                session, external=external, voucher=voucher, settled=amount, actor=actor
            )
        ]

    def replay(session: Session, data: dict[str, Any]) -> ActivationReceipt:
        settled = data.get("settled", [])
        notices = told(session, settled, data.get("actor") or 0) if still_owed(data) else []
        return ActivationReceipt(
            user=user_broker.get_user(session, user_id=data["user"]),
            settlements=(),
            replayed=True,
            notices=tuple(notices),
        )

    def act(session: Session) -> tuple[ActivationReceipt, dict[str, Any]]:
        actor_id = check_actor(session, actor_tid, Action.ACTIVATE_MEMBERS)
        user_id = resolve_user_id(session, user)
        vouchees = [] if active else external_broker.list_vouchee_ids(session, voucher=user_id)
        lock_open_collectives(session, creators=vouchees)  # collectives before balances
        locked = user_broker.lock_users(session, user_ids=[user_id, *vouchees])
        target = locked[user_id]
        if target.is_community:
            raise CommunityUserNotAllowed(action=op)
        settlements: list[VouchEndReceipt] = []
        if not active:
            # vouch() locks the voucher row, so the list cannot grow while we hold it; re-read
            # in case it changed between the first read and the lock.
            current = external_broker.list_vouchee_ids(session, voucher=user_id)
            missing = [i for i in current if i not in locked]
            locked.update(user_broker.lock_users(session, user_ids=missing))
            voucher = locked[user_id]
            for vouchee_id in current:
                settlements.append(
                    settle_vouchee(session, voucher=voucher, external=locked[vouchee_id])
                )
        if target.active != active:
            user_broker.set_active(session, user_id=user_id, active=active)
            log_change(session, actor_id=actor_id, change=op, subject=f"user:{user_id}")
        settled = [[s.external.id, s.voucher.id, s.settled] for s in settlements]
        notices = told(session, settled, actor_id or 0)
        return ActivationReceipt(
            user=user_broker.get_user(session, user_id=user_id),
            settlements=tuple(settlements),
            replayed=False,
            notices=tuple(notices),
        ), {
            "user": user_id,
            "settled": settled,
            "actor": actor_id,
            **owed(notices, NoticeKind.VOUCH),
        }

    return run_once(uow, key=key, op=op, act=act, replay=replay)


__all__ = [
    "UserRef",
    "display_name",
    "ensure_community_user",
    "find_user",
    "get_community_user",
    "get_user",
    "get_user_by_tid",
    "list_users",
    "make_external",
    "make_internal",
    "refresh_user",
    "register_or_refresh",
    "set_active",
    "set_vote_permission",
    "settle_vouchee",
]
