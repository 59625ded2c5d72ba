"""Refusals of the community's governance and privacy: withdrawing a vote, forgetting a member."""

from communitybot.core.errors._base import CommunityError, Conflict

# --- votes ---


class NotVoted(CommunityError, Conflict):
    """User ``user_id`` has no vote on payment request ``collective_id`` to withdraw."""

    collective_id: int
    user_id: int


# --- forgetting a member ---


class CannotForget(CommunityError, Conflict):
    """User ``user_id`` cannot be forgotten yet: ``reason`` is ``balance`` (not settled,
    ``balance`` cents), ``open_collectives`` (``count`` open ones it started), ``vouching``
    (``count`` guests it vouches for) or ``community`` (the community user)."""

    user_id: int
    reason: str
    balance: int = 0
    count: int = 0


__all__ = ["CannotForget", "NotVoted"]
