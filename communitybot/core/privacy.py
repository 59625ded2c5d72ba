"""What the community stores about one person, as ``/data export`` hands it out, and how a
person is forgotten (pure rules; the service reads and writes)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from communitybot.core.community import HistoryEntry, UserData, UserInfo, UserSummary
from communitybot.core.ids import CollectiveId, UserId

FORGOTTEN_NAME = "Forgotten member #{id}"
"""The ``users.name`` a forgotten person keeps (the column is NOT NULL; the books need a row)."""


def forgotten_tid(user_id: int) -> int:
    """The ``users.tid`` of a forgotten person: minus one more than its user id. No Telegram user
    has a negative id, it is unique like the user id, it is not NULL (NULL is the community) and
    never -1 (:data:`~communitybot.core.community.CASH_BOX_TID`, the cash box)."""
    return -(int(user_id) + 1)


def is_forgotten(user: UserInfo) -> bool:
    """Whether ``user`` was forgotten (its tid is the stand-in of :func:`forgotten_tid`)."""
    return user.tid is not None and int(user.tid) == forgotten_tid(user.id)


@dataclass(frozen=True, slots=True)
class CollectiveTaken:
    """A collective the person opened or took part in (voted on, joined)."""

    id: CollectiveId
    communistic: bool
    amount: int
    description: str
    active: bool
    created: datetime
    creator: UserId
    vote: bool | None
    """The person's vote on a payment request; ``None`` where it only opened or joined."""


@dataclass(frozen=True, slots=True)
class PersonalData:
    """Everything stored about one person: its ``users`` row and standing (``/data``), every
    journal row it is a party of, the collectives it opened or took part in, its roles."""

    data: UserData
    journal: tuple[HistoryEntry, ...]
    collectives: tuple[CollectiveTaken, ...]
    roles: tuple[str, ...]


def personal_data_json(personal: PersonalData) -> bytes:
    """The export as a JSON document (amounts in cents, times in ISO 8601)."""
    user = personal.data.user
    document: dict[str, Any] = {
        "user": {
            "id": int(user.id),
            "telegram_id": user.tid,
            "name": user.name,
            "username": user.username,
            "balance": user.balance,
            "vote_permission": user.permission,
            "active": user.active,
            "external": user.external,
            "created": user.created.isoformat(),
            "accessed": user.accessed.isoformat(),
        },
        "vouched_for_by": _summary(personal.data.voucher),
        "vouches_for": [_summary(v) for v in personal.data.vouchees],
        "roles": list(personal.roles),
        "collectives": [
            {
                "id": int(c.id),
                "kind": "communism" if c.communistic else "payment_request",
                "amount": c.amount,
                "description": c.description,
                "open": c.active,
                "created": c.created.isoformat(),
                "opened_by_you": c.creator == user.id,
                "your_vote": None if c.vote is None else ("approve" if c.vote else "disapprove"),
            }
            for c in personal.collectives
        ],
        "journal": [e.as_json() for e in personal.journal],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def _summary(user: UserSummary | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": int(user.id), "name": user.name, "username": user.username}


__all__ = [
    "FORGOTTEN_NAME",
    "CollectiveTaken",
    "PersonalData",
    "forgotten_tid",
    "is_forgotten",
    "personal_data_json",
]
