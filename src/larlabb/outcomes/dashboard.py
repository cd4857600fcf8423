""" "Nådde vi målen?": the evidence for each of the lab's four expected results, read in a fixed
number of queries however many people take part.

Survey and relation answers are only ever shown aggregated: a group of fewer than
``analysis.MIN_SHOWN`` respondents is not shown, and a tie appears in the drawing of the
network only when the respondent who named it agreed to show their answers (every tie counts
in the figures)."""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import networkx as nx
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from larlabb.actors.models import Organisation, Side
from larlabb.actors.sides import BOTH, side_of
from larlabb.labs.models import Lab
from larlabb.live import opinion_map
from larlabb.live import queries as live_queries
from larlabb.live.models import Activity, Note, Theme
from larlabb.outcomes import analysis, charts, network
from larlabb.outcomes.models import Answer, Collaboration, Response, Statement, Survey, Tie
from larlabb.outcomes.queries import collaborations_of
from larlabb.synergies import queries as synergy_queries
from larlabb.synergies.models import MappingSession

TOP = 5
SYNERGY_MAPS = 3
# The survey table's columns: (phase, group), with their headings.
COLUMNS = (
    (("before", "all"), _("Everyone, before")),
    (("after", "all"), _("Everyone, after")),
    (("before", "region"), _("Regions, before")),
    (("after", "region"), _("Regions, after")),
    (("before", "agency"), _("Agencies, before")),
    (("after", "agency"), _("Agencies, after")),
)


# --- Capacity: the survey -------------------------------------------------------------------


@dataclass
class SurveyEvidence:
    surveys: dict[str, Survey]
    statements: list[Statement]
    changes: list[tuple[Statement, analysis.StatementChange]]
    respondents: dict[str, dict[str, int]]  # phase -> side -> people
    summary: dict[str, float | None]
    comments: list[str]  # free text of those who agreed to show their answers

    @property
    def measured(self) -> dict[str, bool]:
        """Whether anyone answered each round: a round without answers is not measured yet,
        and the dashboard says so instead of showing nothing as a figure."""
        return {phase: people["all"] > 0 for phase, people in self.respondents.items()}

    @property
    def headings(self) -> list[str]:
        return [str(label) for _key, label in COLUMNS]

    @property
    def rows(self) -> list[tuple[Statement, list[analysis.Cell]]]:
        return [
            (statement, [change.cells[key] for key, _label in COLUMNS])
            for statement, change in self.changes
        ]


def survey_evidence(lab: Lab) -> SurveyEvidence:
    surveys = {survey.phase: survey for survey in Survey.objects.filter(lab=lab)}
    statements = list(Statement.objects.filter(lab=lab))
    rows = Answer.objects.filter(response__survey__lab=lab).values_list(
        "response__survey__phase", "response__organisation__kind", "statement_id", "value"
    )
    answers = [(phase, side_of(kind), pk, value) for phase, kind, pk, value in rows]
    changes = analysis.compare(answers, [s.pk for s in statements])
    counts = (
        Response.objects.filter(survey__lab=lab)
        .values_list("survey__phase", "organisation__kind")
        .annotate(people=Count("pk"))
    )
    respondents: dict[str, dict[str, int]] = {
        phase: {"all": 0, "region": 0, "agency": 0, "other": 0} for phase in Survey.Phase.values
    }
    for phase, kind, people in counts:
        respondents[phase][side_of(kind)] += people
        respondents[phase]["all"] += people
    comments = list(
        Response.objects.filter(survey__lab=lab, open_answers=True)
        .exclude(comment="")
        .order_by("survey__phase", "submitted_at")
        .values_list("comment", flat=True)[:20]
    )
    return SurveyEvidence(
        surveys=surveys,
        statements=statements,
        changes=list(zip(statements, changes, strict=True)),
        respondents=respondents,
        summary=analysis.summary(changes),
        comments=comments,
    )


# --- Relations: the network -----------------------------------------------------------------


@dataclass
class NetworkEvidence:
    change: network.NetworkChange
    names: dict[int, str]
    sides: dict[int, str]
    drawn: dict[str, list[tuple[int, int, int]]]  # phase -> ties that may be drawn
    respondents: dict[str, int]  # phase -> organisations that answered
    degrees: list[tuple[str, str, int, int]] = field(default_factory=list)

    @property
    def measured(self) -> dict[str, bool]:
        """Whether any organisation answered each round (a network nobody was asked about has
        no ties and a density of 0, which says nothing)."""
        return {phase: organisations > 0 for phase, organisations in self.respondents.items()}


def network_evidence(lab: Lab) -> NetworkEvidence:
    rows = Tie.objects.filter(response__survey__lab=lab).values_list(
        "response__survey__phase",
        "response__organisation_id",
        "partner_id",
        "level",
        "response__open_answers",
    )
    ties: dict[str, list[tuple[int, int, int]]] = {phase: [] for phase in Survey.Phase.values}
    drawn: dict[str, list[tuple[int, int, int]]] = {phase: [] for phase in Survey.Phase.values}
    for phase, own, partner, level, shown in rows:
        ties[phase].append((own, partner, level))
        if shown:
            drawn[phase].append((own, partner, level))
    answered = Response.objects.filter(survey__lab=lab).values_list(
        "survey__phase", "organisation_id"
    )
    respondents: dict[str, set[int]] = {phase: set() for phase in Survey.Phase.values}
    for phase, organisation in answered:
        respondents[phase].add(organisation)
    involved = {o for phase_ties in ties.values() for tie in phase_ties for o in tie[:2]}
    involved |= {o for organisations in respondents.values() for o in organisations}
    organisations = Organisation.objects.filter(pk__in=involved).only(
        "pk", "name", "name_en", "abbreviation", "kind"
    )
    names = {o.pk: o.short_name for o in organisations}
    sides = {o.pk: o.side for o in organisations}
    change = network.compare(ties["before"], ties["after"], sides)
    degrees = sorted(
        (
            (
                names[pk],
                sides[pk],
                change.before.degrees.get(pk, 0),
                change.after.degrees.get(pk, 0),
            )
            for pk in names
        ),
        key=lambda row: (-row[3], row[0]),
    )
    return NetworkEvidence(
        change=change,
        names=names,
        sides=sides,
        drawn=drawn,
        respondents={phase: len(organisations) for phase, organisations in respondents.items()},
        degrees=degrees,
    )


# --- Interest areas, synergies and goal conflicts -------------------------------------------


@dataclass
class SharedGround:
    """A theme or a group of merged notes of a perspectives board that both regions and
    agencies raised."""

    label: str
    activity: Activity
    regions: int
    agencies: int


@dataclass
class InterestEvidence:
    maps: list[tuple[MappingSession, synergy_queries.Results]]
    top_notes: Sequence[Note]
    themes: Sequence[Theme]
    shared: Sequence[SharedGround] = ()
    shared_count: int = 0
    # the opinion maps whose results were shown, with what every opinion group agreed on
    opinions: list[tuple[Activity, opinion_map.OpinionMap]] = field(default_factory=list)


def interest_evidence(lab: Lab) -> InterestEvidence:
    sessions = list(MappingSession.objects.filter(lab=lab).order_by("-created_at")[:SYNERGY_MAPS])
    maps = [
        (session, synergy_queries.results(session, min_count=synergy_queries.PRIVATE_MINIMUM))
        for session in sessions
    ]
    top_notes = list(
        Note.objects.filter(
            activity__program_item__workshop__lab=lab, hidden=False, merged_into=None
        )
        .filter(Q(activity__revealed=True))
        .annotate(points=Sum("votes__value"))
        .filter(points__gt=0)
        .select_related("activity__program_item__workshop", "activity__room", "column")
        .order_by("-points", "pk")[:TOP]
    )
    themes = list(
        Theme.objects.filter(
            activity__program_item__workshop__lab=lab, status=Theme.Status.ACCEPTED
        )
        .select_related("activity__program_item__workshop", "activity__room")
        .annotate(note_count=Count("notes"))
        .order_by("-note_count", "pk")[: TOP * 2]
    )
    shared = shared_ground(lab)
    return InterestEvidence(
        maps=maps,
        top_notes=top_notes,
        themes=themes,
        shared=shared[: TOP * 2],
        shared_count=len(shared),
        opinions=opinion_evidence(lab),
    )


def shared_ground(lab: Lab) -> list[SharedGround]:
    """Where the perspectives met on the lab's perspectives boards (accepted themes and merged
    notes holding notes of both regions and agencies), the most notes first. Two queries."""
    notes = list(
        Note.objects.filter(
            activity__program_item__workshop__lab=lab,
            activity__kind=Activity.Kind.PERSPECTIVES,
            hidden=False,
            case=None,
        )
        .select_related("activity__room")
        .order_by("activity_id", "pk")
    )
    labels = dict(
        Theme.objects.filter(
            activity__program_item__workshop__lab=lab,
            activity__kind=Activity.Kind.PERSPECTIVES,
            status=Theme.Status.ACCEPTED,
        ).values_list("pk", "label")
    )
    by_activity: dict[int, list[Note]] = {}
    for note in notes:
        by_activity.setdefault(note.activity_id, []).append(note)
    points = []
    for board in by_activity.values():
        meeting = live_queries.meeting_of(board)
        roots = {n.pk: n for n in board}
        groups = [
            (labels[theme], [n for n in board if n.theme_id == theme])
            for theme in meeting["themes"]
            if theme in labels
        ] + [
            (
                roots[root].title or roots[root].text,
                [n for n in board if root in (n.pk, n.merged_into_id)],
            )
            for root in meeting["notes"]
            if root in roots  # not merged into a note hidden since
        ]
        points += [
            SharedGround(
                label,
                board[0].activity,
                sum(1 for n in group if n.side == Side.REGION),
                sum(1 for n in group if n.side == Side.AGENCY),
            )
            for label, group in groups
        ]
    return sorted(points, key=lambda p: -(p.regions + p.agencies))


def opinion_evidence(lab: Lab) -> list[tuple[Activity, opinion_map.OpinionMap]]:
    """The lab's opinion maps whose results were shown in the room (the latest few), each with
    its map: what every opinion group agreed on is jointly identified ground. One query, and
    four a map (none for a map computed since its last change)."""
    activities = (
        Activity.objects.filter(
            program_item__workshop__lab=lab, kind=Activity.Kind.OPINIONS, revealed=True
        )
        .select_related("room")
        .order_by("-created_at")[:SYNERGY_MAPS]
    )
    return [(activity, opinion_map.opinion_map(activity)) for activity in activities]


# --- A basis for continued collaboration ----------------------------------------------------


@dataclass
class CollaborationEvidence:
    collaborations: list[Collaboration]
    by_status: list[tuple[StrOrPromise, int]]
    by_need: list[tuple[StrOrPromise, int]]
    organisations: int
    cross_side: int  # collaborations with both a region and an agency in them


def collaboration_evidence(lab: Lab) -> CollaborationEvidence:
    collaborations = list(collaborations_of(lab))
    statuses = Counter(c.status for c in collaborations)
    needs = Counter(need for c in collaborations for need in c.needs)
    organisations = {o.pk for c in collaborations for o in c.organisations.all()}
    cross = sum(1 for c in collaborations if {o.side for o in c.organisations.all()} >= BOTH)
    return CollaborationEvidence(
        collaborations=collaborations,
        by_status=[(label, statuses[value]) for value, label in Collaboration.Status.choices],
        by_need=[(label, needs[value]) for value, label in Collaboration.Need.choices],
        organisations=len(organisations),
        cross_side=cross,
    )


# --- Charts ---------------------------------------------------------------------------------


def network_chart(lab: Lab, fmt: str) -> bytes:
    """Both networks side by side, on the same positions, with the ties whose respondents
    agreed to show them."""
    evidence = network_evidence(lab)
    before = network.build(evidence.drawn["before"], evidence.names)
    after = network.build(evidence.drawn["after"], evidence.names)
    return charts.networks(
        before,
        after,
        network.layout(nx.compose(before, after), sides=evidence.sides),
        evidence.names,
        evidence.sides,
        fmt,
        titles=(gettext("Before the first workshop"), gettext("After the last workshop")),
        unmeasured=(
            "" if evidence.measured[Survey.Phase.BEFORE] else gettext("Not measured yet"),
            "" if evidence.measured[Survey.Phase.AFTER] else gettext("Not measured yet"),
        ),
    )


def survey_chart(lab: Lab, fmt: str) -> bytes:
    """Everyone's mean agreement with each statement, before and after (hidden groups left
    out)."""
    evidence = survey_evidence(lab)
    rows = [
        (
            statement.text,
            change.cells[("before", "all")].mean,
            change.cells[("after", "all")].mean,
        )
        for statement, change in evidence.changes
    ]
    measured = evidence.measured
    labels = (
        gettext("Before") if measured[Survey.Phase.BEFORE] else gettext("Before: not measured yet"),
        gettext("After") if measured[Survey.Phase.AFTER] else gettext("After: not measured yet"),
    )
    return charts.survey(rows, fmt, labels=labels)
