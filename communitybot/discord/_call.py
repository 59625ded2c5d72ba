"""One command's work in the worker thread: who acts, in which economy, on which accounts.

A :class:`Call` is made on the event loop from the interaction (the actor from the member's id
and role ids, the idempotency key from the interaction id, the translator from its locale) and
used only in the worker thread, where every service call runs. While it resolves accounts it
learns how to show them, so both the answer and a refusal name accounts the way the person named
them, in the person's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from communitybot.bootstrap import EconomyUseCases
from communitybot.core.economy import Account, Actor, Economy, EconomyGroup, Permission
from communitybot.core.errors import (
    ChooseOneTarget,
    InvalidGroup,
    NoGuildEconomy,
    NotFound,
    NoUserAccount,
    UnknownAccountName,
)
from communitybot.core.ids import AccountId, EconomyId, GuildId, MemberId, RoleId
from communitybot.discord._present import Context
from communitybot.runtime.catalogue import ErrorContext, Markup, Translator

_MENTION = re.compile(r"^<@!?[0-9]+>$")


def make_actor(user_id: int, role_ids: Iterable[int], guild_id: int | None) -> Actor:
    """The economy actor: the user and the roles Discord sent with the interaction.

    ``@everyone`` is a role whose id is the server's id; Discord does not list it, so it is added
    here (a rule for ``@everyone`` then applies to every member).
    """
    roles = {int(r) for r in role_ids}
    if guild_id is not None:
        roles.add(guild_id)
    return Actor(MemberId(user_id), frozenset(RoleId(r) for r in roles))


def name_label(name: str) -> Markup:
    """How an account found by name is shown (a mention-shaped name renders as the member)."""
    if _MENTION.match(name):
        return Markup(name)
    escaped = name
    for char in ("\\", "*", "_", "`", "~", "|", "@"):
        escaped = escaped.replace(char, "\\" + char)
    return Markup(f"**{escaped}**")


def account_label(account: Account, t: Translator) -> Markup:
    """How an account is shown: a USER account as its owner's mention, others by name."""
    if account.account_type.value == "USER" and account.owner_id is not None:
        return Markup(mention_name(account.owner_id))
    if account.is_issuance:
        return t("economy.issuance_account")
    return name_label(account.name)


def mention_name(member_id: int) -> str:
    """The default name of a member's USER account: their mention (unique, and renders)."""
    return f"<@{member_id}>"


def context_of(
    t: Translator, *, actor_id: int | None, unit: str = "", names: dict[int, str] | None = None
) -> Context:
    """What a text needs, for a reader with translator ``t``: members shown as mentions."""
    return Context(
        t,
        ErrorContext(actor_id=actor_id, unit=unit, accounts=names or {}, mention=mention_name),
    )


class Call:
    """The acting member, the server, the key, and what was learnt about accounts so far;
    ``cases`` are the economy's use cases (bound in :mod:`communitybot.bootstrap`)."""

    def __init__(
        self, cases: EconomyUseCases, *, actor: Actor, guild_id: int, key: str, t: Translator
    ) -> None:
        self.cases = cases
        self.actor = actor
        self.guild_id = GuildId(guild_id)
        self.key = key
        self.t = t
        self.names: dict[int, str] = {}
        self._economy: Economy | None = None

    @property
    def economy(self) -> Economy:
        """The economy this server is registered to; :class:`NoGuildEconomy` if none."""
        if self._economy is None:
            found = self.cases.guild_economy(guild_id=self.guild_id)
            if found is None or found.is_deleted:
                raise NoGuildEconomy(ref=str(self.guild_id))
            self._economy = found
            self.names.setdefault(found.issuance_account_id, self.t("economy.issuance_account"))
        return self._economy

    def learn(self, *found: Account) -> None:
        """Remember how to show these accounts."""
        for account in found:
            self.names.setdefault(account.id, account_label(account, self.t))

    def learn_visible(self) -> None:
        """Learn the accounts the actor may see (to name the other side of journal lines)."""
        self.learn(*self.cases.authable_accounts(self.actor, economy_id=self.economy.id))

    def adopt(self, economy: Economy) -> None:
        """Work in ``economy`` (a bank note's), not the server's: its unit, its accounts."""
        self._economy = economy
        self.names.setdefault(economy.issuance_account_id, self.t("economy.issuance_account"))

    def member_account(self, member_id: int, *, economy: Economy | None = None) -> AccountId:
        """The open USER account of a member here (or in ``economy``); :class:`NoUserAccount`
        if none."""
        where = economy or self.economy
        found = self.cases.user_account_id(economy_id=where.id, owner_id=MemberId(member_id))
        if found is None:
            other = "" if economy is None else economy.currency_name
            raise NoUserAccount(member_id=member_id, ref=other)
        self.names[found] = Markup(mention_name(member_id))
        return found

    def named_account(self, name: str, *, economy: Economy | None = None) -> AccountId:
        """The open account called ``name`` here (or in ``economy``);
        :class:`UnknownAccountName` if none."""
        where = economy or self.economy
        found = self.cases.resolve_account(economy_id=where.id, name=name)
        if found is None:
            raise UnknownAccountName(ref=name)
        self.names.setdefault(found, name_label(name.strip()))
        return found

    def account(self, name: str | None, *, economy: Economy | None = None) -> AccountId:
        """The account called ``name``, or the actor's own USER account when no name is given
        (here, or in ``economy``)."""
        if name is None or not name.strip():
            return self.member_account(self.actor.user_id, economy=economy)
        return self.named_account(name, economy=economy)

    def target(self, *, member_id: int | None, name: str | None) -> AccountId:
        """Where money goes: exactly one of a member (their USER account) or an account name."""
        if (member_id is None) == (name is None or not name.strip()):
            raise ChooseOneTarget(options=("member", "account"))
        if member_id is not None:
            return self.member_account(member_id)
        assert name is not None
        return self.named_account(name)

    def currency(self, name: str) -> Economy:
        """The live economy whose currency is called ``name``; ``NotFound`` (``currency``)."""
        found = self.cases.find_economy_by_name(currency_name=name)
        if found is None or found.is_deleted:
            raise NotFound(kind="currency", ref=name)
        return found

    def usable_currency(self, name: str | None) -> Economy:
        """The currency called ``name`` among those usable in this server, or the server's
        default one (its group's primary currency) when no name is given."""
        if name is None or not name.strip():
            found = self.cases.default_currency(guild_id=self.guild_id)
            if found is None:
                raise NoGuildEconomy(ref=str(self.guild_id))
            return found
        named = self.currency(name)
        if all(e.id != named.id for e in self.cases.guild_currencies(guild_id=self.guild_id)):
            raise NotFound(kind="server_currency", ref=name)
        return named

    def economies(self, ids: Iterable[EconomyId]) -> dict[EconomyId, Economy]:
        """The live economies among ``ids`` (to name the currencies of a group)."""
        found: dict[EconomyId, Economy] = {}
        for economy_id in ids:
            try:
                found[economy_id] = self.cases.get_economy(economy_id=economy_id)
            except NotFound:
                continue
        return found

    def group(self, name: str | None) -> EconomyGroup:
        """The group called ``name``, or (no name) the group of this server's economy."""
        if name is not None and name.strip():
            found = self.cases.find_group_by_name(name=name)
            if found is None:
                raise NotFound(kind="economy_group", ref=name)
            return found
        own = self.cases.group_of_economy(economy_id=self.economy.id)
        if own is None:
            raise InvalidGroup(group_id=None, reason="server_in_no_group")
        return own

    def uses_ephemeral(self) -> bool:
        """Whether the actor asked for private answers (``USES_EPHEMERAL`` in this economy).

        ``False`` while the server has no economy.
        """
        try:
            economy = self.economy
        except NoGuildEconomy:
            return False
        return self.cases.has_permission(
            self.actor, Permission.USES_EPHEMERAL, economy_id=economy.id
        )

    def context(self, *, unit: str | None = None) -> Context:
        """What answers and refusals need: the translator, the actor, the currency unit (this
        economy's unless told) and account labels."""
        if unit is None:
            unit = "" if self._economy is None else self._economy.currency_unit
        return context_of(self.t, actor_id=self.actor.user_id, unit=unit, names=dict(self.names))


__all__ = [
    "Call",
    "account_label",
    "context_of",
    "make_actor",
    "mention_name",
    "name_label",
]
