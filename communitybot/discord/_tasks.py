"""Helpers for the bot's background tasks."""

from __future__ import annotations

import asyncio
import contextlib


async def finish(task: asyncio.Task[None], *, timeout: float) -> None:
    """Wait up to ``timeout`` seconds for ``task`` to end by itself; cancel it after that."""
    try:
        await asyncio.wait_for(asyncio.shield(task), timeout=timeout)
    except TimeoutError:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


__all__ = ["finish"]
