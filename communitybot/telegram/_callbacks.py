"""The compact ``callback_data`` codec: an action code and ids, never amounts or user ids.

Telegram clients can send any ``callback_data`` they like, so the data only says *what was
pressed* and *on which thing* (a collective id, a pending-confirmation token, a history page).
Handlers re-read the thing from the database and check the presser on every press.

Format: ``<code>:<arg>[:<arg>]``, at most 64 bytes, e.g. ``pa:17`` (approve payment request 17),
``sy:Xk3_9aQe`` (confirm the pending transfer with that token), ``hp:10:10`` (history page).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

MAX_CALLBACK_BYTES = 64
"""Telegram's limit for ``callback_data``."""

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{6,16}$")
_NUMBER = re.compile(r"^(0|[1-9][0-9]{0,9})$")


class Action(enum.Enum):
    """Every button the bot shows, by its two-letter wire code."""

    APPROVE = "pa"
    DISAPPROVE = "pd"
    RETRACT = "pr"
    CANCEL_PAYMENT = "px"
    JOIN = "cj"
    LEAVE = "cl"
    EXTERNALS_PLUS = "ce"
    EXTERNALS_MINUS = "cm"
    ACCEPT = "ca"
    CANCEL_COMMUNISM = "cx"
    CONFIRM_SEND = "sy"
    ABORT_SEND = "sn"
    HISTORY_PAGE = "hp"
    FORGET = "fy"
    KEEP = "fn"

    @property
    def shape(self) -> tuple[str, ...]:
        """The kinds of the arguments: ``"id"`` (a collective id), ``"token"`` or ``"int"``."""
        if self in (Action.CONFIRM_SEND, Action.ABORT_SEND):
            return ("token",)
        if self is Action.HISTORY_PAGE:
            return ("int", "int")
        return ("id",)


class BadCallback(ValueError):
    """``callback_data`` that this bot never produced (forged, truncated or from an old version)."""


@dataclass(frozen=True, slots=True)
class Callback:
    """A decoded button press: the action and its arguments (ints for ids, str for tokens)."""

    action: Action
    args: tuple[int | str, ...]

    @property
    def number(self) -> int:
        """The first argument as an int (the collective id, or the history offset)."""
        value = self.args[0]
        if not isinstance(value, int):
            raise BadCallback(f"{self.action.name} carries no number")
        return value

    @property
    def token(self) -> str:
        """The first argument as a token (pending confirmations)."""
        value = self.args[0]
        if not isinstance(value, str):
            raise BadCallback(f"{self.action.name} carries no token")
        return value


def encode(action: Action, *args: int | str) -> str:
    """The ``callback_data`` for ``action`` with ``args``; raises ValueError on a bad shape."""
    shape = action.shape
    if len(args) != len(shape):
        raise ValueError(f"{action.name} takes {len(shape)} argument(s), not {len(args)}")
    parts = [action.value]
    for kind, arg in zip(shape, args, strict=True):
        text = str(arg)
        if kind == "token":
            if not isinstance(arg, str) or not _TOKEN.match(text):
                raise ValueError(f"bad token {arg!r}")
        elif isinstance(arg, bool) or not isinstance(arg, int) or not _NUMBER.match(text):
            raise ValueError(f"bad number {arg!r}")
        parts.append(text)
    data = ":".join(parts)
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError("callback data over 64 bytes")
    return data


_BY_CODE = {action.value: action for action in Action}


def decode(data: str | None) -> Callback:
    """Parse ``callback_data``; what this codec would not produce raises :class:`BadCallback`."""
    if not data or len(data.encode()) > MAX_CALLBACK_BYTES:
        raise BadCallback("empty or oversized callback data")
    code, *raw = data.split(":")
    action = _BY_CODE.get(code)
    if action is None:
        raise BadCallback(f"unknown action {code!r}")
    if len(raw) != len(action.shape):
        raise BadCallback(f"{action.name} takes {len(action.shape)} argument(s)")
    args: list[int | str] = []
    for kind, text in zip(action.shape, raw, strict=True):
        if kind == "token":
            if not _TOKEN.match(text):
                raise BadCallback(f"bad token {text!r}")
            args.append(text)
        else:
            if not _NUMBER.match(text):
                raise BadCallback(f"bad number {text!r}")
            value = int(text)
            if kind == "id" and value == 0:
                raise BadCallback("ids start at 1")
            args.append(value)
    return Callback(action=action, args=tuple(args))


__all__ = ["MAX_CALLBACK_BYTES", "Action", "BadCallback", "Callback", "decode", "encode"]
