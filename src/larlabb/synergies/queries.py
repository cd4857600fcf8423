"""Reads of synergy maps, each with its permission check, in a constant number of queries."""

from dataclasses import dataclass, field

import numpy as np
from django.core.exceptions import PermissionDenied
from django.http import Http404

from larlabb.accounts.models import User
from larlabb.actors.sides import AGENCY, REGION, SIDES, side_of
from larlabb.labs.access import LabRole, has_role, is_member, is_organiser
from larlabb.labs.models import Lab
from larlabb.registrations.models import Registration
from larlabb.registrations.queries import is_registered
from larlabb.synergies import analysis, rules, scale
from larlabb.synergies.models import (
    Catalogue,
    Goal,
    MappingSession,
    Score,
    ScorerGroup,
    SessionGoal,
)


def can_score(user: User, session: MappingSession) -> bool:
    """Only the lab's participants (a confirmed registration) score."""
    return is_registered(user, session.lab)


def can_run(user: User, session: MappingSession) -> bool:
    """The lab's organisers and workshop leaders run a session and see its raw scores."""
    return has_role(user, session.lab, LabRole.LEADER)


def can_view(user: User, session: MappingSession) -> bool:
    return can_run(user, session) or can_score(user, session)


def access_session(user: User, pk: int) -> MappingSession:
    session = MappingSession.objects.select_related("lab", "workshop").filter(pk=pk).first()
    if session is None:
        raise Http404
    if not can_view(user, session):
        raise PermissionDenied
    return session


def access_session_to_run(user: User, pk: int) -> MappingSession:
    session = access_session(user, pk)
    if not can_run(user, session):
        raise PermissionDenied
    return session


def lab_sessions(user: User, lab: Lab) -> list[MappingSession]:
    """The lab's synergy maps, for those who may see them."""
    if not is_member(user, lab):
        return []
    return list(lab.mapping_sessions.select_related("workshop"))


def session_goals(session: MappingSession) -> list[Goal]:
    """The session's goals in their order (the rows and the columns of the matrix)."""
    links = SessionGoal.objects.filter(session=session).select_related("goal__catalogue")
    return [link.goal for link in links.order_by("position")]


def catalogues_with_goals() -> list[Catalogue]:
    return list(Catalogue.objects.prefetch_related("goals"))


def group_of(user: User, session: MappingSession) -> int | None:
    """The scorer's group (0-based), when the rows are split among groups."""
    if session.group_count <= 1:
        return 0
    return (
        ScorerGroup.objects.filter(session=session, scorer=user)
        .values_list("number", flat=True)
        .first()
    )


def rows_of(session: MappingSession, goal_count: int, group: int | None) -> range:
    """The rows that a scorer in ``group`` scores."""
    if group is None:
        return range(0)
    count = min(session.group_count, goal_count)
    return rules.row_blocks(goal_count, count)[min(group, count - 1)]


def own_scores(session: MappingSession, user: User) -> dict[tuple[int, int], Score]:
    """The user's scores by (row goal id, column goal id)."""
    return {(s.row_id, s.column_id): s for s in Score.objects.filter(session=session, scorer=user)}


@dataclass
class ScoreStack:
    """Every scorer's scores as one array (scorers, n, n), NaN where not scored."""

    goals: list[Goal]
    scorers: list[int]
    sides: list[str]
    values: np.ndarray


def score_stack(session: MappingSession, goals: list[Goal]) -> ScoreStack:
    index = {goal.pk: i for i, goal in enumerate(goals)}
    rows = list(
        Score.objects.filter(session=session).values_list(
            "scorer_id", "row_id", "column_id", "value"
        )
    )
    scorers = sorted({scorer for scorer, *_ in rows})
    position = {scorer: i for i, scorer in enumerate(scorers)}
    values = np.full((len(scorers), len(goals), len(goals)), np.nan)
    for scorer, row, column, value in rows:
        if row in index and column in index:
            values[position[scorer], index[row], index[column]] = value
    known = scorer_sides(session)
    sides = [known.get(scorer, "other") for scorer in scorers]
    return ScoreStack(goals, scorers, sides, values)


def scorer_sides(session: MappingSession) -> dict[int, str]:
    """Each registered person's side (region, agency, other) by the organisation they
    registered for in the session's lab."""
    kinds = (
        Registration.objects.filter(lab_id=session.lab_id)
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("person_id", "organisation__kind")
    )
    return {person: side_of(kind) for person, kind in kinds}


@dataclass(frozen=True)
class Link:
    row: Goal
    column: Goal
    median: float
    count: int
    iqr: float
    comments: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Ranked:
    goal: Goal
    value: float
    share: float  # of the largest absolute value, for the bar's length (0–100)


@dataclass
class Results:
    """Everything the results page shows, computed from one ScoreStack."""

    goals: list[Goal]
    scorer_count: int
    sides: dict[str, int]
    consensus: analysis.Consensus
    cells: list[list[dict]]
    missing_cells: int
    rankings: dict[str, list[Ranked]]
    synergies: list[Link]
    conflicts: list[Link]
    disagreements: list[tuple[Goal, Goal, float, float, float]]
    interest_areas: list[list[Goal]]
    progress: list[tuple[int, range, int, int]]


def _ranking(goals: list[Goal], values: np.ndarray) -> list[Ranked]:
    largest = float(np.max(np.abs(values))) if len(values) else 0.0
    order = sorted(range(len(goals)), key=lambda i: (-values[i], i))
    return [
        Ranked(goals[i], float(values[i]), abs(float(values[i])) / largest * 100 if largest else 0)
        for i in order
    ]


def _comments(session: MappingSession) -> dict[tuple[int, int], list[str]]:
    comments: dict[tuple[int, int], list[str]] = {}
    for row, column, comment in (
        Score.objects.filter(session=session)
        .exclude(comment="")
        .order_by("updated_at")
        .values_list("row_id", "column_id", "comment")
    ):
        comments.setdefault((row, column), []).append(comment)
    return comments


PRIVATE_MINIMUM = 3


def minimum_count(user: User, session: MappingSession) -> int:
    """How many scorers a cell needs before ``user`` sees its median: when individual scores
    are private, participants see a cell (and a side's view) only once at least three people
    have scored it, so that nobody's own score can be read back from the results."""
    if can_run(user, session) or session.show_individual_scores:
        return 1
    return PRIVATE_MINIMUM


def results(session: MappingSession, min_count: int = 1) -> Results:
    """Consensus, influence rankings, synergies and conflicts with comments, where regions and
    agencies disagree, and candidate interest areas. Cells nobody has scored yet, or fewer than
    ``min_count`` people, count as 0 (consistent) in the rankings and the interest areas; the
    page says how many there are."""
    goals = session_goals(session)
    stack = score_stack(session, goals)
    n = len(goals)
    if stack.scorers:
        agreed = analysis.consensus(stack.values)
    else:
        nothing = np.full((n, n), np.nan)
        agreed = analysis.Consensus(median=nothing, count=np.zeros((n, n), int), iqr=nothing)
    if min_count > 1:
        hidden = agreed.count < min_count
        agreed = analysis.Consensus(
            median=np.where(hidden, np.nan, agreed.median),
            count=agreed.count,
            iqr=np.where(hidden, np.nan, agreed.iqr),
        )
    off_diagonal = ~np.eye(n, dtype=bool)
    missing = int(np.sum(np.isnan(agreed.median) & off_diagonal))
    filled = np.where(np.isnan(agreed.median), 0.0, agreed.median)
    metrics = analysis.influence(filled) if n else {}
    comments = _comments(session)
    cells = [
        [
            {
                "row": goals[i],
                "column": goals[j],
                "diagonal": i == j,
                "median": None if np.isnan(agreed.median[i, j]) else float(agreed.median[i, j]),
                "count": int(agreed.count[i, j]),
            }
            for j in range(n)
        ]
        for i in range(n)
    ]
    links = [
        Link(
            goals[i],
            goals[j],
            float(agreed.median[i, j]),
            int(agreed.count[i, j]),
            float(agreed.iqr[i, j]),
            comments.get((goals[i].pk, goals[j].pk), []),
        )
        for i in range(n)
        for j in range(n)
        if i != j and not np.isnan(agreed.median[i, j])
    ]
    regions = [i for i, side in enumerate(stack.sides) if side == REGION]
    agencies = [i for i, side in enumerate(stack.sides) if side == AGENCY]
    disagreements = []
    if len(regions) >= min_count and len(agencies) >= min_count:
        # each side's median of a cell shows only when that side has enough scorers of the
        # cell itself: a side's median from one or two people would give their scores away
        scored = ~np.isnan(stack.values)
        by_regions, by_agencies = scored[regions].sum(axis=0), scored[agencies].sum(axis=0)
        disagreements = [
            (goals[d.row], goals[d.col], d.first, d.second, d.difference)
            for d in analysis.disagreement(stack.values, (regions, agencies))
            if min(by_regions[d.row, d.col], by_agencies[d.row, d.col]) >= min_count
        ][:10]
    progress = []
    if n:
        count = min(session.group_count, n)
        scored = ~np.isnan(stack.values)
        for number, block in enumerate(rules.row_blocks(n, count)):
            cells_in_block = len(block) * (n - 1)
            done = int(np.sum(np.any(scored[:, block.start : block.stop, :], axis=0)))
            progress.append((number + 1, block, done, cells_in_block))
    return Results(
        goals=goals,
        scorer_count=len(stack.scorers),
        sides={side: stack.sides.count(side) for side in SIDES},
        consensus=agreed,
        cells=cells,
        missing_cells=missing,
        rankings={
            "out": _ranking(goals, metrics["out"]) if n else [],
            "in": _ranking(goals, metrics["in"]) if n else [],
            "net": _ranking(goals, metrics["out"] - metrics["in"]) if n else [],
        },
        synergies=sorted(
            (link for link in links if link.median >= scale.SYNERGY),
            key=lambda link: (-link.median, -link.count),
        ),
        conflicts=sorted(
            (link for link in links if link.median <= scale.CONFLICT),
            key=lambda link: (link.median, -link.count),
        ),
        disagreements=disagreements,
        interest_areas=[
            [goals[i] for i in area] for area in (analysis.interest_areas(filled) if n else [])
        ],
        progress=progress,
    )


def individual_scores(session: MappingSession, user: User) -> list[Score]:
    """Every scorer's own scores, for those allowed to see them: the people who run the session,
    and the lab's participants when the organisers let individual scores be seen."""
    if not (can_run(user, session) or session.show_individual_scores):
        raise PermissionDenied
    position = dict(SessionGoal.objects.filter(session=session).values_list("goal_id", "position"))
    scores = Score.objects.filter(session=session).select_related(
        "scorer", "scorer__organisation", "row", "column"
    )
    return sorted(
        scores,
        key=lambda s: (
            s.scorer.name,
            s.scorer_id,
            position.get(s.row_id, 0),
            position.get(s.column_id, 0),
        ),
    )


def is_organiser_of(user: User, session: MappingSession) -> bool:
    return is_organiser(user, session.lab)
