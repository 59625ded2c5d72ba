"""``/fee``: the treasurers' membership fees, and the timer that charges the due ones.

``/fee`` lists the active fees; ``/fee add amount [@user | role:name] description`` sets up a
monthly fee (every 30 days) for one member, the holders of a role, or every internal member;
``/fee stop id`` ends one. The services check the treasurer's right (``MANAGE_FEES``).

:class:`FeeTimer` runs the due instalments itself, every ``fee_run_seconds``, off the event loop,
and then tells each member privately of their charge, paid or failed (notice kind ``fee``),
recording each notice as delivered so that it goes out once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram import Bot, Update

from communitybot.core.cash import NoticeKind
from communitybot.core.fees import Fee, FeeNotice, FeeRun
from communitybot.core.ids import TelegramId
from communitybot.runtime import command_key
from communitybot.telegram._i18n import Markup, Translator
from communitybot.telegram.handlers._kit import Context, HandlerGroup, Kit, command
from communitybot.telegram.handlers._words import find_target, require

_log = logging.getLogger(__name__)
_ROLE = "role:"


def fee_line(fee: Fee, t: Translator) -> str:
    """One fee of the listing."""
    if fee.user_id is not None:
        who = (
            t("fee.who.member", id=fee.user_id)
            if fee.member is None
            else t("fee.who.named", name=fee.member, id=fee.user_id)
        )
    elif fee.role is not None:
        who = t("fee.who.role", role=fee.role)
    else:
        who = t("fee.who.everyone")
    return t(
        "fee.line",
        id=fee.id,
        amount=t.money(fee.amount),
        days=fee.interval_days,
        who=who,
        description=fee.description,
        due=t.date(fee.next_due_at),
    )


class Fees(HandlerGroup):
    """The treasurers' fees command."""

    @command
    async def fee(self, update: Update, context: Context) -> None:
        """``/fee``, ``/fee add amount [@user | role:name] description``, ``/fee stop id``."""
        message, tg_user = require(update)
        t = self.kit.translator(tg_user)
        args = context.args or []
        tid = TelegramId(tg_user.id)
        community = self.kit.community
        if not args:
            fees = await self.kit.work(tg_user, lambda actor: community.list_fees())
            lines = [str(t("fee.title"))] + [fee_line(f, t) for f in fees]
            if not fees:
                lines.append(t("fee.none"))
            await self.kit.reply(message, Markup("\n".join(lines)))
            return
        verb = args[0].lower()
        if verb == "stop" and len(args) == 2:
            fee_id = await self.kit.count(message, args[1].lstrip("#"), t, t("fee.bad_id"), None)
            if fee_id is None:
                return
            stopped = await self.kit.work(
                tg_user, lambda actor: community.cancel_fee(tid=tid, fee_id=fee_id)
            )
            await self.kit.reply(message, t("fee.stopped", line=fee_line(stopped, t)))
            return
        if verb != "add" or len(args) < 3:
            await self.kit.usage(message, t, "fee")
            return
        amount = self.kit.amount(args[1], tg_user)
        rest = args[2:]
        role = rest[0][len(_ROLE) :] if rest[0].lower().startswith(_ROLE) else None
        target = None if role is not None else find_target(message, rest, allow_reply=False)
        words = rest[1:] if role is not None or (target and target.username) else rest
        if not words:
            await self.kit.usage(message, t, "fee")
            return
        key = command_key(message)

        def work(actor: object) -> Fee:
            member = None if target is None else self.kit.resolve(target)
            return community.create_fee(
                tid=tid,
                amount=amount,
                description=" ".join(words),
                user=member,
                role=role,
                key=key,
            )

        made = await self.kit.work(tg_user, work)
        await self.kit.reply(message, t("fee.added", line=fee_line(made, t)))


class FeeTimer:
    """Charges the due fee instalments every ``seconds`` and tells the members."""

    def __init__(self, kit: Kit, seconds: float) -> None:
        self.kit = kit
        self.seconds = seconds
        self._task: asyncio.Task[None] | None = None

    async def run_once(self, bot: Bot) -> FeeRun:
        """Charge what is due now, then deliver every notice still owed."""
        run = await self.kit.pool.run(self.kit.community.run_due_fees)
        notices = await self.kit.pool.run(self.kit.community.fee_notices)
        for notice in notices:
            await self._tell(bot, notice)
        return run

    async def _tell(self, bot: Bot, notice: FeeNotice) -> None:
        shared = self.kit.shared
        values = {
            "description": notice.description,
            "amount": shared.money(notice.amount),
            "balance": shared.money(notice.balance),
        }
        text = (
            shared("fee.notice.paid", **values)
            if notice.failure is None
            else shared("fee.notice.failed", **values)
        )
        if notice.tid is not None:
            await self.kit.tell(bot, notice.tid, text, kind=NoticeKind.FEE)
        await self.kit.pool.run(
            self.kit.community.fee_notice_delivered,
            fee_id=notice.fee_id,
            instalment=notice.instalment,
            user_id=notice.user_id,
        )

    def start(self, bot: Bot) -> None:
        """Start the timer (nothing when ``seconds`` is 0)."""
        if self.seconds > 0 and self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._loop(bot))

    async def stop(self) -> None:
        """Stop the timer."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _loop(self, bot: Bot) -> None:
        while True:
            await asyncio.sleep(self.seconds)
            try:
                await self.run_once(bot)
            except Exception:  # noqa: BLE001 - logged; the next round tries again
                _log.exception("running the due fees failed")


__all__ = ["FeeTimer", "Fees", "fee_line"]
