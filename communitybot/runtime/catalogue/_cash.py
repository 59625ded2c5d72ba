"""Texts of the refusals of the cash box, deposits, undo and reversals."""

from __future__ import annotations

from communitybot.core import errors as e
from communitybot.runtime.catalogue._context import ErrorContext
from communitybot.runtime.catalogue._render import Markup
from communitybot.runtime.catalogue._table import error_text, field_text, fixed_text
from communitybot.runtime.catalogue._translator import Translator

fixed_text(e.NothingToUndo, "error.nothing_to_undo")


@error_text(e.NotUndoable)
def _not_undoable(err: e.NotUndoable, t: Translator, ctx: ErrorContext) -> Markup:
    reason = err.reason if err.reason in ("not_own", "kind", "reversal") else "not_own"
    return t(f"error.not_undoable.{reason}", id=err.transaction_id)


@error_text(e.UndoWindowClosed)
def _window(err: e.UndoWindowClosed, t: Translator, ctx: ErrorContext) -> Markup:
    minutes = max(1, err.window_seconds // 60)
    return t("error.undo_window_closed", id=err.transaction_id, minutes=minutes)


field_text(e.AlreadyReversed, "error.already_reversed", id="transaction_id", reversal="reversal_id")


@error_text(e.CashBoxShort)
def _short(err: e.CashBoxShort, t: Translator, ctx: ErrorContext) -> Markup:
    return t("error.cash_box_short", cash=t.money(err.cash), amount=t.money(err.amount))


@error_text(e.DepositNotPending)
def _decided(err: e.DepositNotPending, t: Translator, ctx: ErrorContext) -> Markup:
    status = "rejected" if err.status == "rejected" else "confirmed"
    return t(f"error.deposit_not_pending.{status}", id=err.deposit_id)


field_text(e.OutOfStock, "error.out_of_stock", name="article", stock="stock", count="count")
