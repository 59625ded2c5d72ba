"""The slash commands, one cog per command group, each an :class:`EconomyCog`.

================  ========================================================================
``_accounts``     ``/balance``, ``/accounts``, ``/transactions``, ``/open-account``,
                  ``/subscribe``, ``/unsubscribe``, ``/account rename|hand-over|close|limit``
``_money``        ``/pay``, ``/pay-account`` (each in a chosen currency), ``/print``, ``/remove``
``_taxes``        ``/tax-brackets``, ``/tax-bracket create|delete``, ``/tax-run``
``_recurring``    ``/recurring create|list|cancel``
``_permissions``  ``/permissions grant|deny|reset|list``
``_notes``        ``/note issue|redeem|cancel|list``
``_currencies``   ``/currencies``, ``/wallet``, ``/exchange``, ``/leaderboard``,
                  ``/currency add|primary|remove``, ``/rate set|remove|list``
``_economies``    ``/economy create|register|unregister|info|delete``,
                  ``/group create|join|leave|list``
``_credit``       ``/category create|list``, ``/credit open|limit|reset|close|list|pay``
``_keys``         ``/application create|list|delete``,
                  ``/key issue|activate|enable|disable|delete|list``
``_audit``        ``/audit list|export``
================  ========================================================================
"""

from __future__ import annotations

from communitybot.discord._cog import CogKit, EconomyCog
from communitybot.discord.cogs._accounts import AccountsCog
from communitybot.discord.cogs._audit import AuditCog
from communitybot.discord.cogs._credit import CreditCog
from communitybot.discord.cogs._currencies import CurrenciesCog
from communitybot.discord.cogs._economies import EconomiesCog
from communitybot.discord.cogs._keys import KeysCog
from communitybot.discord.cogs._money import MoneyCog
from communitybot.discord.cogs._notes import NotesCog
from communitybot.discord.cogs._permissions import PermissionsCog
from communitybot.discord.cogs._recurring import RecurringCog
from communitybot.discord.cogs._taxes import TaxesCog

COGS: tuple[type[EconomyCog], ...] = (
    AccountsCog,
    MoneyCog,
    TaxesCog,
    RecurringCog,
    PermissionsCog,
    NotesCog,
    CurrenciesCog,
    EconomiesCog,
    CreditCog,
    KeysCog,
    AuditCog,
)
"""Every cog of the bot."""


def economy_cogs(kit: CogKit) -> list[EconomyCog]:
    """One of each cog, over ``kit``."""
    return [cog(kit) for cog in COGS]


__all__ = [
    "COGS",
    "AccountsCog",
    "AuditCog",
    "CreditCog",
    "CurrenciesCog",
    "EconomiesCog",
    "KeysCog",
    "MoneyCog",
    "NotesCog",
    "PermissionsCog",
    "RecurringCog",
    "TaxesCog",
    "economy_cogs",
]
