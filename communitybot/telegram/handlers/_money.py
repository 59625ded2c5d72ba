"""``/send``: the summary with Confirm and Abort, and the presses on it."""

from __future__ import annotations

import logging
import secrets

from telegram import CallbackQuery, Message, Update

from communitybot.core.community import TransferPreview
from communitybot.core.errors import (
    NotPendingSendOwner,
    OutcomeUnknown,
    PendingSendExpired,
    UnknownPendingSend,
)
from communitybot.core.ids import TelegramId, UserId
from communitybot.core.money import take_amount
from communitybot.core.notices import Notice, NoticeKind
from communitybot.runtime import Refused, held_send_key
from communitybot.runtime.catalogue import describe_error
from communitybot.telegram._callbacks import Action, Callback
from communitybot.telegram._i18n import Markup, Translator
from communitybot.telegram._present import reason_suffix, send_keyboard
from communitybot.telegram.handlers._kit import Context, HandlerGroup, command
from communitybot.telegram.handlers._notices import deliver_notices
from communitybot.telegram.handlers._press import ButtonResult, drop_keyboard, edit
from communitybot.telegram.handlers._words import extra_words, find_target, require

_log = logging.getLogger(__name__)


class Money(HandlerGroup):
    """Sending money to another member."""

    @command
    async def send(self, update: Update, context: Context) -> None:
        """``/send amount @user [reason]``: a summary with Confirm and Abort for the sender."""
        message, tg_user = require(update)
        t = self.kit.translator(tg_user)
        args = context.args or []
        if not args:
            await self.kit.usage(message, t, "send")
            return
        amount_text, after = take_amount(args)
        amount = self.kit.amount(amount_text, tg_user)
        target = find_target(message, after, allow_reply=True)
        if target is None:
            await self.kit.reply(message, t("send.no_receiver"))
            return
        if await self.kit.refuse_bot(message, target, t):
            return
        reason = " ".join(extra_words(message, after, target)) or None

        def work(actor: UserId) -> TransferPreview:
            return self.kit.community.preview_send(
                sender=actor,
                receiver=self.kit.resolve(target),
                amount=amount,
                reason=reason,
            )

        preview = await self.kit.work_by_id(tg_user, work)
        token = secrets.token_urlsafe(9)
        text = t(
            "send.preview",
            amount=t.money(preview.amount),
            sender=preview.sender.name,
            receiver=preview.receiver.name,
            reason=reason_suffix(reason, t),
        )
        # The buttons go on only once the pending transfer is stored (it names the summary's
        # message id): a press can never arrive before there is something to confirm.
        summary = await self.kit.reply(message, text)
        await self.kit.pool.run(
            self.kit.community.hold_send,
            token=token,
            key=held_send_key(message),
            sender=preview.sender,
            receiver=preview.receiver,
            amount=preview.amount,
            reason=reason,
            chat_id=summary.chat.id,
            msg_id=summary.message_id,
        )
        await summary.edit_reply_markup(reply_markup=send_keyboard(token, t))

    async def press(self, query: CallbackQuery, callback: Callback, t: Translator) -> ButtonResult:
        """Confirm or Abort: only on the message that shows the token, only by its sender."""
        pressed = query.message
        if not isinstance(pressed, Message):
            return ButtonResult(t("callback.invalid"), True)
        token, tid = callback.token, TelegramId(query.from_user.id)
        chat_id, msg_id = pressed.chat.id, pressed.message_id
        try:
            if callback.action is Action.ABORT_SEND:
                await self.kit.pressing(
                    query.from_user,
                    lambda: self.kit.community.abort_send(
                        token=token,
                        presser_tid=tid,
                        chat_id=chat_id,
                        msg_id=msg_id,
                    ),
                )
                return ButtonResult(t("callback.done"), then=lambda: edit(query, t("send.aborted")))
            confirmed = await self.kit.pressing(
                query.from_user,
                lambda: self.kit.community.confirm_send(
                    token=token,
                    presser_tid=tid,
                    chat_id=chat_id,
                    msg_id=msg_id,
                ),
            )
        except Refused as refused:
            if isinstance(refused.error, OutcomeUnknown):
                # It may have gone through: the summary keeps its buttons, and Confirm again
                # either finds the transfer recorded on the pending one or makes it.
                return ButtonResult(t("send.outcome_unknown"), True)
            error = describe_error(refused.error, t, refused.context)
            if isinstance(refused.error, PendingSendExpired):
                return ButtonResult(error, True, lambda: drop_keyboard(query))
            if isinstance(refused.error, (UnknownPendingSend, NotPendingSendOwner)):
                return ButtonResult(error, True)
            failed = t("send.failed", error=error)
            return ButtonResult(error, True, lambda: edit(query, failed))
        pending, receipt = confirmed.pending, confirmed.receipt
        done = t(
            "send.done",
            sender=receipt.sender.name,
            amount=t.money(receipt.amount),
            receiver=receipt.receiver.name,
            reason=reason_suffix(pending.reason, t),
        )
        if receipt.replayed:
            done = Markup(f"{done}\n{t('replayed.note')}")

        async def show() -> None:
            await edit(query, done)
            if not receipt.notify_receiver:
                return
            # Owed by the press that made the transfer (also when its COMMIT went unanswered
            # and the retry found its own work), and only when the receiver has not turned the
            # kind ``received`` off. A later press replays from the pending transfer's record
            # and owes nothing, so nothing records the delivery (no statement per transfer).
            notice = Notice(
                kind=NoticeKind.RECEIVED,
                event="received",
                recipient=receipt.receiver,
                tid=pending.receiver_tid,
                amount=receipt.amount,
                balance=receipt.receiver_balance,
                counterpart=receipt.sender,
                subject=pending.reason or "",
            )
            seen_in = query.message.chat.id if query.message is not None else None
            await deliver_notices(self.kit, query.get_bot(), [notice], key=None, seen_in=seen_in)

        return ButtonResult(t("send.balance", balance=t.money(receipt.sender_balance)), then=show)


__all__ = ["Money"]
