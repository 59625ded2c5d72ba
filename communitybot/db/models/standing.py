"""The community on the core's permission model (migration ``0008_community_roles``).

The community's rules live in the core's ``economy_permissions``, scoped to the community's
economy; these tables hold what only the community has: which economy is the community's, its
roles and who holds them, and a log of who changed whose standing. The six documented tables are
not touched (``users.id`` is only referred to).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from communitybot.core.community_standing import ROLE_NAME_MAX
from communitybot.db.models._base import Base
from communitybot.db.models.community import INT11
from communitybot.db.models.economy import ID, UtcDateTime

COMMUNITY_ECONOMY_SLOT = 1
"""The primary key of the one ``community_economy`` row."""


class CommunityEconomyRow(Base):
    """``community_economy``: the one row naming the community's economy of the core.

    Written once, when the first rule or role of the community is stored; its fixed primary key
    (:data:`COMMUNITY_ECONOMY_SLOT`) makes two concurrent first writers collide and retry.
    """

    __tablename__ = "community_economy"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    economy_id: Mapped[int] = mapped_column(ID, ForeignKey("economies.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CommunityRoleRow(Base):
    """``community_roles``: a named role; its permissions are rules about ``Subject.role(id)``."""

    __tablename__ = "community_roles"

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(ROLE_NAME_MAX), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CommunityRoleMemberRow(Base):
    """``community_role_members``: user ``user_id`` holds role ``role_id``."""

    __tablename__ = "community_role_members"

    role_id: Mapped[int] = mapped_column(
        ID, ForeignKey("community_roles.id"), primary_key=True, autoincrement=False
    )
    user_id: Mapped[int] = mapped_column(
        INT11, ForeignKey("users.id"), primary_key=True, autoincrement=False, index=True
    )
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime())


class StandingLogRow(Base):
    """``community_standing_log``: who changed whose standing, when (never edited).

    ``actor_id`` is the member who acted (``NULL``: the administrator at the command line);
    ``subject`` names what changed (``user:5``, ``role:3``, ``collective:12``); ``detail`` the
    permission or role concerned.
    """

    __tablename__ = "community_standing_log"

    id: Mapped[int] = mapped_column(ID, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    actor_id: Mapped[int | None] = mapped_column(INT11, ForeignKey("users.id"), index=True)
    change: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(48))
    detail: Mapped[str | None] = mapped_column(String(64))


__all__ = [
    "COMMUNITY_ECONOMY_SLOT",
    "CommunityEconomyRow",
    "CommunityRoleMemberRow",
    "CommunityRoleRow",
    "StandingLogRow",
]
