"""Refusals of the economy core's groups and exchanges, bank notes and payment authorisation."""

from communitybot.core.errors._base import (
    Conflict,
    EconomyError,
    InvalidInput,
    LimitExceeded,
    NotFound,
)

# --- groups, exchange rates and exchanges ---


class InvalidGroup(EconomyError, InvalidInput):
    """An economy group cannot be made or changed like this; ``reason`` names the rule
    (``"single_needs_guild"``, ``"guild_not_registered"``, ``"single_has_one_guild"``, ...)."""

    group_id: int | None
    reason: str


class EconomyInGroup(EconomyError, Conflict):
    """Economy ``economy_id`` belongs to group ``group_id`` already (one group per currency)."""

    economy_id: int
    group_id: int


class NotInSameGroup(EconomyError, InvalidInput):
    """Economies ``economy_id`` and ``other_economy_id`` are not currencies of one group
    (``group_id`` is the first one's group, ``None`` when it has none)."""

    economy_id: int
    other_economy_id: int
    group_id: int | None


class InvalidExchangeRate(EconomyError, InvalidInput):
    """A rate ``numerator``/``denominator`` is not two whole numbers in 1..``maximum``."""

    numerator: int
    denominator: int
    maximum: int


class ExchangeTooSmall(EconomyError, InvalidInput):
    """``amount`` at ``numerator``/``denominator`` rounds down to nothing; ``minimum`` is the
    least amount that buys one minor unit."""

    amount: int
    numerator: int
    denominator: int
    minimum: int


class ExchangeAccountMismatch(EconomyError, InvalidInput):
    """An exchange goes from account ``account_id`` (owner ``owner_id``) to account
    ``other_account_id`` (owner ``other_owner_id``): both need the same, non-empty owner."""

    account_id: int
    owner_id: int | None
    other_account_id: int
    other_owner_id: int | None


class ExchangeReversed(EconomyError, Conflict):
    """Exchange ``exchange_id`` could not be credited (``reason`` names the refusal) and was
    reversed: the amount went back to the source account."""

    exchange_id: int
    reason: str


# --- bank notes ---


class InvalidNoteCode(EconomyError, InvalidInput):
    """A bank note code is malformed, unknown or its secret does not match."""


class NoteNotOutstanding(EconomyError, Conflict):
    """Bank note ``note_id`` was settled already (``state``: REDEEMED, CANCELLED, EXPIRED)."""

    note_id: int
    state: str


class NoteExpired(EconomyError, Conflict):
    """Bank note ``note_id`` expired at ``expires_at`` (ISO time); the sweep returns its money
    to the issuer."""

    note_id: int
    expires_at: str


class InvalidNoteExpiry(EconomyError, InvalidInput):
    """A bank note cannot expire at ``expires_at`` (ISO time): not after ``now``, or without a
    time zone."""

    expires_at: str
    now: str


# --- payment authorisation ---


class DuplicateLineOfCredit(EconomyError, Conflict):
    """Account ``account_id`` has an open line of credit whose ``field`` is ``value``
    (``"name"``, or ``"holder_category"`` for the same holder and category)."""

    account_id: int
    field: str
    value: str


class NoLineOfCredit(EconomyError, NotFound):
    """Member ``holder_id`` has no open line of credit on account ``account_id`` for expense
    category ``ref`` (a code)."""

    kind: str = "line_of_credit"
    account_id: int
    holder_id: int


class CreditLimitExceeded(EconomyError, LimitExceeded):
    """Line ``line_id`` has expensed ``expensed`` of ``limit`` in period ``period_key``;
    ``amount`` more does not fit."""

    line_id: int
    limit: int
    expensed: int
    amount: int
    period_key: str


class PaymentNotCategorized(EconomyError, InvalidInput):
    """A payment names no expense category; every authorised payment needs at least one."""


class InvalidLineOfCredit(EconomyError, InvalidInput):
    """A line of credit cannot be made or changed like this; ``reason`` names the rule."""

    reason: str
    value: int
