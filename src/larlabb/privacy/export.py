"""Everything Lärlabb holds about one person, for their own-data page and its downloads (GDPR
art. 15 and 20).

:func:`personal_data` gathers it in sections, each a list of records; the page shows them with
their labels, the JSON download holds the same values, and the ZIP adds the files the person
submitted. :data:`COVERED` names every reference to a person (a foreign key or many-to-many
field to the user model) that the export reads, and :data:`LEFT_OUT` every one it deliberately
leaves out, with the reason: a test walks the models and fails when a new reference is in
neither, so a new kind of personal data cannot be forgotten here.
"""

import datetime
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

from allauth.account.models import EmailAddress
from django.db.models import Field, Model
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from larlabb.accounts.models import User
from larlabb.audit.models import Entry
from larlabb.core.dates import format_day, format_moment
from larlabb.core.models import OutgoingEmail
from larlabb.labs.models import Lab, ProgramItem, WorkshopChange
from larlabb.live.models import Activity, Answer, Note, Participant, Rating, ThemeRun, Vote
from larlabb.missions.models import (
    Action,
    Challenge,
    ChallengeAssessment,
    ChallengeVote,
    Comment,
    Initiative,
    LearningEntry,
    Mission,
    PrerequisiteAssessment,
)
from larlabb.outcomes.models import (
    Assignment,
    Collaboration,
    Reflection,
    Report,
    Response,
    Submission,
)
from larlabb.registrations.models import Attendance, OrganisationException, Registration
from larlabb.synergies.models import MappingSession, Score, ScorerGroup

# Every reference to a person that the export reads ("app_label.Model.field").
COVERED = frozenset(
    {
        "account.EmailAddress.user",
        "audit.Entry.actor",
        "labs.Lab.organisers",
        "labs.Lab.leaders",
        "labs.Lab.contacts",
        "labs.WorkshopChange.changed_by",
        "labs.ProgramItem.leaders",
        "registrations.Registration.person",
        "registrations.Registration.registered_by",
        "registrations.Registration.cancelled_by",
        "registrations.OrganisationException.granted_by",
        "registrations.Attendance.checked_in_by",
        "synergies.MappingSession.created_by",
        "synergies.ScorerGroup.scorer",
        "synergies.Score.scorer",
        "missions.Challenge.proposed_by",
        "missions.Challenge.owners",
        "missions.ChallengeAssessment.person",
        "missions.ChallengeVote.person",
        "missions.Mission.owners",
        "missions.Initiative.participants",
        "missions.LearningEntry.author",
        "missions.Comment.author",
        "missions.PrerequisiteAssessment.assessed_by",
        "missions.Action.responsible",
        "live.Activity.created_by",
        "live.Participant.user",
        "live.Participant.removed_by",
        "outcomes.Assignment.created_by",
        "outcomes.Submission.person",
        "outcomes.Reflection.person",
        "outcomes.Response.person",
        "outcomes.Collaboration.contact",
        "outcomes.Collaboration.created_by",
        "outcomes.Report.requested_by",
        "live.ThemeRun.requested_by",
    }
)

# References to a person that the export leaves out on purpose, with the reason.
LEFT_OUT = {
    "admin.LogEntry.user": (
        "Django admin's own history of changes made by staff in the admin; staff read it "
        "there, and what it records is also in the audit log, which the export includes."
    ),
}


@dataclass(frozen=True)
class Column:
    key: str
    label: Promise | str


@dataclass
class Section:
    """One kind of data: a heading, the labels of its values, and a record per row (as JSON
    holds it) with the same row as the page shows it."""

    key: str
    title: str
    columns: list[Column]
    records: list[dict[str, Any]]
    shown: list[list[tuple[str, Any]]]

    @property
    def rows(self) -> list[list[tuple[str, Any]]]:
        """Each row as (label, value) pairs for the page, without the empty values; a value
        is a text or a list of texts."""
        return self.shown


def plain(value: Any) -> Any:
    """A value as JSON holds it: dates in ISO 8601 (local time), texts, numbers, lists."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Promise | Model):
        return str(value)
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def shown(value: Any) -> Any:
    """A value as the page shows it: dates as people write them, lists as lists of texts."""
    if isinstance(value, datetime.datetime):
        return format_moment(value)
    if isinstance(value, datetime.date):
        return format_day(value)
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return "" if value is None else str(value)


def _section(
    key: str,
    title: Promise,
    columns: list[tuple[str, Promise]],
    objects: Iterable[Any],
    read: Callable[[Any], dict[str, Any]],
) -> Section:
    raw = [read(obj) for obj in objects]
    return Section(
        key=key,
        title=str(title),
        columns=[Column(k, label) for k, label in columns],
        records=[{k: plain(v) for k, v in values.items()} for values in raw],
        shown=[
            [
                (str(label), shown(values[k]))
                for k, label in columns
                if shown(values[k]) not in ("", [])
            ]
            for values in raw
        ],
    )


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


# --- The sections ---------------------------------------------------------------------------


def account_section(person: User) -> Section:
    return _section(
        "account",
        gettext_lazy("Your account"),
        [
            ("email", gettext_lazy("Email address")),
            ("name", gettext_lazy("Name")),
            ("organisation", gettext_lazy("Organisation")),
            ("title", gettext_lazy("Role or title")),
            ("role", gettext_lazy("Role in Lärlabb")),
            ("language", gettext_lazy("Language")),
            ("reminders", gettext_lazy("Reminders by email")),
            ("joined", gettext_lazy("Account created")),
            ("last_login", gettext_lazy("Last logged in")),
        ],
        [person],
        lambda p: {
            "email": p.email,
            "name": p.name,
            "organisation": p.organisation.name if p.organisation else "",
            "title": p.title,
            "role": p.get_role_display(),
            "language": p.get_language_display(),
            "reminders": _yes_no(p.wants_reminders),
            "joined": p.date_joined,
            "last_login": p.last_login,
        },
    )


def addresses_section(person: User) -> Section:
    return _section(
        "email_addresses",
        gettext_lazy("Email addresses used for logging in"),
        [("email", gettext_lazy("Email address")), ("verified", gettext_lazy("Verified"))],
        EmailAddress.objects.filter(user=person).order_by("email"),
        lambda a: {"email": a.email, "verified": _yes_no(a.verified)},
    )


def roles_section(person: User) -> Section:
    roles: list[tuple[str, str]] = []
    for lab in Lab.objects.filter(organisers=person).order_by("title"):
        roles.append((str(_("Organiser")), lab.title))
    for lab in Lab.objects.filter(leaders=person).order_by("title"):
        roles.append((str(_("Workshop leader")), lab.title))
    for lab in Lab.objects.filter(contacts=person).order_by("title"):
        roles.append((str(_("Contact person")), lab.title))
    for item in ProgramItem.objects.filter(leaders=person).select_related("workshop__lab"):
        roles.append((str(_("Leads a program item")), f"{item.workshop.lab.title}: {item}"))
    return _section(
        "roles",
        gettext_lazy("Your roles in labs"),
        [("role", gettext_lazy("Role")), ("in", gettext_lazy("In"))],
        roles,
        lambda r: {"role": r[0], "in": r[1]},
    )


def registrations_section(person: User) -> Section:
    registrations = (
        Registration.objects.filter(person=person)
        .select_related("lab", "organisation", "registered_by")
        .prefetch_related("workshops")
        .order_by("created_at")
    )
    return _section(
        "registrations",
        gettext_lazy("Registrations"),
        [
            ("lab", gettext_lazy("Lab")),
            ("organisation", gettext_lazy("Organisation")),
            ("status", gettext_lazy("Status")),
            ("workshops", gettext_lazy("Workshops")),
            ("title", gettext_lazy("Role or title")),
            ("knowledge", gettext_lazy("Knowledge")),
            ("dietary_needs", gettext_lazy("Dietary needs")),
            ("travel", gettext_lazy("Pays own travel and lodging")),
            ("listed", gettext_lazy("On the participant list")),
            ("registered_by", gettext_lazy("Registered by")),
            ("registered", gettext_lazy("Registered")),
            ("confirmed", gettext_lazy("Confirmed")),
            ("cancelled", gettext_lazy("Cancelled")),
        ],
        registrations,
        lambda r: {
            "lab": r.lab.title,
            "organisation": r.organisation.name,
            "status": r.get_status_display(),
            "workshops": [str(w) for w in r.workshops.all()] or [str(_("all"))],
            "title": r.title,
            "knowledge": r.get_knowledge_display() if r.knowledge else "",
            "dietary_needs": r.dietary_needs,
            "travel": _yes_no(r.travel_acknowledged),
            "listed": _yes_no(r.listed),
            "registered_by": str(r.registered_by) if r.registered_by else "",
            "registered": r.created_at,
            "confirmed": r.confirmed_at,
            "cancelled": r.cancelled_at,
        },
    )


def attendance_section(person: User) -> Section:
    return _section(
        "attendance",
        gettext_lazy("Check-ins at workshops"),
        [("workshop", gettext_lazy("Workshop")), ("at", gettext_lazy("Checked in"))],
        Attendance.objects.filter(registration__person=person)
        .select_related("workshop__lab")
        .order_by("checked_in_at"),
        lambda a: {"workshop": f"{a.workshop.lab.title}: {a.workshop}", "at": a.checked_in_at},
    )


def rooms_section(person: User) -> Section:
    return _section(
        "live_rooms",
        gettext_lazy("Workshop rooms you joined"),
        [
            ("room", gettext_lazy("Workshop")),
            ("name", gettext_lazy("Name shown in the room")),
            ("organisation", gettext_lazy("Organisation")),
            ("facilitator", gettext_lazy("Facilitator")),
            ("joined", gettext_lazy("Joined")),
        ],
        Participant.objects.filter(user=person)
        .select_related("room__workshop__lab", "organisation")
        .order_by("joined_at"),
        lambda p: {
            "room": f"{p.room.workshop.lab.title}: {p.room.workshop}",
            "name": p.name,
            "organisation": p.organisation.name if p.organisation else "",
            "facilitator": _yes_no(p.is_facilitator),
            "joined": p.joined_at,
        },
    )


def notes_section(person: User) -> Section:
    return _section(
        "notes",
        gettext_lazy("Notes you wrote in workshop rooms"),
        [
            ("activity", gettext_lazy("Activity")),
            ("title", gettext_lazy("Title")),
            ("text", gettext_lazy("Text")),
            ("hidden", gettext_lazy("Hidden by a facilitator")),
            ("written", gettext_lazy("Written")),
        ],
        Note.objects.filter(author__user=person).select_related("activity").order_by("created_at"),
        lambda n: {
            "activity": n.activity.title,
            "title": n.title,
            "text": n.text,
            "hidden": _yes_no(n.hidden),
            "written": n.created_at,
        },
    )


def votes_section(person: User) -> Section:
    return _section(
        "votes",
        gettext_lazy("Votes, dots, rankings and poll answers"),
        [
            ("activity", gettext_lazy("Activity")),
            ("kind", gettext_lazy("Kind")),
            ("option", gettext_lazy("Note or option")),
            ("value", gettext_lazy("Dots, rank or choice")),
        ],
        Vote.objects.filter(participant__user=person)
        .select_related("activity", "note")
        .order_by("activity_id", "pk"),
        lambda v: {
            "activity": v.activity.title,
            "kind": v.activity.get_kind_display(),
            "option": str(v.note),
            "value": v.value,
        },
    )


def ratings_section(person: User) -> Section:
    return _section(
        "foresight_ratings",
        gettext_lazy("Ratings of foresight trends"),
        [
            ("trend", gettext_lazy("Trend")),
            ("impact", gettext_lazy("Impact")),
            ("uncertainty", gettext_lazy("Uncertainty")),
        ],
        Rating.objects.filter(participant__user=person).select_related("trend").order_by("pk"),
        lambda r: {"trend": str(r.trend), "impact": r.impact, "uncertainty": r.uncertainty},
    )


def answers_section(person: User) -> Section:
    return _section(
        "opinion_answers",
        gettext_lazy("Answers on opinion maps"),
        [
            ("activity", gettext_lazy("Activity")),
            ("statement", gettext_lazy("Statement")),
            ("answer", gettext_lazy("Answer")),
        ],
        Answer.objects.filter(participant__user=person)
        .select_related("activity", "statement")
        .order_by("activity_id", "pk"),
        lambda a: {
            "activity": a.activity.title,
            "statement": a.statement.text,
            "answer": a.get_value_display(),
        },
    )


def scores_section(person: User) -> Section:
    return _section(
        "synergy_scores",
        gettext_lazy("Synergy map scores"),
        [
            ("map", gettext_lazy("Synergy map")),
            ("row", gettext_lazy("Goal (row)")),
            ("column", gettext_lazy("Goal (column)")),
            ("value", gettext_lazy("Score")),
            ("certainty", gettext_lazy("How sure")),
            ("comment", gettext_lazy("Comment")),
        ],
        Score.objects.filter(scorer=person)
        .select_related("session", "row", "column")
        .order_by("session_id", "row__code", "column__code"),
        lambda s: {
            "map": s.session.title,
            "row": s.row.code,
            "column": s.column.code,
            "value": s.value,
            "certainty": s.get_certainty_display() if s.certainty else "",
            "comment": s.comment,
        },
    )


def scorer_groups_section(person: User) -> Section:
    return _section(
        "synergy_groups",
        gettext_lazy("Your group on synergy maps"),
        [("map", gettext_lazy("Synergy map")), ("group", gettext_lazy("Group"))],
        ScorerGroup.objects.filter(scorer=person).select_related("session"),
        lambda g: {"map": g.session.title, "group": g.number + 1},
    )


def responses_section(person: User) -> Section:
    responses = (
        Response.objects.filter(person=person)
        .select_related("survey__lab", "organisation")
        .prefetch_related("answers__statement", "ties__partner")
        .order_by("submitted_at")
    )
    return _section(
        "survey_answers",
        gettext_lazy("Survey answers"),
        [
            ("survey", gettext_lazy("Survey")),
            ("answers", gettext_lazy("Answers")),
            ("relations", gettext_lazy("Relations to organisations")),
            ("comment", gettext_lazy("Anything else")),
            ("open", gettext_lazy("Answers shown with your organisation")),
            ("submitted", gettext_lazy("Submitted")),
        ],
        responses,
        lambda r: {
            "survey": str(r.survey),
            "answers": [f"{a.statement.text}: {a.value}" for a in r.answers.all()],
            "relations": [f"{t.partner.name}: {t.get_level_display()}" for t in r.ties.all()],
            "comment": r.comment,
            "open": _yes_no(r.open_answers),
            "submitted": r.submitted_at,
        },
    )


def reflections_section(person: User) -> Section:
    return _section(
        "reflections",
        gettext_lazy("Reflections"),
        [
            ("workshop", gettext_lazy("Workshop")),
            ("learned", gettext_lazy("What did I learn?")),
            ("bring_home", gettext_lazy("What will I bring home to my organisation?")),
            ("next_steps", gettext_lazy("What will I do next?")),
            ("shared", gettext_lazy("Shared with the lab")),
            ("written", gettext_lazy("Written")),
        ],
        Reflection.objects.filter(person=person)
        .select_related("workshop__lab")
        .order_by("created_at"),
        lambda r: {
            "workshop": f"{r.workshop.lab.title}: {r.workshop}",
            "learned": r.learned,
            "bring_home": r.bring_home,
            "next_steps": r.next_steps,
            "shared": _yes_no(r.shared),
            "written": r.created_at,
        },
    )


def submissions_section(person: User) -> Section:
    return _section(
        "submissions",
        gettext_lazy("Assignment submissions"),
        [
            ("assignment", gettext_lazy("Assignment")),
            ("text", gettext_lazy("Text")),
            ("file", gettext_lazy("File")),
            ("submitted", gettext_lazy("Submitted")),
        ],
        Submission.objects.filter(person=person)
        .select_related("assignment")
        .order_by("submitted_at"),
        lambda s: {
            "assignment": s.assignment.title,
            "text": s.text,
            "file": zip_name(s) if s.file else "",
            "submitted": s.submitted_at,
        },
    )


def challenges_section(person: User) -> Section:
    """Challenges, missions and experiments the person owns, takes part in or assessed."""
    rows: list[tuple[str, str]] = []
    owned = Challenge.objects.filter(owners=person)
    for challenge in owned.order_by("pk"):
        rows.append((str(_("Owner of the challenge")), challenge.title))
    for mission in Mission.objects.filter(owners=person).order_by("pk"):
        rows.append((str(_("Owner of the mission")), mission.title))
    for initiative in Initiative.objects.filter(participants=person).order_by("pk"):
        rows.append((str(_("Takes part in")), initiative.title))
    for action in Action.objects.filter(responsible=person).order_by("pk"):
        rows.append((str(_("Responsible for the action")), action.title))
    assessments = ChallengeAssessment.objects.filter(person=person).select_related("challenge")
    for assessment in assessments.order_by("pk"):
        detail = _("complex: %(complex)s, needs several actors: %(several)s") % {
            "complex": _yes_no(assessment.is_complex),
            "several": _yes_no(assessment.needs_several_actors),
        }
        rows.append((str(_("Your assessment")), f"{assessment.challenge.title} ({detail})"))
    votes = ChallengeVote.objects.filter(person=person).select_related("challenge")
    for vote in votes.order_by("pk"):
        rows.append((str(_("Your vote for the challenge")), vote.challenge.title))
    return _section(
        "missions",
        gettext_lazy("Challenges, missions and actions"),
        [("what", gettext_lazy("What")), ("which", gettext_lazy("Which"))],
        rows,
        lambda r: {"what": r[0], "which": r[1]},
    )


def writings_section(person: User) -> Section:
    """What the person wrote in learning loops and comments."""
    rows: list[tuple[str, str, Any]] = []
    for entry in LearningEntry.objects.filter(author=person).order_by("pk"):
        text = " / ".join(part for part in (entry.tried, entry.learned, entry.next_step) if part)
        rows.append((str(_("Learning loop")), text, entry.created_at))
    for comment in Comment.objects.filter(author=person).order_by("pk"):
        rows.append((str(_("Comment")), comment.text, comment.created_at))
    return _section(
        "writings",
        gettext_lazy("Learning loops and comments you wrote"),
        [
            ("kind", gettext_lazy("Kind")),
            ("text", gettext_lazy("Text")),
            ("written", gettext_lazy("Written")),
        ],
        rows,
        lambda r: {"kind": r[0], "text": r[1], "written": r[2]},
    )


def collaborations_section(person: User) -> Section:
    return _section(
        "collaborations",
        gettext_lazy("Collaborations where you are the contact person"),
        [
            ("title", gettext_lazy("Title")),
            ("lab", gettext_lazy("Lab")),
            ("status", gettext_lazy("Status")),
        ],
        Collaboration.objects.filter(contact=person).select_related("lab").order_by("pk"),
        lambda c: {"title": c.title, "lab": c.lab.title, "status": c.get_status_display()},
    )


# Records of things the person did (as an organiser, a facilitator or a participant), by the
# field that names them and the field that dates them.
DONE_BY: list[tuple[type[Model], str, str]] = [
    (Registration, "registered_by", "created_at"),
    (Registration, "cancelled_by", "cancelled_at"),
    (OrganisationException, "granted_by", "created_at"),
    (Attendance, "checked_in_by", "checked_in_at"),
    (WorkshopChange, "changed_by", "created_at"),
    (MappingSession, "created_by", "created_at"),
    (Activity, "created_by", "created_at"),
    (Participant, "removed_by", "removed_at"),
    (Assignment, "created_by", "created_at"),
    (Report, "requested_by", "requested_at"),
    (ThemeRun, "requested_by", "created_at"),
    (Collaboration, "created_by", "created_at"),
    (Challenge, "proposed_by", "created_at"),
    (PrerequisiteAssessment, "assessed_by", "created_at"),
    (Entry, "actor", "at"),
]


def done_section(person: User) -> Section:
    rows: list[tuple[str, str, Any]] = []
    for model, field, dated in DONE_BY:
        named_by = cast(Field, model._meta.get_field(field)).verbose_name
        kind = f"{model._meta.verbose_name} ({named_by})"
        for obj in model._default_manager.filter(**{field: person}).order_by("pk")[:1000]:
            rows.append((kind[:1].upper() + kind[1:], str(obj), getattr(obj, dated)))
    return _section(
        "recorded_as_done_by_you",
        gettext_lazy("Recorded as done by you"),
        [
            ("what", gettext_lazy("What")),
            ("object", gettext_lazy("Which")),
            ("when", gettext_lazy("When")),
        ],
        rows,
        lambda r: {"what": r[0], "object": r[1], "when": r[2]},
    )


def emails_section(person: User) -> Section:
    return _section(
        "emails",
        gettext_lazy("Emails sent to you"),
        [
            ("subject", gettext_lazy("Subject")),
            ("queued", gettext_lazy("Queued")),
            ("sent", gettext_lazy("Sent")),
            ("body", gettext_lazy("Text")),
        ],
        OutgoingEmail.objects.filter(to__iexact=person.email).order_by("created_at"),
        lambda e: {
            "subject": e.subject,
            "queued": e.created_at,
            "sent": e.sent_at,
            "body": e.body,
        },
    )


SECTIONS: list[Callable[[User], Section]] = [
    account_section,
    addresses_section,
    roles_section,
    registrations_section,
    attendance_section,
    rooms_section,
    notes_section,
    votes_section,
    ratings_section,
    answers_section,
    scores_section,
    scorer_groups_section,
    responses_section,
    reflections_section,
    submissions_section,
    challenges_section,
    writings_section,
    collaborations_section,
    done_section,
    emails_section,
]


def personal_data(person: User) -> list[Section]:
    """Everything Lärlabb holds about ``person``, section by section."""
    return [section(person) for section in SECTIONS]


def as_json(person: User, sections: list[Section]) -> bytes:
    document = {
        "about": str(_("Everything Lärlabb holds about you, as of the time below.")),
        "exported_at": plain(timezone.now()),
        "person": person.email,
        **{section.key: section.records for section in sections},
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def zip_name(submission: Submission) -> str:
    name = (submission.file_name or submission.file.name.rsplit("/", 1)[-1]).replace("/", "_")
    return f"files/{submission.pk}-{name}"


def as_zip(person: User) -> bytes:
    """The JSON and every file the person submitted, in one ZIP archive."""
    sections = personal_data(person)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mina-uppgifter.json", as_json(person, sections))
        for submission in Submission.objects.filter(person=person).exclude(file=""):
            try:
                with submission.file.open("rb") as handle:
                    archive.writestr(zip_name(submission), handle.read())
            except FileNotFoundError:
                continue
    return buffer.getvalue()
