"""``/vouch``: who vouches for whom, adding and ending a vouch."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram import User as TgUser

from communitybot.core.community import UserInfo, VouchInfo
from communitybot.core.ids import TelegramId
from communitybot.runtime import command_key
from communitybot.telegram._i18n import Markup, Translator
from communitybot.telegram._present import mention, vouchees_text
from communitybot.telegram.handlers._collectives import Collectives
from communitybot.telegram.handlers._kit import Context, HandlerGroup, Kit, command
from communitybot.telegram.handlers._notices import deliver_notices
from communitybot.telegram.handlers._words import extra_words, find_target

_log = logging.getLogger(__name__)


class Vouch(HandlerGroup):
    """Internal members vouching for external guests."""

    def __init__(self, kit: Kit, *, collectives: Collectives) -> None:
        super().__init__(kit)
        self.collectives = collectives

    @command
    async def vouch(self, update: Update, context: Context) -> None:
        """``/vouch``, ``/vouch add @user``, ``/vouch remove @user`` (or by reply)."""
        message, tg_user, t = self.kit.sender(update)
        args = context.args or []
        tid = TelegramId(tg_user.id)
        if not args:
            await self._vouch_overview(message, tg_user, t)
            return
        verb = args[0].lower()
        if verb not in ("add", "remove"):
            await self.kit.reply(message, t("vouch.bad_verb"))
            return
        target = find_target(message, args[1:], allow_reply=True)
        if target is None:
            await self.kit.reply(message, t("vouch.no_target"))
            return
        if extra_words(message, args[1:], target):
            await self.kit.reply(message, t("vouch.bad_verb"))
            return
        if await self.kit.refuse_bot(message, target, t):
            return
        if verb == "add":
            info = await self.kit.work(
                tg_user,
                lambda actor: self.kit.community.vouch(
                    voucher_tid=tid, external=self.kit.resolve(target)
                ),
            )
            await self.kit.reply(
                message,
                t(
                    "vouch.added",
                    name=info.external.name,
                    limit=t.money(self.kit.rules.external_min_balance),
                ),
            )
            return
        key = command_key(message)
        ended = await self.kit.work(
            tg_user,
            lambda actor: self.kit.community.stop_vouching(
                voucher_tid=tid,
                external=self.kit.resolve(target),
                key=key,
            ),
        )
        if ended.settled > 0:
            text = t(
                "vouch.removed_credit", name=ended.external.name, amount=t.money(ended.settled)
            )
        elif ended.settled < 0:
            text = t("vouch.removed_debt", name=ended.external.name, amount=t.money(-ended.settled))
        else:
            text = t("vouch.removed_zero", name=ended.external.name)
        if ended.cancelled:
            ids = ", ".join(f"#{cid}" for cid in ended.cancelled)
            text = Markup(f"{text}\n{t('vouch.cancelled', ids=ids)}")
        if ended.replayed:
            text = Markup(f"{text}\n{t('replayed.note')}")
        await self.kit.reply(message, text)
        await deliver_notices(
            self.kit, message.get_bot(), ended.notices, key=key, seen_in=message.chat.id
        )
        for cid in ended.cancelled:  # their messages lose the buttons nobody could use
            try:
                await self.collectives.redraw(message.get_bot(), cid)
            except Exception:  # noqa: BLE001 - answered and done: only the display lags
                _log.warning("could not redraw cancelled collective %s", cid, exc_info=True)

    async def _vouch_overview(self, message: Message, tg_user: TgUser, t: Translator) -> None:
        tid = TelegramId(tg_user.id)

        def work(actor: UserInfo) -> tuple[UserInfo, tuple[VouchInfo, ...], str | None]:
            vouchees = () if actor.external else self.kit.community.list_vouchees(voucher_tid=tid)
            voucher_name = None
            if actor.external and actor.voucher is not None:
                voucher_name = self.kit.community.get_user(user=actor.voucher).name
            return actor, vouchees, voucher_name

        actor, vouchees, voucher_name = await self.kit.work(tg_user, work)
        if actor.external:
            if voucher_name is not None:
                text = t("vouch.your_voucher", name=voucher_name)
            else:
                text = t("vouch.no_voucher", mention=mention(actor))
        else:
            text = vouchees_text(vouchees, t)
        await self.kit.reply(message, text)


__all__ = ["Vouch"]
