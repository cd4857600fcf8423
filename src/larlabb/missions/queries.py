"""Reads of a lab's challenge-driven work, each with its permission check.

Who sees what: the lab's members (its organisers, workshop leaders and confirmed participants)
see all of the lab's work; anyone else sees only the published challenges of a published lab,
with their missions and portfolios. Dialogues, the action plan, the prerequisites and the memo
are the members' own. Who changes what: the lab's organisers everything; a challenge's owners
that challenge and its missions; a mission's owners that mission; the people taking part in
an expedition or experiment add to its learning loop; members comment, vote and assess.
"""

import datetime
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django_stubs_ext import StrOrPromise

from larlabb.accounts.http import Visitor
from larlabb.accounts.models import User
from larlabb.actors.models import Organisation
from larlabb.labs.access import LabRole, has_role, is_member, is_organiser
from larlabb.labs.models import Lab
from larlabb.missions import rules
from larlabb.missions.models import (
    Action,
    Challenge,
    ChallengeAssessment,
    ChallengeVote,
    Dialogue,
    Indicator,
    Initiative,
    LearningEntry,
    Measurement,
    Mission,
    PrerequisiteAssessment,
)
from larlabb.registrations.models import Registration


def can_see_challenge(user: Visitor, challenge: Challenge) -> bool:
    lab = challenge.lab
    return (lab.is_published and challenge.is_published) or is_member(user, lab)


def can_edit_challenge(user: Visitor, challenge: Challenge) -> bool:
    """The lab's organisers, and the challenge's owners while they are members of the lab."""
    if not user.is_authenticated:
        return False
    if is_organiser(user, challenge.lab):
        return True
    return challenge.owners.filter(pk=user.pk).exists() and has_role(
        user, challenge.lab, LabRole.PARTICIPANT
    )


def can_edit_mission(user: Visitor, mission: Mission) -> bool:
    if not user.is_authenticated:
        return False
    return can_edit_challenge(user, mission.challenge) or (
        mission.owners.filter(pk=user.pk).exists() and is_member(user, mission.challenge.lab)
    )


def can_add_learning(user: Visitor, initiative: Initiative) -> bool:
    if not user.is_authenticated:
        return False
    lab = initiative.mission.challenge.lab
    return can_edit_mission(user, initiative.mission) or (
        initiative.participants.filter(pk=user.pk).exists() and is_member(user, lab)
    )


def _check_visible(user: Visitor, challenge: Challenge) -> None:
    if not can_see_challenge(user, challenge):
        raise Http404


def access_challenge(user: Visitor, pk: int) -> Challenge:
    challenge = Challenge.objects.select_related("lab", "proposed_by").filter(pk=pk).first()
    if challenge is None:
        raise Http404
    _check_visible(user, challenge)
    return challenge


def access_mission(user: Visitor, pk: int) -> Mission:
    mission = Mission.objects.select_related("challenge__lab", "owner").filter(pk=pk).first()
    if mission is None:
        raise Http404
    _check_visible(user, mission.challenge)
    return mission


def access_initiative(user: Visitor, pk: int) -> Initiative:
    initiative = Initiative.objects.select_related("mission__challenge__lab").filter(pk=pk).first()
    if initiative is None:
        raise Http404
    _check_visible(user, initiative.mission.challenge)
    return initiative


def access_indicator(user: Visitor, pk: int) -> Indicator:
    indicator = Indicator.objects.select_related("mission__challenge__lab").filter(pk=pk).first()
    if indicator is None:
        raise Http404
    _check_visible(user, indicator.mission.challenge)
    return indicator


def visible_challenges(user: Visitor, lab: Lab) -> QuerySet[Challenge]:
    challenges = Challenge.objects.filter(lab=lab)
    if not is_member(user, lab):
        challenges = challenges.filter(is_published=True)
    return challenges


# --- Challenges and their priority --------------------------------------------------------


@dataclass
class RankedChallenge:
    challenge: Challenge
    votes: int
    assessments: int
    complex_yes: int
    actors_yes: int
    voted: bool

    @property
    def meets_criteria(self) -> bool:
        """A majority of those who assessed it finds both criteria met."""
        half = self.assessments / 2
        return self.assessments > 0 and self.complex_yes > half and self.actors_yes > half


def ranked_challenges(
    user: Visitor, lab: Lab, only: Challenge | None = None
) -> list[RankedChallenge]:
    """The lab's challenges (or ``only`` one), the most voted first, with their assessment
    against the criteria."""
    challenges = visible_challenges(user, lab)
    if only is not None:
        challenges = challenges.filter(pk=only.pk)
    challenges = challenges.annotate(
        vote_count=Count("votes", distinct=True),
        assessment_count=Count("assessments", distinct=True),
        complex_count=Count("assessments", filter=Q(assessments__is_complex=True), distinct=True),
        actors_count=Count(
            "assessments", filter=Q(assessments__needs_several_actors=True), distinct=True
        ),
    ).prefetch_related("missions")
    mine = set()
    if user.is_authenticated:
        mine = set(
            ChallengeVote.objects.filter(challenge__lab=lab, person=user).values_list(
                "challenge_id", flat=True
            )
        )
    ranked = [
        RankedChallenge(
            c, c.vote_count, c.assessment_count, c.complex_count, c.actors_count, c.pk in mine
        )
        for c in challenges
    ]
    ranked.sort(key=lambda r: (-r.votes, r.challenge.created_at, r.challenge.pk))
    return ranked


def lab_organisations(lab: Lab) -> QuerySet[Organisation]:
    """The hosts of the lab and the organisations of its registered participants."""
    registered = Registration.objects.filter(lab=lab, status=Registration.Status.CONFIRMED).values(
        "organisation"
    )
    return Organisation.objects.filter(Q(pk__in=registered) | Q(hosted_labs=lab)).distinct()


def votes_used(user: User, lab: Lab) -> int:
    return ChallengeVote.objects.filter(challenge__lab=lab, person=user).count()


def own_assessment(user: Visitor, challenge: Challenge) -> ChallengeAssessment | None:
    if not isinstance(user, User):
        return None
    return ChallengeAssessment.objects.filter(challenge=challenge, person=user).first()


# --- Actors -------------------------------------------------------------------------------


def kinds_of(organisations) -> rules.Breadth:
    return rules.breadth(o.kind for o in organisations)


def mission_actors(mission: Mission) -> list[Organisation]:
    """The owner and the committed organisations of a mission (prefetched)."""
    seen = {mission.owner.pk: mission.owner}
    for organisation in mission.organisations.all():
        seen.setdefault(organisation.pk, organisation)
    return sorted(seen.values(), key=lambda o: (o.kind, o.name))


# --- Missions -----------------------------------------------------------------------------

INDICATORS_WITH_VALUES = Prefetch(
    "indicators",
    queryset=Indicator.objects.prefetch_related(
        Prefetch("measurements", queryset=Measurement.objects.order_by("measured_on"))
    ),
)


def mission_page(mission: Mission) -> Mission:
    """A mission with everything its page shows, in a fixed number of queries."""
    return (
        Mission.objects.select_related("challenge__lab", "owner")
        .prefetch_related(
            "organisations",
            "owners",
            INDICATORS_WITH_VALUES,
            Prefetch(
                "initiatives",
                queryset=Initiative.objects.prefetch_related("organisations").annotate(
                    learning_count=Count("learning")
                ),
            ),
            Prefetch(
                "prerequisite_assessments",
                queryset=PrerequisiteAssessment.objects.prefetch_related("ratings"),
            ),
            "comments__author",
        )
        .get(pk=mission.pk)
    )


# --- Portfolio ----------------------------------------------------------------------------


def portfolio(user: Visitor, lab: Lab) -> list[Initiative]:
    """Every expedition and experiment of the lab's visible challenges, with their actors and
    learning loops prefetched: a fixed number of queries however many there are."""
    return list(
        Initiative.objects.filter(mission__challenge__in=visible_challenges(user, lab))
        .select_related("mission__challenge")
        .prefetch_related(
            "organisations",
            Prefetch(
                "learning",
                queryset=LearningEntry.objects.select_related("author").order_by("happened_on"),
            ),
        )
        .order_by("starts_on", "pk")
    )


@dataclass
class PortfolioSummary:
    by_status: Sequence[tuple[str, StrOrPromise, list[Initiative]]]
    by_kind: Sequence[tuple[str, StrOrPromise, int]]
    timeline: list[tuple[LearningEntry, Initiative]]


def summarise_portfolio(initiatives: list[Initiative]) -> PortfolioSummary:
    by_status = [
        (value, label, [i for i in initiatives if i.status == value])
        for value, label in Initiative.Status.choices
    ]
    counts: Counter[str] = Counter()
    for initiative in initiatives:
        for kind in {o.kind for o in initiative.organisations.all()}:
            counts[kind] += 1
    by_kind = [(value, label, counts[value]) for value, label in Organisation.Kind.choices]
    timeline = sorted(
        ((entry, initiative) for initiative in initiatives for entry in initiative.learning.all()),
        key=lambda pair: (pair[0].happened_on, pair[0].pk),
    )
    return PortfolioSummary(by_status, by_kind, timeline)


# --- Prerequisites ------------------------------------------------------------------------


def assessments_of(lab: Lab) -> list[PrerequisiteAssessment]:
    return list(
        PrerequisiteAssessment.objects.filter(lab=lab)
        .select_related("mission", "organisation")
        .prefetch_related("ratings")
        .order_by("assessed_on", "pk")
    )


@dataclass
class Subject:
    """A mission or an organisation with its assessments over time."""

    label: str
    assessments: list[PrerequisiteAssessment]

    @property
    def latest(self) -> dict[str, int]:
        return self.assessments[-1].as_dict() if self.assessments else {}

    @property
    def previous(self) -> dict[str, int] | None:
        return self.assessments[-2].as_dict() if len(self.assessments) > 1 else None

    @property
    def change(self) -> dict[str, int | None]:
        return rules.rating_change(self.previous, self.latest)


def subjects(assessments: list[PrerequisiteAssessment]) -> list[Subject]:
    """The assessments grouped by what they assess: a mission or an organisation (the database
    holds exactly one of them)."""
    grouped: dict[tuple[str, int], Subject] = {}
    for assessment in assessments:
        if assessment.mission is not None:
            key, label = ("mission", assessment.mission.pk), assessment.mission.title
        elif assessment.organisation is not None:
            key, label = ("organisation", assessment.organisation.pk), assessment.organisation.name
        else:
            continue
        grouped.setdefault(key, Subject(label, [])).assessments.append(assessment)
    return list(grouped.values())


# --- Dialogues and the action plan --------------------------------------------------------


def dialogues(lab: Lab) -> list[Dialogue]:
    return list(
        Dialogue.objects.filter(lab=lab)
        .select_related("challenge", "mission")
        .prefetch_related("organisations")
    )


def actions_of(lab: Lab) -> list[Action]:
    return list(
        Action.objects.filter(lab=lab).select_related(
            "owner", "responsible", "challenge", "mission"
        )
    )


def can_update_action(user: Visitor, action: Action, *, organises: bool | None = None) -> bool:
    """The person responsible and the lab's organisers change an action's status
    (``organises``: whether the user organises the lab, when the caller knows already)."""
    if not user.is_authenticated:
        return False
    if organises is None:
        organises = is_organiser(user, action.lab)
    return organises or action.responsible_id == user.pk


def action_rows(user: Visitor, lab: Lab, today: datetime.date) -> list[dict]:
    """The action plan's rows: each action, whether it is overdue, and whether the user may
    change its status."""
    organises = is_organiser(user, lab)
    return [
        {
            "action": action,
            "overdue": action.is_overdue_on(today),
            "may_update": can_update_action(user, action, organises=organises),
        }
        for action in actions_of(lab)
    ]


def today() -> datetime.date:
    return timezone.localdate()


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
