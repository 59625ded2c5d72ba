"""Brokers of the economy core, one module per aggregate: economies (and guilds), accounts,
journal, permissions, taxes, recurring transfers, keys (and applications), notifications.

Import the modules (``from communitybot.db.brokers.economy import accounts``); each lists its
functions in ``__all__``. Brokers never commit.
"""

from communitybot.db.brokers.economy import (
    accounts,
    economies,
    journal,
    keys,
    notifications,
    permissions,
    recurring,
    taxes,
)

__all__ = [
    "accounts",
    "economies",
    "journal",
    "keys",
    "notifications",
    "permissions",
    "recurring",
    "taxes",
]
