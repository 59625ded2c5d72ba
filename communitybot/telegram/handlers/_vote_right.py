"""``/vote_right @user on|off``: give or take someone's vote on payment requests.

A treasurer's command: whether the sender may is the community's permission model's answer
(``GRANT_VOTE``, held through the role ``treasurer`` or a rule), asked by
:func:`~communitybot.services.community.set_vote_permission`; everyone else is refused and
nothing changes. The vote is the documented ``users.permission`` flag, as ``communitybot users
grant-vote`` sets it. The person is named by ``@username``, a text mention or a reply.

The command is not in the menu or the ``/help`` list of every member, only in ``/help
vote_right`` (:data:`~communitybot.telegram.handlers._kit.TREASURER_COMMANDS`).
"""

from __future__ import annotations

from telegram import Update

from communitybot.core.community import UserInfo
from communitybot.core.ids import TelegramId
from communitybot.telegram.handlers._kit import Context, HandlerGroup, command

_VERBS = {"on": True, "off": False}


class VoteRight(HandlerGroup):
    """The treasurers' command."""

    @command
    async def vote_right(self, update: Update, context: Context) -> None:
        """``/vote_right @user on|off`` (or ``/vote_right on|off`` in reply to the person)."""
        message, tg_user, t = self.kit.sender(update)
        found = await self.kit.person_and_verb(message, context.args or [], t, "vote_right", _VERBS)
        if found is None:
            return
        target, verb = found
        allowed = _VERBS[verb]
        actor_tid = TelegramId(tg_user.id)

        def work(actor: UserInfo) -> UserInfo:
            del actor  # the use case identifies and checks the actor itself, by its Telegram id
            return self.kit.community.set_vote_permission(
                user=self.kit.resolve(target), allowed=allowed, actor_tid=actor_tid
            )

        changed = await self.kit.work(tg_user, work)
        await self.kit.reply(
            message, t("vote_right.on" if allowed else "vote_right.off", name=changed.name)
        )


__all__ = ["VoteRight"]
