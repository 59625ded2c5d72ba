"""The one hierarchy of domain errors.

Every error a user can cause is a subclass of :class:`DomainError` and carries the data that
explains it (``InsufficientFunds(balance=..., needed=...)``). ``str(error)`` is a terse message for
developers and logs; the adapters build the text people read from the data, in their own message
catalogues. Errors are never recognised by their message text.

New classes are declared as ``@dataclass(eq=False, kw_only=True)`` subclasses, grouped in the
section of their area.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(eq=False, kw_only=True)
class DomainError(Exception):
    """Base class of every refusal the domain gives. Subclasses carry data, not sentences."""

    def __post_init__(self) -> None:
        super().__init__(*(getattr(self, f.name) for f in fields(self)))

    def __str__(self) -> str:
        data = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self))
        return f"{type(self).__name__}({data})"

    @property
    def data(self) -> dict[str, object]:
        """The error's fields as a dict, for message catalogues and structured logs."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


# --- generic ---


@dataclass(eq=False, kw_only=True)
class InvalidAmount(DomainError):
    """An amount text could not be read as money; ``reason`` names the rule it broke."""

    text: str
    reason: str


@dataclass(eq=False, kw_only=True)
class NotFound(DomainError):
    """A thing of ``kind`` named by ``ref`` does not exist."""

    kind: str
    ref: str


@dataclass(eq=False, kw_only=True)
class ConfigurationError(DomainError):
    """The stored state contradicts the configuration (for example no community user yet)."""

    problem: str


@dataclass(eq=False, kw_only=True)
class OutcomeUnknown(DomainError):
    """Whether operation ``operation`` was carried out is not known: the connection to the
    database died while it was being committed and the database stayed away for ``seconds``.

    Not a refusal and never a failure: it may have happened. Repeating it under the same
    idempotency ``key`` is safe (a replay finds the stored result); a new key might do it twice.
    """

    operation: str
    key: str
    seconds: float


@dataclass(eq=False, kw_only=True)
class SelfTransfer(DomainError):
    """Money from account ``account_id`` to itself (in the community: a user paying itself)."""

    account_id: int


@dataclass(eq=False, kw_only=True)
class InsufficientBalance(DomainError):
    """Taking ``amount`` from account ``account_id`` (holding ``balance``) would go below its
    ``limit``: an economy account's limit, or a community member's debt limit."""

    account_id: int
    balance: int
    amount: int
    limit: int


@dataclass(eq=False, kw_only=True)
class BalanceOutOfRange(DomainError):
    """Adding ``delta`` to ``balance`` of account ``account_id`` leaves the range a balance may
    hold (the community's MEDIUMINT column, an economy's ``BALANCE_LIMIT``)."""

    account_id: int
    balance: int
    delta: int


# --- community ---


@dataclass(eq=False, kw_only=True)
class UnknownUser(DomainError):
    """No user is known under ``ref`` (a Telegram id, a user id or a ``@username``)."""

    ref: str


@dataclass(eq=False, kw_only=True)
class AmbiguousUsername(DomainError):
    """More than one user carries ``username``; the caller should name the user by id."""

    username: str


@dataclass(eq=False, kw_only=True)
class InactiveUser(DomainError):
    """User ``user_id`` is deactivated and may only read."""

    user_id: int


@dataclass(eq=False, kw_only=True)
class ExternalNotAllowed(DomainError):
    """External user ``user_id`` may not ``action``; ``vouched`` says whether it has a voucher.

    Externals without a voucher may only read; vouched externals may send, receive, consume and
    take part in communisms, but never vote, request payments or vouch.
    """

    user_id: int
    action: str
    vouched: bool


@dataclass(eq=False, kw_only=True)
class NoVotePermission(DomainError):
    """User ``user_id`` may not vote: it lacks the vote flag (``users.permission``) and no rule
    grants it the vote, or a rule denies it."""

    user_id: int


@dataclass(eq=False, kw_only=True)
class CommunityActionDenied(DomainError):
    """User ``user_id`` may not ``action`` in the community: its standing allows it only by
    default and a rule denies it, or it is a treasurer's power that none of its roles or rules
    grants (see :mod:`communitybot.core.community_standing`)."""

    user_id: int
    action: str


@dataclass(eq=False, kw_only=True)
class CommunityUserNotAllowed(DomainError):
    """The community user (``users.tid`` NULL) cannot ``action`` (act, be vouched, be changed)."""

    action: str


@dataclass(eq=False, kw_only=True)
class AmountNotPositive(DomainError):
    """An amount of ``amount`` cents was given where more than zero is required."""

    amount: int


@dataclass(eq=False, kw_only=True)
class AmountTooLarge(DomainError):
    """``amount`` cents exceeds the configured ``maximum`` for one operation."""

    amount: int
    maximum: int


@dataclass(eq=False, kw_only=True)
class UnknownCollective(DomainError):
    """No collective (payment request or communism) has id ``collective_id``."""

    collective_id: int


@dataclass(eq=False, kw_only=True)
class CollectiveClosed(DomainError):
    """Collective ``collective_id`` is no longer open."""

    collective_id: int


@dataclass(eq=False, kw_only=True)
class WrongCollectiveKind(DomainError):
    """Collective ``collective_id`` is not a ``expected`` (``"payment"`` or ``"communism"``)."""

    collective_id: int
    expected: str


@dataclass(eq=False, kw_only=True)
class NotCollectiveCreator(DomainError):
    """Only the creator of ``collective_id`` may do this; ``user_id`` is someone else."""

    collective_id: int
    user_id: int


@dataclass(eq=False, kw_only=True)
class CreatorCannotVote(DomainError):
    """User ``user_id`` created payment request ``collective_id`` and cannot vote on it."""

    collective_id: int
    user_id: int


@dataclass(eq=False, kw_only=True)
class AlreadyVoted(DomainError):
    """User ``user_id`` already voted ``approve`` on payment request ``collective_id``."""

    collective_id: int
    user_id: int
    approve: bool


@dataclass(eq=False, kw_only=True)
class AlreadyParticipant(DomainError):
    """User ``user_id`` already takes part in communism ``collective_id``."""

    collective_id: int
    user_id: int


@dataclass(eq=False, kw_only=True)
class NotParticipant(DomainError):
    """User ``user_id`` does not take part in communism ``collective_id``."""

    collective_id: int
    user_id: int


@dataclass(eq=False, kw_only=True)
class CreatorCannotLeave(DomainError):
    """The creator ``user_id`` of communism ``collective_id`` cannot leave it (cancel instead)."""

    collective_id: int
    user_id: int


@dataclass(eq=False, kw_only=True)
class ExternalsOutOfRange(DomainError):
    """Communism ``collective_id`` cannot have ``externals`` externals (0 to ``maximum``)."""

    collective_id: int
    externals: int
    maximum: int


@dataclass(eq=False, kw_only=True)
class TooManyOpenCollectives(DomainError):
    """User ``user_id`` already has ``open`` open collectives; ``limit`` are allowed."""

    user_id: int
    open: int
    limit: int


@dataclass(eq=False, kw_only=True)
class SettlementRefused(DomainError):
    """Communism ``collective_id`` cannot be settled: each item of ``problems`` says why.

    Every participant's limits are checked before any money moves; ``problems`` holds one
    :class:`DebtLimitExceeded`, :class:`BalanceOutOfRange` or :class:`InactiveUser` per user.
    """

    collective_id: int
    problems: tuple[DomainError, ...]


@dataclass(eq=False, kw_only=True)
class MissingDescription(DomainError):
    """A payment request or communism needs a non-empty description."""


@dataclass(eq=False, kw_only=True)
class UnknownConsumable(DomainError):
    """No consumable is called ``name``; ``known`` lists the configured names."""

    name: str
    known: tuple[str, ...]


@dataclass(eq=False, kw_only=True)
class ConsumeCountOutOfRange(DomainError):
    """``count`` items cannot be consumed at once; 1 to ``maximum`` are allowed."""

    count: int
    maximum: int


@dataclass(eq=False, kw_only=True)
class InvalidNumber(DomainError):
    """A count typed in a command is no whole number in the digits 0-9; ``reason`` names the rule
    (see :func:`communitybot.core.text.parse_number`)."""

    text: str
    reason: str


@dataclass(eq=False, kw_only=True)
class NotExternal(DomainError):
    """User ``user_id`` is internal, so nobody vouches for it."""

    user_id: int


@dataclass(eq=False, kw_only=True)
class AlreadyExternal(DomainError):
    """User ``user_id`` is external already."""

    user_id: int


@dataclass(eq=False, kw_only=True)
class AlreadyVouched(DomainError):
    """External ``user_id`` already has the voucher ``voucher_id``."""

    user_id: int
    voucher_id: int


@dataclass(eq=False, kw_only=True)
class NotVouching(DomainError):
    """User ``voucher_id`` does not vouch for external ``user_id``."""

    user_id: int
    voucher_id: int


@dataclass(eq=False, kw_only=True)
class TooManyVouchees(DomainError):
    """User ``voucher_id`` already vouches for ``limit`` externals, the maximum."""

    voucher_id: int
    limit: int


@dataclass(eq=False, kw_only=True)
class StillVouching(DomainError):
    """User ``user_id`` still vouches for ``vouchees`` externals; stop vouching first."""

    user_id: int
    vouchees: int


@dataclass(eq=False, kw_only=True)
class CannotAcceptHistory(DomainError):
    """Findings ``code`` before ``cutoff`` (ISO text) cannot be accepted as history: ``reason``
    is ``"code"`` (not a finding about history older software could write), ``"future"`` (the
    cut-off is not in the past) or ``"nothing"`` (no such finding lies before the cut-off)."""

    code: str
    cutoff: str
    reason: str


@dataclass(eq=False, kw_only=True)
class UnknownPendingSend(DomainError):
    """No transfer waits under ``token`` on the message it was pressed on: it was confirmed,
    aborted or cleaned up after it expired, or the press is forged."""

    token: str


@dataclass(eq=False, kw_only=True)
class NotPendingSendOwner(DomainError):
    """Only user ``user_id``, the sender of the pending transfer ``token``, may confirm or
    abort it."""

    token: str
    user_id: int


@dataclass(eq=False, kw_only=True)
class PendingSendExpired(DomainError):
    """The pending transfer ``token`` expired; its sender has to send the command again."""

    token: str


@dataclass(eq=False, kw_only=True)
class IdempotencyKeyConflict(DomainError):
    """Key ``key`` was already used for a different operation (``used_for``, not ``wanted``)."""

    key: str
    used_for: str
    wanted: str


# --- economy ---


@dataclass(eq=False, kw_only=True)
class NotPermitted(DomainError):
    """The actor lacks ``permission`` where it acts (``economy_id``/``account_id``; ``None`` = any).

    ``actor`` names who was refused (``"user:42"`` or ``"key:7"``).
    """

    actor: str
    permission: str
    economy_id: int | None
    account_id: int | None


@dataclass(eq=False, kw_only=True)
class CannotDelegate(NotPermitted):
    """The actor may manage permissions there but does not hold ``permission`` there itself, so
    it may not grant, deny or reset it: nobody hands out (or takes away) a power they lack."""


@dataclass(eq=False, kw_only=True)
class AlreadyExists(DomainError):
    """A ``kind`` whose ``field`` is ``value`` exists already (names, units, user accounts...)."""

    kind: str
    field: str
    value: str


@dataclass(eq=False, kw_only=True)
class InvalidName(DomainError):
    """``name`` cannot name a ``kind``: empty, too long (``maximum`` characters) or reserved."""

    kind: str
    name: str
    maximum: int


@dataclass(eq=False, kw_only=True)
class AmountOutOfRange(DomainError):
    """``amount`` minor units is outside ``minimum``..``maximum`` for this operation."""

    amount: int
    minimum: int
    maximum: int


@dataclass(eq=False, kw_only=True)
class AccountClosed(DomainError):
    """Account ``account_id`` is closed; it keeps its journal but moves no money."""

    account_id: int


@dataclass(eq=False, kw_only=True)
class AccountNotEmpty(DomainError):
    """Account ``account_id`` still holds ``balance``; only empty accounts close."""

    account_id: int
    balance: int


@dataclass(eq=False, kw_only=True)
class AccountInUse(DomainError):
    """Account ``account_id`` cannot close: ``by`` still needs it (e.g. ``"tax_bracket:vat"``)."""

    account_id: int
    by: str


@dataclass(eq=False, kw_only=True)
class AccountTypeForbids(DomainError):
    """Accounts of ``account_type`` cannot ``operation`` (e.g. renaming a USER account)."""

    account_type: str
    operation: str


@dataclass(eq=False, kw_only=True)
class IssuanceAccountForbidden(DomainError):
    """The issuance account ``account_id`` moves money only through print/remove funds."""

    account_id: int


@dataclass(eq=False, kw_only=True)
class CrossEconomy(DomainError):
    """Accounts or objects of economies ``economy_id`` and ``other_economy_id`` were mixed."""

    economy_id: int
    other_economy_id: int


@dataclass(eq=False, kw_only=True)
class EconomyNotEmpty(DomainError):
    """Economy ``economy_id`` still has ``accounts`` accounts holding money; it cannot go."""

    economy_id: int
    accounts: int


@dataclass(eq=False, kw_only=True)
class GuildOwnsEconomy(DomainError):
    """Guild ``guild_id`` created economy ``economy_id`` and cannot leave it (delete it instead)."""

    guild_id: int
    economy_id: int


@dataclass(eq=False, kw_only=True)
class InvalidScope(DomainError):
    """A permission scope is malformed or not allowed here; ``reason`` names the rule."""

    reason: str


@dataclass(eq=False, kw_only=True)
class AdministratorExists(DomainError):
    """An administrator exists already (``user_ids``); grant further ones through the service."""

    user_ids: tuple[int, ...]


@dataclass(eq=False, kw_only=True)
class InvalidTaxBracket(DomainError):
    """A tax bracket is malformed; ``reason`` names the rule (``"rate"``, ``"range"``, ...)."""

    name: str
    reason: str


@dataclass(eq=False, kw_only=True)
class TaxBracketOverlap(DomainError):
    """Bracket ``name`` overlaps ``other`` of the same account type and tax type."""

    name: str
    other: str


@dataclass(eq=False, kw_only=True)
class InvalidSchedule(DomainError):
    """A recurring transfer's ``field`` has the unusable value ``value``."""

    field: str
    value: int


@dataclass(eq=False, kw_only=True)
class InvalidApiKey(DomainError):
    """An API key token is malformed, unknown or its secret does not match."""


@dataclass(eq=False, kw_only=True)
class ApiKeyUnusable(DomainError):
    """API key ``key_id`` cannot act; ``reason``: ``"disabled"``, ``"inactive"``, ``"deleted"``."""

    key_id: int
    reason: str


@dataclass(eq=False, kw_only=True)
class InvalidKeySpec(DomainError):
    """An API key cannot be made like this; ``reason`` names the rule."""

    reason: str


@dataclass(eq=False, kw_only=True)
class SpendingLimitExceeded(DomainError):
    """Key ``key_id`` has spent ``spent`` of ``limit``; ``amount`` more does not fit."""

    key_id: int
    limit: int
    spent: int
    amount: int


@dataclass(eq=False, kw_only=True)
class InvalidPeriod(DomainError):
    """``period`` cannot name a tax cycle (1 to ``maximum`` characters)."""

    period: str
    maximum: int


# economy: groups, exchange rates and exchanges


@dataclass(eq=False, kw_only=True)
class InvalidGroup(DomainError):
    """An economy group cannot be made or changed like this; ``reason`` names the rule
    (``"single_needs_guild"``, ``"guild_not_registered"``, ``"single_has_one_guild"``, ...)."""

    group_id: int | None
    reason: str


@dataclass(eq=False, kw_only=True)
class EconomyInGroup(DomainError):
    """Economy ``economy_id`` belongs to group ``group_id`` already (one group per currency)."""

    economy_id: int
    group_id: int


@dataclass(eq=False, kw_only=True)
class NotInSameGroup(DomainError):
    """Economies ``economy_id`` and ``other_economy_id`` are not currencies of one group
    (``group_id`` is the first one's group, ``None`` when it has none)."""

    economy_id: int
    other_economy_id: int
    group_id: int | None


@dataclass(eq=False, kw_only=True)
class InvalidExchangeRate(DomainError):
    """A rate ``numerator``/``denominator`` is not two whole numbers in 1..``maximum``."""

    numerator: int
    denominator: int
    maximum: int


@dataclass(eq=False, kw_only=True)
class NoExchangeRate(DomainError):
    """No rate is set from economy ``from_economy_id`` to ``to_economy_id`` (one direction)."""

    from_economy_id: int
    to_economy_id: int


@dataclass(eq=False, kw_only=True)
class ExchangeTooSmall(DomainError):
    """``amount`` at ``numerator``/``denominator`` rounds down to nothing; ``minimum`` is the
    least amount that buys one minor unit."""

    amount: int
    numerator: int
    denominator: int
    minimum: int


@dataclass(eq=False, kw_only=True)
class ExchangeAccountMismatch(DomainError):
    """An exchange goes from account ``account_id`` (owner ``owner_id``) to account
    ``other_account_id`` (owner ``other_owner_id``): both need the same, non-empty owner."""

    account_id: int
    owner_id: int | None
    other_account_id: int
    other_owner_id: int | None


@dataclass(eq=False, kw_only=True)
class ExchangeReversed(DomainError):
    """Exchange ``exchange_id`` could not be credited (``reason`` names the refusal) and was
    reversed: the amount went back to the source account."""

    exchange_id: int
    reason: str


# economy: bank notes


@dataclass(eq=False, kw_only=True)
class InvalidNoteCode(DomainError):
    """A bank note code is malformed, unknown or its secret does not match."""


@dataclass(eq=False, kw_only=True)
class NoteNotOutstanding(DomainError):
    """Bank note ``note_id`` was settled already (``state``: REDEEMED, CANCELLED, EXPIRED)."""

    note_id: int
    state: str


@dataclass(eq=False, kw_only=True)
class NoteExpired(DomainError):
    """Bank note ``note_id`` expired at ``expires_at`` (ISO time); the sweep returns its money
    to the issuer."""

    note_id: int
    expires_at: str


@dataclass(eq=False, kw_only=True)
class InvalidNoteExpiry(DomainError):
    """A bank note cannot expire at ``expires_at`` (ISO time): not after ``now``, or without a
    time zone."""

    expires_at: str
    now: str


# economy: payment authorisation


@dataclass(eq=False, kw_only=True)
class DuplicateExpenseCategory(DomainError):
    """Economy ``economy_id`` has an expense category whose ``field`` (code, name) is ``value``."""

    economy_id: int
    field: str
    value: str


@dataclass(eq=False, kw_only=True)
class ExpenseCategoryNotFound(DomainError):
    """Economy ``economy_id`` has no expense category ``ref`` (a code, a name or an id)."""

    economy_id: int
    ref: str


@dataclass(eq=False, kw_only=True)
class DuplicateLineOfCredit(DomainError):
    """Account ``account_id`` has an open line of credit whose ``field`` is ``value``
    (``"name"``, or ``"holder_category"`` for the same holder and category)."""

    account_id: int
    field: str
    value: str


@dataclass(eq=False, kw_only=True)
class NoLineOfCredit(DomainError):
    """Member ``holder_id`` has no open line of credit on account ``account_id`` for expense
    category ``category`` (a code)."""

    account_id: int
    holder_id: int
    category: str


@dataclass(eq=False, kw_only=True)
class CreditLimitExceeded(DomainError):
    """Line ``line_id`` has expensed ``expensed`` of ``limit`` in period ``period_key``;
    ``amount`` more does not fit."""

    line_id: int
    limit: int
    expensed: int
    amount: int
    period_key: str


@dataclass(eq=False, kw_only=True)
class PaymentNotCategorized(DomainError):
    """A payment names no expense category; every authorised payment needs at least one."""


@dataclass(eq=False, kw_only=True)
class InvalidLineOfCredit(DomainError):
    """A line of credit cannot be made or changed like this; ``reason`` names the rule."""

    reason: str
    value: int
