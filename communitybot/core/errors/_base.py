"""The root of every refusal, the three area bases, the shared families and the errors of no
one area (money text, configuration, idempotency, names)."""

from dataclasses import dataclass as _dataclass
from dataclasses import fields as _fields
from typing import Any as _Any
from typing import dataclass_transform as _dataclass_transform


@_dataclass_transform(kw_only_default=True, eq_default=False)
@_dataclass(eq=False, kw_only=True)
class DomainError(Exception):
    """Base class of every refusal the bot gives. Subclasses carry data, not sentences.

    Every subclass is a keyword-only dataclass without being decorated: its annotated class
    attributes are its fields.
    """

    def __init_subclass__(cls, **kwargs: _Any) -> None:
        super().__init_subclass__(**kwargs)
        _dataclass(eq=False, kw_only=True)(cls)

    def __post_init__(self) -> None:
        super().__init__(*(getattr(self, f.name) for f in _fields(self)))

    def __str__(self) -> str:
        data = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in _fields(self))
        return f"{type(self).__name__}({data})"

    @property
    def data(self) -> dict[str, object]:
        """The error's fields as a dict, for message catalogues and structured logs."""
        return {f.name: getattr(self, f.name) for f in _fields(self)}


# --- areas: where the refusal comes from ---


class CommunityError(DomainError):
    """A refusal of the community's ledger (users, collectives, vouching, pending sends)."""


class EconomyError(DomainError):
    """A refusal of the economy core (accounts, permissions, taxes, keys, notes, exchanges)."""


class AdapterError(DomainError):
    """A refusal of a chat adapter itself, before any service is asked."""


# --- families: what kind of refusal it is, across the areas ---


class NotFound(DomainError):
    """A thing of ``kind`` named by ``ref`` does not exist; subclasses add what their message
    needs and fix ``kind``."""

    kind: str
    ref: str


class NotPermitted(DomainError):
    """Whoever acts may not do this (a permission, a standing, an owner's right)."""


class LimitExceeded(DomainError):
    """A number is beyond a limit: an amount, a balance, a count, a budget."""


class Conflict(DomainError):
    """The stored state forbids it: something exists, is closed, is in use, was done."""


class InvalidInput(DomainError):
    """What was given cannot be used: malformed text, a bad name, a contradiction."""


# --- errors of no one area ---


class InvalidAmount(InvalidInput):
    """An amount text could not be read as money; ``reason`` names the rule it broke."""

    text: str
    reason: str


class InvalidNumber(InvalidInput):
    """A count typed in a command is no whole number in the digits 0-9; ``reason`` names the rule
    (see :func:`communitybot.core.text.parse_number`)."""

    text: str
    reason: str


class AmountOutOfRange(LimitExceeded):
    """``amount`` minor units is outside ``minimum``..``maximum`` for this operation (``minimum``
    1: an amount that must be more than zero)."""

    amount: int
    minimum: int
    maximum: int


class SelfTransfer(InvalidInput):
    """Money from account ``account_id`` to itself (in the community: a user paying itself)."""

    account_id: int


class InsufficientBalance(LimitExceeded):
    """Taking ``amount`` from account ``account_id`` (holding ``balance``) would go below its
    ``limit``: an economy account's limit, or a community member's debt limit."""

    account_id: int
    balance: int
    amount: int
    limit: int


class BalanceOutOfRange(LimitExceeded):
    """Adding ``delta`` to ``balance`` of account ``account_id`` leaves the range a balance may
    hold (the community's MEDIUMINT column, an economy's ``BALANCE_LIMIT``)."""

    account_id: int
    balance: int
    delta: int


class InvalidName(InvalidInput):
    """``name`` cannot name a ``kind``: empty, too long (``maximum`` characters) or reserved."""

    kind: str
    name: str
    maximum: int


class AlreadyExists(Conflict):
    """A ``kind`` whose ``field`` is ``value`` exists already (names, units, user accounts...)."""

    kind: str
    field: str
    value: str


class IdempotencyKeyConflict(Conflict):
    """Key ``key`` was already used for a different operation (``used_for``, not ``wanted``)."""

    key: str
    used_for: str
    wanted: str


class ConfigurationError(DomainError):
    """The stored state contradicts the configuration (for example no community user yet)."""

    problem: str


class OutcomeUnknown(DomainError):
    """Whether operation ``operation`` was carried out is not known: the connection to the
    database died while it was being committed and the database stayed away for ``seconds``.

    Not a refusal and never a failure: it may have happened. Repeating it under the same
    idempotency ``key`` is safe (a replay finds the stored result); a new key might do it twice.
    """

    operation: str
    key: str
    seconds: float
