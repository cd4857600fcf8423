"""Benchmark of the synergy analysis: consensus, influence, disagreement and interest areas on
100 scorers of 169 x 169 targets (the 169 targets of the 17 goals), with about a tenth of the
scores missing and the scorers split 50/50 into two groups. Prints the median and the slowest
of several runs for each step and for the four together, and the memory of the process.
Needs no Django.

    .venv/bin/python bench/synergies.py [--runs N] [--scorers N] [--goals N]
"""

import argparse
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from larlabb.synergies import analysis  # noqa: E402

TARGET_SECONDS = 2.0


def random_scores(scorers: int, goals: int, seed: int) -> np.ndarray:
    """Integer scores on the scale, about 10 % of them missing (NaN), the diagonal unscored."""
    rng = np.random.default_rng(seed)
    scores = rng.integers(-3, 4, size=(scorers, goals, goals)).astype(np.float64)
    scores[rng.random(scores.shape) < 0.1] = np.nan
    scores[:, np.arange(goals), np.arange(goals)] = np.nan
    return scores


def timed(step: Callable[..., Any], *args: Any) -> tuple[Any, float]:
    begin = time.perf_counter()
    result = step(*args)
    return result, time.perf_counter() - begin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scorers", type=int, default=100)
    parser.add_argument("--goals", type=int, default=169)
    args = parser.parse_args()
    scores = random_scores(args.scorers, args.goals, seed=2016)
    half = args.scorers // 2
    groups = (range(half), range(half, args.scorers))
    print(f"{args.scorers} scorers x {args.goals} x {args.goals} goals, {args.runs} runs")

    timings: dict[str, list[float]] = {
        name: [] for name in ("consensus", "influence", "disagreement", "interest_areas", "total")
    }
    for _ in range(args.runs):
        result, consensus_seconds = timed(analysis.consensus, scores)
        # influence and interest_areas refuse missing cells, so cells nobody scored count as 0
        # (consistent); the diagonal may stay NaN, both functions ignore it.
        median = result.median.copy()
        off_diagonal = ~np.eye(args.goals, dtype=bool)
        median[np.isnan(median) & off_diagonal] = 0.0
        vectors, influence_seconds = timed(analysis.influence, median)
        cells, disagreement_seconds = timed(analysis.disagreement, scores, groups)
        areas, areas_seconds = timed(analysis.interest_areas, median)
        steps = (consensus_seconds, influence_seconds, disagreement_seconds, areas_seconds)
        for name, seconds in zip(timings, (*steps, sum(steps)), strict=True):
            timings[name].append(seconds)

    print(f"{'step':<16}{'median s':>10}{'max s':>10}")
    for name, seconds in timings.items():
        print(f"{name:<16}{statistics.median(seconds):>10.3f}{max(seconds):>10.3f}")
    print(
        f"disagreeing cells: {len(cells)}, interest areas: {len(areas)} "
        f"(sizes {[len(area) for area in areas]}), strongest out-influence: "
        f"{vectors['out'].max():.1f}"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak:.0f} MiB")
    slowest = max(timings["total"])
    verdict = "within" if slowest < TARGET_SECONDS else "OVER"
    print(f"all four together: {slowest:.3f} s at worst, {verdict} the {TARGET_SECONDS:.0f} s goal")


if __name__ == "__main__":
    main()
