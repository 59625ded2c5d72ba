"""Consumables: buying from the community at the configured prices."""

from __future__ import annotations

from communitybot.core.community import ConsumeReceipt
from communitybot.core.ids import TelegramId
from communitybot.core.rules import CommunityRules, Consumable
from communitybot.db.uow import UnitOfWork


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
    ``key``. Raises ``UnknownUser``, ``InactiveUser``, ``ExternalNotAllowed``,
    ``UnknownConsumable``, ``ConsumeCountOutOfRange`` (1 to ``rules.max_consume``),
    ``DebtLimitExceeded``, ``BalanceOutOfRange``, ``ConfigurationError`` (no community user).
    """
    ...


__all__ = ["consume", "list_consumables"]
