"""Membership fees: recurring transfers of the community (issue 12, point 4).

A fee charges ``amount`` every ``interval_days`` to one member, to the holders of a role, or to
every active internal member, on the core's recurring schedule
(:mod:`communitybot.core.economy._recurring`): instalment ``n`` is due ``n`` intervals after the
fee was set up, a late run catches up every missed instalment on the original grid. Each member's
charge of an instalment is recorded once, paid (a journal row ``fee: ...`` to the community user)
or failed (the reason), and the member is told either way.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from communitybot.core.community import TransactionKind, make_reason
from communitybot.core.ids import TransactionId, UserId
from communitybot.core.notices import Notice

MONTH_DAYS = 30
"""The interval of a "monthly" fee: the recurring engine counts days."""


class FeeStatus(enum.Enum):
    """Whether a fee still charges."""

    ACTIVE = "active"
    CANCELLED = "cancelled"
    FINISHED = "finished"


@dataclass(frozen=True, slots=True)
class Fee:
    """A membership fee (``community_fees``); ``user_id`` (named ``member``) or ``role`` say
    who pays (neither: every active internal member)."""

    id: int
    amount: int
    interval_days: int
    total: int | None
    user_id: UserId | None
    role: str | None
    description: str
    status: FeeStatus
    processed: int
    anchor_at: datetime
    next_due_at: datetime
    member: str | None = None


@dataclass(frozen=True, slots=True)
class FeeNotice:
    """One member's charge of one instalment, to be told: paid (``transaction_id``) or failed
    (``failure``, the refusal's name, e.g. ``InsufficientBalance``); ``notice`` the text's
    values."""

    fee_id: int
    instalment: int
    user_id: UserId
    tid: int | None
    amount: int
    description: str
    transaction_id: TransactionId | None
    failure: str | None
    balance: int
    notice: Notice | None = None
    """What the member is told (kind ``fee``), once the service read whom to tell."""


@dataclass(frozen=True, slots=True)
class FeeRun:
    """What one run of the due fees did."""

    instalments: int = 0
    paid: int = 0
    failed: int = 0


def fee_reason(description: str, *, instalment: int, total: int | None) -> str:
    """The journal reason of a fee: ``fee: <description> (3)`` or ``(3/12)``."""
    count = f"{instalment}" if total is None else f"{instalment}/{total}"
    return make_reason(TransactionKind.FEE, f"{description} ({count})".strip())


__all__ = ["MONTH_DAYS", "Fee", "FeeNotice", "FeeRun", "FeeStatus", "fee_reason"]
