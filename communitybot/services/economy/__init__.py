"""The economy services: the use cases of economies, accounts, transfers, permissions, taxes,
recurring transfers, API keys, notifications, groups and exchange rates, leaderboards,
exchanges, bank notes and payment authorisation.

Every function takes the unit of work first and the acting :class:`~communitybot.core.economy.Actor`
or :class:`~communitybot.core.economy.KeyActor`, checks its permissions itself, runs one short
transaction and returns frozen entities. Import the area modules
(``from communitybot.services.economy import transfers``).
"""

from communitybot.services.economy import (
    accounts,
    audit,
    authorizations,
    categories,
    economies,
    exchange,
    groups,
    keys,
    leaderboards,
    notes,
    notifications,
    permissions,
    reactions,
    recurring,
    taxes,
    transfers,
    wallets,
)

__all__ = [
    "accounts",
    "audit",
    "authorizations",
    "categories",
    "economies",
    "exchange",
    "groups",
    "keys",
    "leaderboards",
    "notes",
    "notifications",
    "permissions",
    "reactions",
    "recurring",
    "taxes",
    "transfers",
    "wallets",
]
