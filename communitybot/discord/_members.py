"""The members of a server, read from Discord's REST API in pages of a thousand (as the
reference fetches them), for a leaderboard limited to the server's members.

Discord serves the list only to applications with the privileged "server members" intent
enabled in the Developer Portal; without it the leaderboard is refused
(:class:`~communitybot.core.errors.MemberListUnavailable`).
"""

from __future__ import annotations

from typing import Any

import discord

from communitybot.core.errors import MemberListUnavailable

MEMBERS_PAGE = 1000
"""Members per request (Discord's largest page)."""

MEMBERS_MAX = 100_000
"""Most members read for one leaderboard (a hundred requests)."""


async def guild_member_ids(client: discord.Client, guild_id: int) -> frozenset[int]:
    """The ids of the server's members (at most :data:`MEMBERS_MAX`)."""
    ids: list[int] = []
    after: int | None = None
    while len(ids) < MEMBERS_MAX:
        try:
            batch: list[Any] = await client.http.get_members(guild_id, MEMBERS_PAGE, after)
        except discord.Forbidden as refused:
            raise MemberListUnavailable() from refused
        ids.extend(int(member["user"]["id"]) for member in batch)
        if len(batch) < MEMBERS_PAGE:
            break
        after = ids[-1]
    return frozenset(ids)


__all__ = ["MEMBERS_MAX", "MEMBERS_PAGE", "guild_member_ids"]
