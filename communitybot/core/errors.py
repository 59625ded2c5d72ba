"""The one hierarchy of domain errors.

Every error a user can cause is a subclass of :class:`DomainError` and carries the data that
explains it (``InsufficientFunds(balance=..., needed=...)``). ``str(error)`` is a terse message for
developers and logs; the adapters build the text people read from the data, in their own message
catalogues. Errors are never recognised by their message text.

New classes are declared as ``@dataclass(eq=False, kw_only=True)`` subclasses, grouped in the
section of their area.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(eq=False, kw_only=True)
class DomainError(Exception):
    """Base class of every refusal the domain gives. Subclasses carry data, not sentences."""

    def __post_init__(self) -> None:
        super().__init__(*(getattr(self, f.name) for f in fields(self)))

    def __str__(self) -> str:
        data = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self))
        return f"{type(self).__name__}({data})"

    @property
    def data(self) -> dict[str, object]:
        """The error's fields as a dict, for message catalogues and structured logs."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


# --- generic ---


@dataclass(eq=False, kw_only=True)
class InvalidAmount(DomainError):
    """An amount text could not be read as money; ``reason`` names the rule it broke."""

    text: str
    reason: str


@dataclass(eq=False, kw_only=True)
class NotFound(DomainError):
    """A thing of ``kind`` named by ``ref`` does not exist."""

    kind: str
    ref: str


@dataclass(eq=False, kw_only=True)
class ConfigurationError(DomainError):
    """The stored state contradicts the configuration (for example no community user yet)."""

    problem: str
