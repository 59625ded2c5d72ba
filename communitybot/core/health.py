"""Whether the bot's process can do its work: the answer of the health endpoint."""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Health:
    """``ok`` when the database answers and carries a schema version; ``database`` says
    ``"ok"`` or what went wrong; ``revision`` is the schema's migration version."""

    ok: bool
    database: str
    revision: str | None = None

    def to_json(self) -> bytes:
        """The endpoint's body: ``{"status": "ok" | "fail", "database": ..., "revision": ...}``."""
        body = {
            "status": "ok" if self.ok else "fail",
            "database": self.database,
            "revision": self.revision,
        }
        return json.dumps(body).encode()


__all__ = ["Health"]
