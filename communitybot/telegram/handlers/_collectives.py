"""Collectives: ``/pay`` (payment requests voted on) and ``/communism`` (split bills), their
buttons, and every recorded copy of their message."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram import User as TgUser
from telegram.error import BadRequest, Forbidden, TelegramError

from communitybot.core.community import (
    CollectiveKind,
    CollectiveMessage,
    CollectiveReceipt,
    CollectiveStatus,
    CollectiveView,
    UserInfo,
    VoteReceipt,
)
from communitybot.core.errors import CollectiveClosed, DomainError
from communitybot.core.ids import CollectiveId, TelegramId
from communitybot.core.money import take_amount
from communitybot.core.notices import Notice
from communitybot.runtime import Refused, command_key, press_key
from communitybot.runtime.catalogue import describe_error
from communitybot.telegram._callbacks import Action, BadCallback, Callback
from communitybot.telegram._i18n import Translator
from communitybot.telegram._present import collective_keyboard, collective_text
from communitybot.telegram.handlers._kit import Context, HandlerGroup, command
from communitybot.telegram.handlers._notices import deliver_notices
from communitybot.telegram.handlers._press import ButtonResult

_log = logging.getLogger(__name__)


class Collectives(HandlerGroup):
    """Payment requests and communisms."""

    @command
    async def pay(self, update: Update, context: Context) -> None:
        """``/pay amount description``: a payment request the members vote on."""
        await self._open_collective(update, context, CollectiveKind.PAYMENT)

    @command
    async def communism(self, update: Update, context: Context) -> None:
        """``/communism amount description``: split a bill among everyone who joins."""
        await self._open_collective(update, context, CollectiveKind.COMMUNISM)

    async def _open_collective(
        self, update: Update, context: Context, kind: CollectiveKind
    ) -> None:
        message, tg_user, t = self.kit.sender(update)
        args = context.args or []
        tid = TelegramId(tg_user.id)
        name = "pay" if kind is CollectiveKind.PAYMENT else "communism"
        if not args:
            await self._show_open(message, tg_user, kind, t, name)
            return
        amount_text, words = take_amount(args)
        amount = self.kit.amount(amount_text, tg_user)
        description = " ".join(words)
        key = command_key(message)
        community = self.kit.community
        open_one = (
            community.request_payment
            if kind is CollectiveKind.PAYMENT
            else community.start_communism
        )

        def work(actor: UserInfo) -> CollectiveReceipt:
            return open_one(
                creator_tid=tid,
                amount=amount,
                description=description,
                key=key,
            )

        # A replayed command (redelivered after a restart) opened nothing: showing the collective
        # again, as a recorded copy kept up to date like the first, is its answer.
        receipt = await self.kit.work(tg_user, work)
        await self._post_collective(message, receipt.collective)

    async def _show_open(
        self, message: Message, tg_user: TgUser, kind: CollectiveKind, t: Translator, name: str
    ) -> None:
        """``/pay`` or ``/communism`` alone: show your open ones again here, or the usage."""
        tid = TelegramId(tg_user.id)

        def work(actor: UserInfo) -> list[CollectiveView]:
            views = self.kit.community.list_open_collectives(creator_tid=tid)
            return [v for v in views if v.kind is kind]

        views = await self.kit.work(tg_user, work)
        if not views:
            usage = t(
                "general.usage", usage=t(f"help.{name}.usage"), example=t(f"help.{name}.example")
            )
            await self.kit.reply(message, t(f"{name}.none_open", usage=usage))
            return
        for view in views:
            await self._post_collective(message, view)

    async def _post_collective(self, message: Message, view: CollectiveView) -> None:
        """Send the message that shows ``view`` and record it, so it is edited on change."""
        t = self.kit.shared
        sent = await message.reply_text(
            collective_text(view, t, self.kit.rules), reply_markup=collective_keyboard(view, t)
        )
        await self.kit.pool.run(
            self.kit.community.record_message,
            collective_id=view.id,
            chat_id=sent.chat.id,
            msg_id=sent.message_id,
        )

    async def press(self, query: CallbackQuery, callback: Callback, t: Translator) -> ButtonResult:
        """A button of a collective: only on a message that shows it, one service call, then
        every recorded copy is brought up to date."""
        cid = CollectiveId(callback.number)
        tid = TelegramId(query.from_user.id)
        action = callback.action
        key = press_key(query)
        pressed = query.message
        if not isinstance(pressed, Message):
            return ButtonResult(t("callback.invalid"), True)
        chat_id, msg_id = pressed.chat.id, pressed.message_id

        def work(
            actor: UserInfo,
        ) -> tuple[CollectiveView, str, tuple[Notice, ...], tuple[CollectiveMessage, ...]] | None:
            # A press counts only on a message that shows its collective (collective_messages).
            if self.kit.community.collective_shown_by(chat_id=chat_id, msg_id=msg_id) != cid:
                return None
            view, answer, notices = self._collective_action(action, cid, tid, key, t)
            return view, answer, notices, self.kit.community.list_messages(collective_id=cid)

        try:
            done = await self.kit.work(query.from_user, work)
        except Refused as refused:
            refusal = describe_error(refused.error, t, refused.context)
            if isinstance(refused.error, CollectiveClosed):
                return ButtonResult(refusal, True, lambda: self._refresh_pressed(query, cid))
            return ButtonResult(refusal, True)
        if done is None:
            return ButtonResult(t("callback.invalid"), True)
        view, answer, notices, recorded = done

        async def then() -> None:
            await self._show_everywhere(view, recorded, query)
            # owed until confirmed: a redelivered press after a crash still tells them, once
            await deliver_notices(self.kit, query.get_bot(), notices, key=key, seen_in=chat_id)

        return ButtonResult(answer, then=then)

    def _collective_action(
        self, action: Action, cid: CollectiveId, tid: TelegramId, key: str, t: Translator
    ) -> tuple[CollectiveView, str, tuple[Notice, ...]]:
        """One service call for one collective button (runs in the worker thread), with the
        notices it owes."""
        community = self.kit.community
        if action in (Action.APPROVE, Action.DISAPPROVE):
            approve = action is Action.APPROVE
            receipt = community.vote(collective_id=cid, voter_tid=tid, approve=approve, key=key)
            answer = t("pay.voted_approve") if approve else t("pay.voted_disapprove")
            return (
                receipt.collective,
                self._decided_answer(receipt, t) or answer,
                receipt.notices,
            )
        if action is Action.RETRACT:
            receipt = community.retract_vote(collective_id=cid, voter_tid=tid, key=key)
            retracted = self._decided_answer(receipt, t) or t("pay.retracted")
            return receipt.collective, retracted, receipt.notices
        if action is Action.JOIN:
            view = community.join_communism(collective_id=cid, user_tid=tid)
            return view, t("communism.joined"), ()
        if action is Action.LEAVE:
            view = community.leave_communism(collective_id=cid, user_tid=tid)
            return view, t("communism.left"), ()
        if action in (Action.EXTERNALS_PLUS, Action.EXTERNALS_MINUS):
            delta = 1 if action is Action.EXTERNALS_PLUS else -1
            changed = community.change_externals(
                collective_id=cid, actor_tid=tid, delta=delta, key=key
            )
            view = changed.collective
            return view, t("communism.externals_now", count=view.externals), ()
        if action is Action.ACCEPT:
            settled = community.accept_communism(collective_id=cid, actor_tid=tid, key=key)
            view = settled.collective
            return view, t("communism.accepted", creator=view.creator.name), settled.notices
        if action in (Action.CANCEL_PAYMENT, Action.CANCEL_COMMUNISM):
            view = community.cancel_collective(collective_id=cid, actor_tid=tid)
            return view, t("communism.cancelled"), ()
        raise BadCallback(action.name)

    @staticmethod
    def _decided_answer(receipt: VoteReceipt, t: Translator) -> str | None:
        """What a vote (or a withdrawal) that decided the request answers; ``None`` if open."""
        view = receipt.collective
        if receipt.decided and view.status is CollectiveStatus.PAID:
            return t("pay.decided_paid", amount=t.money(view.amount), creator=view.creator.name)
        if receipt.decided:
            return t("pay.decided_denied")
        return None

    async def expire(self, bot: Any) -> None:
        """The job queue's round: close the payment requests that expired and bring their
        recorded messages up to date."""
        expired = await self.kit.pool.run(self.kit.community.expire_payment_requests)
        for view in expired:
            recorded = await self.kit.pool.run(
                self.kit.community.list_messages, collective_id=view.id
            )
            await self._show_everywhere(view, recorded, None, bot=bot)

    async def redraw(self, bot: Any, cid: CollectiveId) -> None:
        """Bring every recorded message of a collective up to date (after a change elsewhere)."""
        view = await self.kit.pool.run(self.kit.community.get_collective, collective_id=cid)
        recorded = await self.kit.pool.run(self.kit.community.list_messages, collective_id=cid)
        await self._show_everywhere(view, recorded, None, bot=bot)

    async def _refresh_pressed(self, query: CallbackQuery, cid: CollectiveId) -> None:
        """A press on a stale message: bring that message up to date (drops old buttons)."""
        try:
            view = await self.kit.pool.run(self.kit.community.get_collective, collective_id=cid)
        except DomainError:
            return
        await self._show_everywhere(view, (), query)

    async def _show_everywhere(
        self,
        view: CollectiveView,
        recorded: Sequence[CollectiveMessage],
        query: CallbackQuery | None,
        *,
        bot: Any = None,
    ) -> None:
        """Edit every recorded message of the collective (and the pressed one) to its state."""
        t = self.kit.shared
        text = collective_text(view, t, self.kit.rules)
        keyboard = collective_keyboard(view, t)
        targets = {(m.chat_id, m.msg_id) for m in recorded}
        if query is not None and query.message is not None:
            targets.add((query.message.chat.id, query.message.message_id))
        if query is not None:
            bot = query.get_bot()
        if bot is None:
            return
        results = await asyncio.gather(
            *(
                self._edit_one(bot, chat_id, msg_id, text, keyboard)
                for chat_id, msg_id in sorted(targets)
            )
        )
        gone = [target for target, alive in zip(sorted(targets), results, strict=True) if not alive]
        for chat_id, msg_id in gone:
            await self.kit.pool.run(
                self.kit.community.forget_message, chat_id=chat_id, msg_id=msg_id
            )

    async def _edit_one(
        self,
        bot: Any,
        chat_id: int,
        msg_id: int,
        text: str,
        keyboard: InlineKeyboardMarkup | None,
    ) -> bool:
        """Edit one message; False when it is gone for good (deleted, or the bot was removed)."""
        try:
            await bot.edit_message_text(
                text, chat_id=chat_id, message_id=msg_id, reply_markup=keyboard
            )
        except BadRequest as err:
            reason = str(err).lower()
            if "not modified" in reason:
                return True
            if "not found" in reason or "can't be edited" in reason:
                return False
            _log.warning("could not edit collective message %s/%s: %s", chat_id, msg_id, err)
        except Forbidden:
            return False
        except TelegramError as err:  # flood control, timeouts: this copy stays as it was
            _log.warning("could not edit collective message %s/%s: %s", chat_id, msg_id, err)
        return True


__all__ = ["Collectives"]
