"""Translations, and the translator that speaks one of them on one platform.

English (``en``) is the source locale; every other locale has exactly its keys and placeholders
(a test checks this), and a key a translation lacks falls back to English. Plurals use the keys
``<key>.one`` and ``<key>.other``. A translator formats amounts and dates the way its locale
writes them and renders through one :class:`~communitybot.runtime.catalogue.Render`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from communitybot.core.money import format_cents
from communitybot.runtime.catalogue._render import PLAIN, Markup, Render

COMMUNITY_UNIT = "€"
"""The unit of the community's money (the economies name their own)."""


@dataclass(frozen=True, slots=True)
class Locale:
    """One translation: its messages and its number and date conventions."""

    code: str
    name: str
    messages: Mapping[str, str]
    decimal_separator: str = "."
    date_format: str = "%Y-%m-%d %H:%M"


@dataclass(frozen=True, slots=True)
class Translator:
    """The texts of one locale on one platform, with money and dates in the locale's style."""

    locale: str
    messages: Mapping[str, str]
    fallback: Mapping[str, str]
    decimal_separator: str = "."
    date_format: str = "%Y-%m-%d %H:%M"
    render: Render = PLAIN

    def __call__(self, key: str, /, **values: object) -> Markup:
        """The text of ``key`` with ``values`` escaped and filled in."""
        template = self.messages.get(key)
        if template is None:
            template = self.fallback[key]
        return self.render.fill(template, values)

    def plural(self, key: str, count: int, /, **values: object) -> Markup:
        """``<key>.one`` when ``count`` is 1, else ``<key>.other``; ``count`` is a value too."""
        form = "one" if count == 1 else "other"
        return self(f"{key}.{form}", count=count, **values)

    def has(self, key: str) -> bool:
        """Whether the catalogue knows ``key`` (in this locale or the fallback)."""
        return key in self.messages or key in self.fallback

    def word(self, prefix: str, name: str, /) -> Markup:
        """The text of ``<prefix>.<name>``; without one, ``name`` with spaces for underscores."""
        key = f"{prefix}.{name}"
        return self(key) if self.has(key) else self.escape(name.replace("_", " "))

    def escape(self, value: object) -> Markup:
        """``value`` as text safe on this translator's platform."""
        return self.render.escape(value)

    def money(self, cents: int, *, signed: bool = False, unit: str = COMMUNITY_UNIT) -> str:
        """``550`` as ``5.50 €`` (``5,50 €`` in German); ``signed`` adds ``+`` to credits.

        ``unit`` is the currency's unit (an economy's own, ``""`` for a bare number).
        """
        text = format_cents(cents, unit)
        if self.decimal_separator != ".":
            text = text.replace(".", self.decimal_separator)
        return f"+{text}" if signed and cents > 0 else text

    def date(self, moment: datetime) -> str:
        """A timestamp the way this locale writes it."""
        return moment.strftime(self.date_format)

    def join(self, items: Sequence[object], *, empty: str = "–") -> Markup:
        """Escaped items joined by commas, or ``empty``."""
        if not items:
            return self.escape(empty)
        return Markup(", ".join(self.escape(i) for i in items))


class Catalogue:
    """All locales on one platform; hands out a :class:`Translator` for a language code."""

    def __init__(
        self,
        locales: Mapping[str, Locale],
        *,
        source: str = "en",
        default: str = "en",
        render: Render = PLAIN,
    ) -> None:
        if source not in locales or default not in locales:
            raise ValueError("the source and default locales must be in the catalogue")
        self.locales = dict(locales)
        self.source = source
        self.default = default
        self.render = render

    def translator(self, language_code: str | None = None) -> Translator:
        """The translator for a code like ``de``, ``de-AT`` or ``en_US``; the default otherwise."""
        code = (language_code or "").split("-")[0].split("_")[0].lower()
        locale = self.locales.get(code) or self.locales[self.default]
        return Translator(
            locale=locale.code,
            messages=locale.messages,
            fallback=self.locales[self.source].messages,
            decimal_separator=locale.decimal_separator,
            date_format=locale.date_format,
            render=self.render,
        )

    def missing(self, code: str) -> tuple[frozenset[str], frozenset[str]]:
        """Keys locale ``code`` lacks and keys it has that the source does not."""
        source = set(self.locales[self.source].messages)
        other = set(self.locales[code].messages)
        return frozenset(source - other), frozenset(other - source)


__all__ = ["COMMUNITY_UNIT", "Catalogue", "Locale", "Translator"]
