"""Small helpers shared by the economy brokers."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Result


def inserted_id(result: Result[Any]) -> int:
    """The primary key of the row an ``INSERT`` just wrote."""
    key = cast(CursorResult[Any], result).inserted_primary_key
    assert key is not None
    return int(key[0])


def affected(result: Result[Any]) -> int:
    """How many rows an ``UPDATE`` or ``DELETE`` matched."""
    return int(cast(CursorResult[Any], result).rowcount)


__all__ = ["affected", "inserted_id"]
