"""The pages of challenge-driven work whose data grows take the same number of queries for 10
rows as for 1,000: the exact number asserted here, on SQLite as on PostgreSQL. A page whose
count grew would load its rows one by one (a missing select_related or prefetch_related)."""

import datetime
from collections.abc import Callable

import pytest
from django.urls import reverse

from larlabb.actors.models import Organisation
from larlabb.missions import rules
from larlabb.missions.models import (
    Action,
    Challenge,
    ChallengeAssessment,
    ChallengeVote,
    Comment,
    Dialogue,
    Indicator,
    Initiative,
    LearningEntry,
    Measurement,
    Mission,
    PrerequisiteAssessment,
    PrerequisiteRating,
)
from larlabb.synergies.models import Catalogue, Goal
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 1, 15)


def more(model, have: int, n: int, make: Callable[[int], object]) -> list:
    """Bulk-create ``model`` rows numbered ``have`` … ``n - 1``."""
    return model.objects.bulk_create(make(i) for i in range(have, n))


def organisations(n: int) -> list[Organisation]:
    have = Organisation.objects.filter(name__startswith="Org ").count()
    more(
        Organisation,
        have,
        n,
        lambda i: Organisation(name=f"Org {i}", kind=Organisation.Kind.MUNICIPALITY),
    )
    return list(Organisation.objects.filter(name__startswith="Org ").order_by("pk")[:n])


def people(n: int) -> list:
    return [UserFactory(email=f"p{i}@example.org") for i in range(n)]


# --- How each page's rows grow ------------------------------------------------------------


def grow_challenges(world, n: int) -> None:
    """The lab's challenges, each voted on, assessed and given a mission."""
    have = Challenge.objects.filter(lab=world.lab).count()
    made = more(
        Challenge,
        have,
        n,
        lambda i: Challenge(
            lab=world.lab, title=f"Utmaning {i}", description="…", scope="national"
        ),
    )
    ChallengeVote.objects.bulk_create(ChallengeVote(challenge=c, person=world.anna) for c in made)
    ChallengeAssessment.objects.bulk_create(
        ChallengeAssessment(
            challenge=c, person=world.anna, is_complex=True, needs_several_actors=True
        )
        for c in made
    )
    Mission.objects.bulk_create(
        Mission(challenge=c, title="M", goal="…", target_year=2040, owner=world.agency)
        for c in made
    )


def grow_challenge(world, n: int) -> None:
    """One challenge's goals, organisations, missions and comments."""
    challenge = world.challenge
    catalogue, _ = Catalogue.objects.get_or_create(key="sdgs", defaults={"name": "SDG"})
    have = catalogue.goals.count()
    challenge.goals.add(
        *more(Goal, have, n, lambda i: Goal(catalogue=catalogue, code=f"G{i}", title="Mål"))
    )
    challenge.organisations.set(organisations(n))
    have = challenge.missions.count()
    more(
        Mission,
        have,
        n,
        lambda i: Mission(
            challenge=challenge, title=f"M{i}", goal="…", target_year=2040, owner=world.agency
        ),
    )
    have = challenge.comments.count()
    more(Comment, have, n, lambda i: Comment(challenge=challenge, author=world.anna, text="Ja"))


def grow_mission(world, n: int) -> None:
    """One mission's organisations, indicators and their values, work, assessments and
    comments."""
    mission = world.mission
    mission.organisations.set(organisations(n))
    have = mission.indicators.count()
    indicators = more(
        Indicator,
        have,
        n,
        lambda i: Indicator(
            mission=mission, name=f"I{i}", unit="st", baseline=1, baseline_year=2024, target=2
        ),
    )
    Measurement.objects.bulk_create(
        Measurement(indicator=indicator, measured_on=DAY, value=1) for indicator in indicators
    )
    grow_work(world, n)
    grow_assessments(world, n, mission=mission)
    have = mission.comments.count()
    more(Comment, have, n, lambda i: Comment(mission=mission, author=world.anna, text="Ja"))


def grow_work(world, n: int) -> None:
    """The mission's expeditions and experiments, with actors and two learning entries each."""
    have = Initiative.objects.filter(mission=world.mission).count()
    made = more(
        Initiative,
        have,
        n,
        lambda i: Initiative(
            mission=world.mission,
            kind="experiment",
            title=f"Experiment {i}",
            plan="…",
            starts_on=DAY,
            ends_on=DAY,
        ),
    )
    through = Initiative.organisations.through
    through.objects.bulk_create(
        through(initiative=initiative, organisation=organisation)
        for initiative in made
        for organisation in (world.agency, world.region)
    )
    LearningEntry.objects.bulk_create(
        LearningEntry(
            initiative=initiative,
            author=world.sanna,
            happened_on=DAY,
            tried="Prövat",
            learned="Lärt",
            next_step="keep",
        )
        for initiative in made
        for _ in range(2)
    )


def grow_initiative(world, n: int) -> None:
    """One experiment's actors, participants and learning loop."""
    initiative = world.experiment
    initiative.organisations.set(organisations(n))
    initiative.participants.set(people(n))
    have = initiative.learning.count()
    more(
        LearningEntry,
        have,
        n,
        lambda i: LearningEntry(
            initiative=initiative,
            author=world.sanna,
            happened_on=DAY,
            tried="Prövat",
            learned="Lärt",
            next_step="adapt",
        ),
    )


def grow_assessments(world, n: int, mission: Mission | None = None) -> None:
    """Assessments of the prerequisites: of the mission, or of as many organisations."""
    have = PrerequisiteAssessment.objects.filter(lab=world.lab, mission=mission).count()
    subjects = organisations(n)
    made = more(
        PrerequisiteAssessment,
        have,
        n,
        lambda i: PrerequisiteAssessment(
            lab=world.lab,
            mission=mission,
            organisation=None if mission else subjects[i],
            assessed_by=world.anna,
            assessed_on=DAY - datetime.timedelta(days=i),
        ),
    )
    PrerequisiteRating.objects.bulk_create(
        PrerequisiteRating(assessment=assessment, item=key, value=3)
        for assessment in made
        for key in rules.PREREQUISITE_KEYS
    )


def grow_dialogues(world, n: int) -> None:
    have = Dialogue.objects.filter(lab=world.lab).count()
    made = more(
        Dialogue,
        have,
        n,
        lambda i: Dialogue(
            lab=world.lab,
            held_on=DAY,
            title=f"Dialog {i}",
            kind="regions",
            notes="…",
            challenge=world.challenge,
            mission=world.mission,
        ),
    )
    through = Dialogue.organisations.through
    through.objects.bulk_create(
        through(dialogue=dialogue, organisation=world.agency) for dialogue in made
    )


def grow_actions(world, n: int) -> None:
    have = Action.objects.filter(lab=world.lab).count()
    more(
        Action,
        have,
        n,
        lambda i: Action(
            lab=world.lab,
            title=f"Steg {i}",
            owner=world.agency,
            responsible=world.anna if i % 2 else world.sanna,
            due_on=DAY,
            challenge=world.challenge,
            mission=world.mission,
        ),
    )


def grow_everything(world, n: int) -> None:
    """What the memo gathers: challenges, missions with indicators, work, assessments,
    actions and dialogues."""
    grow_challenges(world, n)
    grow_mission(world, n)
    grow_assessments(world, n)
    grow_actions(world, n)
    grow_dialogues(world, n)


class World:
    def __init__(self, **parts) -> None:
        self.__dict__.update(parts)


@pytest.fixture
def world(lab, challenge, mission, experiment, anna, sanna, agency, region_skane) -> World:
    return World(
        lab=lab,
        challenge=challenge,
        mission=mission,
        experiment=experiment,
        anna=anna,
        sanna=sanna,
        agency=agency,
        region=region_skane,
    )


def grow_mission_assessments(world, n: int) -> None:
    grow_assessments(world, n, mission=world.mission)


PAGES = [
    # (page, what its address names, how its rows grow, its queries, a row the page shows)
    ("challenges", "slug", grow_challenges, 12, "Utmaning 999"),
    ("challenge", "challenge", grow_challenge, 24, "G999"),
    ("mission", "mission", grow_mission, 23, "Experiment 999"),
    ("initiative", "experiment", grow_initiative, 20, "Org 999"),
    ("portfolio", "slug", grow_work, 12, "Experiment 999"),
    ("lab-prerequisites", "slug", grow_assessments, 10, "Org 999"),
    ("mission-prerequisites", "mission", grow_mission_assessments, 14, "22 april 2023"),
    ("dialogues", "slug", grow_dialogues, 9, "Dialog 999"),
    # the form offers a participant the listed people only: whether they organise, who is listed
    ("actions", "slug", grow_actions, 15, "Steg 999"),
    ("memo", "slug", grow_everything, 24, "Steg 999"),
]


@pytest.mark.parametrize(("page", "target", "grow", "queries", "last"), PAGES)
def test_the_page_takes_the_same_queries_for_10_and_1000_rows(
    client, world, django_assert_num_queries, page, target, grow, queries, last
):
    if target == "slug":
        url = reverse(f"missions:{page}", kwargs={"slug": world.lab.slug})
    else:
        url = reverse(f"missions:{page}", kwargs={"pk": getattr(world, target).pk})
    client.force_login(world.anna)  # a participant who owns the challenge and the mission
    for n in (10, 1000):
        grow(world, n)
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200
    assert last in response.content.decode()
