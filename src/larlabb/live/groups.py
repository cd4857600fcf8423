"""Breakout groups of a live workshop room: who sits with whom in each round.

Pure functions over plain values (no Django, no ORM, no settings). A person is a tuple
``(person id, organisation id, side)``; the side is ``"region"``, ``"agency"`` or ``"other"``,
and any other string counts as a side of its own. An allocation is a list with, for each round,
the group number (``0 … groups−1``) of every person, in the order the people were given.

The rules every round of an allocation keeps:

1. no two people of one organisation share a group;
2. for each side, the numbers of that side's people in the groups differ by at most one, and
   the group sizes differ by at most one;
3. as few repeat meetings as the search finds (a pair of people who share a group in ``m > 1``
   rounds counts as ``m − 1`` repeats), so people meet new people.

``allocate`` builds each round so that rules 1–2 hold, then a seeded local search (simulated
annealing) swaps and moves people between groups, only ever to places that keep rules 1–2, to
remove repeats. The same input and seed always give the same allocation.
"""

import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from math import ceil, comb
from typing import Literal

import numpy as np
import numpy.typing as npt

Person = tuple[str, str, str]
Allocation = list[list[int]]
IntArray = npt.NDArray[np.int64]

Reason = Literal["groups", "rounds", "duplicate-person", "too-few-people", "organisation-too-large"]
ViolationReason = Literal["same-organisation", "unbalanced-side", "unbalanced-size"]

# The search stops at the lower bound or after a number of steps, whichever comes first; steps,
# not seconds, so that the result does not depend on the speed of the machine.
_WORK = 600_000  # steps times group size: 60 000 steps for groups of up to 10
_HOT, _COLD = 0.7, 0.05
_MOVES = 0.1  # share of the tries that move one person rather than swap two
_FOCUS = 0.8  # share of the tries that start from a pair who meet more than once
_SAME_SIDE = 0.8  # share of the swaps with someone of the same side


class AllocationError(ValueError):
    """Groups that keep the rules cannot be made from this input.

    The message is English, for logs. ``reason`` says why, for a translated message:

    - ``"groups"``: fewer than one group (``groups`` holds the number asked for);
    - ``"rounds"``: fewer than one round (``count`` holds the number asked for);
    - ``"duplicate-person"``: a person id appears twice (``person``);
    - ``"too-few-people"``: more groups than people (``count`` people, ``groups``);
    - ``"organisation-too-large"``: an organisation has more people than there are groups, so
      two of them would share a group (``organisation``, its ``count`` of people, ``groups``).
    """

    def __init__(
        self,
        message: str,
        *,
        reason: Reason,
        organisation: str | None = None,
        person: str | None = None,
        count: int | None = None,
        groups: int | None = None,
    ) -> None:
        super().__init__(message)
        self.reason: Reason = reason
        self.organisation = organisation
        self.person = person
        self.count = count
        self.groups = groups


@dataclass(frozen=True)
class Violation:
    """A broken rule in one group of one round of an allocation.

    ``detail`` is the organisation id (``"same-organisation"``), the side
    (``"unbalanced-side"``) or empty (``"unbalanced-size"``); ``count`` is the number of that
    organisation's people, of that side's people or of all people in the group; ``low`` and
    ``high`` the range that number should be in.
    """

    round: int
    group: int
    reason: ViolationReason
    detail: str
    count: int
    low: int
    high: int


def allocate(
    people: list[Person], groups: int, rounds: int, seed: int = 0, *, steps: int | None = None
) -> Allocation:
    """Breakout groups for ``rounds`` rounds: for each round, the group number of each person,
    in the order of ``people``.

    Every round keeps rules 1–2 of the module docstring; repeat meetings are kept low by a
    local search of at most ``steps`` steps (by default 60 000 for groups of up to 10 people,
    fewer for larger groups: about 0.2 s for 150 people), which stops early when it reaches
    ``repeat_lower_bound``; ``steps=0`` gives the constructed rounds as they are. The same
    input, ``seed`` (an integer) and ``steps`` always give the same result; other seeds may
    give other, equally valid, allocations. Raises ``AllocationError`` when the rules cannot
    be kept.
    """
    room = _room(people, groups, rounds)
    rng = random.Random(seed)  # noqa: S311 (groups of a workshop, not a secret)
    start = np.stack([_construct(room, rng) for _ in range(rounds)])
    if rounds > 1:
        search = _Annealing(room, start, rng)
        if steps is None:
            steps = _WORK // max(search.size_high, 10)
        start = search.run(goal=repeat_lower_bound(people, groups, rounds), steps=steps)
    return [[int(group) for group in row] for row in start]


def repeat_pairs(allocation: Sequence[Sequence[int]]) -> int:
    """The number of repeat meetings in an allocation: each pair of people who share a group in
    ``m`` rounds counts ``m − 1`` when ``m > 1``. No rounds, or one round, give 0. Raises
    ``ValueError`` when the rounds differ in length or a group number is negative."""
    if not allocation:
        return 0
    grp = _as_array(allocation, len(allocation[0]))
    if grp.size and grp.min() < 0:
        raise ValueError("group numbers cannot be negative")
    return _repeats(_meetings(grp, int(grp.max(initial=-1)) + 1))


def repeat_lower_bound(people: list[Person], groups: int, rounds: int) -> int:
    """A number of repeat meetings that no allocation keeping rules 1–2 can go below; the
    largest of three bounds. With ``n`` people, ``k`` groups and ``r`` rounds:

    - Between rounds: for two rounds, the ``n`` people fall into the ``k·k`` cells (group in
      the one round, group in the other); the people of one cell meet in both rounds, which
      gives at least ``B`` = the sum over the cells of C(cell, 2) with the cells as even as
      possible. Every round after the first holds at least ``B`` pairs who met in the round
      before it, each a repeat not counted for another round, so repeats ≥ ``(r − 1)·B``.
      This is the bound that matters when groups hold more people than there are groups.
    - Per person: ``repeats = meetings − distinct pairs met``, and summed over people each
      pair is counted twice. Person ``x`` meets ``size − 1`` people a round, the sizes forced
      to ``⌊n/k⌋`` or ``⌈n/k⌉``, and can meet at most ``n − (people of x's organisation)``
      distinct people. Spreading the fixed total of meetings over people as favourably as the
      sizes allow, half the meetings that must exceed those caps is a bound; it is at least
      the total number of meetings minus the number of pairs of different organisations.
    - Per person and side: in each round ``x`` sits with at least ``⌊S/k⌋`` people of a side of
      ``S`` people (one fewer for their own side), across ``r`` rounds, but can meet at most
      the people of that side outside their organisation; half the excess summed over people.

    Raises ``AllocationError`` like ``allocate`` when the rules cannot be kept.
    """
    room = _room(people, groups, rounds)
    return max(_between_rounds_bound(room), _per_person_bound(room), _per_side_bound(room))


def violations(
    people: list[Person], groups: int, allocation: Sequence[Sequence[int]]
) -> list[Violation]:
    """The broken rules of an allocation (for instance after a facilitator moved people by
    hand), by round, then group: two or more people of one organisation in a group, a group
    with more or fewer people of a side than an even spread allows, and a group larger or
    smaller than an even spread allows. An empty list when every round keeps rules 1–2.
    Raises ``ValueError`` when a round does not have one group number in ``0 … groups−1``
    for each person."""
    grp = _as_array(allocation, len(people))
    if groups < 1 or (grp.size and (grp.min() < 0 or grp.max() >= groups)):
        raise ValueError(f"group numbers must be in 0 … {groups - 1}")
    found: list[Violation] = []
    orgs = [organisation for _, organisation, _ in people]
    sides = [side for _, _, side in people]
    for number, row in enumerate(grp):
        members: list[list[int]] = [[] for _ in range(groups)]
        for person, group in enumerate(row):
            members[group].append(person)
        found.extend(_round_violations(number, members, orgs, sides, len(people)))
    return found


# Rules and bounds


def _round_violations(
    number: int, members: list[list[int]], orgs: list[str], sides: list[str], total: int
) -> list[Violation]:
    groups = len(members)
    side_totals: dict[str, int] = {}
    for side in sides:
        side_totals[side] = side_totals.get(side, 0) + 1
    found: list[Violation] = []
    for group, people in enumerate(members):
        org_counts: dict[str, int] = {}
        side_counts = dict.fromkeys(side_totals, 0)
        for person in people:
            org_counts[orgs[person]] = org_counts.get(orgs[person], 0) + 1
            side_counts[sides[person]] += 1
        for org, count in org_counts.items():
            if count > 1:
                found.append(Violation(number, group, "same-organisation", org, count, 0, 1))
        for side, count in side_counts.items():
            low, high = side_totals[side] // groups, ceil(side_totals[side] / groups)
            if not low <= count <= high:
                found.append(Violation(number, group, "unbalanced-side", side, count, low, high))
        low, high = total // groups, ceil(total / groups)
        if not low <= len(people) <= high:
            found.append(Violation(number, group, "unbalanced-size", "", len(people), low, high))
    return found


def _between_rounds_bound(room: "_Room") -> int:
    n, cells = len(room.org), room.groups * room.groups
    fuller, rest = divmod(n, cells)
    between = rest * comb(fuller + 1, 2) + (cells - rest) * comb(fuller, 2)
    return (room.rounds - 1) * between


def _per_person_bound(room: "_Room") -> int:
    n, k, r = len(room.org), room.groups, room.rounds
    size, larger = divmod(n, k)
    low = r * (size - 1)
    high = r * size if larger else low
    twice_meetings = r * (larger * (size + 1) * size + (k - larger) * size * (size - 1))
    caps = n - np.bincount(room.org)[room.org]
    forced = int(np.maximum(low - caps, 0).sum())
    room_left = int(np.minimum(high - low, np.maximum(caps - low, 0)).sum())
    excess = forced + max(0, twice_meetings - n * low - room_left)
    return ceil(excess / 2)


def _per_side_bound(room: "_Room") -> int:
    r = room.rounds
    excess = 0
    for side in range(len(room.side_names)):
        of_side = room.side == side
        # people of this side in each organisation: they cannot meet the others of it
        same_org = np.bincount(room.org[of_side], minlength=len(room.org_names))[room.org]
        at_least = room.side_low[side] - of_side  # oneself is not a meeting
        excess += int(np.maximum(r * np.maximum(at_least, 0) - (of_side.sum() - same_org), 0).sum())
    return ceil(excess / 2)


# The room


@dataclass(frozen=True)
class _Room:
    """The input as arrays: organisation and side index per person, and the blocks (people of
    one side and one organisation) that the construction lays out."""

    groups: int
    rounds: int
    org: IntArray
    side: IntArray
    org_names: tuple[str, ...]
    side_names: tuple[str, ...]
    blocks: tuple[tuple[IntArray, ...], ...]
    side_low: IntArray
    side_high: IntArray


def _room(people: list[Person], groups: int, rounds: int) -> _Room:
    _check(people, groups, rounds)
    org_index: dict[str, int] = {}
    side_index: dict[str, int] = {}
    blocks: dict[int, dict[int, list[int]]] = {}
    for number, (_, organisation, kind) in enumerate(people):
        o = org_index.setdefault(organisation, len(org_index))
        s = side_index.setdefault(kind, len(side_index))
        blocks.setdefault(s, {}).setdefault(o, []).append(number)
    org = np.array([org_index[organisation] for _, organisation, _ in people], dtype=np.int64)
    side = np.array([side_index[s] for _, _, s in people], dtype=np.int64)
    totals = np.bincount(side, minlength=len(side_index))
    return _Room(
        groups=groups,
        rounds=rounds,
        org=org,
        side=side,
        org_names=tuple(org_index),
        side_names=tuple(side_index),
        blocks=tuple(
            tuple(np.array(block, dtype=np.int64) for block in blocks[s].values())
            for s in range(len(side_index))
        ),
        side_low=totals // groups,
        side_high=-(-totals // groups),
    )


def _check(people: list[Person], groups: int, rounds: int) -> None:
    if groups < 1:
        raise AllocationError(
            f"need at least one group, not {groups}", reason="groups", groups=groups
        )
    if rounds < 1:
        raise AllocationError(
            f"need at least one round, not {rounds}", reason="rounds", count=rounds
        )
    seen: set[str] = set()
    for person, _, _ in people:
        if person in seen:
            raise AllocationError(
                f"person {person!r} appears more than once",
                reason="duplicate-person",
                person=person,
            )
        seen.add(person)
    if groups > len(people):
        raise AllocationError(
            f"{groups} groups need at least {groups} people, there are {len(people)}",
            reason="too-few-people",
            count=len(people),
            groups=groups,
        )
    sizes: dict[str, int] = {}
    for _, organisation, _ in people:
        sizes[organisation] = sizes.get(organisation, 0) + 1
    largest = max(sizes, key=lambda organisation: sizes[organisation])
    if sizes[largest] > groups:
        raise AllocationError(
            f"organisation {largest!r} has {sizes[largest]} people but there are only {groups} "
            "groups, so two of them would share a group",
            reason="organisation-too-large",
            organisation=largest,
            count=sizes[largest],
            groups=groups,
        )


def _as_array(allocation: Sequence[Sequence[int]], people: int) -> IntArray:
    if any(len(row) != people for row in allocation):
        raise ValueError(f"every round needs one group number for each of {people} people")
    return np.array(allocation, dtype=np.int64).reshape(len(allocation), people)


def _meetings(grp: IntArray, groups: int) -> IntArray:
    """How often each pair of people shares a group, as a symmetric matrix with a zero
    diagonal, from the group numbers of each round (rows of ``grp``)."""
    people = grp.shape[1]
    meet = np.zeros((people, people), dtype=np.int64)
    for row in grp:
        member = np.zeros((people, max(groups, 1)), dtype=np.float64)
        member[np.arange(people), row] = 1.0
        meet += np.rint(member @ member.T).astype(np.int64)
    np.fill_diagonal(meet, 0)
    return meet


def _repeats(meet: IntArray) -> int:
    return int(np.maximum(meet - 1, 0).sum()) // 2


# Construction


def _construct(room: _Room, rng: random.Random) -> IntArray:
    """One round keeping rules 1–2. The people are laid out side after side, each side's
    people organisation by organisation, in a random order, and dealt to the groups in turn
    (group labels shuffled): an organisation's people are consecutive, so they land in
    different groups, and every side (and the whole room) is spread evenly. An organisation
    with people on several sides can still land twice in a group; ``_make_equitable`` then
    repairs the round."""
    order: list[int] = []
    for side in rng.sample(room.blocks, len(room.blocks)):
        for block in rng.sample(side, len(side)):
            order.extend(block.tolist())
    labels = np.array(rng.sample(range(room.groups), room.groups), dtype=np.int64)
    grp = np.empty(len(order), dtype=np.int64)
    grp[np.array(order, dtype=np.int64)] = labels[np.arange(len(order)) % room.groups]
    _make_equitable(room, grp)
    return grp


def _make_equitable(room: _Room, grp: IntArray) -> None:
    """Repair a round in place until rules 1–2 hold (de Werra's balanced edge colouring: the
    people are the edges of a bipartite graph between organisations and sides, the groups the
    colours). While an organisation, a side or the whole room has two groups whose counts
    differ by two or more, rebalance those two groups; each step lowers the sum of the squared
    counts, so the loop ends, and it ends with every organisation at most once per group
    whenever no organisation has more people than there are groups."""
    while (pair := _imbalance(room, grp)) is not None:
        _equalise(room, grp, *pair)


def _imbalance(room: _Room, grp: IntArray) -> tuple[int, int] | None:
    k = room.groups
    orgs = np.zeros((len(room.org_names), k), dtype=np.int64)
    np.add.at(orgs, (room.org, grp), 1)
    sides = np.zeros((len(room.side_names), k), dtype=np.int64)
    np.add.at(sides, (room.side, grp), 1)
    sizes = np.bincount(grp, minlength=k)[None, :]
    for counts in (orgs, sides, sizes):
        spread = counts.max(axis=1) - counts.min(axis=1)
        uneven = np.flatnonzero(spread >= 2)
        if uneven.size:
            row = counts[uneven[0]]
            return int(np.argmax(row)), int(np.argmin(row))
    return None


def _equalise(room: _Room, grp: IntArray, a: int, b: int) -> None:
    """Redistribute the people of groups ``a`` and ``b`` between them so that each
    organisation, each side and the pair of groups as a whole differ by at most one between
    ``a`` and ``b``: pair up the people at each organisation and at each side, follow the
    pairs as trails, and alternate ``a`` and ``b`` along each trail (cycles are even, the
    graph being bipartite); trails of odd length start alternately in ``a`` and ``b``."""
    people = np.flatnonzero((grp == a) | (grp == b)).tolist()
    links: tuple[dict[int, int], dict[int, int]] = ({}, {})
    for link, keys in zip(links, (room.org, room.side), strict=True):
        waiting: dict[int, int] = {}
        for person in people:
            key = int(keys[person])
            if key in waiting:
                other = waiting.pop(key)
                link[person], link[other] = other, person
            else:
                waiting[key] = person
    seen: set[int] = set()
    odd = 0
    ends = [p for p in people if p not in links[0] or p not in links[1]]
    for start in ends:
        if start not in seen:
            trail = _trail(start, links, 0 if start in links[0] else 1)
            first = b if len(trail) % 2 and odd % 2 else a
            odd += len(trail) % 2
            _colour(grp, trail, first, a + b - first, seen)
    for start in people:
        if start not in seen:
            _colour(grp, _trail(start, links, 0), a, b, seen)


def _trail(start: int, links: tuple[dict[int, int], dict[int, int]], first: int) -> list[int]:
    trail, current, which = [start], start, first
    while (following := links[which].get(current)) is not None and following != start:
        trail.append(following)
        current, which = following, 1 - which
    return trail


def _colour(grp: IntArray, trail: list[int], first: int, second: int, seen: set[int]) -> None:
    for position, person in enumerate(trail):
        grp[person] = second if position % 2 else first
        seen.add(person)


# Search


class _Annealing:
    """Simulated annealing for fewer repeats across all rounds, in plain Python lists (the
    moves are small: a step reads two groups).

    A step takes a round and a person in it (mostly one of a pair who meet more than
    once) and tries a swap with a random person of another group, or now and then a move to
    another group where sizes allow; a try that would break rule 1 or 2 is skipped. A try that
    lowers or keeps the repeats is made, one that adds ``d`` repeats with probability
    ``exp(−d / temperature)``, the temperature falling from ``_HOT`` to ``_COLD``.
    """

    def __init__(self, room: _Room, start: IntArray, rng: random.Random) -> None:
        self.rng = rng
        self.groups = room.groups
        self.org: list[int] = room.org.tolist()
        self.side: list[int] = room.side.tolist()
        self.side_low: list[int] = room.side_low.tolist()
        self.side_high: list[int] = room.side_high.tolist()
        people = len(self.org)
        self.size_low, self.size_high = people // room.groups, -(-people // room.groups)
        self.grp: list[list[int]] = start.tolist()
        self.meet: list[list[int]] = _meetings(start, room.groups).tolist()
        self.cost = _repeats(np.array(self.meet, dtype=np.int64))
        self.members: list[list[list[int]]] = [[[] for _ in range(room.groups)] for _ in self.grp]
        self.orgs = [[[0] * room.groups for _ in room.org_names] for _ in self.grp]
        self.sides = [[[0] * room.groups for _ in room.side_names] for _ in self.grp]
        for t, row in enumerate(self.grp):
            for person, group in enumerate(row):
                self.members[t][group].append(person)
                self.orgs[t][self.org[person]][group] += 1
                self.sides[t][self.side[person]][group] += 1
        self.by_side: list[list[int]] = [[] for _ in room.side_names]
        for person, side in enumerate(self.side):
            self.by_side[side].append(person)
        self.repeated = _PairSet(
            (p, q) for p in range(people) for q in range(p) if self.meet[p][q] >= 2
        )

    def run(self, goal: int, steps: int) -> IntArray:
        best, best_cost = [row[:] for row in self.grp], self.cost
        for step in range(steps):
            if best_cost <= goal:
                break
            temperature = _HOT * (_COLD / _HOT) ** (step / steps)
            self.step(temperature)
            if self.cost < best_cost:
                best, best_cost = [row[:] for row in self.grp], self.cost
        return np.array(best, dtype=np.int64)

    def step(self, temperature: float) -> None:
        t, x = self.pick()
        g, chance = self.grp[t][x], self.rng.random
        if chance() < _MOVES:
            h, y = int(chance() * self.groups), -1
            if not self.may_move(t, x, g, h):
                return
            delta = self.gain(x, h, t) - self.loss(x, g, t)
        else:
            y = self.partner(x)
            h = self.grp[t][y]
            if h == g or not self.may_swap(t, x, g, y, h):
                return
            delta = (
                self.gain(x, h, t, y)
                + self.gain(y, g, t, x)
                - self.loss(x, g, t)
                - self.loss(y, h, t)
            )
        if delta <= 0 or chance() < math.exp(-delta / temperature):
            if y >= 0:
                self.relocate(t, y, g)
            self.relocate(t, x, h)
            self.cost += delta

    def pick(self) -> tuple[int, int]:
        """A round and a person: mostly (``_FOCUS``) one of a pair who meet more than once, in
        a round where they meet; otherwise anyone in any round."""
        chance = self.rng.random
        if self.repeated and chance() < _FOCUS:
            pair = self.repeated.choice(chance())
            shared = [t for t, row in enumerate(self.grp) if row[pair[0]] == row[pair[1]]]
            return shared[int(chance() * len(shared))], pair[chance() < 0.5]
        return int(chance() * len(self.grp)), int(chance() * len(self.org))

    def partner(self, x: int) -> int:
        """Someone to swap with: mostly (``_SAME_SIDE``) of the same side, which always keeps
        the sides balanced; otherwise anyone."""
        chance = self.rng.random
        if chance() < _SAME_SIDE:
            side = self.by_side[self.side[x]]
            return side[int(chance() * len(side))]
        return int(chance() * len(self.org))

    def gain(self, person: int, group: int, t: int, leaving: int = -1) -> int:
        """Repeats added by ``person`` joining ``group`` in round ``t`` (without ``leaving``)."""
        met = self.meet[person]
        return sum(1 for z in self.members[t][group] if z != leaving and met[z] >= 1)

    def loss(self, person: int, group: int, t: int) -> int:
        """Repeats removed by ``person`` leaving ``group`` in round ``t``."""
        met = self.meet[person]
        return sum(1 for z in self.members[t][group] if met[z] >= 2)

    def may_swap(self, t: int, x: int, g: int, y: int, h: int) -> bool:
        ox, oy, sx, sy = self.org[x], self.org[y], self.side[x], self.side[y]
        orgs, sides = self.orgs[t], self.sides[t]
        if ox != oy and (orgs[ox][h] or orgs[oy][g]):
            return False
        return sx == sy or (
            sides[sx][g] > self.side_low[sx]
            and sides[sx][h] < self.side_high[sx]
            and sides[sy][h] > self.side_low[sy]
            and sides[sy][g] < self.side_high[sy]
        )

    def may_move(self, t: int, x: int, g: int, h: int) -> bool:
        sizes = [len(self.members[t][g]), len(self.members[t][h])]
        sx, sides = self.side[x], self.sides[t]
        return (
            sizes[0] > self.size_low
            and sizes[1] < self.size_high
            and sides[sx][g] > self.side_low[sx]
            and sides[sx][h] < self.side_high[sx]
            and not self.orgs[t][self.org[x]][h]
        )

    def relocate(self, t: int, person: int, group: int) -> None:
        g = self.grp[t][person]
        self.members[t][g].remove(person)
        met = self.meet[person]
        for z in self.members[t][g]:
            met[z] -= 1
            self.meet[z][person] -= 1
            if met[z] == 1:
                self.repeated.discard((max(person, z), min(person, z)))
        for z in self.members[t][group]:
            met[z] += 1
            self.meet[z][person] += 1
            if met[z] == 2:
                self.repeated.add((max(person, z), min(person, z)))
        self.members[t][group].append(person)
        self.grp[t][person] = group
        for counts, key in ((self.orgs[t], self.org[person]), (self.sides[t], self.side[person])):
            counts[key][g] -= 1
            counts[key][group] += 1


class _PairSet:
    """A set of pairs with a random choice in constant time."""

    def __init__(self, pairs: Iterable[tuple[int, int]]) -> None:
        self.items: list[tuple[int, int]] = list(pairs)
        self.index = {pair: i for i, pair in enumerate(self.items)}

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(self, pair: tuple[int, int]) -> None:
        if pair not in self.index:
            self.index[pair] = len(self.items)
            self.items.append(pair)

    def discard(self, pair: tuple[int, int]) -> None:
        i = self.index.pop(pair, None)
        if i is None:
            return
        last = self.items.pop()
        if last != pair:
            self.items[i] = last
            self.index[last] = i

    def choice(self, fraction: float) -> tuple[int, int]:
        """The pair at ``fraction`` (0 ≤ fraction < 1) of the way through the set."""
        return self.items[int(fraction * len(self.items))]
