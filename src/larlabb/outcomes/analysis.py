"""The before/after survey as pure functions over plain values (no ORM, no HTTP).

Participants rate each statement from 1 (do not agree) to 5 (fully agree), once before the
first workshop and once after the last. For each statement and round the answers are summed up
for everyone ("all") and for each side of the lab ("region", "agency"); answers from the
"other" side count in "all" only.

Privacy: a group with fewer than ``min_shown`` respondents is hidden, so that nobody's answer
can be read from the page. Because "all" is the sum of the sides and "other", hiding a small
group is not enough on its own: whenever the shown groups would let a reader subtract their
way to the answers of fewer than ``min_shown`` people (say, "all" minus "region" minus "agency"
leaves two respondents from "other"), the smallest shown side is hidden too.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from larlabb.actors.sides import AGENCY, REGION, SIDES

MIN_SHOWN = 3
"""A group with fewer respondents is not shown at all (never one person's answer)."""
MIN_RELIABLE = 10
"""A shown group with fewer respondents than this carries a warning: too few to say anything."""

PHASES = ("before", "after")
GROUPS = ("all", REGION, AGENCY)
SCALE = range(1, 6)

Answer = tuple[str, str, int, int]
"""(phase, side, statement id, value)"""


@dataclass(frozen=True)
class Cell:
    """One group's answers to one statement in one round. ``mean`` and ``counts`` (how many
    answered 1, 2, 3, 4 and 5) are None when the group is hidden; ``n`` is always given."""

    n: int
    mean: float | None
    counts: tuple[int, ...] | None
    hidden: bool
    few: bool


@dataclass(frozen=True)
class StatementChange:
    """A statement's cells by (phase, group), and each group's change of mean from before to
    after (None unless both rounds are shown)."""

    statement: int
    cells: dict[tuple[str, str], Cell]
    change: dict[str, float | None]


def compare(
    answers: Iterable[Answer],
    statements: Sequence[int],
    *,
    min_shown: int = MIN_SHOWN,
    min_reliable: int = MIN_RELIABLE,
) -> list[StatementChange]:
    """Each statement's answers before and after, for everyone and for each side, in the order
    of ``statements``. A statement nobody answered still appears, with every cell hidden;
    answers to statements not in ``statements`` are left out.

    Raises ValueError for a value outside 1..5, an unknown phase or an unknown side."""
    wanted = set(statements)
    tallies: dict[tuple[int, str, str], list[int]] = defaultdict(lambda: [0] * len(SCALE))
    for phase, side, statement, value in answers:
        _check(phase, side, value)
        if statement in wanted:
            for group in ("all", side):
                tallies[statement, phase, group][value - 1] += 1
    return [
        _statement_change(statement, tallies, min_shown=min_shown, min_reliable=min_reliable)
        for statement in statements
    ]


def summary(changes: list[StatementChange]) -> dict[str, float | None]:
    """Each group's mean change over the statements whose change is known (None when no
    statement's is)."""
    result: dict[str, float | None] = {}
    for group in GROUPS:
        known = [change for c in changes if (change := c.change.get(group)) is not None]
        result[group] = sum(known) / len(known) if known else None
    return result


def cell(counts: Sequence[int], *, hidden: bool = False, min_reliable: int = MIN_RELIABLE) -> Cell:
    """A cell from how many answered 1..5; hidden when ``hidden`` or nobody answered."""
    n = sum(counts)
    if hidden or n == 0:
        return Cell(n=n, mean=None, counts=None, hidden=True, few=False)
    mean = sum(value * count for value, count in zip(SCALE, counts, strict=True)) / n
    return Cell(n=n, mean=mean, counts=tuple(counts), hidden=False, few=n < min_reliable)


def hidden_groups(sizes: Mapping[str, int], *, min_shown: int = MIN_SHOWN) -> set[str]:
    """The groups to hide, given how many respondents each group of one round has (``sizes``
    has "all", "region" and "agency"): every group with fewer than ``min_shown``, and the
    smallest shown side when subtracting the shown sides from "all" would leave the answers
    of 1 to ``min_shown`` − 1 people."""
    hidden = {group for group in GROUPS if sizes[group] == 0 or sizes[group] < min_shown}
    if "all" in hidden:
        return hidden
    shown_sides = sorted((sizes[side], side) for side in ("region", "agency") if side not in hidden)
    rest = sizes["all"] - sum(size for size, _ in shown_sides)
    if 0 < rest < min_shown:
        hidden.add(shown_sides[0][1])  # there is one: otherwise rest == sizes["all"]
    return hidden


def _check(phase: str, side: str, value: int) -> None:
    if phase not in PHASES:
        raise ValueError(f"unknown phase {phase!r}")
    if side not in SIDES:
        raise ValueError(f"unknown side {side!r}")
    if value not in SCALE:
        raise ValueError(f"answer {value!r} is outside 1..5")


def _statement_change(
    statement: int,
    tallies: Mapping[tuple[int, str, str], list[int]],
    *,
    min_shown: int,
    min_reliable: int,
) -> StatementChange:
    cells: dict[tuple[str, str], Cell] = {}
    for phase in PHASES:
        counts = {
            group: tallies.get((statement, phase, group), [0] * len(SCALE)) for group in GROUPS
        }
        hidden = hidden_groups({group: sum(counts[group]) for group in GROUPS}, min_shown=min_shown)
        for group in GROUPS:
            cells[phase, group] = cell(
                counts[group], hidden=group in hidden, min_reliable=min_reliable
            )
    change = {group: _difference(cells["before", group], cells["after", group]) for group in GROUPS}
    return StatementChange(statement=statement, cells=cells, change=change)


def _difference(before: Cell, after: Cell) -> float | None:
    if before.mean is None or after.mean is None:
        return None
    return after.mean - before.mean
