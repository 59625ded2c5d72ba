"""The shipped translations of the message catalogue: English (source) and German."""

from __future__ import annotations

from communitybot.telegram._i18n import Catalogue, Locale
from communitybot.telegram._locales._de import MESSAGES as GERMAN
from communitybot.telegram._locales._en import MESSAGES as ENGLISH

LOCALES: dict[str, Locale] = {
    "en": Locale(code="en", name="English", messages=ENGLISH),
    "de": Locale(
        code="de",
        name="Deutsch",
        messages=GERMAN,
        decimal_separator=",",
        date_format="%d.%m.%Y %H:%M",
    ),
}
"""Every shipped locale by its language code; add a module and an entry here to add one."""


def default_catalogue(default: str = "en") -> Catalogue:
    """The catalogue of every shipped locale, ``default`` for users without a known language."""
    return Catalogue(LOCALES, source="en", default=default)


__all__ = ["LOCALES", "default_catalogue"]
