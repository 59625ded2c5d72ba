"""Notifications to members about movements that touch them (pure).

A money-moving service that owes people a notice stores it as owed in its idempotency key's data
(``"notify": 1``, :mod:`communitybot.db.idempotency`) together with the notice's kind
(``"notice": "<kind>"``), and hands the adapter the :class:`Notice` values to deliver; the
adapter confirms delivery once, and a replay of the key before that delivers them again. A
member may turn every kind off (``member_notice_optouts``); a notice of a kind the recipient
turned off is never owed.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from communitybot.core.community import UserSummary
from communitybot.core.ids import TelegramId

NOTICE_KIND_FIELD = "notice"
"""The field of an operation's stored data that names the kind of notice it owes."""


class NoticeKind(enum.Enum):
    """What a notice is about; each can be turned off by its recipient (``/notify``).

    This is the one list of kinds: a new kind of movement adds a member here, its texts
    (``notice.<kind>.<event>`` and ``notify.kind.<kind>``) and a service that builds its
    :class:`Notice` values.
    """

    RECEIVED = "received"
    """Money another member sent you (``/send``)."""
    COMMUNISM = "communism"
    """Your share of a communism you joined was charged."""
    PAYMENT = "payment"
    """Your payment request was paid or denied."""
    VOUCH = "vouch"
    """Vouching ended and your balance was settled."""
    REMINDER = "reminder"
    """Your balance is below the reminder threshold (once per month)."""
    DEPOSIT = "deposit"
    """A treasurer recorded a deposit or withdrawal for you, or confirmed or rejected your
    waiting deposit; to the treasurers: a deposit waits for one of them."""
    REVERSAL = "reversal"
    """A transaction of yours was reversed (by a treasurer, or undone by the other party)."""
    FEE = "fee"
    """A membership fee was charged, or could not be."""
    LOW_STOCK = "low_stock"
    """To the treasurers: a sale took an article's stock to its warning level."""


@dataclass(frozen=True, slots=True)
class Notice:
    """One message owed to ``recipient`` (privately, at ``tid``).

    ``event`` tells the text apart within the kind (``charged``, ``paid``, ``denied``,
    ``settled_debt``, ``settled_credit``, ``below``); ``amount`` is what moved (cents, positive),
    ``balance`` the recipient's balance afterwards, ``counterpart`` the other party, ``subject``
    the description or reason; ``details`` are further values its text names (a deposit's or
    a transaction's number, a stock count), as ``(name, value)`` pairs.
    """

    kind: NoticeKind
    event: str
    recipient: UserSummary
    tid: TelegramId | None
    amount: int
    balance: int
    counterpart: UserSummary | None = None
    subject: str = ""
    details: tuple[tuple[str, str | int], ...] = ()

    @property
    def key(self) -> str:
        """The catalogue key of its text: ``notice.<kind>.<event>``."""
        return f"notice.{self.kind.value}.{self.event}"


__all__ = ["NOTICE_KIND_FIELD", "Notice", "NoticeKind"]
