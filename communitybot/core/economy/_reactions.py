"""Minting by emoji reaction: a member allowed to (``MINT_BY_REACTION``) reacts to a message
with the configured emoji and its author receives a fixed amount, once per (message, reactor),
up to a daily cap of what each reactor mints (the reference's ``/mint``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from communitybot.core.errors import OwnMessageReaction, ReactionMintCapReached
from communitybot.core.ids import AccountId, EconomyId, JournalEntryId, MemberId


@dataclass(frozen=True, slots=True)
class ReactionMint:
    """``amount`` minted into ``account_id`` (the author's USER account) in journal leg
    ``entry_id``, because ``reactor_id`` reacted to message ``message_id`` on UTC day ``day``."""

    id: int
    economy_id: EconomyId
    message_id: int
    reactor_id: MemberId
    author_id: MemberId
    account_id: AccountId
    entry_id: JournalEntryId
    amount: int
    day: date
    created_at: datetime


def mint_key(message_id: int, reactor_id: int) -> str:
    """The idempotency key of the one mint a reactor may make on a message."""
    return f"reaction-mint:{message_id}:{reactor_id}"


def check_reaction_mint(
    *, reactor_id: int, author_id: int, minted_today: int, amount: int, cap: int
) -> None:
    """Refuse a reaction to one's own message, and a mint that would take what the reactor
    minted today past ``cap``."""
    if reactor_id == author_id:
        raise OwnMessageReaction(member_id=reactor_id)
    if minted_today + amount > cap:
        raise ReactionMintCapReached(
            member_id=reactor_id, cap=cap, minted=minted_today, amount=amount
        )


__all__ = ["ReactionMint", "check_reaction_mint", "mint_key"]
