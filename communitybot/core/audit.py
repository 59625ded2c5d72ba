"""The audit of administration: who changed what, from what to what, and when.

Every change of permissions and roles, accounts, tax brackets, economies, applications and API
keys, groups (their currencies and exchange rates) and of a community member's standing is one
:class:`AuditEntry`, written in the same transaction as the change itself (so an entry exists
exactly when the change was committed). Entries are never edited.

How things are named, in ``actor`` and ``target`` (both plain text, so a filter is one exact
match):

- ``user:<platform id>``: a person acting in an economy (the ``label`` of its actor), and a
  person whose permissions changed;
- ``key:<id>``: an API key, acting or changed; ``application:<id>``: an application;
- ``member:<users.id>``: a member of the community (Telegram), acting or changed;
- ``role:<id>``: a role (a chat platform's in an economy, a community role in the community);
- ``account:<id>``, ``economy:<id>``, ``bracket:<id>``, ``group:<id>``, ``rate:<id>``,
  ``guild:<id>``, ``collective:<id>``;
- ``admin``: the administrator at the command line of the community, who is nobody's account.

``kind`` reads ``<area>.<change>`` (``key.disable``, ``account.rename``, ``community.grant_vote``);
a filter on an area alone (``key``) matches each of its changes.
"""

from __future__ import annotations

import csv
import enum
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any, NewType

from communitybot.core.errors import AuditQueryInvalid

AuditEntryId = NewType("AuditEntryId", int)
"""``admin_audit.id``: one recorded change."""

ADMIN = "admin"
"""The actor of a change made at the community's command line."""

PAGE_MAX = 500
"""The most entries one page of the audit holds."""

PAGE_DEFAULT = 50
"""Entries per page unless asked otherwise."""

REF_MAX = 64
"""Longest ``actor`` or ``target`` text."""

KIND_MAX = 48
"""Longest ``kind`` text."""

EXPORT_COLUMNS = ("id", "at", "actor", "kind", "target", "economy_id", "before", "after")
"""The columns of an exported audit, in order."""

Values = Mapping[str, Any]
"""What a thing was before or is after a change: JSON-compatible values by name."""


def ref(kind: str, ident: object) -> str:
    """How a thing is named in the audit: ``<kind>:<id>`` (``ref("account", 5)`` is
    ``"account:5"``)."""
    return f"{kind}:{ident}"


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One recorded change: ``before`` is ``None`` for something new, ``after`` for something
    removed."""

    id: AuditEntryId
    at: datetime
    actor: str
    kind: str
    target: str
    economy_id: int | None
    before: Values | None
    after: Values | None

    def as_json(self) -> dict[str, Any]:
        """The entry as JSON values (the time in ISO 8601 with its zone)."""
        return {
            "id": self.id,
            "at": self.at.isoformat(),
            "actor": self.actor,
            "kind": self.kind,
            "target": self.target,
            "economy_id": self.economy_id,
            "before": None if self.before is None else dict(self.before),
            "after": None if self.after is None else dict(self.after),
        }


@dataclass(frozen=True, slots=True)
class AuditQuery:
    """Which entries to read: every given filter must hold (AND).

    ``kind`` is one change (``key.disable``) or an area (``key``); ``since`` is inclusive,
    ``until`` exclusive (both aware); ``before_id`` is the cursor of the next page (entries come
    newest first); ``limit`` is at most :data:`PAGE_MAX`.
    """

    actor: str | None = None
    kind: str | None = None
    target: str | None = None
    economy_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    before_id: int | None = None
    limit: int = PAGE_DEFAULT

    def __post_init__(self) -> None:
        if not 1 <= self.limit <= PAGE_MAX:
            raise AuditQueryInvalid(field="limit", reason="range")
        for name, value, longest in (
            ("actor", self.actor, REF_MAX),
            ("kind", self.kind, KIND_MAX),
            ("target", self.target, REF_MAX),
        ):
            if value is not None and (not value or len(value) > longest):
                raise AuditQueryInvalid(field=name, reason="length")
        for name, moment in (("since", self.since), ("until", self.until)):
            if moment is not None and moment.tzinfo is None:
                raise AuditQueryInvalid(field=name, reason="zone")
        if self.since is not None and self.until is not None and self.since >= self.until:
            raise AuditQueryInvalid(field="until", reason="order")
        if self.before_id is not None and self.before_id < 1:
            raise AuditQueryInvalid(field="before_id", reason="range")

    @property
    def kind_is_area(self) -> bool:
        """Whether ``kind`` names an area (every change in it), not one change."""
        return self.kind is not None and "." not in self.kind


@dataclass(frozen=True, slots=True)
class AuditPage:
    """One page of entries, newest first; ``next_before`` is the cursor of the next page
    (``None`` on the last page)."""

    entries: tuple[AuditEntry, ...]
    next_before: AuditEntryId | None


def plain(value: object) -> Any:
    """A value as the audit keeps it: enums by value, times in ISO 8601, ids as ints."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def view(thing: object, *names: str) -> dict[str, Any]:
    """The attributes ``names`` of ``thing`` as the audit keeps them (see :func:`plain`)."""
    return {name: plain(getattr(thing, name)) for name in names}


def changed(before: Values, after: Values) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the values that differ between ``before`` and ``after``, from both sides."""
    names = [n for n in dict.fromkeys([*before, *after]) if before.get(n) != after.get(n)]
    return {n: before.get(n) for n in names}, {n: after.get(n) for n in names}


def _json(values: Values | None) -> str:
    return "" if values is None else json.dumps(dict(values), sort_keys=True, ensure_ascii=False)


def write_csv(entries: Iterable[AuditEntry], out: IO[str], *, header: bool = True) -> int:
    """Write ``entries`` as CSV rows of :data:`EXPORT_COLUMNS` (``before`` and ``after`` as
    JSON); return how many."""
    writer = csv.writer(out)
    if header:
        writer.writerow(EXPORT_COLUMNS)
    count = 0
    for entry in entries:
        economy = "" if entry.economy_id is None else entry.economy_id
        row = (entry.id, entry.at.isoformat(), entry.actor, entry.kind, entry.target, economy)
        writer.writerow((*row, _json(entry.before), _json(entry.after)))
        count += 1
    return count


def write_json(entries: Iterable[AuditEntry], out: IO[str]) -> int:
    """Write ``entries`` as one JSON array of objects, one per line; return how many."""
    count = 0
    out.write("[")
    for entry in entries:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(entry.as_json(), sort_keys=True, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


__all__ = [
    "ADMIN",
    "EXPORT_COLUMNS",
    "KIND_MAX",
    "PAGE_DEFAULT",
    "PAGE_MAX",
    "REF_MAX",
    "AuditEntry",
    "AuditEntryId",
    "AuditPage",
    "AuditQuery",
    "Values",
    "changed",
    "plain",
    "ref",
    "view",
    "write_csv",
    "write_json",
]
