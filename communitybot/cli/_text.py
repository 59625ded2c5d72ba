"""The command line's own texts, from the one message catalogue in the configured ``locale``."""

from __future__ import annotations

import sys

from communitybot.runtime.catalogue import TERMINAL, default_catalogue
from communitybot.settings import Settings


def text(settings: Settings, key: str, /, **values: object) -> str:
    """The catalogue's ``key`` as terminal text (commands in backticks), ``values`` filled in."""
    return str(default_catalogue(settings.locale, render=TERMINAL).translator()(key, **values))


def warn(settings: Settings, key: str, /, **values: object) -> None:
    """Print the text of ``key`` to stderr."""
    print(text(settings, key, **values), file=sys.stderr)


__all__ = ["text", "warn"]
