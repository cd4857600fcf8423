"""Benchmark of the opinion map (larlabb.live.opinions) on rooms with planted opinion groups:
for each size it prints the time of ``opinion_groups`` (the median of a few runs, after one
that imports scikit-learn), of consensus and representative statements, the number of groups
found and the adjusted Rand index against the planted ones (1 perfect, about 0 chance). Each
person answers after their group's profile, flips each answer with probability ``--noise``,
passes on some and leaves a third of the statements unseen. Needs no Django.

    .venv/bin/python bench/opinions.py [--noise 0.15] [--runs 5]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from larlabb.live import opinions  # noqa: E402

SIZES = [(40, 20, 2), (150, 40, 3), (300, 60, 3), (300, 60, 4), (600, 100, 4)]


def room(people: int, statements: int, groups: int, noise: float, seed: int):
    rng = np.random.default_rng(seed)
    profiles = rng.choice([-1.0, 1.0], size=(groups, statements))
    truth = rng.integers(0, groups, people)
    votes = profiles[truth].copy()
    votes[rng.random(votes.shape) < noise] *= -1
    votes[rng.random(votes.shape) < 0.1] = 0.0
    votes[rng.random(votes.shape) < 0.33] = np.nan
    return votes, truth


def timed(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--noise", type=float, default=0.15)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    start = time.perf_counter()
    opinions.opinion_groups(np.ones((3, 7)))
    print(f"first call (imports scikit-learn): {time.perf_counter() - start:.2f} s")
    print("people  statements  planted  found  ARI   groups s  consensus+representative s")
    for people, statements, planted in SIZES:
        votes, truth = room(people, statements, planted, args.noise, seed=people + planted)
        groups = opinions.opinion_groups(votes)
        seconds = timed(lambda v=votes: opinions.opinion_groups(v), args.runs)
        rest = timed(
            lambda v=votes, g=groups: (
                opinions.group_consensus(v, g),
                opinions.representative(v, g),
            ),
            args.runs,
        )
        grouped = [i for i, g in enumerate(groups) if g >= 0]
        ari = adjusted_rand_score(truth[grouped], [groups[i] for i in grouped])
        found = len({g for g in groups if g >= 0})
        print(
            f"{people:6d}  {statements:10d}  {planted:7d}  {found:5d}  {ari:.2f}"
            f"  {seconds:8.3f}  {rest:25.4f}"
        )


if __name__ == "__main__":
    main()
