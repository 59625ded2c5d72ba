"""``/article``: the treasurers manage what the community sells, at run time.

``/article`` lists every article on sale with its id, price, barcode, stock and sales;
``/article add name price [emoji] [description]``, ``/article price name price``,
``/article off name``, ``/article stock name count [low]`` (``off`` stops counting) and
``/article barcode name code`` (``off`` removes it). The services check the treasurer's right
(``MANAGE_ARTICLES``); a price change keeps the old article for the sales made at its price.
"""

from __future__ import annotations

from telegram import Message, Update
from telegram import User as TgUser

from communitybot.core.articles import Article
from communitybot.core.ids import TelegramId
from communitybot.telegram._i18n import Markup, Translator
from communitybot.telegram.handlers._kit import Context, HandlerGroup, command


def article_line(article: Article, t: Translator) -> str:
    """One article of the listing."""
    parts = [
        str(
            t(
                "article.line",
                id=article.id,
                emoji=article.emoji,
                name=article.name,
                price=t.money(article.price),
                uses=article.uses,
            )
        )
    ]
    if article.barcode:
        parts.append(str(t("article.line.barcode", barcode=article.barcode)))
    if article.stock is not None:
        parts.append(str(t("article.line.stock", stock=article.stock)))
    return Markup(", ".join(parts))


class Articles(HandlerGroup):
    """The treasurers' articles command."""

    @command
    async def article(self, update: Update, context: Context) -> None:
        """``/article [add|price|off|stock|barcode ...]``."""
        message, tg_user, t = self.kit.sender(update)
        args = context.args or []
        verb = args[0].lower() if args else ""
        rest = args[1:]
        if not args:
            articles = await self.kit.work(
                tg_user, lambda actor: self.kit.community.list_articles()
            )
            lines = [str(t("article.title"))] + [article_line(a, t) for a in articles]
            await self.kit.reply(message, Markup("\n".join(lines)))
            return
        changed = await self._change(message, tg_user, verb, rest, t)
        if changed is not None:
            await self.kit.reply(message, t(f"article.{verb}.done", line=article_line(changed, t)))

    async def _change(
        self, message: Message, tg_user: TgUser, verb: str, rest: list[str], t: Translator
    ) -> Article | None:
        tid = TelegramId(tg_user.id)
        community = self.kit.community
        if verb == "add" and len(rest) >= 2:
            name, price = rest[0], self.kit.amount(rest[1], tg_user)
            emoji = rest[2] if len(rest) > 2 and not rest[2].isascii() else ""
            words = rest[3:] if emoji else rest[2:]
            return await self.kit.work(
                tg_user,
                lambda actor: community.add_article(
                    tid=tid, name=name, price=price, emoji=emoji, description=" ".join(words)
                ),
            )
        if verb == "price" and len(rest) == 2:
            name, price = rest[0], self.kit.amount(rest[1], tg_user)
            return await self.kit.work(
                tg_user, lambda actor: community.reprice_article(tid=tid, name=name, price=price)
            )
        if verb == "off" and len(rest) == 1:
            return await self.kit.work(
                tg_user, lambda actor: community.deactivate_article(tid=tid, name=rest[0])
            )
        if verb == "barcode" and len(rest) == 2:
            code = None if rest[1].lower() == "off" else rest[1]
            return await self.kit.work(
                tg_user,
                lambda actor: community.set_article_barcode(tid=tid, name=rest[0], barcode=code),
            )
        if verb == "stock" and len(rest) in (2, 3):
            return await self._stock(message, tg_user, rest, t)
        await self.kit.usage(message, t, "article")
        return None

    async def _stock(
        self, message: Message, tg_user: TgUser, rest: list[str], t: Translator
    ) -> Article | None:
        tid = TelegramId(tg_user.id)
        refusal = t("article.bad_count")
        stock: int | None = None
        low: int | None = None
        if rest[1].lower() != "off":
            stock = await self.kit.count(message, rest[1], t, refusal, None)
            if stock is None:
                return None
            if len(rest) == 3:
                low = await self.kit.count(message, rest[2], t, refusal, None)
                if low is None:
                    return None
        elif len(rest) == 3:
            await self.kit.usage(message, t, "article")
            return None
        return await self.kit.work(
            tg_user,
            lambda actor: self.kit.community.set_article_stock(
                tid=tid, name=rest[0], stock=stock, low_stock=low
            ),
        )


__all__ = ["Articles", "article_line"]
