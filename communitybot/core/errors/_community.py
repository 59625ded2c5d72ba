"""Refusals of the community's ledger: users and their standing, transfers, collectives,
consumables, vouching, pending sends."""

from communitybot.core.errors._base import (
    CommunityError,
    Conflict,
    DomainError,
    InvalidInput,
    LimitExceeded,
    NotFound,
    NotPermitted,
)

# --- users and their standing ---


class UnknownUser(CommunityError, NotFound):
    """No user is known under ``ref`` (a Telegram id, a user id or a ``@username``)."""

    kind: str = "user"


class AmbiguousUsername(CommunityError, InvalidInput):
    """More than one user carries ``username``; the caller should name the user by id."""

    username: str


class InactiveUser(CommunityError, NotPermitted):
    """User ``user_id`` is deactivated and may only read."""

    user_id: int


class ExternalNotAllowed(CommunityError, NotPermitted):
    """External user ``user_id`` may not ``action``; ``vouched`` says whether it has a voucher.

    Externals without a voucher may only read; vouched externals may send, receive, consume and
    take part in communisms, but never vote, request payments or vouch.
    """

    user_id: int
    action: str
    vouched: bool


class CommunityActionDenied(CommunityError, NotPermitted):
    """User ``user_id`` may not ``action`` in the community: its standing allows it only by
    default and a rule denies it, or it is a power (the vote, a treasurer's) that neither its
    flags nor its roles or rules grant (see :mod:`communitybot.core.community_standing`)."""

    user_id: int
    action: str


class CommunityUserNotAllowed(CommunityError, NotPermitted):
    """The community user (``users.tid`` NULL) cannot ``action`` (act, be vouched, be changed)."""

    action: str


# --- money ---


# --- collectives (payment requests and communisms) ---


class CollectiveClosed(CommunityError, Conflict):
    """Collective ``collective_id`` is no longer open."""

    collective_id: int


class WrongCollectiveKind(CommunityError, InvalidInput):
    """Collective ``collective_id`` is not a ``expected`` (``"payment"`` or ``"communism"``)."""

    collective_id: int
    expected: str


class NotCollectiveCreator(CommunityError, NotPermitted):
    """Only the creator of ``collective_id`` may do this; ``user_id`` is someone else."""

    collective_id: int
    user_id: int


class CreatorCannotVote(CommunityError, NotPermitted):
    """User ``user_id`` created payment request ``collective_id`` and cannot vote on it."""

    collective_id: int
    user_id: int


class AlreadyVoted(CommunityError, Conflict):
    """User ``user_id`` already voted ``approve`` on payment request ``collective_id``."""

    collective_id: int
    user_id: int
    approve: bool


class AlreadyParticipant(CommunityError, Conflict):
    """User ``user_id`` already takes part in communism ``collective_id``."""

    collective_id: int
    user_id: int


class NotParticipant(CommunityError, Conflict):
    """User ``user_id`` does not take part in communism ``collective_id``."""

    collective_id: int
    user_id: int


class CreatorCannotLeave(CommunityError, Conflict):
    """The creator ``user_id`` of communism ``collective_id`` cannot leave it (cancel instead)."""

    collective_id: int
    user_id: int


class ExternalsOutOfRange(CommunityError, LimitExceeded):
    """Communism ``collective_id`` cannot have ``externals`` externals (0 to ``maximum``)."""

    collective_id: int
    externals: int
    maximum: int


class TooManyOpenCollectives(CommunityError, LimitExceeded):
    """User ``user_id`` already has ``open`` open collectives; ``limit`` are allowed."""

    user_id: int
    open: int
    limit: int


class SettlementRefused(CommunityError, Conflict):
    """Communism ``collective_id`` cannot be settled: each item of ``problems`` says why.

    Every participant's limits are checked before any money moves; ``problems`` holds one
    :class:`InsufficientBalance`, :class:`BalanceOutOfRange` or :class:`InactiveUser` per user.
    """

    collective_id: int
    problems: tuple[DomainError, ...]


class MissingDescription(CommunityError, InvalidInput):
    """A payment request or communism needs a non-empty description."""


# --- consumables ---


class UnknownConsumable(CommunityError, NotFound):
    """No consumable is called ``ref``; ``known`` lists the configured names."""

    kind: str = "consumable"
    known: tuple[str, ...]


class ConsumeCountOutOfRange(CommunityError, LimitExceeded):
    """``count`` items cannot be consumed at once; 1 to ``maximum`` are allowed."""

    count: int
    maximum: int


# --- vouching ---


class NotExternal(CommunityError, Conflict):
    """User ``user_id`` is internal, so nobody vouches for it."""

    user_id: int


class AlreadyExternal(CommunityError, Conflict):
    """User ``user_id`` is external already."""

    user_id: int


class AlreadyVouched(CommunityError, Conflict):
    """External ``user_id`` already has the voucher ``voucher_id``."""

    user_id: int
    voucher_id: int


class NotVouching(CommunityError, Conflict):
    """User ``voucher_id`` does not vouch for external ``user_id``."""

    user_id: int
    voucher_id: int


class TooManyVouchees(CommunityError, LimitExceeded):
    """User ``voucher_id`` already vouches for ``limit`` externals, the maximum."""

    voucher_id: int
    limit: int


class StillVouching(CommunityError, Conflict):
    """User ``user_id`` still vouches for ``vouchees`` externals; stop vouching first."""

    user_id: int
    vouchees: int


# --- the ledger's history and pending sends ---


class CannotAcceptHistory(CommunityError, InvalidInput):
    """Findings ``code`` before ``cutoff`` (ISO text) cannot be accepted as history: ``reason``
    is ``"code"`` (not a finding about history older software could write), ``"future"`` (the
    cut-off is not in the past) or ``"nothing"`` (no such finding lies before the cut-off)."""

    code: str
    cutoff: str
    reason: str


class UnknownPendingSend(CommunityError, NotFound):
    """No transfer waits under token ``ref`` on the message it was pressed on: it was confirmed,
    aborted or cleaned up after it expired, or the press is forged."""

    kind: str = "pending_send"


class NotPendingSendOwner(CommunityError, NotPermitted):
    """Only user ``user_id``, the sender of the pending transfer ``token``, may confirm or
    abort it."""

    token: str
    user_id: int


class PendingSendExpired(CommunityError, Conflict):
    """The pending transfer ``token`` expired; its sender has to send the command again."""

    token: str


# --- the books: statements and charts ---


class InvalidMonth(CommunityError, InvalidInput):
    """``text`` names no month a statement can be made for: ``reason`` is ``format`` (not
    ``YYYY-MM``), ``foreign_digits`` (digits other than 0-9) or ``range`` (no such month, or
    outside 1970 to 2037)."""

    text: str
    reason: str
