"""A treasurer's articles: add, reprice, deactivate, barcode, stock (action ``MANAGE_ARTICLES``).

A price change deactivates the article and adds a new one at the new price that the old names
(``replaced_by``): sales made at the old price keep pointing at the old article. Every change is
written to the standing log. ``tid`` ``None`` is the administrator at the command line.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from communitybot.core.articles import (
    COMMAND_NAMES,
    Article,
    ArticleRef,
    clean_article_name,
    clean_barcode,
)
from communitybot.core.audit import changed, view
from communitybot.core.clock import Clock, SystemClock
from communitybot.core.community_rules import check_amount
from communitybot.core.community_standing import Action
from communitybot.core.errors import AlreadyExists, InvalidNumber
from communitybot.core.ids import TelegramId
from communitybot.core.rules import CommunityRules
from communitybot.db.brokers import articles as article_broker
from communitybot.db.uow import UnitOfWork
from communitybot.services.community.consumables import seed_articles
from communitybot.services.community.standing import check_actor, log_change

_SYSTEM_CLOCK = SystemClock()
_AUDITED = ("id", "name", "price", "barcode", "active", "stock", "low_stock")
"""What the audit keeps of an article before and after a change."""
_TEXT_MAX = 255
_EMOJI_MAX = 16


def _managed(
    uow: UnitOfWork,
    rules: CommunityRules,
    tid: TelegramId | None,
    change: str,
    work: Callable[[Session], tuple[Article | None, Article]],
) -> Article:
    """Run ``work`` (the article before, ``None`` for a new one, and after) for a treasurer,
    seeded first, logged after with what changed; a concurrent change that won a unique name or
    barcode is answered by running once more (which then refuses)."""

    def run(session: Session) -> Article:
        actor = check_actor(session, tid, Action.MANAGE_ARTICLES)
        seed_articles(session, rules)
        before, article = work(session)
        after = view(article, *_AUDITED)
        old: dict[str, object] | None = None
        if before is not None:
            old, after = changed(view(before, *_AUDITED), after)
        log_change(
            session,
            actor_id=actor,
            change=change,
            subject=f"article:{article.id}",
            detail=f"{article.name} {article.price}",
            before=old,
            after=after,
        )
        return article

    try:
        return uow.run(run)
    except IntegrityError:
        return uow.run(run)


def _change_on_sale(
    uow: UnitOfWork,
    rules: CommunityRules,
    tid: TelegramId | None,
    change: str,
    name: str,
    alter: Callable[[Session, Article], None],
) -> Article:
    """Lock the article ``name`` on sale, ``alter`` it in place and log ``change`` with it as
    it was and as it is now (:func:`_managed`)."""

    def work(session: Session) -> tuple[Article, Article]:
        article = article_broker.get_on_sale(session, ArticleRef(name=name), lock=True)
        alter(session, article)
        return article, article_broker.get_article(session, ArticleRef(id=article.id))

    return _managed(uow, rules, tid, change, work)


def _free(session: Session, *, name: str | None = None, barcode: str | None = None) -> None:
    if name is not None and article_broker.find_article(session, ArticleRef(name=name)):
        raise AlreadyExists(kind="article", field="name", value=name)
    if barcode is not None and article_broker.find_article(session, ArticleRef(barcode=barcode)):
        raise AlreadyExists(kind="article", field="barcode", value=barcode)


def add_article(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    tid: TelegramId | None,
    name: str,
    price: int,
    emoji: str = "",
    description: str = "",
    barcode: str | None = None,
    clock: Clock = _SYSTEM_CLOCK,
) -> Article:
    """Put a new article on sale. Raises ``InvalidName`` (name or barcode), ``AlreadyExists``
    (kind ``command``: the name is one of the bot's commands; kind ``article``: an article on
    sale has the name or barcode), ``AmountOutOfRange`` (the price), what ``check_actor``
    raises."""
    cleaned = clean_article_name(name)
    if cleaned in COMMAND_NAMES:
        raise AlreadyExists(kind="command", field="name", value=cleaned)
    check_amount(price)
    code = None if barcode is None else clean_barcode(barcode)

    def work(session: Session) -> tuple[None, Article]:
        _free(session, name=cleaned, barcode=code)
        article_id = article_broker.insert_article(
            session,
            name=cleaned,
            price=price,
            emoji=emoji.strip()[:_EMOJI_MAX],
            description=description.strip()[:_TEXT_MAX],
            now=clock.now(),
            barcode=code,
        )
        return None, article_broker.get_article(session, ArticleRef(id=article_id))

    return _managed(uow, rules, tid, "add_article", work)


def reprice_article(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    tid: TelegramId | None,
    name: str,
    price: int,
    clock: Clock = _SYSTEM_CLOCK,
) -> Article:
    """Sell the article ``name`` at ``price`` from now on: a new article (with the old one's
    emoji, description, barcode, stock and warning level); the old one is deactivated and names
    it. Raises ``UnknownConsumable``, ``AmountOutOfRange``, what ``check_actor`` raises."""
    check_amount(price)

    def work(session: Session) -> tuple[Article, Article]:
        old = article_broker.get_on_sale(session, ArticleRef(name=name), lock=True)
        article_broker.deactivate(session, article_id=old.id)
        new_id = article_broker.insert_article(
            session,
            name=old.name,
            price=price,
            emoji=old.emoji,
            description=old.description,
            barcode=old.barcode,
            stock=old.stock,
            low_stock=old.low_stock,
            now=clock.now(),
        )
        article_broker.deactivate(session, article_id=old.id, replaced_by=new_id)
        return old, article_broker.get_article(session, ArticleRef(id=new_id))

    return _managed(uow, rules, tid, "reprice_article", work)


def deactivate_article(
    uow: UnitOfWork, rules: CommunityRules, *, tid: TelegramId | None, name: str
) -> Article:
    """Take the article ``name`` off sale (its sales stay). Raises ``UnknownConsumable``, what
    ``check_actor`` raises."""

    def deactivate(session: Session, article: Article) -> None:
        article_broker.deactivate(session, article_id=article.id)

    return _change_on_sale(uow, rules, tid, "deactivate_article", name, deactivate)


def set_article_stock(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    tid: TelegramId | None,
    name: str,
    stock: int | None,
    low_stock: int | None = None,
) -> Article:
    """Count ``stock`` of the article from now on (``None``: stop counting), warning the
    treasurers once it falls to ``low_stock``. Raises ``InvalidNumber`` (negative),
    ``UnknownConsumable``, what ``check_actor`` raises."""
    for value in (stock, low_stock):
        if value is not None and value < 0:
            raise InvalidNumber(text=str(value), reason="negative")

    warn = None if stock is None else low_stock

    def count(session: Session, article: Article) -> None:
        article_broker.set_stock(session, article_id=article.id, stock=stock, low_stock=warn)

    return _change_on_sale(uow, rules, tid, "article_stock", name, count)


def set_article_barcode(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    tid: TelegramId | None,
    name: str,
    barcode: str | None,
) -> Article:
    """Give the article ``name`` a barcode (``None``: take it away). Raises ``InvalidName``,
    ``AlreadyExists``, ``UnknownConsumable``, what ``check_actor`` raises."""
    code = None if barcode is None else clean_barcode(barcode)

    def label(session: Session, article: Article) -> None:
        if code is not None and code != article.barcode:
            _free(session, barcode=code)
        article_broker.set_barcode(session, article_id=article.id, barcode=code)

    return _change_on_sale(uow, rules, tid, "article_barcode", name, label)


__all__ = [
    "add_article",
    "deactivate_article",
    "reprice_article",
    "set_article_barcode",
    "set_article_stock",
]
