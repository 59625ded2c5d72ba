"""Telegram text limits: lengths in UTF-16 code units and splitting long HTML at line ends."""

from __future__ import annotations

import re

MAX_MESSAGE = 4096
"""Telegram's limit for one message, in UTF-16 code units."""

_TAG = re.compile(r"<[^>]*>")


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of Telegram's offsets and limits."""
    return len(text.encode("utf-16-le")) // 2


def split_message(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Split HTML ``text`` at line ends into parts of at most ``limit`` UTF-16 units.

    Every line of the bot's HTML is self-contained (no tag spans a line break), so cutting between
    lines keeps each part valid. A single line longer than ``limit`` (which no handler produces)
    loses its tags and is cut between characters, never inside an ``&entity;``.
    """
    parts: list[str] = []
    current = ""
    for raw_line in text.split("\n"):
        line = raw_line
        if utf16_len(line) > limit:
            line = _TAG.sub("", line)
            while utf16_len(line) > limit:
                head, line = _cut(line, limit)
                if current:
                    parts.append(current)
                    current = ""
                parts.append(head)
        candidate = f"{current}\n{line}" if current else line
        if current and utf16_len(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current or not parts:
        parts.append(current)
    return parts


def _cut(line: str, limit: int) -> tuple[str, str]:
    size = 0
    index = len(line)
    for position, char in enumerate(line):
        size += utf16_len(char)
        if size > limit:
            index = position
            break
    amp = line.rfind("&", max(0, index - 10), index)
    if amp != -1 and ";" not in line[amp:index]:
        index = amp
    return line[:index], line[index:]


__all__ = ["MAX_MESSAGE", "split_message", "utf16_len"]
