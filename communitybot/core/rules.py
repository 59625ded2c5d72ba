"""The rules of one community, as plain data handed to the community services."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Consumable:
    """Something the community sells to its members at a fixed price in cents."""

    name: str
    price: int
    emoji: str = ""
    description: str = ""


DEFAULT_CONSUMABLES: tuple[Consumable, ...] = (
    Consumable("drink", 100, "🧉", "a bottle of club mate or soda"),
    Consumable("water", 50, "💧", "a bottle of water"),
    Consumable("pizza", 200, "🍕", "a slice of pizza"),
    Consumable("ice", 50, "🍨", "an ice cream"),
)


@dataclass(frozen=True, slots=True)
class CommunityRules:
    """Limits and thresholds of a community; every amount is in cents.

    Built once from the settings at start (see :mod:`communitybot.bootstrap`) and passed to the
    services, which never read global configuration. ``undo_window_seconds``: how long a member
    may undo their own last transfer or purchase; ``cash_self_service``: a member's ``/deposit``
    is booked at once instead of waiting for a treasurer.
    """

    community_name: str = "Community"
    max_amount: int = 10_000
    min_balance: int = -5_000
    external_min_balance: int = -2_000
    payment_consent: int = 2
    payment_denial: int = 2
    max_vouchees: int = 10
    max_consume: int = 10
    max_open_collectives: int = 1
    undo_window_seconds: int = 300
    cash_self_service: bool = False
    payment_expiry_hours: int = 168
    """An open payment request closes as expired (nothing paid) this many hours after it was
    opened; 0 keeps it open until decided or cancelled."""
    hide_balances: bool = False
    """Members see only their own balance: ``/top`` and ``/blame`` name no other's balance."""
    internal_chats: frozenset[int] = field(default_factory=frozenset)
    consumables: tuple[Consumable, ...] = DEFAULT_CONSUMABLES
    time_zone: str = "UTC"
    """The IANA zone of statements and charts: months begin at its midnight."""
    reminder_below: int | None = None
    """Remind members whose balance is below this, once a month (``None``: no reminders)."""

    def consumable(self, name: str) -> Consumable | None:
        """The consumable called ``name`` (case-insensitive), or ``None``."""
        wanted = name.strip().lower()
        return next((c for c in self.consumables if c.name.lower() == wanted), None)


__all__ = ["DEFAULT_CONSUMABLES", "CommunityRules", "Consumable"]
