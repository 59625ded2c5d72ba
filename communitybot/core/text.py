"""What people type: free text as a person sees it, and whole numbers in the digits 0-9.

Every adapter reads user text through these two helpers, so a rule such as "a description is
required" judges what a reader would see, and a count is read the same way everywhere.
"""

from __future__ import annotations

import unicodedata

from communitybot.core.errors import InvalidNumber

DIGITS = "0123456789"
"""The only digits a number typed by a person may use."""

_JOINERS = frozenset("\u200c\u200d")
"""Zero-width non-joiner and joiner: format characters that shape the letters or emoji between
them (Persian words, family emoji), kept inside a text and dropped at its ends."""

_TAGS = range(0xE0020, 0xE0080)
"""Tag characters (format characters that spell subdivision flags, such as the flag of
Scotland), kept like the joiners."""

_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
"""Letters and symbols that draw nothing (Hangul fillers, the blank Braille pattern): dropped at
the ends of a text like whitespace."""


def _keeps_inside(char: str) -> bool:
    return char in _JOINERS or ord(char) in _TAGS


def _dropped(char: str) -> bool:
    """A format or control character that is removed wherever it stands."""
    category = unicodedata.category(char)
    if category == "Cf":
        return not _keeps_inside(char)
    return category == "Cc" and not char.isspace()


def _blank(char: str) -> bool:
    return char.isspace() or char in _FILLERS or _keeps_inside(char)


def normalise_text(text: str) -> str:
    """``text`` as a person sees it: the form every free text a user gives is judged and stored in.

    Format characters (Unicode category Cf: zero-width spaces, direction marks and embeddings, the
    byte order mark, soft hyphens) and control characters other than whitespace are removed;
    whitespace, fillers that draw nothing, and joiners are stripped from both ends; the rest is
    put into Unicode NFC. Zero-width joiners and tag characters stay between visible characters,
    where they shape emoji and words. ``normalise_text("\\u200b")`` is ``""``.
    """
    if text.isascii() and text.isprintable():
        # the common case, at once: nothing to drop, nothing to compose, and the only blank
        # is the space
        return text.strip(" ")
    kept = "".join(char for char in text if not _dropped(char))
    start, end = 0, len(kept)
    while start < end and _blank(kept[start]):
        start += 1
    while end > start and _blank(kept[end - 1]):
        end -= 1
    return unicodedata.normalize("NFC", kept[start:end])


def has_foreign_digits(text: str) -> bool:
    """Whether ``text`` holds a digit or numeral other than 0-9 (``٥``, ``５``, ``𝟓``, ``²``)."""
    return any(char.isnumeric() and char not in DIGITS for char in text)


def is_plain_number(text: str) -> bool:
    """Whether ``text`` is one or more of the digits 0-9 and nothing else.

    :meth:`str.isdigit` and :meth:`str.isdecimal` also accept ``²`` or ``٥`` (and ``int()`` reads
    the latter as 5); this does not.
    """
    return bool(text) and all(char in DIGITS for char in text)


def parse_number(text: str, *, max_digits: int) -> int:
    """Read a whole number typed by a person: the digits 0-9 only, at most ``max_digits`` of them.

    Leading zeros do not count towards ``max_digits``. Raises
    :class:`~communitybot.core.errors.InvalidNumber` whose ``reason`` names the rule: ``empty``,
    ``foreign_digits`` (a digit that is not 0-9, which :meth:`str.isdigit` would have let through),
    ``not_a_number`` (signs, decimals, letters) or ``too_long``. The range is the caller's to check.
    """
    cleaned = text.strip()
    if not cleaned:
        raise InvalidNumber(text=text, reason="empty")
    if has_foreign_digits(cleaned):
        raise InvalidNumber(text=text, reason="foreign_digits")
    if any(char not in DIGITS for char in cleaned):
        raise InvalidNumber(text=text, reason="not_a_number")
    significant = cleaned.lstrip("0") or "0"
    if len(significant) > max_digits:
        raise InvalidNumber(text=text, reason="too_long")
    return int(significant)


__all__ = ["DIGITS", "has_foreign_digits", "is_plain_number", "normalise_text", "parse_number"]
