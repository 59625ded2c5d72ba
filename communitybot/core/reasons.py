"""The reasons of community journal rows: what a row was for (:class:`TransactionKind`, told by
the prefix of its ``reason``), the collective a reason names, and the reasons MateBot v0.2 wrote.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence

from communitybot.core.ids import UserId

TEXT_MAX = 255
"""Longest text the documented ``varchar(255)`` columns hold: names, usernames, reasons,
descriptions."""

REASON_MAX = TEXT_MAX
"""Longest ``transactions.reason`` / ``collectives.description``."""


class TransactionKind(enum.Enum):
    """What a journal row was for, told by the prefix of its ``reason``."""

    SEND = "send"
    PAY = "pay"
    COMMUNISM = "communism"
    CONSUME = "consume"
    VOUCH = "vouch"
    DEPOSIT = "deposit"
    WITHDRAW = "withdraw"
    CASHBOX = "cashbox"
    REVERSAL = "reversal"
    FEE = "fee"
    OTHER = "other"

    @property
    def prefix(self) -> str:
        """The reason prefix of this kind, e.g. ``"send: "`` (empty for :attr:`OTHER`)."""
        return "" if self is TransactionKind.OTHER else f"{self.value}: "


def make_reason(kind: TransactionKind, text: str | None) -> str:
    """The stored reason: ``kind``'s prefix followed by ``text``, cut to :data:`REASON_MAX` chars.

    Whitespace at both ends of ``text`` is dropped; a missing text leaves only the bare prefix
    (without its trailing blank), e.g. ``"send:"``.
    """
    body = (text or "").strip()
    reason = f"{kind.prefix}{body}" if body else kind.prefix.rstrip()
    return reason[:REASON_MAX]


_TAGGED = re.compile(r"^#([0-9]+)(?: |$)")
_MATEBOT_COMMUNISM = re.compile(r"^(.*) \(([0-9]+)\)$", re.DOTALL)
"""MateBot v0.2's communism reason after the prefix: ``<description> (<id>)``."""


def reason_collective(reason: str | None, kind: TransactionKind) -> int | None:
    """The collective id a ``pay: #12 ...`` / ``communism: #12 ...`` reason of ``kind`` names,
    or a communism reason as MateBot v0.2 wrote it (``communism: <description> (12)``);
    ``None`` when the reason is of another kind or names none (digits 0-9 only). MateBot's
    ``pay: <description>`` names no id: :func:`legacy_payment_description` reads it."""
    if not reason or not reason.startswith(kind.prefix):
        return None
    body = reason[len(kind.prefix) :]
    match = _TAGGED.match(body)
    if match:
        return int(match.group(1))
    if kind is TransactionKind.COMMUNISM:
        legacy = _MATEBOT_COMMUNISM.match(body)
        return int(legacy.group(2)) if legacy else None
    return None


def legacy_payment_description(reason: str | None) -> str | None:
    """The description of a payment as MateBot v0.2 wrote it (``pay: <description>``, no
    ``#id``), or ``None`` for any other reason."""
    prefix = TransactionKind.PAY.prefix
    if not reason or not reason.startswith(prefix) or _TAGGED.match(reason[len(prefix) :]):
        return None
    return reason[len(prefix) :]


def legacy_communism_reason(collective_id: int, description: str) -> str:
    """The reason MateBot v0.2 wrote for a share of communism ``collective_id``."""
    return f"{TransactionKind.COMMUNISM.prefix}{description} ({collective_id})"


def charged_shares(
    members: Sequence[UserId], creator: UserId, paid: Mapping[UserId, int], externals: int
) -> tuple[tuple[tuple[UserId, int], ...], tuple[int, ...]]:
    """The shares of a communism that other software settled, as its journal says: each member
    what it paid the creator; the creator and each external the share per head that was charged
    (the largest payment: MateBot charged everyone the same, rounded up)."""
    per_head = max(paid.values(), default=0)
    shares = tuple(
        (member, per_head if member == creator else paid.get(member, 0)) for member in members
    )
    return shares, (per_head,) * externals


def reason_kind(reason: str | None) -> TransactionKind:
    """The kind a stored reason belongs to, by its prefix; :attr:`TransactionKind.OTHER` if none."""
    if reason:
        for kind in TransactionKind:
            if kind is not TransactionKind.OTHER and (
                reason.startswith(kind.prefix) or reason == kind.prefix.rstrip()
            ):
                return kind
    return TransactionKind.OTHER


__all__ = [
    "REASON_MAX",
    "TEXT_MAX",
    "TransactionKind",
    "charged_shares",
    "legacy_communism_reason",
    "legacy_payment_description",
    "make_reason",
    "reason_collective",
    "reason_kind",
]
