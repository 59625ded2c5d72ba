"""``/member @user active|inactive|internal|external`` and ``/close <number>``: a treasurer's
chat administration.

Like ``/vote_right``, whether the sender may is the community's permission model's answer,
asked by the use case itself (``ACTIVATE_MEMBERS``, ``SET_MEMBERSHIP``, ``CLOSE_COLLECTIVE``, all
held through the role ``treasurer`` or a rule); everyone else is refused and nothing changes.
Every change is written to the standing log and to the audit of administration, in the change's
own transaction. Deactivating a voucher settles its guests first, as ``communitybot users
deactivate`` does. ``/close`` cancels a stuck payment request or communism by its number (as its
Cancel button does for the treasurer) and brings its messages up to date.

Both commands are kept out of the menu and the ``/help`` list, explained by ``/help member``
and ``/help close`` (:data:`~communitybot.telegram.handlers._kit.TREASURER_COMMANDS`).
"""

from __future__ import annotations

from telegram import Update

from communitybot.core.community import UserInfo
from communitybot.core.ids import CollectiveId, TelegramId
from communitybot.core.notices import Notice
from communitybot.core.text import is_plain_number
from communitybot.runtime import command_key
from communitybot.telegram.handlers._collectives import Collectives
from communitybot.telegram.handlers._kit import Context, HandlerGroup, Kit, command
from communitybot.telegram.handlers._notices import deliver_notices

_VERBS = ("active", "inactive", "internal", "external")


class MemberAdmin(HandlerGroup):
    """The treasurers' commands over members and stuck collectives."""

    def __init__(self, kit: Kit, *, collectives: Collectives) -> None:
        super().__init__(kit)
        self.collectives = collectives

    @command
    async def member(self, update: Update, context: Context) -> None:
        """``/member @user active|inactive|internal|external`` (or in reply to the person)."""
        message, tg_user, t = self.kit.sender(update)
        found = await self.kit.person_and_verb(message, context.args or [], t, "member", _VERBS)
        if found is None:
            return
        target, verb = found
        actor_tid = TelegramId(tg_user.id)
        key = command_key(message)
        community = self.kit.community

        def work(actor: UserInfo) -> tuple[UserInfo, int, tuple[Notice, ...]]:
            del actor  # the use case identifies and checks the actor itself, by its Telegram id
            user = self.kit.resolve(target)
            if verb in ("active", "inactive"):
                done = community.set_active(
                    user=user, active=verb == "active", key=key, actor_tid=actor_tid
                )
                return done.user, len(done.settlements), done.notices
            change = community.make_internal if verb == "internal" else community.make_external
            return change(user=user, actor_tid=actor_tid), 0, ()

        changed, settled, notices = await self.kit.work(tg_user, work)
        text = t(f"member.{verb}", name=changed.name)
        if settled:
            text = t("member.settled", text=text, count=settled)
        await self.kit.reply(message, text)
        # the externals and the voucher hear of each settlement, as when vouching is stopped
        await deliver_notices(
            self.kit, message.get_bot(), notices, key=key, seen_in=message.chat.id
        )

    @command
    async def close(self, update: Update, context: Context) -> None:
        """``/close <number>``: cancel a stuck payment request or communism, no money moves."""
        message, tg_user, t = self.kit.sender(update)
        args = context.args or []
        number = args[0].removeprefix("#") if len(args) == 1 else ""
        if not is_plain_number(number) or len(number) > 10:
            await self.kit.usage(message, t, "close")
            return
        cid = CollectiveId(int(number))
        actor_tid = TelegramId(tg_user.id)
        await self.kit.work(
            tg_user,
            lambda actor: self.kit.community.cancel_collective(
                collective_id=cid, actor_tid=actor_tid
            ),
        )
        await self.kit.reply(message, t("close.done", id=cid))
        await self.collectives.redraw(message.get_bot(), cid)


__all__ = ["MemberAdmin"]
