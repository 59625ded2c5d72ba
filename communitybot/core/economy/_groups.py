"""Economy groups: currencies that belong together and may be exchanged for each other.

Every economy is one currency. A group binds currencies (at most one group per currency) and the
guilds that use them, as in the multi-server economy reference:

- **GLOBAL**: the one global economy. Its currencies are usable in every guild that joined it;
  only a global ``MANAGE_ECONOMIES`` holder (the operator) manages it.
- **LOCAL**: a few guilds sharing currencies; created by the operator, managed by whoever holds
  ``MANAGE_ECONOMIES`` in its primary currency.
- **SINGLE**: one guild's isolated economy: created for the guild (its registered economy is
  the first currency), managed by the guild's administrators (``MANAGE_ECONOMIES`` there);
  no other guild joins it.

The **primary** currency of a group is its default currency and the unit its leaderboard is
valued in. Only currencies of the same group are exchanged, at rates set per direction.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from communitybot.core.economy._exchange import ExchangeRate
from communitybot.core.ids import EconomyGroupId, EconomyId, GuildId, MemberId


class GroupKind(enum.Enum):
    """Which kind of economy group (see the module text)."""

    GLOBAL = "GLOBAL"
    LOCAL = "LOCAL"
    SINGLE = "SINGLE"


@dataclass(frozen=True, slots=True)
class EconomyGroup:
    """A group of currencies and the guilds that use them.

    ``guild_id`` is the one guild of a SINGLE group (``None`` otherwise); ``economy_ids`` and
    ``guild_ids`` are ascending.
    """

    id: EconomyGroupId
    kind: GroupKind
    name: str
    guild_id: GuildId | None
    primary_economy_id: EconomyId | None
    economy_ids: tuple[EconomyId, ...]
    guild_ids: tuple[GuildId, ...]
    created_at: datetime

    def has(self, economy_id: EconomyId) -> bool:
        """Whether ``economy_id`` is a currency of this group."""
        return economy_id in self.economy_ids


@dataclass(frozen=True, slots=True)
class LeaderboardEntry:
    """One place of a group leaderboard: ``value`` in minor units of the primary currency."""

    rank: int
    owner_id: MemberId
    value: int


def valuation_rates(
    primary: EconomyId, rates: Iterable[ExchangeRate]
) -> dict[EconomyId, tuple[int, int]]:
    """The currencies a leaderboard counts and the rate (numerator, denominator) of each.

    The primary currency counts at 1/1; any other currency only through a **direct** rate into
    the primary one (no chains of rates, as in the reference), rounded down per account.
    """
    terms: dict[EconomyId, tuple[int, int]] = {primary: (1, 1)}
    for rate in rates:
        if rate.to_economy_id == primary and rate.from_economy_id != primary:
            terms[rate.from_economy_id] = (rate.numerator, rate.denominator)
    return terms


__all__ = ["EconomyGroup", "GroupKind", "LeaderboardEntry", "valuation_rates"]
