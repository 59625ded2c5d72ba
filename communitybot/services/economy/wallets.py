"""What a member holds where a guild is: the wallet across every currency usable there, and the
guild's default currency (the reference's primary currency, used when none is named)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from communitybot.core.economy import Account, Economy, Principal
from communitybot.core.ids import GuildId
from communitybot.db.brokers.economy import accounts as account_broker
from communitybot.db.brokers.economy import economies as economy_broker
from communitybot.db.brokers.economy import groups as group_broker
from communitybot.db.uow import UnitOfWork
from communitybot.services.economy.groups import usable_economies


def wallet(
    uow: UnitOfWork, principal: Principal, *, guild_id: GuildId
) -> list[tuple[Economy, Account | None]]:
    """Every live currency usable in the guild (its economy and those of the groups it joined),
    by id, with the acting member's open USER account in it (``None`` where they have none).
    One's own USER accounts are always one's to see."""

    def run(session: Session) -> list[tuple[Economy, Account | None]]:
        return [
            (
                economy,
                account_broker.find_user_account(
                    session, economy_id=economy.id, owner_id=principal.user_id
                ),
            )
            for economy in usable_economies(session, guild_id)
        ]

    return uow.read(run)


def _default(session: Session, guild_id: GuildId) -> Economy | None:
    guild = economy_broker.find_guild(session, guild_id=guild_id)
    if guild is None:
        return None
    home = economy_broker.find_economy(session, economy_id=guild.economy_id)
    if home is None:
        return None
    group_id = group_broker.group_id_of(session, economy_id=home.id)
    if group_id is None:
        return home
    primary = group_broker.get_group(session, group_id=group_id).primary_economy_id
    found = None if primary is None else economy_broker.find_economy(session, economy_id=primary)
    return found or home


def default_currency(uow: UnitOfWork, *, guild_id: GuildId) -> Economy | None:
    """The currency a guild uses when none is named: the primary currency of the group its
    economy belongs to, else that economy itself; ``None`` for a guild without a live economy."""
    return uow.read(lambda session: _default(session, guild_id))


__all__ = ["default_currency", "wallet"]
