"""Charts as PNG: a balance over time, drawn with matplotlib's Agg canvas.

matplotlib is imported on the first chart only, so a bot that never draws one does not carry it
in memory. Drawing is CPU work: callers run :func:`render_balance_chart` in the worker pool, off
the event loop. matplotlib is not thread-safe, so one lock lets one chart be drawn at a time.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Mapping, Sequence

from communitybot.core.books import BalanceSeries

CHART_SIZE = (8.0, 4.5)
"""Width and height in inches; at :data:`CHART_DPI` an 800 × 450 pixel PNG."""

CHART_DPI = 100

_LOCK = threading.Lock()


def render_balance_chart(
    series: Sequence[BalanceSeries],
    *,
    title: str,
    labels: Mapping[str, str],
    money: Callable[[int], str],
) -> bytes:
    """One PNG with one step line per series: the balance after each movement (in cents,
    ticks written by ``money``), labelled by ``labels`` (by the series' label, falling back to
    the label itself). Times are shown in the points' own zone."""
    with _LOCK:
        return _render(series, title=title, labels=labels, money=money)


def _render(
    series: Sequence[BalanceSeries],
    *,
    title: str,
    labels: Mapping[str, str],
    money: Callable[[int], str],
) -> bytes:
    from matplotlib import dates
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    figure = Figure(figsize=CHART_SIZE, dpi=CHART_DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    zone = next((s.points[0].at.tzinfo for s in series if s.points), None)
    for line in series:
        if not line.points:
            continue
        times = dates.date2num([p.at for p in line.points])  # type: ignore[no-untyped-call]
        values = [point.balance for point in line.points]  # cents: the ticks say euros
        marker = "." if len(times) <= 100 else None
        name = labels.get(line.label, line.label)
        axes.step(times, values, where="post", marker=marker, label=name)
    axes.axhline(0, color="grey", linewidth=0.8)
    locator = dates.AutoDateLocator(tz=zone)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    formatter = dates.ConciseDateFormatter(locator, tz=zone)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_formatter(formatter)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: money(round(value))))
    axes.set_title(title)
    axes.grid(True, alpha=0.3)
    if len(series) > 1:
        axes.legend(loc="best")
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


__all__ = ["CHART_DPI", "CHART_SIZE", "render_balance_chart"]
