"""Telegram's side of the message catalogue: every text rendered as Telegram HTML.

The texts, the translators and the error table are shared by every adapter
(:mod:`communitybot.runtime.catalogue`); here they are bound to Telegram's HTML parse mode, in
which values are HTML-escaped unless they are :class:`Markup` (HTML the bot built itself).
"""

from __future__ import annotations

from communitybot.runtime import catalogue
from communitybot.runtime.catalogue import HTML, Catalogue, Locale, Markup, Translator


def escape(value: object) -> Markup:
    """``value`` as text safe to put into Telegram HTML (Markup passes through unchanged)."""
    return HTML.escape(value)


def default_catalogue(default: str = "en") -> Catalogue:
    """Every shipped locale as Telegram HTML, ``default`` for users without a known language."""
    return catalogue.default_catalogue(default, render=HTML)


__all__ = ["Catalogue", "Locale", "Markup", "Translator", "default_catalogue", "escape"]
