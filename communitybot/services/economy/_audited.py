"""What the audit records of groups and exchange rates (one call per change in groups.py), of
expense categories (categories.py) and of lines of credit (authorizations.py), and
:func:`record_entity`, the record of a thing made or changed (keys, accounts, lines)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from communitybot.core.audit import changed, ref, view
from communitybot.core.economy import (
    EconomyGroup,
    ExchangeRate,
    ExpenseCategory,
    LineOfCredit,
    Principal,
)
from communitybot.core.ids import EconomyId
from communitybot.db.brokers.economy import groups as group_broker
from communitybot.services.audit import record


def record_entity(
    session: Session,
    actor: Principal,
    what: str,
    change: str,
    before: Any,
    after: Any,
    fields: Sequence[str],
    *,
    now: datetime | None = None,
    skip_unchanged: bool = False,
) -> None:
    """Record ``after`` (a thing of kind ``what`` with an ``id`` and an ``economy_id``) made
    (``before`` ``None``) or changed (only the ``fields`` that changed) as ``what.change``;
    with ``skip_unchanged`` a change that changed none of them is not recorded."""
    new = view(after, *fields)
    old: dict[str, object] | None = None
    if before is not None:
        old, new = changed(view(before, *fields), new)
        if skip_unchanged and not new:
            return
    record(
        session,
        actor=actor,
        kind=f"{what}.{change}",
        target=ref(what, after.id),
        economy_id=after.economy_id,
        before=old,
        after=new,
        now=now,
    )


def _group_view(group: EconomyGroup) -> dict[str, object]:
    values = view(group, "kind", "name", "guild_id", "primary_economy_id")
    return values | {
        "economy_ids": list(group.economy_ids),
        "guild_ids": list(group.guild_ids),
    }


def group_changed(
    session: Session,
    actor: Principal,
    change: str,
    before: EconomyGroup,
) -> EconomyGroup:
    """Record a change of the group that was ``before``; return the group as it is now."""
    after = group_broker.get_group(session, group_id=before.id)
    old, new = changed(_group_view(before), _group_view(after))
    record(
        session,
        actor=actor,
        kind=f"group.{change}",
        target=ref("group", after.id),
        economy_id=after.primary_economy_id,
        before=old,
        after=new,
    )
    return after


def group_created(session: Session, actor: Principal, group: EconomyGroup) -> EconomyGroup:
    """Record a group made now; return it."""
    record(
        session,
        actor=actor,
        kind="group.create",
        target=ref("group", group.id),
        economy_id=group.primary_economy_id,
        after=_group_view(group),
    )
    return group


def rate_target(from_economy_id: EconomyId, to_economy_id: EconomyId) -> str:
    """How one direction's rate is named: ``rate:<from>-<to>`` (economy ids)."""
    return ref("rate", f"{from_economy_id}-{to_economy_id}")


def rate_changed(
    session: Session,
    actor: Principal,
    *,
    from_economy_id: EconomyId,
    to_economy_id: EconomyId,
    before: ExchangeRate | None,
    after: ExchangeRate | None,
) -> None:
    """Record a rate set (``after``) or removed (``after`` ``None``), with what it was."""
    record(
        session,
        actor=actor,
        kind="rate.set" if after is not None else "rate.remove",
        target=rate_target(from_economy_id, to_economy_id),
        economy_id=from_economy_id,
        before=None if before is None else view(before, "numerator", "denominator"),
        after=None if after is None else view(after, "numerator", "denominator"),
    )


def category_created(
    session: Session, actor: Principal, category: ExpenseCategory
) -> ExpenseCategory:
    """Record an expense category made now; return it."""
    record(
        session,
        actor=actor,
        kind="expense_category.create",
        target=ref("expense_category", category.id),
        economy_id=category.economy_id,
        after=view(category, "code", "name", "description", "reference"),
    )
    return category


_LINE_FIELDS = (
    "account_id",
    "holder_id",
    "category_id",
    "name",
    "period",
    "credits_limit",
    "expensed_credits",
    "terminated_at",
)


def line_changed(
    session: Session,
    actor: Principal,
    change: str,
    before: LineOfCredit | None,
    after: LineOfCredit,
) -> LineOfCredit:
    """Record a line of credit opened (``before`` ``None``) or changed; return it as it is now."""
    record_entity(session, actor, "line_of_credit", change, before, after, _LINE_FIELDS)
    return after


__all__ = [
    "category_created",
    "group_changed",
    "group_created",
    "line_changed",
    "rate_changed",
    "rate_target",
    "record_entity",
]
