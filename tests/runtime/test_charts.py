"""The PNG of a balance chart, and matplotlib staying out of a bot that draws none."""

from __future__ import annotations

import asyncio
import struct
import subprocess
import sys
from datetime import UTC, datetime, timedelta

from communitybot.core.books import balance_series
from communitybot.core.money import format_cents
from communitybot.runtime import CHART_DPI, CHART_SIZE, WorkerPool, render_balance_chart

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _size(png: bytes) -> tuple[int, int]:
    assert png.startswith(PNG_SIGNATURE)
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def test_a_chart_is_a_png_of_the_configured_size() -> None:
    start = datetime(2026, 11, 1, tzinfo=UTC)
    member = balance_series(
        "Alice", [(start + timedelta(days=i), (-1) ** i * 150 * i) for i in range(40)]
    )
    community = balance_series("community", [(start, 500), (start + timedelta(days=3), -200)])
    png = render_balance_chart(
        [member, community], title="Books", labels={"community": "Community"}, money=format_cents
    )
    assert _size(png) == (int(CHART_SIZE[0] * CHART_DPI), int(CHART_SIZE[1] * CHART_DPI))
    assert png.endswith(b"IEND\xaeB`\x82")  # the last chunk is there: a whole file
    one_point = render_balance_chart(
        [balance_series("x", [(start, 100)])], title="one", labels={}, money=format_cents
    )
    assert _size(one_point) == _size(png)
    assert one_point != png


def test_charts_drawn_at_once_in_worker_threads_come_out_alike() -> None:
    start = datetime(2026, 11, 1, tzinfo=UTC)
    series = [balance_series("x", [(start + timedelta(hours=i), i) for i in range(50)])]
    pool = WorkerPool(3, name="chart-test")

    async def draw_three() -> list[bytes]:
        calls = [
            pool.run(render_balance_chart, series, title="t", labels={}, money=format_cents)
            for _ in range(3)
        ]
        return list(await asyncio.gather(*calls))

    try:
        first, second, third = asyncio.run(draw_three())
    finally:
        pool.shutdown()
    assert first == second == third


def test_matplotlib_is_imported_only_by_the_first_chart() -> None:
    code = (
        "import sys\n"
        "import communitybot.telegram, communitybot.cli, communitybot.runtime\n"
        "from communitybot.telegram.handlers import CommunityHandlers\n"
        "assert 'matplotlib' not in sys.modules, 'imported at start'\n"
        "print('clean')\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean"
