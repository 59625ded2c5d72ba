"""The one message catalogue of Telegram, Discord and the command line, in English and German.

Every text the bot writes to people has a stable key here (``balance.own``, ``economy.transfer``,
``error.debt_limit.self``), the same in every language; templates carry named ``{placeholders}``
and a tiny markup (``<b>``, ``<i>``, ``<code>``) that a :class:`Render` turns into the platform's
own: :data:`HTML` for Telegram, :data:`MARKDOWN` for Discord, :data:`PLAIN` for the command line.
Values are escaped for that platform when they are filled in, so a name like ``<b>Bob & *Co*``
never breaks a message. A :class:`Translator` speaks one locale on one platform and formats
amounts and dates that locale's way.

Domain errors become text through one table (:func:`describe_error`), from the error's data and
an :class:`ErrorContext` saying who acts and how the users and accounts it names are shown;
:func:`describe` is the short form for callers without a translator (the command line).
"""

from __future__ import annotations

from communitybot.core.errors import DomainError
from communitybot.runtime.catalogue import (  # noqa: F401 - each registers its error texts
    _adapter,
    _admin,
    _api,
    _books,
    _cash,
    _community,
    _discord_features,
    _economy,
    _governance,
)
from communitybot.runtime.catalogue._context import ErrorContext
from communitybot.runtime.catalogue._economy import clip
from communitybot.runtime.catalogue._locales import LOCALES
from communitybot.runtime.catalogue._render import (
    HTML,
    MARKDOWN,
    PLAIN,
    TAGS,
    TERMINAL,
    Markup,
    Render,
    literal_text,
    placeholders,
)
from communitybot.runtime.catalogue._table import (
    describe_error,
    error_text,
    mapped_errors,
    user_ids_in,
)
from communitybot.runtime.catalogue._translator import (
    COMMUNITY_UNIT,
    Catalogue,
    Locale,
    Translator,
)


def default_catalogue(default: str = "en", *, render: Render = PLAIN) -> Catalogue:
    """Every shipped locale on one platform; ``default`` for people of another language."""
    return Catalogue(LOCALES, source="en", default=default, render=render)


def describe(
    error: DomainError,
    *,
    locale: str | None = None,
    render: Render = PLAIN,
    context: ErrorContext | None = None,
) -> str:
    """One sentence telling people why ``error`` refused (plain English unless told otherwise).

    ``locale`` is a language code (``"de"``); an unknown one falls back to English.
    """
    t = default_catalogue(render=render).translator(locale)
    return str(describe_error(error, t, context))


__all__ = [
    "COMMUNITY_UNIT",
    "HTML",
    "LOCALES",
    "MARKDOWN",
    "PLAIN",
    "TAGS",
    "TERMINAL",
    "Catalogue",
    "ErrorContext",
    "Locale",
    "Markup",
    "Render",
    "Translator",
    "clip",
    "default_catalogue",
    "describe",
    "describe_error",
    "error_text",
    "literal_text",
    "mapped_errors",
    "placeholders",
    "user_ids_in",
]
