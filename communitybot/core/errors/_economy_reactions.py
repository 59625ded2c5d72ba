"""Refusals of minting by emoji reaction (the economy area)."""

from communitybot.core.errors._base import EconomyError, InvalidInput, LimitExceeded


class ReactionMintCapReached(EconomyError, LimitExceeded):
    """Member ``member_id`` minted ``minted`` by reaction today; ``amount`` more would pass the
    daily cap ``cap``."""

    member_id: int
    cap: int
    minted: int
    amount: int


class OwnMessageReaction(EconomyError, InvalidInput):
    """Member ``member_id`` reacted to their own message: nobody mints to themselves."""

    member_id: int


__all__ = ["OwnMessageReaction", "ReactionMintCapReached"]
