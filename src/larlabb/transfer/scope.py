"""What belongs to a lab, for its export, its import elsewhere and its reuse as a template.

:data:`PARTS` names every model whose rows belong to one lab, with the way each reaches the lab
(a lookup from the model to ``labs.Lab``) and what a reused lab keeps of it (``template``).
:data:`LEFT_OUT` names the models that reach a lab but are not exported, with the reason. A
test walks every model with a path of foreign keys to ``labs.Lab`` and fails when one is in
neither, so a new kind of lab data cannot be forgotten here.

Not a lab's and never exported: the outbox (``core.OutgoingEmail``, which holds no link to a
lab: the emails this server sent, or will send, are its own; the importing server sends none
for what it imports), people's logins and sessions, and the task queue.

The rows a lab's rows point at but that are not the lab's are *references*: people (matched
by email address on import, or created), organisations, networks, goal catalogues and goals
(matched by their natural keys, created when missing). :func:`reference_kind` names them.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Model, Q

from larlabb.live.models import Activity


@dataclass(frozen=True)
class Template:
    """What a reused lab (:func:`larlabb.transfer.actions.do_copy_lab`) keeps of a model: the
    rows ``only`` selects (all when None) with the fields of ``reset`` set to these values.
    Every date and time is moved by the same number of days; references to people become the
    copying organiser (a foreign key) or nobody (a many-to-many field), see
    :mod:`larlabb.transfer.export`."""

    only: Q | None = None
    reset: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Part:
    """A model whose rows belong to a lab.

    ``paths`` are lookups from the model to the lab (a row belongs to the lab if any of them
    leads there); ``only`` keeps some of the rows out of every export; ``omit`` names fields
    that are never exported (a secret, which the importing server makes anew); ``fresh`` names
    unique fields whose value is kept on import unless another row there has it already, and
    then made anew with the field's default; ``template`` is what a reused lab keeps (None:
    nothing)."""

    label: str
    paths: tuple[str, ...]
    template: Template | None = None
    only: Q | None = None
    omit: frozenset[str] = frozenset()
    fresh: frozenset[str] = frozenset()

    @property
    def model(self) -> type[Model]:
        return apps.get_model(self.label)

    def rows_of(self, lab_id: int) -> Q:
        """The condition that selects this model's rows of the lab ``lab_id``."""
        condition = Q()
        for path in self.paths:
            condition |= Q(**{path: lab_id})
        return condition & self.only if self.only is not None else condition


# The activities whose options the facilitator sets (a poll's answers, the items to rank or to
# vote on, an opinion map's seeded statements): a reused lab keeps those options (written by
# nobody, neither hidden nor merged), not the notes participants wrote.
SET_UP_OPTIONS = Q(
    activity__kind__in=[
        Activity.Kind.POLL,
        Activity.Kind.RANKING,
        Activity.Kind.DOT_VOTING,
        Activity.Kind.OPINIONS,
    ],
    case__isnull=True,
    author__isnull=True,
    hidden=False,
    merged_into__isnull=True,
)

NOT_STARTED = {
    "status": Activity.Status.DRAFT,
    "locked": False,
    "voting_open": False,
    "revealed": False,
    "seq": 0,
}

# In the order of the layers; the import orders them by their foreign keys anyway.
PARTS: tuple[Part, ...] = (
    Part("labs.Lab", ("pk",), Template(reset={"is_published": False})),
    Part("labs.ExpectedResult", ("lab",), Template()),
    Part("labs.Document", ("lab",), Template()),
    Part(
        "labs.Workshop",
        ("lab",),
        Template(reset={"status": "planned", "sequence": 0}),
        fresh=frozenset({"uid", "checkin_code"}),
    ),
    Part("labs.WorkshopChange", ("workshop__lab",)),
    Part("labs.ProgramItem", ("workshop__lab",), Template()),
    Part("registrations.Registration", ("lab",)),
    Part("registrations.OrganisationException", ("lab",), Template()),
    Part("registrations.Attendance", ("workshop__lab",)),
    Part(
        "synergies.MappingSession",
        ("lab",),
        Template(reset={"status": "open", "closed_at": None}),
    ),
    Part("synergies.SessionGoal", ("session__lab",), Template()),
    Part("synergies.ScorerGroup", ("session__lab",)),
    Part("synergies.Score", ("session__lab",)),
    Part(
        "live.Room",
        ("workshop__lab",),
        Template(reset={"current": None, "timer_ends": None, "timer_seconds": None}),
        omit=frozenset({"presenter_key"}),
        fresh=frozenset({"code"}),
    ),
    Part("live.Activity", ("room__workshop__lab",), Template(reset=NOT_STARTED)),
    Part("live.Column", ("activity__room__workshop__lab",), Template(reset={"narrative": ""})),
    Part("live.Participant", ("room__workshop__lab",)),
    Part("live.Theme", ("activity__room__workshop__lab",)),
    Part(
        "live.Note",
        ("activity__room__workshop__lab",),
        Template(
            only=SET_UP_OPTIONS,
            reset={"theme": None},
        ),
    ),
    Part("live.Vote", ("activity__room__workshop__lab",)),
    Part(
        "live.Breakout",
        ("activity__room__workshop__lab",),
        Template(reset={"current_round": 0}),
    ),
    Part("live.Seat", ("breakout__activity__room__workshop__lab",)),
    Part("live.Rating", ("trend__activity__room__workshop__lab",)),
    Part("live.ScenarioAxes", ("activity__room__workshop__lab",)),
    Part("live.Answer", ("activity__room__workshop__lab",)),
    Part("missions.Challenge", ("lab",)),
    Part("missions.ChallengeAssessment", ("challenge__lab",)),
    Part("missions.ChallengeVote", ("challenge__lab",)),
    Part("missions.Mission", ("challenge__lab",)),
    Part("missions.Indicator", ("mission__challenge__lab",)),
    Part("missions.Measurement", ("indicator__mission__challenge__lab",)),
    Part("missions.Initiative", ("mission__challenge__lab",)),
    Part("missions.LearningEntry", ("initiative__mission__challenge__lab",)),
    Part("missions.Comment", ("challenge__lab", "mission__challenge__lab")),
    Part("missions.PrerequisiteAssessment", ("lab",)),
    Part("missions.PrerequisiteRating", ("assessment__lab",)),
    Part("missions.Dialogue", ("lab",)),
    Part("missions.Action", ("lab",)),
    Part("outcomes.Assignment", ("lab",), Template()),
    Part("outcomes.Submission", ("assignment__lab",)),
    Part("outcomes.Reflection", ("workshop__lab",)),
    Part("outcomes.Survey", ("lab",), Template()),
    Part("outcomes.Statement", ("lab",), Template()),
    Part("outcomes.Response", ("survey__lab",)),
    Part("outcomes.Answer", ("response__survey__lab",)),
    Part("outcomes.Tie", ("response__survey__lab",)),
    Part("outcomes.Collaboration", ("lab",)),
)

# Models that reach a lab but are not exported, with the reason.
LEFT_OUT: dict[str, str] = {
    "outcomes.Report": (
        "A documentation report is HTML and a PDF that the server built from the lab's data "
        "and shows as it is; from a file it could be anything. It is built again from the "
        "imported data by an organiser on the new server (Dokumentation → Skapa rapport)."
    ),
    "audit.Entry": (
        "The audit log is this server's record of what was done here and by whom; it is "
        "append-only and names objects by this server's ids. An import elsewhere did not "
        "happen there, so the entries stay on the server that wrote them."
    ),
    "live.Event": (
        "The numbered events only let a screen that lost its connection catch up during a "
        "session; their data holds this database's ids, which no import can remap safely. "
        "What the events changed (notes, votes, themes, groups, ratings) is exported in full."
    ),
    "live.NoteVector": (
        "A note's vector is worked out from its text by the embedding model, and is worked "
        "out again from the imported note when a theme suggestion or shared ground needs it "
        "(stored vectors of another model are never used)."
    ),
    "live.ThemeRun": (
        "A theme run is the task queue's progress of one theme suggestion on this server; "
        "the themes it made are exported with the notes."
    ),
}

PART_OF: dict[str, Part] = {part.label: part for part in PARTS}

# The references by natural key: what is matched on import rather than exported as a row.
PERSON = "person"
ORGANISATION = "organisation"
NETWORK = "network"
CATALOGUE = "catalogue"
GOAL = "goal"
REFERENCES = {
    "actors.Organisation": ORGANISATION,
    "actors.Network": NETWORK,
    "synergies.Catalogue": CATALOGUE,
    "synergies.Goal": GOAL,
}


def reference_kind(model: type[Model]) -> str | None:
    """Which reference ``model`` is (a person, an organisation…), or None when it is not one."""
    if model is get_user_model():
        return PERSON
    return REFERENCES.get(model._meta.label)


def relations(model: type[Model]) -> list[Any]:
    """The concrete foreign keys and many-to-many fields of ``model``, except a many-to-many
    field through a model of its own (whose rows are exported as that model's)."""
    found = []
    for relation in model._meta.get_fields():
        if not (relation.is_relation and relation.concrete):
            continue
        if relation.many_to_many and not relation.remote_field.through._meta.auto_created:  # type: ignore[union-attr]
            continue
        found.append(relation)
    return found


def reaches_lab(models: Iterable[type[Model]]) -> set[str]:
    """The labels of the models among ``models`` with a path of foreign keys to
    ``labs.Lab`` (not through people or reference data, which belong to no lab)."""
    lab = apps.get_model("labs.Lab")
    reaching = {lab._meta.label}
    models = list(models)
    changed = True
    while changed:
        changed = False
        for model in models:
            if model._meta.label in reaching:
                continue
            for relation in model._meta.get_fields():
                target = relation.related_model
                forward = relation.concrete and (relation.many_to_one or relation.one_to_one)
                if forward and target is not None and target._meta.label in reaching:  # type: ignore[union-attr]
                    reaching.add(model._meta.label)
                    changed = True
                    break
    return reaching


def import_order(labels: Iterable[str]) -> list[str]:
    """``labels`` in an order where every model comes after the models its foreign keys point
    at: all non-null ones, and each nullable one that does not close a cycle (a nullable
    reference to a row created later is set once that row exists). Ties keep the order of
    :data:`PARTS`."""
    labels = list(labels)
    rank = {label: PARTS.index(PART_OF[label]) for label in labels}
    edges: dict[str, set[str]] = {label: set() for label in labels}
    nullable: list[tuple[str, str]] = []
    for label in labels:
        for relation in relations(apps.get_model(label)):
            target = relation.related_model._meta.label
            if target not in edges or target == label or relation.many_to_many:
                continue
            if relation.null:
                nullable.append((label, target))
            else:
                edges[label].add(target)
    for source, target in nullable:
        if not _leads_to(edges, target, source):
            edges[source].add(target)
    ordered: list[str] = []
    waiting = sorted(labels, key=rank.__getitem__)
    while waiting:
        ready = next(label for label in waiting if edges[label] <= set(ordered))
        ordered.append(ready)
        waiting.remove(ready)
    return ordered


def _leads_to(edges: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            todo.extend(edges[node])
    return False
