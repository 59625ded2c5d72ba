"""The command line's own texts, from the one message catalogue in the configured ``locale``."""

from __future__ import annotations

import sys

from communitybot.runtime.catalogue import TERMINAL, default_catalogue
from communitybot.settings import Settings, SettingsError, load_settings


def text(settings: Settings, key: str, /, **values: object) -> str:
    """The catalogue's ``key`` as terminal text (commands in backticks), ``values`` filled in."""
    return _in(settings.locale, key, values)


def _in(locale: str, key: str, values: dict[str, object]) -> str:
    return str(default_catalogue(locale, render=TERMINAL).translator()(key, **values))


def usage(key: str, /, **values: object) -> str:
    """The text of ``key`` for an argument error, found before the handler has its settings: in
    the configured ``locale``, or in English when the settings do not load (``main`` then says
    why)."""
    try:
        locale = load_settings().locale
    except SettingsError:
        locale = "en"
    return _in(locale, key, values)


def warn(settings: Settings, key: str, /, **values: object) -> None:
    """Print the text of ``key`` to stderr."""
    print(text(settings, key, **values), file=sys.stderr)


__all__ = ["text", "usage", "warn"]
