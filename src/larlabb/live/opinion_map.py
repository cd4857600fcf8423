"""Reads of an opinion map (Åsiktskarta): the answers of an activity as a vote matrix, and
the map as the results page, the presenter screen and the report show it. The computation is
:mod:`larlabb.live.opinions`; this module only reads and puts its results together.

Only statements shown to the room count (not a statement waiting for approval, hidden or
merged). A participant's dot carries their opinion group and side, never their name: the map
is shown on the big screen. The map is computed once per change of the answers or the
statements (cached by what it depends on), so a room's screens that fetch it together after a
reveal cost one computation, in three queries."""

import math
import string
from dataclasses import dataclass, field

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Max
from django.utils.translation import gettext_lazy

from larlabb.actors.sides import AGENCY, OTHER, REGION, SIDES
from larlabb.live import opinions
from larlabb.live.models import Activity, Answer, Note, Participant

MIN_VOTES = 7
MAX_GROUPS = 5
CONSENSUS_SHOWN = 5
REPRESENTATIVE_SHOWN = 3
CACHE_SECONDS = 600
# A colour for each opinion group, each at least 3:1 against white (WCAG 1.4.11) and told
# apart by more than hue: every group is labelled with its letter on the map too.
GROUP_COLOURS = ("#0a4d80", "#b04a00", "#1c6b2f", "#7b2d8e", "#6b5a00")
SIDE_NAMES = {
    REGION: gettext_lazy("Regions"),
    AGENCY: gettext_lazy("Agencies"),
    OTHER: gettext_lazy("Others"),
}


@dataclass
class Point:
    """A grouped participant's dot: its place (each coordinate in −1…1), group and side."""

    x: float
    y: float
    group: int
    side: str


@dataclass
class Share:
    """A statement with the share who agree, in per cent (None: nobody there has seen it)."""

    statement: int
    text: str
    agree: list[int | None]  # per opinion group (consensus) or [the group, the rest]
    by_group: list[tuple[str, int | None]] = field(default_factory=list)  # (group's letter, %)


@dataclass
class Group:
    number: int
    label: str  # "A", "B", …
    size: int
    sides: dict[str, int]  # how many of the group are regions, agencies, others
    representative: list[Share] = field(default_factory=list)

    @property
    def colour(self) -> str:
        return GROUP_COLOURS[self.number % len(GROUP_COLOURS)]


@dataclass
class OpinionMap:
    answered: int  # people who answered at least one statement
    grouped: int  # of them, those on the map (at least MIN_VOTES answers)
    statements: int
    answers: int
    min_votes: int
    points: list[Point]
    groups: list[Group]
    consensus: list[Share]

    @property
    def not_grouped(self) -> int:
        return self.answered - self.grouped

    @property
    def sides(self) -> list[str]:
        """The sides of the cross-table: regions and agencies, and others when there are any."""
        others = any(g.sides.get(OTHER) for g in self.groups)
        return [REGION, AGENCY, *([OTHER] if others else [])]


def statements_of(activity: Activity) -> list[Note]:
    """The statements the room answers, in the order they came."""
    return list(
        Note.objects.filter(activity=activity, hidden=False, merged_into=None, case=None).order_by(
            "position", "pk"
        )
    )


def _percent(value: float) -> int | None:
    return None if np.isnan(value) else round(float(value) * 100)


def _scaled(points: np.ndarray) -> np.ndarray:
    """The points with each coordinate in −1…1 (as they are when all coincide)."""
    drawn = points[~np.isnan(points).any(axis=1)]
    largest = float(np.abs(drawn).max()) if drawn.size else 0.0
    return points / largest if largest > 0 else points


def compute(
    statements: list[Note], people: dict[int, str], rows: list[tuple[int, int, int]]
) -> OpinionMap:
    """The map from the statements, each answering person's side (by participant id) and the
    answers as (participant, statement, value); answers to other statements (hidden, merged)
    are left out, and so is a person who answered only those."""
    index = {s.pk: j for j, s in enumerate(statements)}
    rows = [row for row in rows if row[1] in index and row[0] in people]  # counted statements
    order = sorted({participant for participant, _statement, _value in rows})
    row_of = {p: i for i, p in enumerate(order)}
    votes = np.full((len(order), len(statements)), np.nan)
    for participant, statement, value in rows:
        votes[row_of[participant], index[statement]] = value
    groups = opinions.opinion_groups(votes, min_votes=MIN_VOTES, max_groups=MAX_GROUPS)
    points = _scaled(opinions.project(votes, min_votes=MIN_VOTES))
    labels = np.asarray(groups, dtype=int)
    numbers = sorted({g for g in groups if g != opinions.NOT_GROUPED})
    text = {j: s.text for j, s in enumerate(statements)}
    found = [
        Group(
            number=g,
            label=string.ascii_uppercase[g],
            size=int((labels == g).sum()),
            sides={
                side: sum(
                    1 for p, gr in zip(order, groups, strict=True) if gr == g and people[p] == side
                )
                for side in SIDES
            },
        )
        for g in numbers
    ]
    shares = [opinions.agree_shares(votes, list(labels == g)) for g in numbers]
    consensus = opinions.group_consensus(votes, groups)
    baseline = 0.5 ** len(numbers)  # what a statement nobody answered would score
    ranked = [int(j) for j in np.argsort(-np.nan_to_num(consensus, nan=-1), kind="stable")]
    chosen = [j for j in ranked if not np.isnan(consensus[j]) and consensus[j] > baseline]
    agreed = []
    for j in chosen[:CONSENSUS_SHOWN]:
        percents = [_percent(share[j]) for share in shares]
        letters = [(g.label, percent) for g, percent in zip(found, percents, strict=True)]
        agreed.append(Share(statements[j].pk, text[j], percents, letters))
    grouped = labels != opinions.NOT_GROUPED
    for group, representative in zip(
        found, opinions.representative(votes, groups).values(), strict=True
    ):
        inside = opinions.agree_shares(votes, list(labels == group.number))
        rest = opinions.agree_shares(votes, list(grouped & (labels != group.number)))
        group.representative = [
            Share(statements[j].pk, text[j], [_percent(inside[j]), _percent(rest[j])])
            for j in representative[:REPRESENTATIVE_SHOWN]
        ]
    return OpinionMap(
        answered=len(order),
        grouped=int(grouped.sum()),
        statements=len(statements),
        answers=len(rows),
        min_votes=MIN_VOTES,
        points=[
            Point(round(float(x), 4), round(float(y), 4), g, people[p])
            for p, g, (x, y) in zip(order, groups, points, strict=True)
            if g != opinions.NOT_GROUPED
        ],
        groups=found,
        consensus=agreed,
    )


def opinion_map(activity: Activity) -> OpinionMap:
    """The activity's map as it is now: computed once per change (cached by the activity's
    last event, which numbers every change of its statements, and its answers' count, last
    id and last change; and by its creation time, so that an activity that gets the id of
    one rolled back never reads that one's map)."""
    answers = Answer.objects.filter(activity=activity)
    version = answers.aggregate(n=Count("pk"), last=Max("pk"), changed=Max("updated_at"))
    stamp = version["changed"].timestamp() if version["changed"] else 0
    key = (
        f"live.opinions:{activity.pk}:{activity.created_at.timestamp()}:{activity.seq}:"
        f"{version['n']}:{version['last']}:{stamp}"
    )
    found = cache.get(key)
    if found is None:
        statements = statements_of(activity)
        rows = list(answers.values_list("participant", "statement", "value"))
        ids = {participant for participant, _statement, _value in rows}
        people = dict(Participant.objects.filter(pk__in=ids).values_list("pk", "side"))
        found = compute(statements, people, rows)
        cache.set(key, found, CACHE_SECONDS)
    return found


def own_answers(activity: Activity, participant: Participant | None) -> dict[int, int]:
    if participant is None:
        return {}
    return dict(
        Answer.objects.filter(activity=activity, participant=participant).values_list(
            "statement", "value"
        )
    )


# --- Drawing the map (an inline SVG, 100 units wide and high) --------------------------------

SHAPES = {REGION: "circle", AGENCY: "square", OTHER: "triangle"}
CENTRE, REACH, SIZE = 50.0, 42.0, 2.2


@dataclass
class Mark:
    """A dot of the map in SVG units: a circle (region), a square (agency) or a triangle."""

    x: float
    y: float
    shape: str
    colour: str
    group: int
    triangle: str = ""  # the triangle's points

    @property
    def left(self) -> float:
        """The left edge of a square."""
        return round(self.x - SIZE + 0.2, 2)

    @property
    def top(self) -> float:
        return round(self.y - SIZE + 0.2, 2)


@dataclass
class Label:
    x: float
    y: float
    text: str
    colour: str


def _place(value: float) -> float:
    return round(CENTRE + value * REACH, 2)


def marks(found: OpinionMap) -> list[Mark]:
    """The map's dots, the y axis pointing up as on paper. People who answered alike share a
    place: the second and later are set around it on a spiral, so that every dot shows."""
    drawn = []
    taken: dict[tuple[float, float], int] = {}
    for point in found.points:
        x, y = _place(point.x), _place(-point.y)
        before = taken.get((x, y), 0)
        taken[(x, y)] = before + 1
        if before:
            angle, reach = before * 2.4, SIZE * 1.8 * math.sqrt(before)
            x = round(min(max(x + math.cos(angle) * reach, 3.0), 97.0), 2)
            y = round(min(max(y + math.sin(angle) * reach, 3.0), 97.0), 2)
        shape = SHAPES.get(point.side, "triangle")
        top, bottom, half = y - SIZE * 1.15, y + SIZE * 0.8, SIZE * 1.1
        triangle = (
            f"{x},{top:.2f} {x - half:.2f},{bottom:.2f} {x + half:.2f},{bottom:.2f}"
            if shape == "triangle"
            else ""
        )
        colour = GROUP_COLOURS[point.group % len(GROUP_COLOURS)]
        drawn.append(Mark(x, y, shape, colour, point.group, triangle))
    return drawn


def labels(found: OpinionMap, drawn: list[Mark]) -> list[Label]:
    """Each group's letter above its dots, in the middle of them."""
    placed = []
    for group in found.groups:
        mine = [mark for mark in drawn if mark.group == group.number]
        if mine:
            x = round(sum(mark.x for mark in mine) / len(mine), 2)
            y = round(min(mark.y for mark in mine) - SIZE * 2.2, 2)
            placed.append(Label(x, max(y, 7.0), group.label, group.colour))
    return placed


def context(found: OpinionMap, *, compact: bool = False, prefix: str = "opinion") -> dict:
    """What ``live/_opinion_map.html`` needs to show ``found``; ``prefix`` keeps the ids of
    two maps on one page apart."""
    sides = found.sides
    drawn = marks(found)
    return {
        "found": found,
        "marks": drawn,
        "labels": labels(found, drawn),
        "compact": compact,
        "prefix": prefix,
        "side_names": [SIDE_NAMES[side] for side in sides],
        "side_rows": [
            {"group": group, "counts": [group.sides.get(side, 0) for side in sides]}
            for group in found.groups
        ],
    }
