"""The one place where settings, engine, unit of work and rules are wired together.

Adapters (Telegram, Discord, CLI) receive a :class:`Container` and never read settings or
create engines themselves.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import Engine

from communitybot.core.clock import Clock, SystemClock
from communitybot.core.rules import CommunityRules
from communitybot.db import UnitOfWork, create_db_engine
from communitybot.settings import Settings


@dataclass(frozen=True)
class Container:
    """Everything a running communitybot needs, built once from the settings."""

    settings: Settings
    engine: Engine
    uow: UnitOfWork
    rules: CommunityRules
    clock: Clock = field(default_factory=SystemClock)

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


def build_container(settings: Settings, *, clock: Clock | None = None) -> Container:
    """Wire a :class:`Container` from validated ``settings``."""
    engine = create_db_engine(
        settings.database_url,
        echo=settings.database_echo,
        failover_urls=settings.database_failover_urls,
        wsrep_sync_wait=settings.database_wsrep_sync_wait,
    )
    return Container(
        settings=settings,
        engine=engine,
        uow=UnitOfWork(
            engine,
            attempts=settings.lock_retries,
            bulk_attempts=settings.bulk_lock_retries,
            in_doubt_seconds=settings.in_doubt_retry_seconds,
        ),
        rules=settings.community.to_rules(),
        clock=clock or SystemClock(),
    )


def configure_logging(settings: Settings) -> None:
    """Plain, timestamped logging at the configured level."""
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


__all__ = ["Container", "build_container", "configure_logging"]
