"""``/deposit``, ``/withdraw``, ``/cashbox``, ``/undo`` and ``/reverse``: the community's cash and
its corrections.

A member records cash they put into the cash box (``/deposit``, waiting for a treasurer unless
the community runs self-service) or took out (``/withdraw``); a treasurer records for anyone
(``/deposit 20 @bob``), sees and decides waiting deposits and counts the box (``/cashbox``).
``/undo`` takes back a member's own last transfer or purchase within the undo window;
``/reverse id`` is the treasurers' correction of any transaction. Each command's key is its
message; the member a treasurer acted for, and the other party of a reversal, are told
privately (notice kinds ``deposit`` and ``reversal``).
"""

from __future__ import annotations

from telegram import Message, Update
from telegram import User as TgUser

from communitybot.core.cash import CashReceipt, DepositDecision, ReversalReceipt
from communitybot.core.community import TransactionKind, UserInfo
from communitybot.core.errors import InvalidAmount
from communitybot.core.ids import TelegramId
from communitybot.core.money import take_amount
from communitybot.runtime import Refused, command_key
from communitybot.telegram._i18n import Markup, Translator
from communitybot.telegram._present import reason_suffix
from communitybot.telegram.handlers._kit import Context, HandlerGroup, command
from communitybot.telegram.handlers._notices import deliver_notices
from communitybot.telegram.handlers._words import extra_words, find_target

_ID_DIGITS = 9
"""Longest id read from a command (``/reverse 123``, ``/cashbox confirm 12``)."""


def _replayed(text: str, t: Translator, replayed: bool) -> str:
    return Markup(f"{text}\n{t('replayed.note')}") if replayed else text


def _reversal(receipt: ReversalReceipt, t: Translator) -> dict[str, object]:
    """The values every text about a reversal names."""
    return {
        "original": receipt.original_id,
        "reversal": receipt.reversal_id,
        "amount": t.money(receipt.amount),
        "sender": receipt.sender.name,
        "receiver": receipt.receiver.name,
    }


class Cash(HandlerGroup):
    """The cash box: deposits, withdrawals, counts, and the treasurers' decisions."""

    @command
    async def deposit(self, update: Update, context: Context) -> None:
        """``/deposit amount [@user] [reason]``: cash put into the box."""
        await self._cash(update, context, TransactionKind.DEPOSIT)

    @command
    async def withdraw(self, update: Update, context: Context) -> None:
        """``/withdraw amount [@user] [reason]``: cash taken out of the box."""
        await self._cash(update, context, TransactionKind.WITHDRAW)

    async def _cash(self, update: Update, context: Context, kind: TransactionKind) -> None:
        message, tg_user, t = self.kit.sender(update)
        args = context.args or []
        if not args:
            await self.kit.usage(message, t, kind.value)
            return
        amount_text, after = take_amount(args)
        amount = self.kit.amount(amount_text, tg_user)
        target = find_target(message, after, allow_reply=False)
        if target is not None and await self.kit.refuse_bot(message, target, t):
            return
        words = after if target is None else extra_words(message, after, target)
        reason = " ".join(words) or None
        tid, key = TelegramId(tg_user.id), command_key(message)
        community = self.kit.community
        record = community.deposit if kind is TransactionKind.DEPOSIT else community.withdraw

        def work(actor: UserInfo) -> CashReceipt:
            member = None if target is None else self.kit.resolve(target)
            return record(tid=tid, amount=amount, reason=reason, key=key, member=member)

        receipt = await self.kit.work(tg_user, work)
        await self.kit.reply(message, _replayed(self._cash_text(receipt, t), t, receipt.replayed))
        await deliver_notices(
            self.kit, message.get_bot(), receipt.notices, key=key, seen_in=message.chat.id
        )

    def _cash_text(self, receipt: CashReceipt, t: Translator) -> str:
        if receipt.deposit is not None:
            return t("cash.deposit.waiting", id=receipt.deposit.id, amount=t.money(receipt.amount))
        kind = receipt.kind.value
        if receipt.for_member:
            done = t(
                f"cash.{kind}.done_for", amount=t.money(receipt.amount), name=receipt.user.name
            )
        else:
            done = t(
                f"cash.{kind}.done",
                amount=t.money(receipt.amount),
                balance=t.money(receipt.balance),
            )
        return Markup(f"{done}\n{t('cash.box_now', cash=t.money(receipt.cash))}")

    @command
    async def cashbox(self, update: Update, context: Context) -> None:
        """``/cashbox``, ``/cashbox count amount [reason]``, ``/cashbox confirm|reject id``."""
        message, tg_user, t = self.kit.sender(update)
        args = context.args or []
        verb = args[0].lower() if args else ""
        if not args:
            await self._show(message, tg_user, t)
        elif verb == "count" and len(args) > 1:
            await self._count(message, tg_user, args[1:], t)
        elif verb in ("confirm", "reject") and len(args) == 2:
            await self._decide(message, tg_user, args[1], verb == "confirm", t)
        else:
            await self.kit.usage(message, t, "cashbox")

    async def _show(self, message: Message, tg_user: TgUser, t: Translator) -> None:
        tid = TelegramId(tg_user.id)
        view = await self.kit.work(tg_user, lambda actor: self.kit.community.cash_box(tid=tid))
        lines = [str(t("cashbox.holds", cash=t.money(view.cash)))]
        if view.treasurer:
            if not view.pending:
                lines.append(t("cashbox.pending.none"))
            else:
                lines.append(t("cashbox.pending.title"))
                lines.extend(
                    t(
                        "cashbox.pending.line",
                        id=d.id,
                        name=d.user.name,
                        amount=t.money(d.amount),
                        reason=reason_suffix(d.reason, t),
                    )
                    for d in view.pending
                )
                lines.append(t("cashbox.pending.hint"))
        await self.kit.reply(message, Markup("\n".join(lines)))

    async def _count(
        self, message: Message, tg_user: TgUser, words: list[str], t: Translator
    ) -> None:
        amount_text, rest = take_amount(words)
        try:
            counted = self.kit.amount(amount_text, tg_user)
        except Refused as refused:
            # an empty box is a count too
            error = refused.error
            if not (isinstance(error, InvalidAmount) and error.reason == "zero"):
                raise
            counted = 0
        note = " ".join(rest) or None
        tid, key = TelegramId(tg_user.id), command_key(message)
        receipt = await self.kit.work(
            tg_user,
            lambda actor: self.kit.community.count_cash_box(
                tid=tid, counted=counted, note=note, key=key
            ),
        )
        values = {
            "counted": t.money(receipt.counted),
            "expected": t.money(receipt.expected),
            "difference": t.money(abs(receipt.difference)),
            "tx": receipt.transaction_id,
        }
        if receipt.difference == 0:
            text = t("cashbox.count.same", **values)
        else:
            text = t(
                "cashbox.count.more" if receipt.difference > 0 else "cashbox.count.less", **values
            )
        await self.kit.reply(message, _replayed(text, t, receipt.replayed))

    async def _decide(
        self, message: Message, tg_user: TgUser, text: str, confirm: bool, t: Translator
    ) -> None:
        deposit_id = await self.kit.count(
            message, text, t, t("cashbox.bad_id"), (1, 10**_ID_DIGITS)
        )
        if deposit_id is None:
            return
        tid, key = TelegramId(tg_user.id), command_key(message)
        decision: DepositDecision = await self.kit.work(
            tg_user,
            lambda actor: self.kit.community.decide_deposit(
                tid=tid, deposit_id=deposit_id, confirm=confirm, key=key
            ),
        )
        deposit = decision.deposit
        answer = t(
            "cash.confirmed" if confirm else "cash.rejected",
            id=deposit.id,
            amount=t.money(deposit.amount),
            name=deposit.user.name,
        )
        await self.kit.reply(message, _replayed(answer, t, decision.replayed))
        await deliver_notices(
            self.kit, message.get_bot(), decision.notices, key=key, seen_in=message.chat.id
        )


class Undo(HandlerGroup):
    """Taking back a transaction: a member's own undo, a treasurer's reversal."""

    @command
    async def undo(self, update: Update, context: Context) -> None:
        """``/undo``: reverse the sender's own last transfer or purchase."""
        message, tg_user, t = self.kit.sender(update)
        if context.args:
            await self.kit.usage(message, t, "undo")
            return
        tid, key = TelegramId(tg_user.id), command_key(message)
        receipt = await self.kit.work(
            tg_user, lambda actor: self.kit.community.undo_last(tid=tid, key=key)
        )
        balance = t.money(receipt.actor_balance or 0)
        text = t("undo.done", **_reversal(receipt, t), balance=balance)
        await self.kit.reply(message, _replayed(text, t, receipt.replayed))
        await self._tell(message, receipt, key)

    @command
    async def reverse(self, update: Update, context: Context) -> None:
        """``/reverse id``: the treasurers' reversal of any transaction."""
        message, tg_user, t = self.kit.sender(update)
        args = context.args or []
        if len(args) != 1:
            await self.kit.usage(message, t, "reverse")
            return
        wanted = await self.kit.count(
            message, args[0].lstrip("#"), t, t("reverse.bad_id"), (1, 10**_ID_DIGITS)
        )
        if wanted is None:
            return
        tid, key = TelegramId(tg_user.id), command_key(message)
        receipt = await self.kit.work(
            tg_user,
            lambda actor: self.kit.community.reverse(tid=tid, transaction_id=wanted, key=key),
        )
        text = t("reverse.done", **_reversal(receipt, t))
        await self.kit.reply(message, _replayed(text, t, receipt.replayed))
        await self._tell(message, receipt, key)

    async def _tell(self, message: Message, receipt: ReversalReceipt, key: str) -> None:
        await deliver_notices(
            self.kit, message.get_bot(), receipt.notices, key=key, seen_in=message.chat.id
        )


__all__ = ["Cash", "Undo"]
