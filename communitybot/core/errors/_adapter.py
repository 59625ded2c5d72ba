"""Refusals of the chat adapters themselves: what a command names cannot be used there (a
command outside a server, a server without an economy, a member without an account).

They are declared here, next to the domain's, so the one catalogue tells them all.
"""

from communitybot.core.errors._base import AdapterError, InvalidInput, NotFound, NotPermitted


class GuildOnly(AdapterError, NotPermitted):
    """A command reached the bot outside a server (economies belong to servers)."""


class NoGuildEconomy(AdapterError, NotFound):
    """Server ``ref`` (its id) is registered to no economy."""

    kind: str = "guild"


class NoUserAccount(AdapterError, NotFound):
    """Member ``member_id`` has no open USER account in the economy (``ref``: another economy
    than the server's, by its currency name; ``""``: the server's)."""

    kind: str = "user_account"
    ref: str = ""
    member_id: int


class UnknownAccountName(AdapterError, NotFound):
    """No open account of the server's economy is called ``ref``."""

    kind: str = "account"


class ChooseOneTarget(AdapterError, InvalidInput):
    """Exactly one of the command's ``options`` must name where the money goes."""

    options: tuple[str, ...]


class AccountNameRequired(AdapterError, InvalidInput):
    """Accounts of ``account_type`` need a name (only USER accounts default to a mention)."""

    account_type: str


class InvalidRate(AdapterError, InvalidInput):
    """``text`` is not a percentage with at most two decimals (``"2.5"``, ``"10 %"``)."""

    text: str
