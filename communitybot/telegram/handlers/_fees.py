"""``/fee``: the treasurers' membership fees, and the round that charges the due ones.

``/fee`` lists the active fees; ``/fee add amount [@user | role:name] description`` sets up a
monthly fee (every 30 days) for one member, the holders of a role, or every internal member;
``/fee stop id`` ends one. The services check the treasurer's right (``MANAGE_FEES``).

:func:`charge_due_fees` is one round of the bot's fees job (on the application's job queue, every
``fee_run_seconds``): it runs the due instalments off the event loop and then tells each member
privately of their charge, paid or failed (notice kind ``fee``), recording each notice as
delivered so that it goes out once.
"""

from __future__ import annotations

import functools
import logging

from telegram import Bot, Update

from communitybot.core.fees import Fee, FeeRun
from communitybot.core.ids import TelegramId
from communitybot.runtime import command_key
from communitybot.telegram._i18n import Markup, Translator
from communitybot.telegram.handlers._kit import Context, HandlerGroup, Kit, command
from communitybot.telegram.handlers._notices import deliver_notices
from communitybot.telegram.handlers._words import find_target

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
        message, tg_user, t = self.kit.sender(update)
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


async def charge_due_fees(kit: Kit, bot: Bot) -> FeeRun:
    """One round of the fees job: charge what is due now, then deliver every fee notice still
    owed, each recorded as delivered once sent (the services dropped those of members who
    turned fee notices off)."""
    run = await kit.pool.run(kit.community.run_due_fees)
    owed = await kit.pool.run(kit.community.fee_notices)
    for charge in owed:
        if charge.notice is None:
            continue
        await deliver_notices(
            kit,
            bot,
            [charge.notice],
            key=None,
            confirm=functools.partial(
                kit.community.fee_notice_delivered,
                fee_id=charge.fee_id,
                instalment=charge.instalment,
                user_id=charge.user_id,
            ),
        )
    return run


__all__ = ["Fees", "charge_due_fees", "fee_line"]
