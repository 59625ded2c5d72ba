"""Money as integer cents: parsing what people type and formatting what they read.

No float is used anywhere: ``"5,50 €"`` becomes ``550`` by string arithmetic.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from communitybot.core.errors import InvalidAmount
from communitybot.core.text import DIGITS, has_foreign_digits

MEDIUMINT_MIN = -8_388_608
"""Smallest value of a MySQL ``MEDIUMINT`` column (the documented ``balance`` and ``amount``)."""

MEDIUMINT_MAX = 8_388_607
"""Largest value of a MySQL ``MEDIUMINT`` column, in cents: 83,886.07."""

MAX_AMOUNT_TEXT = 24
"""Longest amount text that is read at all; longer input is refused as absurd."""

ACCEPTED_FORMS = "5, 5.5, 5,50, 5€, €5 or 5.00 EUR (at most two decimals, more than zero)"
"""A human summary of what :func:`parse_amount` accepts, for help texts."""

_CURRENCY = r"(?:€|eur|euro|euros)"
_CURRENCY_WORD = re.compile(rf"^{_CURRENCY}$", re.IGNORECASE)
_AMOUNT = re.compile(
    rf"^(?:{_CURRENCY}\s*)?(?P<units>[{DIGITS}]+)(?:[.,](?P<cents>[{DIGITS}]+))?"
    rf"(?:\s*{_CURRENCY})?$",
    re.IGNORECASE,
)


def parse_amount(text: str, *, maximum: int = MEDIUMINT_MAX) -> int:
    """Read a positive amount of money typed by a person and return it in cents.

    Accepts ``5``, ``5.5``, ``5,50``, ``5€``, ``€5`` and ``5.00 EUR``. Refuses, with
    :class:`~communitybot.core.errors.InvalidAmount` whose ``reason`` names the rule, empty or
    absurdly long input, signs, digits other than 0-9 (``foreign_digits``), exponents, more than
    two decimals, zero, values above ``maximum`` (by default the ``MEDIUMINT`` range of the
    community ledger; the economy core passes its own bound) and anything else that is not a
    number. A command whose words were split at blanks joins the amount first
    (:func:`take_amount`).
    """
    cleaned = text.strip()
    if not cleaned:
        raise InvalidAmount(text=text, reason="empty")
    if len(cleaned) > MAX_AMOUNT_TEXT:
        raise InvalidAmount(text=text, reason="too_long")
    if cleaned.startswith("-") or cleaned.startswith("+"):
        raise InvalidAmount(text=text, reason="negative" if cleaned[0] == "-" else "sign")
    match = _AMOUNT.match(cleaned)
    if match is None:
        if has_foreign_digits(cleaned):
            raise InvalidAmount(text=text, reason="foreign_digits")
        reason = "exponent" if re.search(r"[0-9][eE][+-]?[0-9]", cleaned) else "not_a_number"
        raise InvalidAmount(text=text, reason=reason)
    units, fraction = match.group("units"), match.group("cents") or ""
    if len(fraction) > 2:
        raise InvalidAmount(text=text, reason="too_many_decimals")
    cents = int(units) * 100 + int(fraction.ljust(2, "0") or "0")
    if cents == 0:
        raise InvalidAmount(text=text, reason="zero")
    if cents > maximum:
        raise InvalidAmount(text=text, reason="too_large")
    return cents


def take_amount(words: Sequence[str]) -> tuple[str, list[str]]:
    """The amount at the start of a command's ``words`` and the words after it.

    ``"5.00 EUR"`` is one amount although a command splits it into two words: a currency word
    (``€``, ``EUR``, ``euro``, ``euros``, any case) right after the number, or right before it,
    belongs to the amount. ``take_amount(["5.00", "EUR", "tape"])`` is ``("5.00 EUR",
    ["tape"])``; the amount text is for :func:`parse_amount`, which judges it.
    """
    if not words:
        return "", []
    first, rest = words[0], list(words[1:])
    if rest and _CURRENCY_WORD.match(rest[0]) and not _CURRENCY_WORD.match(first):
        return f"{first} {rest[0]}", rest[1:]
    if rest and _CURRENCY_WORD.match(first):
        return f"{first} {rest[0]}", rest[1:]
    return first, rest


def format_cents(cents: int, unit: str = "€") -> str:
    """Format cents for people: ``format_cents(-550)`` is ``"-5.50 €"``; ``unit=""`` omits it."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(cents), 100)
    number = f"{sign}{whole}.{rest:02d}"
    return f"{number} {unit}" if unit else number


def in_mediumint_range(value: int) -> bool:
    """Whether ``value`` fits the documented ``MEDIUMINT`` balance and amount columns."""
    return MEDIUMINT_MIN <= value <= MEDIUMINT_MAX


__all__ = [
    "ACCEPTED_FORMS",
    "MAX_AMOUNT_TEXT",
    "MEDIUMINT_MAX",
    "MEDIUMINT_MIN",
    "format_cents",
    "in_mediumint_range",
    "parse_amount",
    "take_amount",
]
