"""Who acts, and how the ids an error carries are shown: what a refusal needs beyond its data."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from communitybot.runtime.catalogue._render import Markup
from communitybot.runtime.catalogue._translator import Translator


@dataclass(frozen=True, slots=True)
class ErrorContext:
    """The acting party and the display names of the users, accounts and members an error names.

    Community errors name users by their user id (``names``); economy errors name accounts
    (``accounts``, labels the adapter learnt while resolving them, usually :class:`Markup`) and
    members by their platform id (shown by ``mention``). Amounts of an economy are in ``unit``.
    """

    actor_id: int | None = None
    """The acting user (community) or member (economy), in the id space of the errors."""
    actor_tid: int | None = None
    """The acting person's chat platform id, as a user reference may carry it."""
    names: Mapping[int, str] = field(default_factory=dict)
    accounts: Mapping[int, str] = field(default_factory=dict)
    unit: str | None = None
    """The economy's currency unit (``""``: a bare number); ``None`` outside any economy."""
    mention: Callable[[int], str] | None = None
    """How the platform shows a member by id (Discord: ``<@id>``); ``None``: by number."""

    def is_actor(self, user_id: int) -> bool:
        """Whether ``user_id`` is the one acting."""
        return self.actor_id is not None and user_id == self.actor_id

    def name(self, user_id: int, t: Translator) -> str:
        """The display name of user ``user_id``, or a neutral word when it is unknown."""
        return self.names.get(user_id) or t("error.person.someone")

    def account(self, account_id: int, t: Translator) -> str:
        """The label of an account the adapter resolved, else its number."""
        return self.accounts.get(account_id) or t("economy.account_number", id=account_id)

    def member(self, member_id: int, t: Translator) -> str:
        """A member of a chat platform, as the platform shows them."""
        if self.mention is not None:
            return Markup(self.mention(member_id))
        return t("economy.member_number", id=member_id)

    def money(self, cents: int, t: Translator, *, signed: bool = False) -> str:
        """An amount of the economy, in its unit."""
        return t.money(cents, signed=signed, unit=self.unit or "")


__all__ = ["ErrorContext"]
