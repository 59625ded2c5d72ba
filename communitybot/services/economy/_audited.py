"""What the audit records of groups and exchange rates (one call per change in groups.py)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from communitybot.core.audit import changed, ref, view
from communitybot.core.economy import EconomyGroup, ExchangeRate, Principal
from communitybot.core.ids import EconomyId
from communitybot.db.brokers.economy import groups as group_broker
from communitybot.services.audit import record


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


__all__ = ["group_changed", "group_created", "rate_changed", "rate_target"]
