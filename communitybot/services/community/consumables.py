"""Consumables: buying from the community at the configured prices."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from communitybot.core.community import ConsumeReceipt, TransactionKind, UserInfo, make_reason
from communitybot.core.community_rules import Action, check_transfer
from communitybot.core.errors import ConsumeCountOutOfRange, UnknownConsumable
from communitybot.core.ids import TelegramId, TransactionId
from communitybot.core.ledger import Leg
from communitybot.core.rules import CommunityRules, Consumable
from communitybot.db.brokers import transactions as journal
from communitybot.db.brokers import users as user_broker
from communitybot.db.stores import CommunityStore
from communitybot.db.uow import UnitOfWork
from communitybot.services.community._common import journal_claim, run_once
from communitybot.services.community.standing import grants_for
from communitybot.services.ledger import move

_OP = "consume"


def list_consumables(rules: CommunityRules) -> tuple[Consumable, ...]:
    """The configured consumables, in configuration order."""
    return rules.consumables


def consume(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    tid: TelegramId,
    name: str,
    count: int = 1,
    key: str,
) -> ConsumeReceipt:
    """Move ``count`` × the price of consumable ``name`` from the user to the community user.

    One locked, journaled transaction (reason ``consume: <count>x <name>``), idempotent under
    ``key``. ``rules.max_amount`` does not apply (``max_consume`` bounds the amount). Raises
    ``UnknownConsumable``, ``ConsumeCountOutOfRange`` (1 to ``rules.max_consume``),
    ``UnknownUser``, ``InactiveUser``, ``ExternalNotAllowed``, ``InsufficientBalance``,
    ``BalanceOutOfRange``, ``ConfigurationError`` (no community user), ``IdempotencyKeyConflict``.
    """
    consumable = rules.consumable(name)
    if consumable is None:
        raise UnknownConsumable(ref=name, known=tuple(c.name for c in rules.consumables))
    if not 1 <= count <= rules.max_consume:
        raise ConsumeCountOutOfRange(count=count, maximum=rules.max_consume)
    amount = consumable.price * count
    reason = make_reason(TransactionKind.CONSUME, f"{count}x {consumable.name}")

    def replay(session: Session, data: dict[str, Any]) -> ConsumeReceipt:
        row = journal.get_transaction(session, transaction_id=data["tx"])
        return ConsumeReceipt(
            transaction_id=row.id,
            consumable=rules.consumable(data["name"]) or consumable,
            count=data["count"],
            amount=row.amount,
            balance=user_broker.get_user(session, user_id=row.sender).balance,
            replayed=True,
        )

    def act(session: Session) -> tuple[ConsumeReceipt, dict[str, Any]]:
        user_id = user_broker.get_user_id_by_tid(session, tid=tid)
        community_id = user_broker.get_community_user_id(session)

        def may_buy(locked: Mapping[int, UserInfo]) -> None:
            user, community = locked[user_id], locked[community_id]
            check_transfer(
                rules,
                sender=user,
                receiver=community,
                amount=amount,
                enforce_maximum=False,
                sender_action=Action.CONSUME,
                grants=grants_for(session, user, community),
            )

        moved = move(
            CommunityStore(session, rules),
            [Leg(user_id, community_id, amount, reason)],
            check=may_buy,
        )
        [transaction_id] = moved.entries
        user, community = moved.rows[user_id], moved.rows[community_id]
        receipt = ConsumeReceipt(
            transaction_id=TransactionId(transaction_id),
            consumable=consumable,
            count=count,
            amount=amount,
            balance=user.balance - amount,
            replayed=False,
        )
        claimed = journal_claim(
            transaction_id, sender=user.id, receiver=community.id, amount=amount
        )
        return receipt, {**claimed, "count": count, "name": consumable.name}

    return run_once(uow, key=key, op=_OP, act=act, replay=replay)


__all__ = ["consume", "list_consumables"]
