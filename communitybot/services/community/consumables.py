"""Buying articles from the community: by name in the chat, by id or barcode over the API.

The articles live in ``articles`` (:mod:`communitybot.services.community.articles` manages
them); the configured consumables seed the table once, on first use. :func:`charge` is the one
entry point: it moves ``count`` × the article's price from the buyer to the community user
(reason ``consume: <count>x <name>``) through the money engine, counts the sale (``uses``, the
stock) and links the journal row to the article (``article_sales``), in one transaction under the
command's idempotency key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from communitybot.core.articles import Article, ArticleRef, crossed_low
from communitybot.core.clock import Clock, SystemClock
from communitybot.core.community import ConsumeReceipt, TransactionKind, UserInfo, make_reason
from communitybot.core.community_rules import Action, check_transfer
from communitybot.core.errors import ConsumeCountOutOfRange, OutOfStock
from communitybot.core.ids import TelegramId, TransactionId, UserId
from communitybot.core.ledger import Leg
from communitybot.core.notices import Notice, NoticeKind
from communitybot.core.rules import CommunityRules, Consumable
from communitybot.db.brokers import articles as article_broker
from communitybot.db.brokers import transactions as journal
from communitybot.db.brokers import users as user_broker
from communitybot.db.stores import CommunityStore
from communitybot.db.uow import UnitOfWork
from communitybot.services.community._common import journal_claim, run_once
from communitybot.services.community.notices import low_stock_notices, owed, still_owed
from communitybot.services.community.standing import grants_for, treasurers
from communitybot.services.ledger import move

_OP = "consume"
_SYSTEM_CLOCK = SystemClock()


def seed_articles(session: Session, rules: CommunityRules, *, clock: Clock = _SYSTEM_CLOCK) -> None:
    """Seed the table with the configured consumables, once ever (in the caller's transaction):
    a later change of the configuration does not touch articles managed in the chat."""
    if article_broker.is_seeded(session) or not article_broker.claim_seed(session):
        return
    now = clock.now()
    for consumable in rules.consumables:
        if article_broker.find_article(session, ArticleRef(name=consumable.name)) is None:
            article_broker.insert_article(
                session,
                name=consumable.name,
                price=consumable.price,
                emoji=consumable.emoji,
                description=consumable.description,
                now=now,
            )


def list_articles(
    uow: UnitOfWork, rules: CommunityRules, *, include_inactive: bool = False
) -> tuple[Article, ...]:
    """The articles on sale (or every one, repriced and deactivated ones too), by id; the table
    is seeded first when it never was."""

    def listed(session: Session) -> list[Article]:
        return article_broker.list_articles(session, include_inactive=include_inactive)

    found = uow.read(listed)
    if not found and not uow.read(article_broker.is_seeded):  # no article yet: seeded ever?
        uow.run(lambda session: seed_articles(session, rules))
        found = uow.read(listed)
    return tuple(found)


def list_consumables(uow: UnitOfWork, rules: CommunityRules) -> tuple[Consumable, ...]:
    """The articles on sale as consumables (name, price, emoji, description). A read only:
    before the table is seeded these are the configured consumables, the seed to come."""
    if not uow.read(article_broker.is_seeded):
        return tuple(rules.consumables)
    return tuple(a.consumable for a in list_articles(uow, rules))


def charge(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    buyer: UserId,
    article: ArticleRef,
    count: int = 1,
    key: str,
) -> ConsumeReceipt:
    """Sell ``count`` of ``article`` (by id, barcode or name) to user ``buyer``: the entry point
    of every purchase, for the chat and the HTTP API alike.

    ``rules.max_amount`` does not apply (``max_consume`` bounds the count). Raises
    ``UnknownConsumable`` (no such article on sale; an inactive one by id too),
    ``ConsumeCountOutOfRange`` (1 to ``rules.max_consume``), ``OutOfStock``, ``UnknownUser``,
    ``InactiveUser``, ``ExternalNotAllowed``, ``InsufficientBalance``, ``BalanceOutOfRange``,
    ``ConfigurationError`` (no community user), ``IdempotencyKeyConflict``.
    """
    return _sell(uow, rules, buyer=lambda session: buyer, article=article, count=count, key=key)


def consume(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    tid: TelegramId,
    name: str,
    count: int = 1,
    key: str,
) -> ConsumeReceipt:
    """:func:`charge` for the member with Telegram id ``tid``, the article named ``name``."""
    return _sell(
        uow,
        rules,
        buyer=lambda session: user_broker.get_user_id_by_tid(session, tid=tid),
        article=ArticleRef(name=name),
        count=count,
        key=key,
    )


def _sell(
    uow: UnitOfWork,
    rules: CommunityRules,
    *,
    buyer: Any,
    article: ArticleRef,
    count: int,
    key: str,
) -> ConsumeReceipt:
    if not 1 <= count <= rules.max_consume:
        # an unknown article is named first, as before
        uow.read(lambda session: _on_sale(session, article))
        raise ConsumeCountOutOfRange(count=count, maximum=rules.max_consume)

    def act(session: Session) -> tuple[ConsumeReceipt, dict[str, Any]]:
        sold = _locked_on_sale(session, rules, article)
        if sold.stock is not None and sold.stock < count:
            raise OutOfStock(article=sold.name, stock=sold.stock, count=count)
        user_id = buyer(session)
        community_id = user_broker.get_community_user_id(session)
        amount = sold.price * count

        def may_buy(locked: Mapping[int, UserInfo]) -> None:
            user, community = locked[user_id], locked[community_id]
            check_transfer(
                rules,
                sender=user,
                receiver=community,
                amount=amount,
                enforce_maximum=False,
                sender_action=Action.CONSUME,
                grants=grants_for(session, user, community),
            )

        reason = make_reason(TransactionKind.CONSUME, f"{count}x {sold.name}")
        moved = move(
            CommunityStore(session, rules),
            [Leg(user_id, community_id, amount, reason)],
            check=may_buy,
        )
        [transaction_id] = moved.entries
        article_broker.record_sale(
            session, transaction_id=transaction_id, article=sold, count=count
        )
        left = None if sold.stock is None else sold.stock - count
        low = crossed_low(before=sold.stock, after=left, low_stock=sold.low_stock)
        notices = _low_stock(session, replace(sold, stock=left)) if low else []
        receipt = ConsumeReceipt(
            transaction_id=TransactionId(transaction_id),
            consumable=sold.consumable,
            count=count,
            amount=amount,
            balance=moved.rows[user_id].balance - amount,
            replayed=False,
            article_id=sold.id,
            stock=left,
            low_stock=low,
            notices=tuple(notices),
        )
        claimed = journal_claim(
            transaction_id, sender=user_id, receiver=community_id, amount=amount
        )
        data = {**claimed, "count": count, "name": sold.name, **owed(notices, NoticeKind.LOW_STOCK)}
        return receipt, data

    def replay(session: Session, data: dict[str, Any]) -> ConsumeReceipt:
        row = journal.get_transaction(session, transaction_id=data["tx"])
        sale = article_broker.find_sale(session, transaction_id=row.id)
        sold = None if sale is None else sale[0]
        low = still_owed(data)
        return ConsumeReceipt(
            transaction_id=row.id,
            consumable=sold.consumable if sold else Consumable(data["name"], 0),
            count=data["count"],
            amount=row.amount,
            balance=user_broker.get_user(session, user_id=row.sender).balance,
            replayed=True,
            article_id=None if sold is None else sold.id,
            stock=None if sold is None else sold.stock,
            low_stock=low,
            notices=tuple(_low_stock(session, sold)) if low and sold is not None else (),
        )

    return run_once(uow, key=key, op=_OP, act=act, replay=replay)


def _low_stock(session: Session, article: Article) -> list[Notice]:
    return low_stock_notices(
        session, treasurers(session), article=article.name, stock=article.stock or 0
    )


def _locked_on_sale(session: Session, rules: CommunityRules, ref: ArticleRef) -> Article:
    """The article on sale ``ref`` names, locked. An article row exists only once the table is
    seeded (the seeding and every treasurer's change seed first, in their own transaction), so
    when ``ref`` finds one the seeding is not checked: one statement less on every purchase."""
    found = article_broker.find_article(session, ref, lock=True)
    if found is not None and found.active:
        return found
    if found is None:
        seed_articles(session, rules)
    return article_broker.get_on_sale(session, ref, lock=True)


def _on_sale(session: Session, ref: ArticleRef) -> Article | None:
    """The article on sale ``ref`` names; ``UnknownConsumable`` once the table is seeded and it
    names none (before the seeding, ``None``: the seeding decides)."""
    if not article_broker.is_seeded(session):
        return None
    return article_broker.get_on_sale(session, ref)


__all__ = ["charge", "consume", "list_articles", "list_consumables", "seed_articles"]
