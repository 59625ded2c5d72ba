"""Texts of the refusals of the Discord features: minting by reaction, the member list, a
confirmation that does not match."""

from __future__ import annotations

from communitybot.core import errors as e
from communitybot.runtime.catalogue._context import ErrorContext
from communitybot.runtime.catalogue._render import Markup
from communitybot.runtime.catalogue._table import error_text, field_text, fixed_text
from communitybot.runtime.catalogue._translator import Translator


@error_text(e.ReactionMintCapReached)
def _cap(err: e.ReactionMintCapReached, t: Translator, ctx: ErrorContext) -> Markup:
    return t(
        "error.reaction_mint_cap",
        minted=ctx.money(err.minted, t),
        amount=ctx.money(err.amount, t),
        cap=ctx.money(err.cap, t),
    )


fixed_text(e.OwnMessageReaction, "error.own_message_reaction")
fixed_text(e.MemberListUnavailable, "error.member_list_unavailable")


field_text(e.ConfirmationMismatch, "error.confirmation_mismatch", expected="expected")
