"""Reading what people type into command options: amounts, bracket bounds, tax rates.

Amounts go through :func:`communitybot.core.money.parse_amount` (integer cents, no float), bounded
by the economy core's balance limit rather than the community ledger's ``MEDIUMINT`` range.
"""

from __future__ import annotations

import re

from communitybot.core.economy import BALANCE_LIMIT
from communitybot.core.errors import InvalidAmount, InvalidRate
from communitybot.core.money import parse_amount

_ZERO = re.compile(r"^\s*0+(?:[.,]0{1,2})?\s*$")
_RATE = re.compile(r"^\s*(?P<units>[0-9]{1,3})(?:[.,](?P<decimals>[0-9]{1,2}))?\s*%?\s*$")


def amount(text: str) -> int:
    """A positive amount in minor units (``"5,50"`` is 550); ``InvalidAmount`` otherwise."""
    return parse_amount(text, maximum=BALANCE_LIMIT)


def bound(text: str) -> int:
    """A tax bracket bound in minor units: zero or a positive amount."""
    if _ZERO.match(text):
        return 0
    return parse_amount(text, maximum=BALANCE_LIMIT)


def signed(text: str) -> int:
    """Zero, or an amount in minor units with an optional leading ``-`` (an account's lowest
    balance: ``"-50"`` is -5000); ``InvalidAmount`` otherwise."""
    stripped = text.strip()
    negative = stripped.startswith("-")
    try:
        value = bound(stripped[1:] if negative else stripped)
    except InvalidAmount:
        bound(stripped)  # refuses naming what was typed, sign and all
        raise
    return -value if negative else value


def rate(text: str) -> int:
    """A percentage with at most two decimals, in basis points (``"2.5"`` or ``"2.5 %"`` is 250).

    Whether it is at most 100 % is the tax rules' call (``InvalidTaxBracket``).
    """
    match = _RATE.match(text)
    if match is None:
        raise InvalidRate(text=text)
    decimals = (match["decimals"] or "").ljust(2, "0")
    return int(match["units"]) * 100 + int(decimals)


__all__ = ["amount", "bound", "rate", "signed"]
