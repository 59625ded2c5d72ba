"""Splitting long replies below Telegram's 4096 UTF-16 units without breaking HTML."""

from __future__ import annotations

from communitybot.devtools import parse_html
from communitybot.telegram._text import MAX_MESSAGE, split_message, utf16_len


def test_short_text_stays_whole() -> None:
    assert split_message("a\nb") == ["a\nb"]
    assert split_message("") == [""]


def test_long_text_is_split_at_line_ends_and_every_part_parses() -> None:
    lines = [f"<b>{n:04d}</b> &amp; a line with some text in it 😀" for n in range(400)]
    parts = split_message("\n".join(lines))
    assert len(parts) > 1
    assert all(utf16_len(part) <= MAX_MESSAGE for part in parts)
    assert "\n".join(parts) == "\n".join(lines)
    for part in parts:
        parse_html(part)


def test_an_over_long_line_is_cut_outside_entities() -> None:
    line = "<b>x</b>" + "ab &amp; " * 1000
    parts = split_message(line, limit=100)
    assert all(utf16_len(part) <= 100 for part in parts)
    for part in parts:
        parse_html(part)
    assert "".join(parts).replace("&amp;", "&") == ("x" + "ab & " * 1000)
