"""Telegram's HTML parse mode, as the fake Bot API applies it: text plus entities, or an error.

The fake server is strict where Telegram is strict, so a handler that forgets to escape a user's
name fails in the tests the way it would fail in production (``can't parse entities``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from typing import Any

_TAG_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "code": "code",
    "pre": "pre",
    "a": "text_link",
    "tg-spoiler": "spoiler",
    "blockquote": "blockquote",
}


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of Telegram's offsets and limits.

    The fake measures on its own rather than with the bot's helper, so a mistake there shows.
    """
    return len(text.encode("utf-16-le")) // 2


_ENTITY_REF = re.compile(r"&(?:lt|gt|amp|quot|#\d{1,7}|#x[0-9a-fA-F]{1,6});")


class EntityParseError(ValueError):
    """The text is not valid Telegram HTML; the message mirrors Telegram's description."""


@dataclass(frozen=True, slots=True)
class Parsed:
    """Plain text and its message entities (JSON-ready dicts with UTF-16 offsets)."""

    text: str
    entities: tuple[dict[str, Any], ...]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        self.stack: list[tuple[str, int, dict[str, Any]]] = []
        self.entities: list[dict[str, Any]] = []

    @property
    def position(self) -> int:
        return utf16_len("".join(self.parts))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = _TAG_TYPES.get(tag)
        extra: dict[str, Any] = {}
        if tag == "span" and ("class", "tg-spoiler") in attrs:
            kind = "spoiler"
        if kind is None:
            raise EntityParseError(f'Can\'t parse entities: unsupported start tag "{tag}"')
        if tag == "a":
            href = dict(attrs).get("href")
            if not href:
                raise EntityParseError("Can't parse entities: a tag without href")
            extra["url"] = href
        self.stack.append((tag, self.position, {"type": kind, **extra}))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            raise EntityParseError(f'Can\'t parse entities: unmatched end tag "{tag}"')
        _, start, entity = self.stack.pop()
        length = self.position - start
        if length > 0:
            self.entities.append({**entity, "offset": start, "length": length})

    def handle_data(self, data: str) -> None:
        if "<" in data:
            raise EntityParseError(
                "Can't parse entities: unsupported start tag or unescaped '<' in text"
            )
        self.parts.append(data)

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name};")

    def _reference(self, ref: str) -> None:
        if not _ENTITY_REF.fullmatch(ref):
            raise EntityParseError(f"Can't parse entities: unsupported entity {ref}")
        self.parts.append(unescape(ref))


def parse_html(source: str) -> Parsed:
    """Parse Telegram HTML into plain text and entities, or raise :class:`EntityParseError`."""
    stray = re.search(r"&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)", source)
    if stray is not None:
        raise EntityParseError(
            f"Can't parse entities: character '&' is reserved (offset {stray.start()})"
        )
    parser = _Parser()
    parser.feed(source)
    parser.close()
    if parser.rawdata:
        raise EntityParseError("Can't parse entities: unfinished tag")
    if parser.stack:
        raise EntityParseError(f'Can\'t parse entities: unclosed tag "{parser.stack[-1][0]}"')
    entities = sorted(parser.entities, key=lambda e: (e["offset"], -e["length"]))
    return Parsed(text="".join(parser.parts), entities=tuple(entities))


_COMMAND = re.compile(r"(?<![\w/])/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,32})?")
_MENTION = re.compile(r"(?<![\w@])@[a-zA-Z0-9_]{3,32}")


def detect_entities(text: str) -> tuple[dict[str, Any], ...]:
    """The entities Telegram detects in plain text a person sends: bot commands and mentions."""
    found: list[dict[str, Any]] = []
    for pattern, kind in ((_COMMAND, "bot_command"), (_MENTION, "mention")):
        for match in pattern.finditer(text):
            found.append(
                {
                    "type": kind,
                    "offset": utf16_len(text[: match.start()]),
                    "length": utf16_len(match.group()),
                }
            )
    return tuple(sorted(found, key=lambda e: int(e["offset"])))
