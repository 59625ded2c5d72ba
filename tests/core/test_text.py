"""User text as a person sees it, and whole numbers in the digits 0-9 only."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from communitybot.core.errors import InvalidNumber
from communitybot.core.text import has_foreign_digits, is_plain_number, normalise_text, parse_number


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\u200b",  # zero-width space
        "\u200e\u200f",  # left-to-right and right-to-left marks
        "\u202e\u2066\u2069",  # a bidi override and isolates
        "\ufeff",  # byte order mark
        "\u00ad",  # soft hyphen
        "\u2060\u180e",  # word joiner, Mongolian vowel separator
        "\u200d\u200c",  # joiners with nothing to join
        "\u3164\u2800",  # Hangul filler, blank Braille pattern
        " \u200b \u00a0\u3000\t\n",
        "\x00\x07",
    ],
)
def test_only_invisible_characters_normalise_to_nothing(text: str) -> None:
    assert normalise_text(text) == ""


@pytest.mark.parametrize(
    ("text", "seen"),
    [
        ("  pizza  ", "pizza"),
        ("\u200bpizza\u200e", "pizza"),
        ("piz\u200bza", "pizza"),
        ("cafe\u0301", "café"),  # NFC
        ("\u200dtape\u200d", "tape"),
        ("👨\u200d👩\u200d👧 party", "👨\u200d👩\u200d👧 party"),  # a family keeps its joiners
        ("می\u200cخواهم", "می\u200cخواهم"),  # a Persian word keeps its non-joiner
        ("a\u3164b", "a\u3164b"),
        ("two\nlines", "two\nlines"),
    ],
)
def test_visible_text_is_kept_and_put_into_nfc(text: str, seen: str) -> None:
    assert normalise_text(text) == seen


@given(st.text())
def test_normalised_text_has_no_format_characters_at_its_ends_and_is_stable(text: str) -> None:
    seen = normalise_text(text)
    assert normalise_text(seen) == seen
    assert seen == unicodedata.normalize("NFC", seen)
    assert seen == seen.strip()
    assert all(unicodedata.category(c) != "Cf" for c in seen[:1] + seen[-1:])
    kept_inside = "\u200c\u200d"
    assert all(
        c in kept_inside or 0xE0020 <= ord(c) < 0xE0080
        for c in seen
        if unicodedata.category(c) == "Cf"
    )


@pytest.mark.parametrize(("text", "number"), [("5", 5), ("0", 0), ("007", 7), (" 12 ", 12)])
def test_numbers_in_the_digits_0_to_9(text: str, number: int) -> None:
    assert parse_number(text, max_digits=6) == number


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("²", "foreign_digits"),  # str.isdigit() says yes, int() says no
        ("٥", "foreign_digits"),  # Arabic-Indic five: int() would read it
        ("５", "foreign_digits"),  # fullwidth
        ("𝟓", "foreign_digits"),  # mathematical bold
        ("五", "foreign_digits"),
        ("1٥", "foreign_digits"),
        ("-1", "not_a_number"),
        ("+1", "not_a_number"),
        ("1.5", "not_a_number"),
        ("many", "not_a_number"),
        ("1_000", "not_a_number"),
        ("1234567", "too_long"),
        ("9" * 5000, "too_long"),  # refused before int() (which limits digits itself)
    ],
)
def test_other_numbers_are_refused_with_the_rule(text: str, reason: str) -> None:
    with pytest.raises(InvalidNumber) as caught:
        parse_number(text, max_digits=6)
    assert (caught.value.text, caught.value.reason) == (text, reason)


def test_leading_zeros_do_not_make_a_number_too_long() -> None:
    assert parse_number("0" * 5000 + "42", max_digits=2) == 42


@given(st.text(alphabet=st.characters(categories=["Nd", "No", "Nl"]), min_size=1))
def test_any_numeral_but_0_to_9_is_foreign(text: str) -> None:
    assert has_foreign_digits(text) == any(c not in "0123456789" for c in text)


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("0", True),
        ("12", True),
        ("007", True),
        ("", False),
        ("²", False),
        ("٥", False),
        ("５", False),
        ("𝟓", False),
        ("-1", False),
        ("1.5", False),
        (" 1", False),
    ],
)
def test_a_plain_number_is_the_digits_0_to_9_only(text: str, plain: bool) -> None:
    assert is_plain_number(text) is plain
