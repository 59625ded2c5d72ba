"""``/consume`` and the per-consumable shortcuts (``/drink``, ...)."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram import User as TgUser

from communitybot.core.articles import ArticleRef
from communitybot.runtime import Refused, command_key
from communitybot.runtime.catalogue import describe_error
from communitybot.telegram._i18n import Markup, Translator
from communitybot.telegram._present import consumables_text
from communitybot.telegram.handlers._kit import BoundHandler, Context, HandlerGroup, command
from communitybot.telegram.handlers._notices import deliver_notices
from communitybot.telegram.handlers._words import clean_args

_log = logging.getLogger(__name__)


class Consume(HandlerGroup):
    """Buying from the community."""

    @command
    async def consume(self, update: Update, context: Context) -> None:
        """``/consume name [n]``: buy from the community; alone, list what there is."""
        message, tg_user, t = self.kit.sender(update)
        args = context.args or []
        if not args:
            on_sale = await self.kit.work(
                tg_user, lambda actor: self.kit.community.list_consumables()
            )
            await self.kit.reply(message, consumables_text(on_sale, t))
            return
        if len(args) > 2:
            await self.kit.usage(message, t, "consume")
            return
        await self._consume(message, tg_user, args[0], args[1:], t)

    async def consume_shortcut(self, update: Update, context: Context) -> None:
        """``/drink [n]`` and the other per-consumable shortcuts."""
        message = update.effective_message
        tg_user = update.effective_user
        if message is None or tg_user is None or not message.text:
            return
        name = message.text.split()[0].lstrip("/").split("@")[0].lower()
        t = self.kit.translator(tg_user)
        args = clean_args(context.args)
        async with self.kit.visit(tg_user):
            if len(args) > 1:
                usage = t("help.consumable_usage", command=name)
                await self.kit.reply(message, t("general.usage", usage=usage, example=f"/{name} 2"))
                return
            try:
                await self._consume(message, tg_user, name, args, t)
            except Refused as refused:
                await self.kit.reply(message, describe_error(refused.error, t, refused.context))

    async def article_command(
        self, update: Update, context: Context, otherwise: BoundHandler
    ) -> None:
        """Any other command: an article added at run time (``/mate``) is bought like a
        configured shortcut; anything else goes to ``otherwise`` (the hint in private chats, and
        silence in groups)."""
        message = update.effective_message
        if message is None or not message.text or update.effective_user is None:
            return
        word = message.text.split()[0].lstrip("/")
        name, _, addressee = word.partition("@")
        own = message.get_bot().username or ""
        if addressee and addressee.lower() != own.lower():
            return  # another bot's command
        name = name.lower()
        try:
            on_sale = await self.kit.pool.run(self.kit.community.list_consumables)
        except Exception:  # noqa: BLE001 - logged; then it is no article
            _log.warning("could not read the articles for /%s", name[:32], exc_info=True)
            on_sale = ()
        if any(c.name == name for c in on_sale):
            context.args = message.text.split()[1:]  # a message handler splits no words
            await self.consume_shortcut(update, context)
            return
        await otherwise(update, context)

    async def _consume(
        self, message: Message, tg_user: TgUser, name: str, rest: list[str], t: Translator
    ) -> None:
        count = 1
        if rest:
            # the range is the service's to check (it names the count it refused)
            refusal = t("consume.count_invalid", maximum=self.kit.rules.max_consume)
            wanted = await self.kit.count(message, rest[0], t, refusal, None)
            if wanted is None:
                return
            count = wanted
        key = command_key(message)
        article = ArticleRef(name=name)
        receipt = await self.kit.work_by_id(  # the buyer's id, without a read when known
            tg_user,
            lambda buyer: self.kit.community.charge(
                buyer=buyer, article=article, count=count, key=key
            ),
        )
        text = t(
            "consume.done",
            emoji=receipt.consumable.emoji,
            count=receipt.count,
            name=receipt.consumable.name,
            amount=t.money(receipt.amount),
            balance=t.money(receipt.balance),
        )
        if receipt.replayed:
            text = Markup(f"{text}\n{t('replayed.note')}")
        await self.kit.reply(message, text)
        # the treasurers hear of a low stock even in the chat they bought in
        await deliver_notices(self.kit, message.get_bot(), receipt.notices, key=key)


__all__ = ["Consume"]
