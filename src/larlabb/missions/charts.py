"""Charts of challenge-driven work, drawn with Matplotlib from plain data (no ORM, no HTTP):
an indicator's measured values against its baseline and target, and the prerequisites as a
radar. The pages show the same numbers as tables, so nothing is told by the picture alone."""

import datetime
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from larlabb.core.charts import number_ticks, render

LINE, TARGET, BASELINE = "#2166ac", "#1b7837", "#6b6b6b"
SERIES = ["#2166ac", "#b2182b", "#1b7837", "#762a83", "#e08214", "#35978f"]
MARKERS = ["o", "s", "^", "D", "v", "P"]


def _days(days: Sequence[datetime.date]) -> Any:
    """Days for matplotlib, which plots dates though its types ask for numbers."""
    return list(days)


def indicator(
    points: list[tuple[datetime.date, float]],
    *,
    baseline: tuple[int, float],
    target: tuple[int, float],
    title: str,
    unit: str,
    labels: dict[str, str],
    fmt: str,
) -> bytes:
    """Measured values over time, with the baseline and the target year's value marked."""
    figure = Figure(figsize=(6.4, 3.6))
    axes = figure.subplots()
    base_day = datetime.date(baseline[0], 1, 1)
    target_day = datetime.date(target[0], 12, 31)
    axes.plot(_days([base_day]), [baseline[1]], "o", color=BASELINE, label=labels["baseline"])
    axes.plot(
        _days([target_day]), [target[1]], "*", markersize=12, color=TARGET, label=labels["target"]
    )
    axes.plot(
        _days([base_day, target_day]),
        [baseline[1], target[1]],
        linestyle=":",
        color=TARGET,
        label=labels["path"],
    )
    if points:
        days, values = zip(*sorted(points), strict=True)
        axes.plot(_days(days), values, "-o", color=LINE, label=labels["measured"])
    axes.set_title(title)
    axes.set_ylabel(unit)
    number_ticks(axes.yaxis)
    axes.grid(alpha=0.3)
    axes.legend(loc="best", fontsize=8)
    figure.autofmt_xdate()
    return render(figure, fmt)


def radar(items: list[str], series: list[tuple[str, list[int]]], *, title: str, fmt: str) -> bytes:
    """One closed line per series (an assessment, or a mission), on axes from 1 to 5."""
    figure = Figure(figsize=(6.4, 6.4))
    axes = figure.add_subplot(projection="polar")
    angles = np.linspace(0, 2 * np.pi, len(items), endpoint=False).tolist()
    for index, (label, values) in enumerate(series):
        colour = SERIES[index % len(SERIES)]
        closed = values + values[:1]
        axes.plot(
            angles + angles[:1],
            closed,
            marker=MARKERS[index % len(MARKERS)],
            color=colour,
            label=label,
        )
        axes.fill(angles + angles[:1], closed, color=colour, alpha=0.08)
    axes.set_xticks(angles, [_wrap(item) for item in items], fontsize=8)
    axes.set_ylim(0, 5)
    axes.set_yticks([1, 2, 3, 4, 5])
    axes.set_title(title, pad=24)
    if series:
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), fontsize=8, ncol=2)
    return render(figure, fmt)


def _wrap(text: str, width: int = 22) -> str:
    words, lines, line = str(text).split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)
