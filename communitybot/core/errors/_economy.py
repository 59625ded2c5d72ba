"""Refusals of the economy core: permissions, accounts, economies, taxes, schedules, API keys
(groups, exchanges, bank notes and payment authorisation are in ``_economy_ext``)."""

from communitybot.core.errors._base import (
    Conflict,
    EconomyError,
    InvalidInput,
    LimitExceeded,
    NotPermitted,
)

# --- permissions ---


class LacksPermission(EconomyError, NotPermitted):
    """The actor lacks ``permission`` where it acts (``economy_id``/``account_id``; ``None`` = any).

    ``actor`` names who was refused (``"user:42"`` or ``"key:7"``).
    """

    actor: str
    permission: str
    economy_id: int | None
    account_id: int | None


class CannotDelegate(LacksPermission):
    """The actor may manage permissions there but does not hold ``permission`` there itself, so
    it may not grant, deny or reset it: nobody hands out (or takes away) a power they lack."""


class InvalidScope(EconomyError, InvalidInput):
    """A permission scope is malformed or not allowed here; ``reason`` names the rule."""

    reason: str


class AdministratorExists(EconomyError, Conflict):
    """An administrator exists already (``user_ids``); grant further ones through the service."""

    user_ids: tuple[int, ...]


# --- accounts and economies ---


class AccountClosed(EconomyError, Conflict):
    """Account ``account_id`` is closed; it keeps its journal but moves no money."""

    account_id: int


class AccountNotEmpty(EconomyError, Conflict):
    """Account ``account_id`` still holds ``balance``; only empty accounts close."""

    account_id: int
    balance: int


class AccountInUse(EconomyError, Conflict):
    """Account ``account_id`` cannot close: ``by`` still needs it (e.g. ``"tax_bracket:vat"``)."""

    account_id: int
    by: str


class AccountTypeForbids(EconomyError, NotPermitted):
    """Accounts of ``account_type`` cannot ``operation`` (e.g. renaming a USER account)."""

    account_type: str
    operation: str


class IssuanceAccountForbidden(EconomyError, NotPermitted):
    """The issuance account ``account_id`` moves money only through print/remove funds."""

    account_id: int


class CrossEconomy(EconomyError, InvalidInput):
    """Accounts or objects of economies ``economy_id`` and ``other_economy_id`` were mixed."""

    economy_id: int
    other_economy_id: int


class EconomyNotEmpty(EconomyError, Conflict):
    """Economy ``economy_id`` still has ``accounts`` accounts holding money; it cannot go."""

    economy_id: int
    accounts: int


class GuildOwnsEconomy(EconomyError, Conflict):
    """Guild ``guild_id`` created economy ``economy_id`` and cannot leave it (delete it instead)."""

    guild_id: int
    economy_id: int


# --- taxes and schedules ---


class InvalidTaxBracket(EconomyError, InvalidInput):
    """A tax bracket is malformed; ``reason`` names the rule (``"rate"``, ``"range"``, ...)."""

    name: str
    reason: str


class TaxBracketOverlap(EconomyError, Conflict):
    """Bracket ``name`` overlaps ``other`` of the same account type and tax type."""

    name: str
    other: str


class InvalidPeriod(EconomyError, InvalidInput):
    """``period`` cannot name a tax cycle (1 to ``maximum`` characters)."""

    period: str
    maximum: int


class InvalidSchedule(EconomyError, InvalidInput):
    """A recurring transfer's ``field`` has the unusable value ``value``."""

    field: str
    value: int


# --- API keys ---


class InvalidApiKey(EconomyError, NotPermitted):
    """An API key token is malformed, unknown or its secret does not match."""


class ApiKeyUnusable(EconomyError, NotPermitted):
    """API key ``key_id`` cannot act; ``reason``: ``"disabled"``, ``"inactive"``, ``"deleted"``."""

    key_id: int
    reason: str


class InvalidKeySpec(EconomyError, InvalidInput):
    """An API key cannot be made like this; ``reason`` names the rule."""

    reason: str


class SpendingLimitExceeded(EconomyError, LimitExceeded):
    """Key ``key_id`` has spent ``spent`` of ``limit``; ``amount`` more does not fit."""

    key_id: int
    limit: int
    spent: int
    amount: int
