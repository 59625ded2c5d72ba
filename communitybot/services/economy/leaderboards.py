"""The leaderboards: a group's members valued across its currencies, and one economy's.

Both are public, like an account's name.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.orm import Session

from communitybot.core.economy import EconomyGroup, LeaderboardEntry, valuation_rates
from communitybot.core.errors import InvalidGroup, NotFound
from communitybot.core.ids import EconomyGroupId, EconomyId, MemberId
from communitybot.db.brokers.economy import economies as economy_broker
from communitybot.db.brokers.economy import groups as group_broker
from communitybot.db.uow import UnitOfWork

LEADERBOARD_MAX = 100
"""Most places one leaderboard returns."""


def require_currency(group: EconomyGroup, economy_id: EconomyId) -> None:
    """Refuse ``NotFound`` (``group_currency``) unless ``economy_id`` is a currency of ``group``."""
    if not group.has(economy_id):
        raise NotFound(kind="group_currency", ref=f"{group.id}/{economy_id}")


def leaderboard(
    uow: UnitOfWork,
    *,
    group_id: EconomyGroupId,
    limit: int = 5,
    valued_in: EconomyId | None = None,
    owner_ids: Collection[MemberId] | None = None,
) -> list[LeaderboardEntry]:
    """The members with the most money across the group's currencies, valued in ``valued_in``
    (a currency of the group; its primary one unless given) — the reference's ``/top``; public,
    like an account's name.

    Each member's open USER accounts count: the valuation currency as it is, any other currency
    through its **direct** rate into it, each account rounded down (a debt rounds away from
    zero); currencies without such a rate do not count. Only the members in ``owner_ids`` when
    given (a guild's). Largest first, ties by member id; ``limit`` is clamped to
    1..:data:`LEADERBOARD_MAX`. Refuses ``InvalidGroup`` (``no_primary_currency``) and
    ``NotFound`` (``group_currency``: ``valued_in`` is no currency of the group).
    """

    def run(session: Session) -> list[LeaderboardEntry]:
        group = group_broker.get_group(session, group_id=group_id)
        target = group.primary_economy_id if valued_in is None else valued_in
        if target is None:
            raise InvalidGroup(group_id=group.id, reason="no_primary_currency")
        require_currency(group, target)
        terms = valuation_rates(target, group_broker.list_rates(session, group_id=group.id))
        counted = {e: t for e, t in terms.items() if group.has(e)}
        return _top(session, counted, limit, owner_ids)

    return uow.read(run)


def economy_leaderboard(
    uow: UnitOfWork,
    *,
    economy_id: EconomyId,
    limit: int = 5,
    owner_ids: Collection[MemberId] | None = None,
) -> list[LeaderboardEntry]:
    """The members with the most money in one economy, for an economy in no group: the sum of
    their open USER accounts' balances (only the members in ``owner_ids`` when given), largest
    first, ties by member id; ``limit`` is clamped to 1..:data:`LEADERBOARD_MAX`. Public, like
    :func:`leaderboard`. Refuses ``NotFound`` for a missing or deleted economy."""

    def run(session: Session) -> list[LeaderboardEntry]:
        economy = economy_broker.get_economy(session, economy_id=economy_id)
        return _top(session, {economy.id: (1, 1)}, limit, owner_ids)

    return uow.read(run)


def _top(
    session: Session,
    terms: dict[EconomyId, tuple[int, int]],
    limit: int,
    owner_ids: Collection[MemberId] | None,
) -> list[LeaderboardEntry]:
    """The first ``limit`` places (clamped to 1..LEADERBOARD_MAX) valued with ``terms``."""
    places = max(1, min(limit, LEADERBOARD_MAX))
    rows = group_broker.leaderboard(session, terms=terms, limit=places, owner_ids=owner_ids)
    return [
        LeaderboardEntry(rank=rank, owner_id=owner, value=value)
        for rank, (owner, value) in enumerate(rows, start=1)
    ]


__all__ = ["LEADERBOARD_MAX", "economy_leaderboard", "leaderboard", "require_currency"]
