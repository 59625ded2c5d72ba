"""The message catalogue: every text the bot writes, per locale, looked up by a stable key.

Texts are Telegram HTML templates with named ``{placeholders}``. Values are escaped when they are
filled in, unless they are :class:`Markup` (HTML the bot built itself), so a user named
``<b>Bob & Co</b>`` can never break a message. English (``en``) is the source locale; every other
locale must have exactly its keys and placeholders (a test checks this), and a key a translation
lacks falls back to English. Plurals use the keys ``<key>.one`` and ``<key>.other``.
"""

from __future__ import annotations

import html
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from communitybot.core.money import format_cents


class Markup(str):
    """A string that already is Telegram HTML and is inserted into templates unescaped."""

    __slots__ = ()


def escape(value: object) -> Markup:
    """``value`` as text safe to put into Telegram HTML (Markup passes through unchanged)."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value), quote=False))


def placeholders(template: str) -> frozenset[str]:
    """The named placeholders of a template, e.g. ``{"amount", "name"}``."""
    return frozenset(
        name for _, name, _, _ in string.Formatter().parse(template) if name is not None
    )


@dataclass(frozen=True, slots=True)
class Translator:
    """The texts of one locale, with money and dates formatted the way that locale writes them."""

    locale: str
    messages: Mapping[str, str]
    fallback: Mapping[str, str]
    decimal_separator: str = "."
    date_format: str = "%Y-%m-%d %H:%M"

    def __call__(self, key: str, /, **values: object) -> Markup:
        """The text of ``key`` with ``values`` escaped and filled in."""
        template = self.messages.get(key)
        if template is None:
            template = self.fallback[key]
        return Markup(template.format_map({k: escape(v) for k, v in values.items()}))

    def plural(self, key: str, count: int, /, **values: object) -> Markup:
        """``<key>.one`` when ``count`` is 1, else ``<key>.other``; ``count`` is a value too."""
        form = "one" if count == 1 else "other"
        return self(f"{key}.{form}", count=count, **values)

    def has(self, key: str) -> bool:
        """Whether the catalogue knows ``key`` (in this locale or the fallback)."""
        return key in self.messages or key in self.fallback

    def money(self, cents: int, *, signed: bool = False) -> str:
        """``550`` as ``5.50 €`` (``5,50 €`` in German); ``signed`` adds ``+`` to credits."""
        text = format_cents(cents)
        if self.decimal_separator != ".":
            text = text.replace(".", self.decimal_separator)
        return f"+{text}" if signed and cents > 0 else text

    def date(self, moment: datetime) -> str:
        """A timestamp the way this locale writes it."""
        return moment.strftime(self.date_format)

    def join(self, items: list[str] | tuple[str, ...], *, empty: str = "–") -> Markup:
        """Escaped items joined by commas, or ``empty``."""
        return Markup(", ".join(escape(i) for i in items)) if items else escape(empty)


@dataclass(frozen=True, slots=True)
class Locale:
    """One translation: its messages and its number and date conventions."""

    code: str
    name: str
    messages: Mapping[str, str]
    decimal_separator: str = "."
    date_format: str = "%Y-%m-%d %H:%M"


class Catalogue:
    """All locales; hands out a :class:`Translator` for a Telegram ``language_code``."""

    def __init__(self, locales: Mapping[str, Locale], *, source: str = "en", default: str = "en"):
        if source not in locales or default not in locales:
            raise ValueError("the source and default locales must be in the catalogue")
        self.locales = dict(locales)
        self.source = source
        self.default = default

    def translator(self, language_code: str | None = None) -> Translator:
        """The translator for a language code like ``de`` or ``de-AT``; the default otherwise."""
        code = (language_code or "").split("-")[0].split("_")[0].lower()
        locale = self.locales.get(code) or self.locales[self.default]
        return Translator(
            locale=locale.code,
            messages=locale.messages,
            fallback=self.locales[self.source].messages,
            decimal_separator=locale.decimal_separator,
            date_format=locale.date_format,
        )

    def missing(self, code: str) -> tuple[frozenset[str], frozenset[str]]:
        """Keys locale ``code`` lacks and keys it has that the source does not."""
        source = set(self.locales[self.source].messages)
        other = set(self.locales[code].messages)
        return frozenset(source - other), frozenset(other - source)


__all__ = ["Catalogue", "Locale", "Markup", "Translator", "escape", "placeholders"]
