"""``/start`` and ``/help``, and the hint to /help for private text no command takes."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType

from communitybot.core.community import UserInfo
from communitybot.core.ids import TelegramId
from communitybot.telegram._i18n import Translator
from communitybot.telegram._present import mention
from communitybot.telegram.handlers._kit import (
    BASE_COMMANDS,
    TREASURER_COMMANDS,
    Context,
    HandlerGroup,
    command,
)
from communitybot.telegram.handlers._words import require


class StartHelp(HandlerGroup):
    """Registration, greeting and help."""

    @command
    async def start(self, update: Update, context: Context) -> None:
        """``/start``: register (internal in an internal chat) and greet with the next steps."""
        message, tg_user = require(update)
        t = self.kit.translator(tg_user)
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
        """``/help [command]``: every command with its usage, or one in detail with an example."""
        message, tg_user = require(update)
        t = self.kit.translator(tg_user)
        args = context.args or []
        if args:
            name = args[0].lstrip("/").split("@")[0].lower()
            detail = self._help_entry(name, t)
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
        for name in self.kit.commands():
            detail = self._help_entry(name, t)
            if detail is not None:
                lines.append(t("help.line", command=name, summary=detail[0]))
        lines.append("")
        lines.append(t("help.footer", accepted=t("amount.accepted")))
        await self.kit.reply(message, "\n".join(lines))

    def _help_entry(self, name: str, t: Translator) -> tuple[str, str, str] | None:
        if name in BASE_COMMANDS or name in TREASURER_COMMANDS:
            return (t(f"help.{name}.summary"), t(f"help.{name}.usage"), t(f"help.{name}.example"))
        consumable = self.kit.rules.consumable(name)
        if consumable is None:
            return None
        summary = t(
            "help.consumable_summary",
            description=consumable.description or consumable.name,
            price=t.money(consumable.price),
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
