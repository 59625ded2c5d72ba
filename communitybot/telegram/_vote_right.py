"""``/vote_right @user on|off``: give or take someone's vote on payment requests.

A treasurer's command: whether the sender may is the community's permission model's answer
(``GRANT_VOTE``, held through the role ``treasurer`` or a rule), asked by
:func:`~communitybot.services.community.set_vote_permission`; everyone else is refused and
nothing changes. The vote is the documented ``users.permission`` flag, as ``communitybot users
grant-vote`` sets it. The person is named by ``@username``, a text mention or a reply.

The command is not in the menu or the ``/help`` list of every member, only in ``/help
vote_right``.
"""

from __future__ import annotations

from types import MethodType
from typing import TYPE_CHECKING, Any

from telegram import Update

from communitybot.core.community import UserInfo
from communitybot.core.ids import TelegramId
from communitybot.services import community as services
from communitybot.telegram._handlers import (
    TREASURER_COMMANDS,
    Context,
    _extra,
    _require,
    _target,
    command,
)

if TYPE_CHECKING:
    from communitybot.telegram._handlers import CommunityHandlers

_VERBS = {"on": True, "off": False}


@command
async def vote_right(handlers: CommunityHandlers, update: Update, context: Context) -> None:
    """``/vote_right @user on|off`` (or ``/vote_right on|off`` in reply to the person)."""
    message, tg_user = _require(update)
    t = handlers.translator(tg_user)
    args = context.args or []
    verb = args[-1].lower() if args else ""
    named = args[:-1]
    target = _target(message, named, allow_reply=True) if verb in _VERBS else None
    if target is None or _extra(message, named, target):
        await handlers._usage(message, t, "vote_right")
        return
    if await handlers._refuse_bot(message, target, t):
        return
    allowed = _VERBS[verb]
    actor_tid = TelegramId(tg_user.id)

    def work(actor: UserInfo) -> UserInfo:
        del actor  # the service identifies and checks the actor itself, by its Telegram id
        return services.set_vote_permission(
            handlers.uow,
            user=handlers._resolve(target),
            allowed=allowed,
            actor_tid=actor_tid,
        )

    changed = await handlers._work(tg_user, work)
    await handlers.reply(
        message, t("vote_right.on" if allowed else "vote_right.off", name=changed.name)
    )


def treasurer_handlers(handlers: CommunityHandlers) -> dict[str, Any]:
    """The treasurers' command handlers bound to ``handlers``, by command name."""
    return {"vote_right": MethodType(vote_right, handlers)}


__all__ = ["TREASURER_COMMANDS", "treasurer_handlers", "vote_right"]
