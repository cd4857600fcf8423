"""Benchmark of the breakout-group allocation: a realistic room of 150 people (the 21 regions
with one or two people each, about 40 national agencies with one or two, the rest from a few
universities and municipalities, about 70 organisations) split into 15 groups over 4 rounds,
for several seeds; then the same for smaller rooms. Prints, per room, the median and slowest
time, and per seed the repeat meetings against the lower bound, and checks the hard rules
(no two people of one organisation together, sides and sizes spread evenly) with
``violations``. Needs no Django.

    .venv/bin/python bench/groups.py [--seeds N] [--room-seed N]
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from larlabb.live.groups import (  # noqa: E402
    Person,
    allocate,
    repeat_lower_bound,
    repeat_pairs,
    violations,
)

TARGET_SECONDS = 1.0
SIZES = ((150, 15, 4), (40, 5, 3), (100, 10, 3), (150, 10, 4))
OTHERS = 12


def realistic_room(size: int, seed: int) -> list[Person]:
    """``size`` people: regions and agencies as in a Lärlabb workshop, in a shuffled order,
    topped up with people from a dozen other organisations (universities, municipalities)."""
    rng = random.Random(seed)
    organisations = [(f"region-{i}", "region", rng.choice((1, 2, 2, 2))) for i in range(21)]
    organisations += [(f"agency-{i}", "agency", rng.choice((1, 2, 2, 2))) for i in range(40)]
    organisations += [(f"other-{i}", "other", 1) for i in range(OTHERS)]
    rng.shuffle(organisations)
    people: list[Person] = []
    for organisation, side, count in organisations:
        people.extend((f"p{len(people)}", organisation, side) for _ in range(count))
    while len(people) < size:
        people.append((f"p{len(people)}", f"other-{rng.randrange(OTHERS)}", "other"))
    return people[:size]


def describe(people: list[Person]) -> str:
    sides: dict[str, int] = {}
    for _, _, side in people:
        sides[side] = sides.get(side, 0) + 1
    organisations = len({organisation for _, organisation, _ in people})
    spread = ", ".join(f"{count} {side}" for side, count in sides.items())
    return f"{len(people)} people in {organisations} organisations ({spread})"


def bench(size: int, groups: int, rounds: int, seeds: int, room_seed: int) -> float:
    people = realistic_room(size, room_seed)
    bound = repeat_lower_bound(people, groups, rounds)
    print(f"\n{describe(people)}: {groups} groups x {rounds} rounds, lower bound {bound}")
    print(f"{'seed':>6}{'seconds':>10}{'repeats':>10}{'over bound':>12}{'broken rules':>14}")
    timings = []
    for seed in range(seeds):
        begin = time.perf_counter()
        allocation = allocate(people, groups, rounds, seed)
        timings.append(time.perf_counter() - begin)
        repeats = repeat_pairs(allocation)
        broken = len(violations(people, groups, allocation))
        print(f"{seed:>6}{timings[-1]:>10.3f}{repeats:>10}{repeats - bound:>12}{broken:>14}")
        assert broken == 0, violations(people, groups, allocation)
    print(f"median {statistics.median(timings):.3f} s, slowest {max(timings):.3f} s")
    return max(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, default=8)
    parser.add_argument("--room-seed", type=int, default=2026)
    args = parser.parse_args()
    slowest = {
        (size, groups, rounds): bench(size, groups, rounds, args.seeds, args.room_seed)
        for size, groups, rounds in SIZES
    }
    worst = slowest[SIZES[0]]
    verdict = "within" if worst < TARGET_SECONDS else "OVER"
    print(
        f"\n150 people, 15 groups, 4 rounds: {worst:.3f} s at worst, {verdict} the "
        f"{TARGET_SECONDS:.0f} s goal; the hard rules hold in every allocation"
    )


if __name__ == "__main__":
    main()
