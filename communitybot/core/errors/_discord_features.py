"""Refusals of the Discord features: minting by emoji reaction (the economy area) and the
member list of a server (the adapter area)."""

from communitybot.core.errors._base import (
    AdapterError,
    EconomyError,
    InvalidInput,
    LimitExceeded,
    NotPermitted,
)


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


class MemberListUnavailable(AdapterError, NotPermitted):
    """Discord refused the bot the list of a server's members (the application lacks the
    privileged "server members" intent), which a leaderboard of the server's members needs."""


class ConfirmationMismatch(AdapterError, InvalidInput):
    """A destructive command needs ``expected`` typed as its confirmation, and got another
    text."""

    expected: str


__all__ = [
    "ConfirmationMismatch",
    "MemberListUnavailable",
    "OwnMessageReaction",
    "ReactionMintCapReached",
]
