"""Brokers of the economy core, one module per aggregate: economies (and guilds), accounts,
journal, permissions, taxes, recurring transfers, keys (and applications), notifications,
groups (and exchange rates), exchanges, bank notes, payment authorisations; tax_assessment is
the tax cycle's SQL expression.

Import the modules (``from communitybot.db.brokers.economy import accounts``); each lists its
functions in ``__all__``. Brokers never commit.
"""

from communitybot.db.brokers.economy import (
    accounts,
    authorizations,
    economies,
    exchanges,
    groups,
    journal,
    keys,
    notes,
    notifications,
    permissions,
    reactions,
    recurring,
    tax_assessment,
    taxes,
)

__all__ = [
    "accounts",
    "authorizations",
    "economies",
    "exchanges",
    "groups",
    "journal",
    "keys",
    "notes",
    "notifications",
    "permissions",
    "reactions",
    "recurring",
    "tax_assessment",
    "taxes",
]
