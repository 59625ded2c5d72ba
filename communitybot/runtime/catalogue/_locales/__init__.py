"""The shipped translations: English (the source) and German, each in four areas.

The community's texts (the Telegram bot), the economies' texts (the Discord bot), the texts of
refusals and the command line's own texts live in their own modules per language; a key belongs
to exactly one of them.
"""

from __future__ import annotations

from collections.abc import Mapping

from communitybot.runtime.catalogue._locales import (
    _de_admin,
    _de_api,
    _de_books,
    _de_cash,
    _de_cli,
    _de_community,
    _de_discord,
    _de_economy,
    _de_errors,
    _de_governance,
    _de_notices,
    _de_review12,
    _en_admin,
    _en_api,
    _en_books,
    _en_cash,
    _en_cli,
    _en_community,
    _en_discord,
    _en_economy,
    _en_errors,
    _en_governance,
    _en_notices,
    _en_review12,
)
from communitybot.runtime.catalogue._translator import Locale


def _merge(*areas: Mapping[str, str]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for area in areas:
        twice = merged.keys() & area.keys()
        if twice:
            raise ValueError(f"keys defined in two areas: {sorted(twice)}")
        merged.update(area)
    return merged


ENGLISH = _merge(
    _en_community.MESSAGES,
    _en_economy.MESSAGES,
    _en_errors.MESSAGES,
    _en_cli.MESSAGES,
    _en_api.MESSAGES,
    _en_discord.MESSAGES,
    _en_books.MESSAGES,
    _en_admin.MESSAGES,
    _en_cash.MESSAGES,
    _en_governance.MESSAGES,
    _en_notices.MESSAGES,
    _en_review12.MESSAGES,
)
GERMAN = _merge(
    _de_community.MESSAGES,
    _de_economy.MESSAGES,
    _de_errors.MESSAGES,
    _de_cli.MESSAGES,
    _de_api.MESSAGES,
    _de_discord.MESSAGES,
    _de_books.MESSAGES,
    _de_admin.MESSAGES,
    _de_cash.MESSAGES,
    _de_governance.MESSAGES,
    _de_notices.MESSAGES,
    _de_review12.MESSAGES,
)

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
"""Every shipped locale by its language code; add modules and an entry here to add one."""

__all__ = ["LOCALES"]
