"""Articles the community sells, managed at run time (issue 12, point 3).

An article has a command name, a price in cents, an optional barcode and optional stock. A price
change never edits an article: the old one is deactivated and names its successor
(``replaced_by``), so every sale keeps pointing at the article (and price) it was made at. The
configured consumables seed the table once. :class:`ArticleRef` names an article by id, barcode
or name, the way the chat (name) and the HTTP API (id or barcode) do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from communitybot.core.errors import InvalidName
from communitybot.core.rules import Consumable

ARTICLE_NAME_MAX = 32
"""Longest article name (it is also a command: ``/drink``)."""

BARCODE_MAX = 64
"""Longest barcode (EAN-13, UPC, Code 128 texts fit)."""

COMMAND_NAMES = frozenset(
    {
        *("start", "help", "balance", "history", "data", "zwegat", "blame", "top", "send"),
        *("pay", "communism", "consume", "vouch", "statement", "chart", "notify", "deposit"),
        *("withdraw", "cashbox", "undo", "forgetme", "vote_right", "member", "close"),
        *("reverse", "article", "fee"),
    }
)
"""The bot's own commands: no article may take one of these names, since an article's name is
its command too (``/drink``) and the bot's command would win. The Telegram adapter's command
list is tested to be exactly this set."""

_NAME = re.compile(rf"[a-z][a-z0-9_]{{0,{ARTICLE_NAME_MAX - 1}}}")
_BARCODE = re.compile(rf"[A-Za-z0-9._-]{{1,{BARCODE_MAX}}}")


def clean_article_name(text: str) -> str:
    """``text`` as an article name: lower case ``a-z 0-9 _``, starting with a letter, at most
    :data:`ARTICLE_NAME_MAX`; :class:`InvalidName` (kind ``article``) otherwise."""
    name = text.strip().lower()
    if not _NAME.fullmatch(name):
        raise InvalidName(kind="article", name=text, maximum=ARTICLE_NAME_MAX)
    return name


def clean_barcode(text: str) -> str:
    """``text`` as a barcode: 1 to :data:`BARCODE_MAX` of ASCII letters, digits and ``._-``;
    :class:`InvalidName` (kind ``barcode``) otherwise."""
    code = text.strip()
    if not _BARCODE.fullmatch(code):
        raise InvalidName(kind="barcode", name=text, maximum=BARCODE_MAX)
    return code


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """Which article: by ``id``, by ``barcode`` or by ``name`` (exactly one is set). A barcode or
    a name names the active article that carries it."""

    id: int | None = None
    barcode: str | None = None
    name: str | None = None

    def __post_init__(self) -> None:
        given = [v for v in (self.id, self.barcode, self.name) if v is not None]
        if len(given) != 1:
            msg = "an ArticleRef names an article by exactly one of id, barcode, name"
            raise ValueError(msg)

    @property
    def label(self) -> str:
        """How the reference reads in a refusal."""
        if self.id is not None:
            return f"#{self.id}"
        return str(self.barcode if self.barcode is not None else self.name)


@dataclass(frozen=True, slots=True)
class Article:
    """One article (``articles``); ``stock`` ``None``: not counted; ``low_stock``: at or below
    this many left, the treasurers hear of it; ``uses``: how many were sold."""

    id: int
    name: str
    price: int
    emoji: str
    description: str
    barcode: str | None
    active: bool
    stock: int | None
    low_stock: int | None
    uses: int
    replaced_by: int | None
    created: datetime

    @property
    def consumable(self) -> Consumable:
        """The article as the consumable the chat shows."""
        return Consumable(self.name, self.price, self.emoji, self.description)


def is_low(*, stock: int | None, low_stock: int | None) -> bool:
    """Whether ``stock`` is at or below the warning level (never when either is unset)."""
    return stock is not None and low_stock is not None and stock <= low_stock


def crossed_low(*, before: int | None, after: int | None, low_stock: int | None) -> bool:
    """Whether a sale took the stock from above the warning level to at or below it."""
    return is_low(stock=after, low_stock=low_stock) and not is_low(
        stock=before, low_stock=low_stock
    )


__all__ = [
    "ARTICLE_NAME_MAX",
    "BARCODE_MAX",
    "COMMAND_NAMES",
    "Article",
    "ArticleRef",
    "clean_article_name",
    "clean_barcode",
    "crossed_low",
    "is_low",
]
