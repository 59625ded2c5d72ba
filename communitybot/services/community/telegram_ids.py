"""Which Telegram ids the database refers to, so a fake Telegram never hands them out again.

The offline sandbox numbers its people and messages itself. Its bot derives idempotency keys from
chat and message ids, and the database remembers people by Telegram id and the bot's messages by
chat and message id; a fake Telegram that repeated an id would answer a new command with an old
outcome, or give a new person an old account. This read tells it where to continue.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from communitybot.db import idempotency
from communitybot.db.brokers import collectives as collective_broker
from communitybot.db.brokers import pending_sends as pending_broker
from communitybot.db.brokers import users as user_broker
from communitybot.db.uow import UnitOfWork


@dataclass(frozen=True, slots=True)
class TelegramIdsInUse:
    """The Telegram ids the stored data names.

    ``highest_tid`` is the highest Telegram id of a user (0 when there is none);
    ``message_ids`` the highest recorded bot message per chat (``collective_messages`` and the
    summaries of transfers waiting for Confirm); ``keys`` every idempotency key with the prefix
    asked for, claimed or held by a waiting transfer, for the adapter that made them to read (the
    services do not know how an adapter builds its keys).
    """

    highest_tid: int
    message_ids: Mapping[int, int]
    keys: tuple[str, ...]


def telegram_ids_in_use(uow: UnitOfWork, *, key_prefix: str) -> TelegramIdsInUse:
    """What :class:`TelegramIdsInUse` describes, read in one transaction."""

    def work(session: Session) -> TelegramIdsInUse:
        message_ids = collective_broker.highest_message_ids(session)
        pending_ids, pending_keys = pending_broker.list_ids_in_use(session)
        for chat_id, msg_id in pending_ids.items():
            message_ids[chat_id] = max(msg_id, message_ids.get(chat_id, 0))
        keys = idempotency.list_keys(session, prefix=key_prefix)
        keys += (key for key in pending_keys if key.startswith(key_prefix))
        return TelegramIdsInUse(
            highest_tid=user_broker.highest_tid(session) or 0,
            message_ids=message_ids,
            keys=tuple(sorted(set(keys))),
        )

    return uow.read(work)


__all__ = ["TelegramIdsInUse", "telegram_ids_in_use"]
