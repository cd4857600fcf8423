"""The memo (PM) of a lab's challenge-driven work: what the seed lists as the next step. One
function gathers it, for the page and for the PDF alike, in a fixed number of queries."""

import datetime
from dataclasses import dataclass
from typing import TypeVar

from larlabb.accounts.http import Visitor
from larlabb.labs.models import Lab
from larlabb.missions import queries, rules
from larlabb.missions.models import Indicator, Initiative, LearningEntry, Measurement, Mission

T = TypeVar("T")


@dataclass
class MissionSummary:
    mission: Mission
    beyond_election: bool
    breadth: rules.Breadth
    indicators: list[tuple[Indicator, Measurement | None]]
    initiatives: list[tuple[Initiative, LearningEntry | None]]


def last(items: list[T]) -> T | None:
    """The last of ``items`` (loaded with the page's prefetches), or None."""
    return items[-1] if items else None


def build(user: Visitor, lab: Lab, today: datetime.date) -> dict:
    ranked = queries.ranked_challenges(user, lab)
    missions = (
        Mission.objects.filter(challenge__lab=lab)
        .select_related("challenge", "owner")
        .prefetch_related("organisations", queries.INDICATORS_WITH_VALUES)
    )
    initiatives = queries.portfolio(user, lab)
    by_mission: dict[int, list[tuple[Initiative, LearningEntry | None]]] = {}
    for initiative in initiatives:
        latest = last(list(initiative.learning.all()))
        by_mission.setdefault(initiative.mission_id, []).append((initiative, latest))
    summaries = []
    for mission in missions:
        actors = queries.mission_actors(mission)
        indicators = [
            (indicator, last(list(indicator.measurements.all())))
            for indicator in mission.indicators.all()
        ]
        summaries.append(
            MissionSummary(
                mission,
                rules.reaches_beyond_election(mission.target_year, today),
                queries.kinds_of(actors),
                indicators,
                by_mission.get(mission.pk, []),
            )
        )
    subjects = queries.subjects(queries.assessments_of(lab))
    open_actions = [
        (action, action.is_overdue_on(today))
        for action in queries.actions_of(lab)
        if action.status in rules.OPEN_ACTION_STATUSES
    ]
    return {
        "lab": lab,
        "today": today,
        "election": rules.next_general_election(today),
        "ranked": ranked,
        "missions": summaries,
        "summary": queries.summarise_portfolio(initiatives),
        "subjects": subjects,
        "items": [label for _key, label in rules.PREREQUISITES],
        "comparison": [
            (s, [s.latest.get(key) for key in rules.PREREQUISITE_KEYS], s.change) for s in subjects
        ],
        "keys": rules.PREREQUISITE_KEYS,
        "open_actions": open_actions,
        "dialogues": queries.dialogues(lab),
    }
