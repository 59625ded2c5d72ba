"""Articles sold at run time and what each sale was (migration ``0014_articles``).

Not part of the documented schema. ``name_key`` and ``barcode_key`` carry the name and barcode
of an *active* article only (NULL otherwise), so their unique indexes allow one active article
per name and per barcode while old, repriced articles keep theirs.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from communitybot.db.models._base import Base
from communitybot.db.models.community import INT11
from communitybot.db.models.economy import UtcDateTime


class ArticleRow(Base):
    """``articles``: one article at one price; a price change makes a new row."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(INT11, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(32))
    name_key: Mapped[str | None] = mapped_column(String(32), unique=True)
    price: Mapped[int] = mapped_column(Integer)
    emoji: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(String(255))
    barcode: Mapped[str | None] = mapped_column(String(64))
    barcode_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean)
    stock: Mapped[int | None] = mapped_column(Integer)
    low_stock: Mapped[int | None] = mapped_column(Integer)
    uses: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    replaced_by: Mapped[int | None] = mapped_column(INT11, ForeignKey("articles.id"), index=True)
    created: Mapped[datetime] = mapped_column(UtcDateTime())


class ArticleSaleRow(Base):
    """``article_sales``: journal row ``transaction_id`` sold ``count`` of ``article_id``."""

    __tablename__ = "article_sales"

    transaction_id: Mapped[int] = mapped_column(
        INT11, ForeignKey("transactions.id"), primary_key=True, autoincrement=False
    )
    article_id: Mapped[int] = mapped_column(INT11, ForeignKey("articles.id"), index=True)
    count: Mapped[int] = mapped_column(Integer)


__all__ = ["ArticleRow", "ArticleSaleRow"]
