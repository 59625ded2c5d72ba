"""Texts of the generic errors and the community's errors (Telegram's ledger, and the CLI's).

The money engine's refusals (:class:`~communitybot.core.errors.InsufficientBalance`, ...) are
shared: outside an economy they speak of the community's members, in one of its accounts.

Errors that name users by id are told whether that user is the one acting (``you``) and the
others' names (:class:`ErrorContext`); amounts are the community's euros.
"""

from __future__ import annotations

from communitybot.core import errors as e
from communitybot.core.text import is_plain_number
from communitybot.runtime.catalogue._context import ErrorContext
from communitybot.runtime.catalogue._economy import clip
from communitybot.runtime.catalogue._render import Markup
from communitybot.runtime.catalogue._table import describe_error, error_text, field_text, fixed_text
from communitybot.runtime.catalogue._translator import Translator


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


@error_text(e.InvalidAmount)
def _invalid_amount(err: e.InvalidAmount, t: Translator, ctx: ErrorContext) -> Markup:
    why_key = f"error.invalid_amount.{err.reason}"
    why = t(why_key) if t.has(why_key) else t("error.invalid_amount.other")
    # an economy has its own currency: the euro forms would mislead there
    accepted = t("amount.accepted") if ctx.unit is None else t("amount.accepted.economy")
    return t("error.invalid_amount", text=err.text[:40], why=why, accepted=accepted)


_KIND_TEXTS = {
    "guild": "error.not_found.guild",
    "collective": "error.unknown_collective",
    "exchange_rate": "error.no_exchange_rate",
    "currency": "discord.unknown_currency",
}
"""Things whose absence has a sentence of its own; the others are "there is no <kind> <ref>"."""


@error_text(e.NotFound)
def _not_found(err: e.NotFound, t: Translator, ctx: ErrorContext) -> Markup:
    if err.kind in _KIND_TEXTS:
        return t(_KIND_TEXTS[err.kind], ref=clip(err.ref))
    kind = t.word("kind", err.kind)
    if is_plain_number(err.ref):
        return t("error.not_found.number", kind=kind, ref=err.ref)
    return t("error.not_found", kind=kind, ref=err.ref[:64])


field_text(e.ConfigurationError, "error.configuration", problem="problem")


fixed_text(e.IdempotencyKeyConflict, "error.idempotency_conflict")
fixed_text(e.OutcomeUnknown, "error.outcome_unknown")


# The limits of the one money engine: the community's words outside an economy (``ctx.unit``
# None: its members' own balances), an economy's words naming its accounts.


@error_text(e.SelfTransfer)
def _self_transfer(err: e.SelfTransfer, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.self_transfer" if ctx.unit is None else "error.same_account")


@error_text(e.InsufficientBalance)
def _insufficient(err: e.InsufficientBalance, t: Translator, ctx: ErrorContext) -> Markup:
    if ctx.unit is None:
        return _self_or_other(
            "error.debt_limit",
            err.account_id,
            t,
            ctx,
            amount=t.money(err.amount),
            balance=t.money(err.balance),
            limit=t.money(err.limit),
        )
    return t(
        "error.insufficient_balance",
        account=ctx.account(err.account_id, t),
        balance=ctx.money(err.balance, t),
        needed=ctx.money(err.amount, t),
        limit=ctx.money(err.limit, t),
    )


@error_text(e.BalanceOutOfRange)
def _out_of_range(err: e.BalanceOutOfRange, t: Translator, ctx: ErrorContext) -> Markup:
    if ctx.unit is None:
        return _self_or_other("error.balance_out_of_range", err.account_id, t, ctx)
    return t("error.account_balance_out_of_range", account=ctx.account(err.account_id, t))


# --- community ---


@error_text(e.UnknownUser)
def _unknown_user(err: e.UnknownUser, t: Translator, ctx: ErrorContext) -> Markup:
    if ctx.actor_tid is not None and err.ref == str(ctx.actor_tid):
        return t("error.unknown_user.self")
    ref = err.ref if err.ref.startswith("@") else t("error.person.someone")
    return t("error.unknown_user", ref=ref[:64])


field_text(e.AmbiguousUsername, "error.ambiguous_username", username="username")


@error_text(e.InactiveUser)
def _inactive(err: e.InactiveUser, t: Translator, ctx: ErrorContext) -> Markup:
    return _self_or_other("error.inactive_user", err.user_id, t, ctx)


@error_text(e.ExternalNotAllowed)
def _external(err: e.ExternalNotAllowed, t: Translator, ctx: ErrorContext) -> Markup:
    action = _action(t, err.action)
    if not ctx.is_actor(err.user_id):
        return t("error.external_not_allowed.other", name=ctx.name(err.user_id, t), action=action)
    if err.vouched:
        return t("error.external_not_allowed.vouched", action=action)
    return t("error.external_not_allowed.unvouched")


@error_text(e.CommunityActionDenied)
def _action_denied(err: e.CommunityActionDenied, t: Translator, ctx: ErrorContext) -> Markup:
    if err.action == "vote":
        return t("error.no_vote_permission")
    return _self_or_other("error.action_denied", err.user_id, t, ctx, action=_action(t, err.action))


@error_text(e.CommunityUserNotAllowed)
def _community_user(err: e.CommunityUserNotAllowed, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.community_user_not_allowed", action=_action(t, err.action))


field_text(e.CollectiveClosed, "error.collective_closed", id="collective_id")


@error_text(e.WrongCollectiveKind)
def _wrong_kind(err: e.WrongCollectiveKind, t: Translator, ctx: ErrorContext) -> Markup:
    kind = "payment" if err.expected == "payment" else "communism"
    return t(f"error.wrong_collective_kind.{kind}", id=err.collective_id)


field_text(e.NotCollectiveCreator, "error.not_collective_creator", id="collective_id")


fixed_text(e.CreatorCannotVote, "error.creator_cannot_vote")


@error_text(e.AlreadyVoted)
def _already_voted(err: e.AlreadyVoted, t: Translator, ctx: ErrorContext) -> Markup:
    form = "approve" if err.approve else "disapprove"
    return t(f"error.already_voted.{form}", id=err.collective_id)


field_text(e.AlreadyParticipant, "error.already_participant", id="collective_id")


field_text(e.NotParticipant, "error.not_participant", id="collective_id")


field_text(e.CreatorCannotLeave, "error.creator_cannot_leave", id="collective_id")


@error_text(e.ExternalsOutOfRange)
def _externals(err: e.ExternalsOutOfRange, t: Translator, ctx: ErrorContext) -> Markup:
    # the bounds are the column's; people hear what they can do about it
    if err.externals < 0:
        return t("error.externals_out_of_range.none", id=err.collective_id)
    return t("error.externals_out_of_range.many", id=err.collective_id)


field_text(e.TooManyOpenCollectives, "error.too_many_open_collectives", open="open", limit="limit")


@error_text(e.SettlementRefused)
def _settlement(err: e.SettlementRefused, t: Translator, ctx: ErrorContext) -> Markup:
    problems = Markup(" ".join(describe_error(p, t, ctx) for p in err.problems))
    return t("error.settlement_refused", id=err.collective_id, problems=problems)


fixed_text(e.MissingDescription, "error.missing_description")


@error_text(e.UnknownConsumable)
def _unknown_consumable(err: e.UnknownConsumable, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.unknown_consumable", name=err.ref[:40], known=", ".join(err.known))


@error_text(e.InvalidNumber)
def _invalid_number(err: e.InvalidNumber, t: Translator, ctx: ErrorContext) -> Markup:
    if err.reason == "foreign_digits":
        return t("error.invalid_number.foreign_digits", text=err.text[:40])
    return t("error.invalid_number", text=err.text[:40])


field_text(
    e.ConsumeCountOutOfRange, "error.consume_count_out_of_range", count="count", maximum="maximum"
)


@error_text(e.NotExternal)
def _not_external(err: e.NotExternal, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.not_external", name=ctx.name(err.user_id, t))


@error_text(e.AlreadyExternal)
def _already_external(err: e.AlreadyExternal, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.already_external", name=ctx.name(err.user_id, t))


@error_text(e.AlreadyVouched)
def _already_vouched(err: e.AlreadyVouched, t: Translator, ctx: ErrorContext) -> Markup:
    name = ctx.name(err.user_id, t)
    if ctx.is_actor(err.voucher_id):
        return t("error.already_vouched.self", name=name)
    return t("error.already_vouched.other", name=name, voucher=ctx.name(err.voucher_id, t))


@error_text(e.NotVouching)
def _not_vouching(err: e.NotVouching, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.not_vouching", name=ctx.name(err.user_id, t))


field_text(e.TooManyVouchees, "error.too_many_vouchees", limit="limit")


@error_text(e.StillVouching)
def _still_vouching(err: e.StillVouching, t: Translator, ctx: ErrorContext) -> Markup:
    name = t("error.person.you") if ctx.is_actor(err.user_id) else ctx.name(err.user_id, t)
    return t("error.still_vouching", name=name, vouchees=err.vouchees)


@error_text(e.CannotAcceptHistory)
def _cannot_accept(err: e.CannotAcceptHistory, t: Translator, ctx: ErrorContext) -> Markup:
    reason = err.reason if err.reason in ("code", "future") else "nothing"
    return t(f"error.cannot_accept_history.{reason}", code=err.code, cutoff=err.cutoff)


fixed_text(e.UnknownPendingSend, "callback.expired")


@error_text(e.NotPendingSendOwner)
def _not_pending_owner(err: e.NotPendingSendOwner, t: Translator, ctx: ErrorContext) -> Markup:
    return t("callback.not_yours", name=ctx.name(err.user_id, t))


fixed_text(e.PendingSendExpired, "callback.expired")
