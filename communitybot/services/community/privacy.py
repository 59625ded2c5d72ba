"""Privacy: everything stored about a person (``/data export``), and forgetting a person on
request (``/forgetme``).

Forgetting keeps every row the books need — the ``users`` row, its journal, its votes — and
anonymises what names the person: ``name`` becomes ``Forgotten member #<id>``, ``username``
NULL, ``tid`` minus the user id (never a Telegram id; not NULL, which is the community user).
The row is deactivated and loses the vote. Only a settled person can be forgotten: balance
zero, no open collective it opened or takes part in, nobody it vouches for.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from communitybot.core.community import UserInfo
from communitybot.core.errors import CannotForget
from communitybot.core.ids import TelegramId, UserId
from communitybot.core.privacy import (
    FORGOTTEN_NAME,
    CollectiveTaken,
    PersonalData,
    forgotten_tid,
)
from communitybot.db.brokers import collectives as collective_broker
from communitybot.db.brokers import externals as external_broker
from communitybot.db.brokers import standing as standing_broker
from communitybot.db.brokers import transactions as journal
from communitybot.db.brokers import users as user_broker
from communitybot.db.uow import UnitOfWork
from communitybot.services.community._common import run_once
from communitybot.services.community.queries import read_user_data
from communitybot.services.community.standing import log_change


def personal_data(uow: UnitOfWork, *, tid: TelegramId) -> PersonalData:
    """Everything stored about the person ``tid`` (``/data export``). Raises ``UnknownUser``."""

    def work(session: Session) -> PersonalData:
        data = read_user_data(session, tid=tid)
        taken = tuple(
            CollectiveTaken(
                id=record.id,
                communistic=record.communistic,
                amount=record.amount,
                description=record.description or "",
                active=record.active,
                created=record.created,
                creator=record.creator,
                vote=vote,
            )
            for record, vote in collective_broker.list_taken_by(session, user_id=data.user.id)
        )
        roles = tuple(r.name for r in standing_broker.roles_of(session, user_id=data.user.id))
        return PersonalData(
            data=data,
            journal=tuple(journal.list_history(session, user_id=data.user.id)),
            collectives=taken,
            roles=roles,
        )

    return uow.read(work)


def forget_check(session: Session, user: UserInfo) -> None:
    """Raise ``CannotForget`` unless ``user`` is settled (see the module)."""
    if user.is_community:
        raise CannotForget(user_id=user.id, reason="community")
    if user.balance != 0:
        raise CannotForget(user_id=user.id, reason="balance", balance=user.balance)
    taking_part = collective_broker.count_open_taken_by(session, user_id=user.id)
    if taking_part:
        raise CannotForget(user_id=user.id, reason="open_collectives", count=taking_part)
    vouchees = external_broker.list_vouchees(session, voucher=user.id)
    if vouchees:
        raise CannotForget(user_id=user.id, reason="vouching", count=len(vouchees))


def can_forget(uow: UnitOfWork, *, tid: TelegramId) -> UserInfo:
    """The person ``tid`` if it could be forgotten now (what ``/forgetme`` shows before the
    confirm button). Raises ``UnknownUser`` and ``CannotForget``."""

    def work(session: Session) -> UserInfo:
        user = user_broker.get_user_by_tid(session, tid=tid)
        forget_check(session, user)
        return user

    return uow.read(work)


def forget_user(uow: UnitOfWork, *, tid: TelegramId, key: str) -> UserId:
    """Forget the person ``tid`` (see the module); its user id. Idempotent under ``key``: a
    replay answers with the same id. Written to the standing log (``forget``).

    Raises ``UnknownUser`` (also for a person forgotten already: its Telegram id is gone) and
    ``CannotForget``.
    """

    def act(session: Session) -> tuple[UserId, dict[str, Any]]:
        user_id = user_broker.get_user_id_by_tid(session, tid=tid)
        # the guard of open collectives first, as every service that locks users and then
        # reads (or closes) their collectives: one opened on another node at once conflicts
        collective_broker.guard_open_collectives(session, creators=[user_id])
        user = user_broker.lock_user(session, user_id=user_id)
        forget_check(session, user)
        user_broker.forget(
            session,
            user_id=user.id,
            name=FORGOTTEN_NAME.format(id=user.id),
            tid=forgotten_tid(user.id),
        )
        log_change(session, actor_id=user.id, change="forget", subject=f"user:{user.id}")
        return user.id, {"user": int(user.id)}

    def replay(session: Session, data: dict[str, Any]) -> UserId:
        return UserId(data["user"])

    return run_once(uow, key=key, op="forget", act=act, replay=replay)


__all__ = ["can_forget", "forget_check", "forget_user", "personal_data"]
