"""``/start`` and ``/help``, and the hint to /help for private text no command takes."""

from __future__ import annotations

from telegram import Update
from telegram import User as TgUser
from telegram.constants import ChatType

from communitybot.core.community import UserInfo
from communitybot.core.community_standing import Action
from communitybot.core.ids import TelegramId
from communitybot.core.rules import Consumable
from communitybot.telegram._i18n import Translator
from communitybot.telegram._present import mention
from communitybot.telegram.handlers._kit import (
    BASE_COMMANDS,
    TREASURER_COMMANDS,
    Context,
    HandlerGroup,
    command,
)

_TREASURER_ACTIONS: dict[str, Action] = {
    "vote_right": Action.GRANT_VOTE,
    "member": Action.ACTIVATE_MEMBERS,
    "close": Action.CLOSE_COLLECTIVE,
    "reverse": Action.REVERSE,
    "article": Action.MANAGE_ARTICLES,
    "fee": Action.MANAGE_FEES,
}
"""The action that lets someone use each treasurer command: ``/help`` lists the command to
whoever may take it (``/member`` also serves ``SET_MEMBERSHIP``, listed with ``/member``)."""


class StartHelp(HandlerGroup):
    """Registration, greeting and help."""

    @command
    async def start(self, update: Update, context: Context) -> None:
        """``/start``: register (internal in an internal chat) and greet with the next steps."""
        message, tg_user, t = self.kit.sender(update)
        tid = TelegramId(tg_user.id)

        def work() -> tuple[bool, UserInfo]:
            before = self.kit.known(tg_user)
            info = self.kit.community.register_or_refresh(
                tid=tid,
                first_name=tg_user.first_name,
                last_name=tg_user.last_name,
                username=tg_user.username,
                chat_id=message.chat.id,
            )
            self.kit.remember(tg_user, info)
            return before is None, info

        is_new, user = await self.kit.anonymous(work, tg_user=tg_user)
        community = self.kit.rules.community_name
        if not is_new:
            lines = [t("start.welcome_back", name=user.name, balance=t.money(user.balance))]
        elif user.external:
            lines = [
                t(
                    "start.welcome_external",
                    name=user.name,
                    community=community,
                    mention=mention(user),
                )
            ]
        else:
            lines = [t("start.welcome_internal", name=user.name, community=community)]
        lines.append(t("start.next_steps"))
        await self.kit.reply(message, "\n\n".join(lines))

    @command
    async def help(self, update: Update, context: Context) -> None:
        """``/help [command]``: every command with its usage, or one in detail with an example.
        Consumables are shown as on sale now (the articles table: today's price; a deactivated
        one not at all; one added at run time too, its command working at once)."""
        message, tg_user, t = self.kit.sender(update)
        args = context.args or []
        on_sale = {c.name: c for c in await self.kit.pool.run(self.kit.community.list_consumables)}
        if args:
            name = args[0].lstrip("/").split("@")[0].lower()
            detail = self._help_entry(name, t, on_sale)
            if detail is None:
                await self.kit.reply(message, t("help.unknown", command=name[:32]))
                return
            summary, usage, example = detail
            await self.kit.reply(
                message,
                t("help.detail", command=name, summary=summary, usage=usage, example=example),
            )
            return
        lines = [str(t("help.title", community=self.kit.rules.community_name))]
        for name in (*BASE_COMMANDS, *on_sale):
            detail = self._help_entry(name, t, on_sale)
            if detail is not None:
                lines.append(t("help.line", command=name, summary=detail[0]))
        mine = await self.kit.pool.run(lambda: self._treasurer_commands(tg_user))
        if mine:
            lines.append("")
            lines.append(str(t("help.treasurer_title")))
            lines.extend(
                str(t("help.line", command=name, summary=t(f"help.{name}.summary")))
                for name in mine
            )
        lines.append("")
        lines.append(t("help.footer", accepted=t("amount.accepted")))
        await self.kit.reply(message, "\n".join(lines))

    def _treasurer_commands(self, tg_user: TgUser) -> tuple[str, ...]:
        """The treasurer commands the sender may use, in :data:`TREASURER_COMMANDS` order
        (none for someone unregistered; worker thread)."""
        # a read only: /help refreshes nobody
        actor = self.kit.community.find_user(tid=TelegramId(tg_user.id))
        if actor is None:
            return ()
        rights = self.kit.community.rights(user=actor.id)
        allowed = {action for action, decision in rights.decisions if decision.allowed}
        if Action.SET_MEMBERSHIP in allowed:
            allowed.add(Action.ACTIVATE_MEMBERS)
        return tuple(n for n in TREASURER_COMMANDS if _TREASURER_ACTIONS[n] in allowed)

    def _help_entry(
        self, name: str, t: Translator, on_sale: dict[str, Consumable]
    ) -> tuple[str, str, str] | None:
        if name in BASE_COMMANDS or name in TREASURER_COMMANDS:
            return (t(f"help.{name}.summary"), t(f"help.{name}.usage"), t(f"help.{name}.example"))
        consumable = on_sale.get(name)
        if consumable is None:
            return None
        summary = str(
            t(
                "help.consumable_summary",
                description=consumable.description or consumable.name,
                price=t.money(consumable.price),
            )
        )
        usage = t("help.consumable_usage", command=consumable.name)
        return summary, usage, f"/{consumable.name} 2"

    async def hint(self, update: Update, context: Context) -> None:
        """A private message no command took (plain text, an unknown command): point to /help.

        Registered for private chats only, after every command; in a group the bot stays silent
        on everything that is not one of its commands.
        """
        message = update.effective_message
        tg_user = update.effective_user
        if message is None or tg_user is None or tg_user.is_bot or not message.text:
            return
        if message.chat.type != ChatType.PRIVATE:
            return
        t = self.kit.translator(tg_user)
        text = message.text.strip()
        if text.startswith("/") and len(text) > 1:
            name = text.split()[0][1:].split("@")[0]
            await self.kit.reply(message, t("help.unknown", command=name[:32]))
        else:
            await self.kit.reply(message, t("hint.plain_text"))


__all__ = ["StartHelp"]
