"""How one text of the catalogue becomes a message of one platform.

Templates are written once, in a tiny markup of three tags, ``<b>`` (bold), ``<i>`` (italic) and
``<code>`` (a command or a code), around literal text that is safe on every platform (no ``&``,
``<``, ``>``, ``*``, ``_``, `````, ``~``, ``|`` or ``\\`` outside the tags; a test checks this).
A :class:`Render` turns the tags into the platform's markup and escapes each value filled in:
Telegram HTML, Discord markdown, plain text for the command line (commands in backticks in
its own texts). A value that is
:class:`Markup` (text the bot already rendered for the same platform, such as a mention) is
inserted as it is.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

TAGS = ("b", "i", "code")
"""The tags a template may use."""

_TAG = re.compile(rf"<(/?)({'|'.join(TAGS)})>")


class Markup(str):
    """Text already rendered for one platform, inserted into templates unescaped."""

    __slots__ = ()


@dataclass(frozen=True, slots=True, eq=False)
class Render:
    """One platform's markup: what each tag becomes and how values are escaped."""

    name: str
    tags: Mapping[str, tuple[str, str]]
    """Each tag's opening and closing text on this platform."""
    escape_text: Callable[[str], str]
    """Escapes a value in running text."""
    escape_code: Callable[[str], str]
    """Escapes a value inside ``<code>`` (where the platform may take text literally)."""

    def escape(self, value: object, *, code: bool = False) -> Markup:
        """``value`` as text safe on this platform (:class:`Markup` passes unchanged)."""
        if isinstance(value, Markup):
            return value
        text = str(value)
        return Markup(self.escape_code(text) if code else self.escape_text(text))

    def fill(self, template: str, values: Mapping[str, object]) -> Markup:
        """``template`` in this platform's markup with ``values`` escaped and filled in."""
        parts: list[str] = []
        for literal, name, in_code in _compile(self, template):
            parts.append(literal)
            if name is not None:
                parts.append(self.escape(values[name], code=in_code))
        return Markup("".join(parts))


@lru_cache(maxsize=4096)
def _compile(render: Render, template: str) -> tuple[tuple[str, str | None, bool], ...]:
    """The template as (literal text in platform markup, placeholder, inside code) triples."""
    segments: list[tuple[str, str | None, bool]] = []
    in_code = False
    for literal, name, spec, conversion in string.Formatter().parse(template):
        if spec or conversion:
            raise ValueError(f"placeholders take no format spec or conversion: {template!r}")
        out: list[str] = []
        position = 0
        for tag in _TAG.finditer(literal):
            out.append(literal[position : tag.start()])
            closing, kind = tag.group(1) == "/", tag.group(2)
            out.append(render.tags[kind][1 if closing else 0])
            if kind == "code":
                in_code = not closing
            position = tag.end()
        out.append(literal[position:])
        segments.append(("".join(out), name, in_code))
    return tuple(segments)


def placeholders(template: str) -> frozenset[str]:
    """The named placeholders of a template, e.g. ``{"amount", "name"}``."""
    return frozenset(
        name for _, name, _, _ in string.Formatter().parse(template) if name is not None
    )


def literal_text(template: str) -> str:
    """The template without its placeholders and tags: the text every platform shows as is."""
    text = "".join(literal for literal, _, _, _ in string.Formatter().parse(template))
    return _TAG.sub("", text)


def _html(text: str) -> str:
    return html.escape(text, quote=False)


_MARKDOWN_SPECIALS = ("\\", "*", "_", "`", "~", "|", ">", "@", "#")


def _markdown(text: str) -> str:
    # Mentions and channel links are defused too (the bot never pings, but shows what was typed).
    for char in _MARKDOWN_SPECIALS:
        text = text.replace(char, "\\" + char)
    return text


def _markdown_code(text: str) -> str:
    # Inside a code span Discord shows backslashes literally; only a backtick could end it.
    return text.replace("`", "ˋ")


def _same(text: str) -> str:
    return text


HTML = Render(
    "html",
    {"b": ("<b>", "</b>"), "i": ("<i>", "</i>"), "code": ("<code>", "</code>")},
    _html,
    _html,
)
"""Telegram's HTML parse mode."""

MARKDOWN = Render(
    "markdown",
    {"b": ("**", "**"), "i": ("*", "*"), "code": ("`", "`")},
    _markdown,
    _markdown_code,
)
"""Discord's markdown."""

PLAIN = Render("plain", {"b": ("", ""), "i": ("", ""), "code": ("", "")}, _same, _same)
"""Plain text, for the command line's refusals and logs."""

TERMINAL = Render("terminal", {"b": ("", ""), "i": ("", ""), "code": ("`", "`")}, _same, _same)
"""Plain text with commands in backticks, for the command line's own texts."""


__all__ = [
    "HTML",
    "MARKDOWN",
    "PLAIN",
    "TAGS",
    "TERMINAL",
    "Markup",
    "Render",
    "literal_text",
    "placeholders",
]
