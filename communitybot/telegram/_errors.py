"""One table from domain error classes to short, specific texts of the message catalogue.

Each entry builds the text from the error's data (amounts, limits, names). Errors that name
users by id are told whether that user is the one acting (``you``) and the names of the others
(:class:`ErrorContext`), which the handlers look up before presenting.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from communitybot.core import errors as e
from communitybot.telegram._i18n import Markup, Translator

E = TypeVar("E", bound=e.DomainError)

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ErrorContext:
    """Who acted and the display names of the users an error may name by id."""

    actor_id: int | None = None
    actor_tid: int | None = None
    names: Mapping[int, str] = field(default_factory=dict)

    def is_actor(self, user_id: int) -> bool:
        """Whether ``user_id`` is the acting user."""
        return self.actor_id is not None and user_id == self.actor_id

    def name(self, user_id: int, t: Translator) -> str:
        """The display name of ``user_id``, or a neutral word when it is unknown."""
        return self.names.get(user_id) or t("error.person.someone")


_Describe = Callable[[Any, Translator, ErrorContext], Markup]
_TABLE: dict[type[e.DomainError], _Describe] = {}


def _entry(cls: type[E]) -> Callable[[Callable[[E, Translator, ErrorContext], Markup]], None]:
    def register(describe: Callable[[E, Translator, ErrorContext], Markup]) -> None:
        _TABLE[cls] = describe

    return register


def _action(t: Translator, action: str) -> Markup:
    key = f"error.action.{action}"
    return t(key) if t.has(key) else t("error.action.other")


def _self_or_other(
    base: str, user_id: int, t: Translator, ctx: ErrorContext, **values: object
) -> Markup:
    if ctx.is_actor(user_id):
        return t(f"{base}.self", **values)
    return t(f"{base}.other", name=ctx.name(user_id, t), **values)


# --- generic ---


@_entry(e.InvalidAmount)
def _invalid_amount(err: e.InvalidAmount, t: Translator, ctx: ErrorContext) -> Markup:
    why_key = f"error.invalid_amount.{err.reason}"
    why = t(why_key) if t.has(why_key) else t("error.invalid_amount.other")
    return t("error.invalid_amount", text=err.text[:40], why=why, accepted=t("amount.accepted"))


@_entry(e.NotFound)
def _not_found(err: e.NotFound, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.not_found", kind=err.kind, ref=err.ref[:64])


@_entry(e.ConfigurationError)
def _configuration(err: e.ConfigurationError, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.configuration", problem=err.problem)


@_entry(e.OutcomeUnknown)
def _outcome_unknown(err: e.OutcomeUnknown, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.outcome_unknown")


# --- community ---


@_entry(e.UnknownUser)
def _unknown_user(err: e.UnknownUser, t: Translator, ctx: ErrorContext) -> Markup:
    if ctx.actor_tid is not None and err.ref == str(ctx.actor_tid):
        return t("error.unknown_user.self")
    ref = err.ref if err.ref.startswith("@") else t("error.person.someone")
    return t("error.unknown_user", ref=ref[:64])


@_entry(e.AmbiguousUsername)
def _ambiguous(err: e.AmbiguousUsername, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.ambiguous_username", username=err.username)


@_entry(e.InactiveUser)
def _inactive(err: e.InactiveUser, t: Translator, ctx: ErrorContext) -> Markup:
    return _self_or_other("error.inactive_user", err.user_id, t, ctx)


@_entry(e.ExternalNotAllowed)
def _external(err: e.ExternalNotAllowed, t: Translator, ctx: ErrorContext) -> Markup:
    action = _action(t, err.action)
    if not ctx.is_actor(err.user_id):
        return t("error.external_not_allowed.other", name=ctx.name(err.user_id, t), action=action)
    if err.vouched:
        return t("error.external_not_allowed.vouched", action=action)
    return t("error.external_not_allowed.unvouched")


@_entry(e.NoVotePermission)
def _no_vote(err: e.NoVotePermission, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.no_vote_permission")


@_entry(e.CommunityActionDenied)
def _action_denied(err: e.CommunityActionDenied, t: Translator, ctx: ErrorContext) -> Markup:
    return _self_or_other("error.action_denied", err.user_id, t, ctx, action=_action(t, err.action))


@_entry(e.CommunityUserNotAllowed)
def _community_user(err: e.CommunityUserNotAllowed, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.community_user_not_allowed", action=_action(t, err.action))


@_entry(e.SelfTransfer)
def _self_transfer(err: e.SelfTransfer, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.self_transfer")


@_entry(e.AmountNotPositive)
def _not_positive(err: e.AmountNotPositive, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.amount_not_positive")


@_entry(e.AmountTooLarge)
def _too_large(err: e.AmountTooLarge, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.amount_too_large", amount=t.money(err.amount), maximum=t.money(err.maximum))


@_entry(e.DebtLimitExceeded)
def _debt_limit(err: e.DebtLimitExceeded, t: Translator, ctx: ErrorContext) -> Markup:
    return _self_or_other(
        "error.debt_limit",
        err.user_id,
        t,
        ctx,
        amount=t.money(err.amount),
        balance=t.money(err.balance),
        limit=t.money(err.limit),
    )


@_entry(e.BalanceOutOfRange)
def _out_of_range(err: e.BalanceOutOfRange, t: Translator, ctx: ErrorContext) -> Markup:
    return _self_or_other("error.balance_out_of_range", err.user_id, t, ctx)


@_entry(e.UnknownCollective)
def _unknown_collective(err: e.UnknownCollective, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.unknown_collective", id=err.collective_id)


@_entry(e.CollectiveClosed)
def _closed(err: e.CollectiveClosed, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.collective_closed", id=err.collective_id)


@_entry(e.WrongCollectiveKind)
def _wrong_kind(err: e.WrongCollectiveKind, t: Translator, ctx: ErrorContext) -> Markup:
    kind = "payment" if err.expected == "payment" else "communism"
    return t(f"error.wrong_collective_kind.{kind}", id=err.collective_id)


@_entry(e.NotCollectiveCreator)
def _not_creator(err: e.NotCollectiveCreator, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.not_collective_creator", id=err.collective_id)


@_entry(e.CreatorCannotVote)
def _creator_vote(err: e.CreatorCannotVote, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.creator_cannot_vote")


@_entry(e.AlreadyVoted)
def _already_voted(err: e.AlreadyVoted, t: Translator, ctx: ErrorContext) -> Markup:
    form = "approve" if err.approve else "disapprove"
    return t(f"error.already_voted.{form}", id=err.collective_id)


@_entry(e.AlreadyParticipant)
def _already_in(err: e.AlreadyParticipant, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.already_participant", id=err.collective_id)


@_entry(e.NotParticipant)
def _not_in(err: e.NotParticipant, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.not_participant", id=err.collective_id)


@_entry(e.CreatorCannotLeave)
def _creator_leave(err: e.CreatorCannotLeave, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.creator_cannot_leave", id=err.collective_id)


@_entry(e.ExternalsOutOfRange)
def _externals(err: e.ExternalsOutOfRange, t: Translator, ctx: ErrorContext) -> Markup:
    # the bounds are the column's; people hear what they can do about it
    if err.externals < 0:
        return t("error.externals_out_of_range.none", id=err.collective_id)
    return t("error.externals_out_of_range.many", id=err.collective_id)


@_entry(e.TooManyOpenCollectives)
def _too_many_open(err: e.TooManyOpenCollectives, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.too_many_open_collectives", open=err.open, limit=err.limit)


@_entry(e.SettlementRefused)
def _settlement(err: e.SettlementRefused, t: Translator, ctx: ErrorContext) -> Markup:
    problems = Markup(" ".join(describe_error(p, t, ctx) for p in err.problems))
    return t("error.settlement_refused", id=err.collective_id, problems=problems)


@_entry(e.MissingDescription)
def _missing_description(err: e.MissingDescription, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.missing_description")


@_entry(e.UnknownConsumable)
def _unknown_consumable(err: e.UnknownConsumable, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.unknown_consumable", name=err.name[:40], known=", ".join(err.known))


@_entry(e.InvalidNumber)
def _invalid_number(err: e.InvalidNumber, t: Translator, ctx: ErrorContext) -> Markup:
    if err.reason == "foreign_digits":
        return t("error.invalid_number.foreign_digits", text=err.text[:40])
    return t("error.invalid_number", text=err.text[:40])


@_entry(e.ConsumeCountOutOfRange)
def _consume_count(err: e.ConsumeCountOutOfRange, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.consume_count_out_of_range", count=err.count, maximum=err.maximum)


@_entry(e.NotExternal)
def _not_external(err: e.NotExternal, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.not_external", name=ctx.name(err.user_id, t))


@_entry(e.AlreadyExternal)
def _already_external(err: e.AlreadyExternal, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.already_external", name=ctx.name(err.user_id, t))


@_entry(e.AlreadyVouched)
def _already_vouched(err: e.AlreadyVouched, t: Translator, ctx: ErrorContext) -> Markup:
    name = ctx.name(err.user_id, t)
    if ctx.is_actor(err.voucher_id):
        return t("error.already_vouched.self", name=name)
    return t("error.already_vouched.other", name=name, voucher=ctx.name(err.voucher_id, t))


@_entry(e.NotVouching)
def _not_vouching(err: e.NotVouching, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.not_vouching", name=ctx.name(err.user_id, t))


@_entry(e.TooManyVouchees)
def _too_many_vouchees(err: e.TooManyVouchees, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.too_many_vouchees", limit=err.limit)


@_entry(e.StillVouching)
def _still_vouching(err: e.StillVouching, t: Translator, ctx: ErrorContext) -> Markup:
    name = t("error.person.you") if ctx.is_actor(err.user_id) else ctx.name(err.user_id, t)
    return t("error.still_vouching", name=name, vouchees=err.vouchees)


@_entry(e.CannotAcceptHistory)
def _cannot_accept(err: e.CannotAcceptHistory, t: Translator, ctx: ErrorContext) -> Markup:
    reason = err.reason if err.reason in ("code", "future") else "nothing"
    return t(f"error.cannot_accept_history.{reason}", code=err.code, cutoff=err.cutoff)


@_entry(e.IdempotencyKeyConflict)
def _key_conflict(err: e.IdempotencyKeyConflict, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.idempotency_conflict")


@_entry(e.UnknownPendingSend)
def _unknown_pending(err: e.UnknownPendingSend, t: Translator, ctx: ErrorContext) -> Markup:
    return t("callback.expired")


@_entry(e.NotPendingSendOwner)
def _not_pending_owner(err: e.NotPendingSendOwner, t: Translator, ctx: ErrorContext) -> Markup:
    return t("callback.not_yours", name=ctx.name(err.user_id, t))


@_entry(e.PendingSendExpired)
def _pending_expired(err: e.PendingSendExpired, t: Translator, ctx: ErrorContext) -> Markup:
    return t("callback.expired")


def describe_error(error: e.DomainError, t: Translator, ctx: ErrorContext | None = None) -> Markup:
    """The catalogue text for ``error``; an unmapped subclass uses its nearest mapped base."""
    context = ctx or ErrorContext()
    for cls in type(error).__mro__:
        describe = _TABLE.get(cls)
        if describe is not None:
            return describe(error, t, context)
    _log.warning("no catalogue text for %s; answered with the generic one", error)
    return t("error.generic")


def mapped_errors() -> frozenset[type[e.DomainError]]:
    """Every error class with its own entry in the table."""
    return frozenset(_TABLE)


def user_ids_in(error: e.DomainError) -> set[int]:
    """The user ids an error names (``user_id``, ``voucher_id``, and those of nested problems)."""
    found: set[int] = set()
    for name in ("user_id", "voucher_id"):
        value = getattr(error, name, None)
        if isinstance(value, int):
            found.add(value)
    if isinstance(error, e.SettlementRefused):
        for problem in error.problems:
            found |= user_ids_in(problem)
    return found


__all__ = ["ErrorContext", "describe_error", "mapped_errors", "user_ids_in"]
