"""The impact–uncertainty analysis of a foresight trend board (Framsyn 2030), as pure functions
over plain values."""

from collections import defaultdict
from collections.abc import Iterable
from statistics import fmean
from typing import NamedTuple


class TrendSummary(NamedTuple):
    trend: int
    impact: float
    uncertainty: float
    raters: int


def summarise(ratings: Iterable[tuple[int, int, int]]) -> list[TrendSummary]:
    """Mean impact and uncertainty of each trend from (trend, impact, uncertainty) ratings,
    in the order of the trends' first ratings' ids (sorted by trend id)."""
    by_trend: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for trend, impact, uncertainty in ratings:
        by_trend[trend].append((impact, uncertainty))
    return [
        TrendSummary(
            trend,
            round(fmean(i for i, _ in rows), 2),
            round(fmean(u for _, u in rows), 2),
            len(rows),
        )
        for trend, rows in sorted(by_trend.items())
    ]


def critical(summary: list[TrendSummary], count: int = 2) -> list[int]:
    """The critical uncertainties: the trends with the highest impact times uncertainty (ties:
    higher uncertainty first, then the older trend). Two of them span the scenarios."""
    ranked = sorted(summary, key=lambda s: (-s.impact * s.uncertainty, -s.uncertainty, s.trend))
    return [s.trend for s in ranked[:count]]
