"""The development tools are tested against the real bot: the Telegram tests' fixtures, shared."""

from __future__ import annotations

from tests.telegram.conftest import _timedelta_retry_after, container, session, world

__all__ = ["_timedelta_retry_after", "container", "session", "world"]
