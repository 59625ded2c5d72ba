"""Material for hostile-update tests: odd texts, hand-built Bot API updates, and a row snapshot.

The texts are built so that a test knows what the bot must do with them: an amount that no
reading of the rules accepts, a count outside 0-9 digits, a description a person would see as
empty. Invisible (format) characters never sit inside a token that would become valid once they
are removed, and whitespace between tokens is always ``str.isspace`` whitespace, so that no
normalisation the bot may apply turns a refused command into a valid one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

from sqlalchemy import Engine, select

from communitybot.db.models import Base
from communitybot.devtools import SimChat, SimUser, detect_entities
from communitybot.telegram._text import utf16_len

Rows = dict[str, list[tuple[object, ...]]]

Expect = Literal["one", "at_most_one", "none"]
"""How many messages the bot must send for an update: exactly one, one or none, none."""

# --- Telegram's stand-in accounts (Bot API ``User`` objects) ---------------------------------

ANONYMOUS_ADMIN: dict[str, Any] = {
    "id": 1_087_968_824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}
"""Who a message of an anonymous group administrator comes from (with ``sender_chat``)."""

CHANNEL_BOT: dict[str, Any] = {
    "id": 136_817_688,
    "is_bot": True,
    "first_name": "Channel",
    "username": "Channel_Bot",
}
"""Who a message posted in a group on behalf of a channel comes from (with ``sender_chat``)."""

SERVICE_ACCOUNT: dict[str, Any] = {"id": 777_000, "is_bot": False, "first_name": "Telegram"}
"""The account of automatic forwards from a linked channel into its discussion group."""

# --- characters and tokens --------------------------------------------------------------------

FORMAT_CHARS = (
    "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
"""Invisible format characters (Unicode category Cf): zero-width, direction marks, BOM."""

SPACES = (" ", "  ", "\u00a0", "\t", "\n", "\u2003", "\u3000")
"""Whitespace a person can type between words (every one is ``str.isspace``)."""

BAD_AMOUNTS = (
    "²",
    "5²",
    "٥",
    "５",
    "𝟓",
    "١٢",
    "½",
    "Ⅴ",
    "٣٫٥",
    "0",
    "0,00",
    "0.0",
    "-5",
    "-0",
    "+5",
    "5.555",
    "1e3",
    "1E3",
    "5e-1",
    "NaN",
    "inf",
    "Infinity",
    "five",
    "fünf",
    "5..5",
    "5,5,5",
    "0x10",
    "5%",
    "$5",
    "5€€",
    "83886.08",
    "100000",
    "9999999999999999999999999999999999",
    "<b>5</b>",
    "*5*",
    "`5`",
    "5&",
    "&#53;",
)
"""Amounts that are refused however the amount parser reads them (one token each)."""

VALID_AMOUNTS = ("5", "1,50", "0.01", "2.5", "3€", "€4", "7 EUR", "5.00 €")
"""Amounts that are accepted (some as two tokens, the form the docs list)."""

BAD_COUNTS = (
    "0",
    "-1",
    "11",
    "100",
    "999999",
    "1000000",
    "99999999999999999999",
    "²",
    "2²",
    "٥",
    "５",
    "𝟓",
    "١",
    "½",
    "Ⅱ",
    "1.5",
    "1,5",
    "1e1",
    "two",
    "<b>2</b>",
    "*2*",
)
"""Consumable counts that are refused (the rules allow 1 to 10, in ASCII digits)."""

BAD_VERBS = ("foo", "ad", "adds", "remov", "removes", "delete", "@dave", "²", "<b>add</b>", "+")
"""First words of ``/vouch`` that are neither ``add`` nor ``remove``."""

SAFE_WORDS = ("beer", "pizza", "thanks", "für", "x", "<b>bold</b>", "*x*", "a&b")
"""Words that name no person, no amount and no currency: safe first words of a reason."""

UNKNOWN_USERNAMES = ("@nobody_here", "@x", "@", "@GroupAnonymousBot", "@Channel_Bot")

OTHER_BOTS = ("otherbot", "OtherBot", "GroupAnonymousBot", "communitybot_sandbox_bot2", "abc")

PIECES = (
    *FORMAT_CHARS,
    FORMAT_CHARS,
    "\u202eevil",
    "<b>",
    "</i>",
    '<a href="tg://user?id=1">x</a>',
    "<script>alert(1)</script>",
    "&",
    "&amp;",
    "&lt;",
    "<>",
    "*bold*",
    "_it_",
    "`code`",
    "```pre```",
    "[x](http://e.example)",
    "~~s~~",
    "||spoiler||",
    "@bob",
    "@nobody_here",
    "@communitybot_sandbox_bot",
    "²",
    "٥",
    "𝟓",
    "99999999999999999999999999",
    "-1",
    "1e308",
    "\x00",
    "\r\n",
    "😀",
    "👨‍👩‍👧‍👦",
    "e\u0301",
    "Ω",
    "ﷺ",
    "csv",
    "json",
    "add",
    "remove",
)
"""Hand-picked hostile words: invisible and direction characters, HTML, Markdown, numbers."""

LONG_PIECES = ("x" * 3000, "€" * 1200, "😀" * 1100, "\u200b" * 2500, "<b>" * 900, "9" * 500)
"""Huge strings (a message holds at most 4096 UTF-16 units; the texts are cut to fit)."""

MAX_TEXT = 4096
"""Telegram's limit for a message a person sends, in UTF-16 code units."""


def fit(text: str) -> str:
    """``text`` cut (between characters) to what one Telegram message can hold."""
    if utf16_len(text) <= MAX_TEXT:
        return text
    kept: list[str] = []
    size = 0
    for char in text:
        size += utf16_len(char)
        if size > MAX_TEXT:
            break
        kept.append(char)
    return "".join(kept)


def visible(text: str) -> str:
    """What a person sees: format characters removed, NFC, surrounding whitespace stripped."""
    stripped = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return unicodedata.normalize("NFC", stripped).strip()


# --- what a text is, to Telegram -------------------------------------------------------------

_COMMAND = re.compile(r"/([a-zA-Z0-9_]{1,32})(?:@([a-zA-Z0-9_]{3,32}))?")

CommandKind = Literal["ours", "unknown", "other_bot", "plain"]


def command_kind(text: str | None, *, known: Iterable[str], bot_username: str) -> CommandKind:
    """How the bot must read ``text``: a command of its own (``ours``), a command it does not
    have (``unknown``), a command for another bot (``other_bot``) or no command (``plain``).

    Like Telegram and python-telegram-bot: a command is a ``/name`` at the very start, optionally
    addressed as ``/name@bot``; names compare case-insensitively.
    """
    match = _COMMAND.match(text or "")
    if match is None:
        return "plain"
    name, bot = match.group(1), match.group(2)
    if bot is not None and bot.lower() != bot_username.lower():
        return "other_bot"
    return "ours" if name.lower() in {k.lower() for k in known} else "unknown"


# --- hand-built updates --------------------------------------------------------------------


def message_object(
    chat: SimChat,
    *,
    text: str | None,
    sender: Mapping[str, Any] | None,
    sender_chat: SimChat | None = None,
    forward_origin: Mapping[str, Any] | None = None,
    automatic_forward: bool = False,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A Bot API ``Message`` (without id and date: :meth:`FakeBotApi.inject_update` adds them)."""
    message: dict[str, Any] = {"chat": chat.to_api()}
    if sender is not None:
        message["from"] = dict(sender)
    if sender_chat is not None:
        message["sender_chat"] = sender_chat.to_api()
    if text is not None:
        message["text"] = text
        entities = [dict(e) for e in detect_entities(text)]
        if entities:
            message["entities"] = entities
    if forward_origin is not None:
        message["forward_origin"] = dict(forward_origin)
    if automatic_forward:
        message["is_automatic_forward"] = True
    if extra:
        message.update(extra)
    return message


def forward_origin(
    kind: str, *, date: int, user: SimUser, group: SimChat, channel: SimChat
) -> dict[str, Any]:
    """A ``MessageOrigin`` of ``kind``: ``user``, ``hidden_user``, ``chat`` or ``channel``."""
    if kind == "user":
        return {"type": "user", "date": date, "sender_user": user.to_api()}
    if kind == "hidden_user":
        return {"type": "hidden_user", "date": date, "sender_user_name": "Mallory"}
    if kind == "chat":
        return {"type": "chat", "date": date, "sender_chat": group.to_api()}
    return {"type": "channel", "date": date, "chat": channel.to_api(), "message_id": 7}


STICKER: dict[str, Any] = {
    "sticker": {
        "file_id": "CAACAgIAAxkBAAEBsticker",
        "file_unique_id": "AgADsticker",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": "😀",
    }
}
"""What makes a message a sticker (no text)."""

# --- rows ----------------------------------------------------------------------------------


def moved_by_the_server(table_name: str) -> set[str]:
    """Columns of a table that the server sets on every update (``ON UPDATE CURRENT_TIMESTAMP``)."""
    table = Base.metadata.tables[table_name]
    return {c.name for c in table.columns if c.onupdate is not None or c.server_onupdate}


def rows(engine: Engine) -> Rows:
    """Every row of every table, without the timestamps the server moves by itself."""
    found: Rows = {}
    with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            skipped = moved_by_the_server(table.name)
            columns = [c for c in table.columns if c.name not in skipped]
            result = connection.execute(select(*columns))
            found[table.name] = sorted((tuple(row) for row in result), key=repr)
    return found


def row_changes(before: Rows, after: Rows) -> dict[str, dict[str, list[tuple[object, ...]]]]:
    """Per table, the rows that disappeared (``gone``) and the ones that appeared (``new``)."""
    changes: dict[str, dict[str, list[tuple[object, ...]]]] = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name, []), after.get(name, [])
        if old == new:
            continue
        gone = [r for r in old if r not in new]
        appeared = [r for r in new if r not in old]
        changes[name] = {"gone": gone, "new": appeared}
    return changes


def full_rows(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table with every column, to put the database back later."""
    with engine.connect() as connection:
        return {
            table.name: [dict(row._mapping) for row in connection.execute(select(table))]
            for table in Base.metadata.sorted_tables
        }


def restore(engine: Engine, saved: Mapping[str, list[dict[str, Any]]]) -> None:
    """Put every table back to ``saved`` (see :func:`full_rows`), ids and timestamps included."""
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
        for table in Base.metadata.sorted_tables:
            if saved.get(table.name):
                connection.execute(table.insert(), saved[table.name])


def first(items: Iterable[Any], predicate: Callable[[Any], bool]) -> Any:
    """The first item that satisfies ``predicate`` (raises ``LookupError`` when none does)."""
    for item in items:
        if predicate(item):
            return item
    raise LookupError("no such item")


__all__ = [
    "ANONYMOUS_ADMIN",
    "BAD_AMOUNTS",
    "BAD_COUNTS",
    "BAD_VERBS",
    "CHANNEL_BOT",
    "FORMAT_CHARS",
    "LONG_PIECES",
    "MAX_TEXT",
    "OTHER_BOTS",
    "PIECES",
    "SAFE_WORDS",
    "SERVICE_ACCOUNT",
    "SPACES",
    "STICKER",
    "UNKNOWN_USERNAMES",
    "VALID_AMOUNTS",
    "CommandKind",
    "Expect",
    "Rows",
    "command_kind",
    "first",
    "fit",
    "forward_origin",
    "full_rows",
    "message_object",
    "moved_by_the_server",
    "restore",
    "row_changes",
    "rows",
    "visible",
]
