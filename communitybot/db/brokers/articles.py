"""All SQL of the articles and their sales (``articles``, ``article_sales``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from communitybot.core.articles import Article, ArticleRef
from communitybot.core.errors import UnknownConsumable
from communitybot.db import idempotency
from communitybot.db.brokers.economy._util import insert_id, insert_row, record, update_where
from communitybot.db.models.articles import ArticleRow, ArticleSaleRow

_A = ArticleRow
SEEDED_KEY = "community:articles-seeded"
"""The ``operation_keys`` row that says the configured consumables seeded the table."""


def _article(row: Any) -> Article:
    return record(Article, row, active=bool(row.active))


def claim_seed(session: Session) -> bool:
    """Claim the one seeding of the table; ``False`` when it was seeded already (a concurrent
    claim waits for the first)."""
    return idempotency.claim(session, key=SEEDED_KEY, scope="community.articles")


def is_seeded(session: Session) -> bool:
    """Whether the configured consumables have seeded the table."""
    return bool(idempotency.list_keys(session, prefix=SEEDED_KEY))


def insert_article(
    session: Session,
    *,
    name: str,
    price: int,
    emoji: str,
    description: str,
    now: datetime,
    barcode: str | None = None,
    stock: int | None = None,
    low_stock: int | None = None,
) -> int:
    """Insert an active article (without barcode and not counted unless given); return its id
    (the unique keys refuse a second active name or barcode)."""
    return insert_id(
        session,
        int,
        _A,
        name=name,
        name_key=name,
        price=price,
        emoji=emoji,
        description=description,
        barcode=barcode,
        barcode_key=barcode,
        active=True,
        stock=stock,
        low_stock=low_stock,
        uses=0,
        created=now,
    )


def _where(ref: ArticleRef) -> Any:
    if ref.id is not None:
        return _A.id == ref.id
    if ref.barcode is not None:
        return _A.barcode_key == ref.barcode
    return _A.name_key == (ref.name or "").strip().lower()


def find_article(session: Session, ref: ArticleRef, *, lock: bool = False) -> Article | None:
    """The article ``ref`` names (an active one for a barcode or a name), or ``None``."""
    statement = select(_A.__table__).where(_where(ref))
    if lock:
        statement = statement.with_for_update()
    row = session.execute(statement).one_or_none()
    return None if row is None else _article(row)


def unknown_article(session: Session, ref: ArticleRef) -> UnknownConsumable:
    """The refusal for ``ref``, listing the names on sale."""
    return UnknownConsumable(ref=ref.label, known=tuple(a.name for a in list_articles(session)))


def get_article(session: Session, ref: ArticleRef, *, lock: bool = False) -> Article:
    """:func:`find_article`; :class:`UnknownConsumable` (listing the active names) when none."""
    found = find_article(session, ref, lock=lock)
    if found is None:
        raise unknown_article(session, ref)
    return found


def get_on_sale(session: Session, ref: ArticleRef, *, lock: bool = False) -> Article:
    """:func:`get_article`, refusing an inactive one (named by id) the same way."""
    found = get_article(session, ref, lock=lock)
    if not found.active:
        raise unknown_article(session, ref)
    return found


def list_articles(session: Session, *, include_inactive: bool = False) -> list[Article]:
    """Active articles (or all) by id."""
    statement = select(_A.__table__).order_by(_A.id)
    if not include_inactive:
        statement = statement.where(_A.active.is_(True))
    return [_article(row) for row in session.execute(statement)]


def deactivate(session: Session, *, article_id: int, replaced_by: int | None = None) -> None:
    """Take an article off sale (its name and barcode become free); ``replaced_by`` names the
    article that carries on at a new price."""
    update_where(
        session,
        _A,
        _A.id == article_id,
        active=False,
        name_key=None,
        barcode_key=None,
        replaced_by=replaced_by,
    )


def set_stock(
    session: Session, *, article_id: int, stock: int | None, low_stock: int | None
) -> None:
    """Set (or with ``None`` stop) counting the stock, and its warning level."""
    update_where(session, _A, _A.id == article_id, stock=stock, low_stock=low_stock)


def set_barcode(session: Session, *, article_id: int, barcode: str | None) -> None:
    """Set or clear the barcode of an active article."""
    update_where(session, _A, _A.id == article_id, barcode=barcode, barcode_key=barcode)


def record_sale(session: Session, *, transaction_id: int, article: Article, count: int) -> None:
    """Count a sale: ``uses`` up, the stock (when counted) down, and the sale's row."""
    values: dict[str, Any] = {"uses": _A.uses + count}
    if article.stock is not None:
        values["stock"] = _A.stock - count
    update_where(session, _A, _A.id == article.id, **values)
    insert_row(
        session, ArticleSaleRow, transaction_id=transaction_id, article_id=article.id, count=count
    )


def take_back_sale(session: Session, *, transaction_id: int) -> None:
    """A reversed sale: ``uses`` down and the stock (when counted) up by its count; the sale's
    row stays, as the journal row does."""
    row = session.execute(
        select(ArticleSaleRow.article_id, ArticleSaleRow.count).where(
            ArticleSaleRow.transaction_id == transaction_id
        )
    ).one_or_none()
    if row is None:
        return
    article_id, count = row
    update_where(session, _A, _A.id == article_id, uses=_A.uses - count, stock=_A.stock + count)


def find_sale(session: Session, *, transaction_id: int) -> tuple[Article, int] | None:
    """The article and count journal row ``transaction_id`` sold, if it was a sale."""
    row = session.execute(
        select(ArticleSaleRow.article_id, ArticleSaleRow.count).where(
            ArticleSaleRow.transaction_id == transaction_id
        )
    ).one_or_none()
    if row is None:
        return None
    article_id, count = row
    return get_article(session, ArticleRef(id=int(article_id))), int(count)


__all__ = [
    "SEEDED_KEY",
    "claim_seed",
    "deactivate",
    "find_article",
    "find_sale",
    "get_article",
    "get_on_sale",
    "insert_article",
    "is_seeded",
    "list_articles",
    "record_sale",
    "set_barcode",
    "set_stock",
    "take_back_sale",
    "unknown_article",
]
