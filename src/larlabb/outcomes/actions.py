"""Writes of learning and outcomes. Every rule is checked here, on the server, whoever calls;
a refused write raises OutcomeError with a message for the person and changes nothing."""

import datetime
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from larlabb.accounts.models import User
from larlabb.actors.models import Organisation
from larlabb.core.errors import Refused
from larlabb.labs.access import LabRole, has_role, is_member, is_organiser
from larlabb.labs.dependents import DependentDate, Place
from larlabb.labs.models import Lab, Workshop
from larlabb.missions.models import Challenge
from larlabb.outcomes import files, queries, rules, tasks
from larlabb.outcomes.models import (
    Answer,
    Assignment,
    Collaboration,
    ExpectedResult,
    Reflection,
    Report,
    Response,
    Statement,
    Submission,
    Survey,
    Tie,
)
from larlabb.outcomes.storage import private_storage
from larlabb.registrations.models import Registration


class OutcomeError(Refused):
    """A change to learning and outcomes that the rules refuse."""


def _check(allowed: bool, message: str) -> None:
    if not allowed:
        raise OutcomeError(message)


def _participant(actor: User, lab: Lab) -> Registration:
    registration = queries.registration_of(actor, lab)
    if registration is None:
        raise OutcomeError(_("Only the lab's registered participants can do this."))
    return registration


def _check_organiser(actor: User, lab: Lab) -> None:
    _check(is_organiser(actor, lab), _("Only the lab's organisers can do this."))


def _check_text(text: str, limit: int) -> str:
    text = text.strip()
    _check(
        len(text) <= limit,
        ngettext(
            "The text is too long (at most %(limit)s character).",
            "The text is too long (at most %(limit)s characters).",
            limit,
        )
        % {"limit": limit},
    )
    return text


# --- Assignments ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentDetails:
    """An assignment as its form asks it: what to do, by when, for whom, and how."""

    title: str
    instructions: str
    due_at: datetime.datetime
    kind: str = Assignment.Kind.PREPARATION
    workshop: Workshop | None = None
    organisations: Sequence[Organisation] = ()
    accepts_file: bool = True
    allow_late: bool = False
    reminder_days: int = 2


def _check_assignment(lab: Lab, details: AssignmentDetails) -> None:
    _check(bool(details.title.strip()), _("Give the assignment a title."))
    _check(bool(details.instructions.strip()), _("Write the instructions."))
    _check(
        details.workshop is None or details.workshop.lab_id == lab.pk,
        _("The workshop is not in this lab."),
    )
    _check(timezone.is_aware(details.due_at), _("Give the due date with a time."))


def _write_assignment(assignment: Assignment, details: AssignmentDetails) -> Assignment:
    assignment.title = details.title.strip()
    assignment.instructions = details.instructions.strip()
    assignment.due_at, assignment.kind = details.due_at, details.kind
    assignment.workshop = details.workshop
    assignment.accepts_file, assignment.allow_late = details.accepts_file, details.allow_late
    assignment.reminder_days = details.reminder_days
    assignment.save()
    assignment.organisations.set(list(details.organisations))
    return assignment


@transaction.atomic
def do_create_assignment(
    *,
    actor: User,
    lab: Lab,
    details: AssignmentDetails,
    now: datetime.datetime | None = None,
) -> Assignment:
    """Give the lab's participants (or ``details.organisations``' people) an assignment, due
    in the future; those who have not submitted are reminded ``reminder_days`` before."""
    _check_organiser(actor, lab)
    _check_assignment(lab, details)
    _check(details.due_at > (now or timezone.now()), _("The due date has already passed."))
    return _write_assignment(Assignment(lab=lab, created_by=actor), details)


@transaction.atomic
def do_update_assignment(
    *, actor: User, assignment: Assignment, details: AssignmentDetails
) -> Assignment:
    """Change an assignment; a new due date brings a new reminder."""
    _check_organiser(actor, assignment.lab)
    _check_assignment(assignment.lab, details)
    return _write_assignment(assignment, details)


def _delete_after_commit(storage: Storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def do_submit(
    *,
    actor: User,
    assignment: Assignment,
    text: str = "",
    upload: IO[bytes] | None = None,
    upload_name: str = "",
    remove_file: bool = False,
    now: datetime.datetime | None = None,
) -> Submission:
    """Submit, or change a submission of, ``assignment``: text and/or a file whose type is
    checked from its content. The file is stored outside the web root under a name nobody
    chooses; a replaced or removed file is deleted once the change is committed."""
    registration = _participant(actor, assignment.lab)
    _check(
        queries.is_given_to(assignment, registration),
        _("This assignment is not given to your organisation."),
    )
    now = now or timezone.now()
    _check(
        rules.takes_submissions(
            now=now, due_at=assignment.due_at, allow_late=assignment.allow_late
        ),
        _("The assignment was due and takes no more submissions."),
    )
    text = _check_text(text, rules.MAX_TEXT)
    checked = None
    if upload is not None:
        _check(assignment.accepts_file, _("This assignment takes no files."))
        try:
            checked = files.check_upload(
                upload_name, upload, max_bytes=settings.SUBMISSION_MAX_BYTES
            )
        except files.UploadRefused as refused:
            raise OutcomeError(refused.message) from refused
    stored = ""
    if checked is not None and upload is not None:
        stored = private_storage.save(
            f"submissions/{assignment.pk}/{uuid.uuid4().hex}.{checked.kind}", upload
        )
    try:
        return _save_submission(actor, assignment, registration, text, checked, stored, remove_file)
    except BaseException:
        if stored:
            private_storage.delete(stored)  # nothing refers to it
        raise


@transaction.atomic
def _save_submission(
    actor: User,
    assignment: Assignment,
    registration: Registration,
    text: str,
    checked: files.CheckedFile | None,
    stored: str,
    remove_file: bool,
) -> Submission:
    # the person's registration row, locked, serialises two submits of theirs at once
    Registration.objects.select_for_update().filter(pk=registration.pk).first()
    submission = (
        Submission.objects.select_for_update().filter(assignment=assignment, person=actor).first()
    )
    keeps_file = bool(submission and submission.file) and not remove_file
    _check(bool(text) or bool(stored) or keeps_file, _("Write an answer or attach a file."))
    if submission is None:
        submission = Submission(assignment=assignment, person=actor)
    submission.organisation = registration.organisation
    submission.text = text
    if submission.file and (remove_file or stored):
        _delete_after_commit(private_storage, submission.file.name)
        submission.file.name, submission.file_name, submission.file_kind = "", "", ""
        submission.file_size = 0
    if checked is not None and stored:
        submission.file.name = stored
        submission.file_name, submission.file_kind = checked.name, checked.kind
        submission.file_size = checked.size
    submission.save()
    return submission


# --- Reflections ----------------------------------------------------------------------------


@transaction.atomic
def do_save_reflection(
    *,
    actor: User,
    workshop: Workshop,
    learned: str,
    bring_home: str,
    next_steps: str,
    shared: bool,
    now: datetime.datetime | None = None,
) -> Reflection:
    """Write or change one's reflection on a workshop, once it has begun. It is private unless
    ``shared``."""
    registration = _participant(actor, workshop.lab)
    _check(
        workshop.starts_at <= (now or timezone.now()),
        _("Reflections open when the workshop begins."),
    )
    texts = [_check_text(text, rules.MAX_TEXT) for text in (learned, bring_home, next_steps)]
    _check(any(texts), _("Write at least one of the three answers."))
    Registration.objects.select_for_update().filter(pk=registration.pk).first()
    reflection, _created = Reflection.objects.update_or_create(
        workshop=workshop,
        person=actor,
        defaults={
            "organisation": registration.organisation,
            "learned": texts[0],
            "bring_home": texts[1],
            "next_steps": texts[2],
            "shared": shared,
        },
    )
    return reflection


# --- Surveys --------------------------------------------------------------------------------

# The statements a new lab's survey starts with, one or two for each expected result. The
# organisers change them in the back office until someone answers (``do_change_statement``).
DEFAULT_STATEMENTS = (
    (ExpectedResult.CAPACITY, "Min organisation har kapacitet att bidra till strategins mål."),
    (
        ExpectedResult.CAPACITY,
        "Vi vet hur vi tillsammans med andra kan genomföra strategin i praktiken.",
    ),
    (
        ExpectedResult.RELATIONS,
        "Jag vet vem jag ska kontakta hos regionerna respektive myndigheterna.",
    ),
    (ExpectedResult.RELATIONS, "Det finns förtroende mellan regioner och myndigheter."),
    (
        ExpectedResult.INTERESTS,
        "Vi har gemensamt identifierat strategiska intresseområden, synergier och målkonflikter.",
    ),
    (
        ExpectedResult.COLLABORATION,
        "Det finns en grund för fortsatt samverkan kring konkreta utmaningar.",
    ),
    (
        ExpectedResult.COLLABORATION,
        "Det finns mötesplatser och forum där vi kan samordna oss.",
    ),
)


@transaction.atomic
def do_set_up_survey(
    *,
    actor: User,
    lab: Lab,
    before: tuple[datetime.datetime, datetime.datetime],
    after: tuple[datetime.datetime, datetime.datetime],
) -> tuple[Survey, Survey]:
    """Create or move the lab's two rounds; a lab without statements gets the default ones."""
    _check_organiser(actor, lab)
    for opens_at, closes_at in (before, after):
        _check(closes_at > opens_at, _("A round must close after it opens."))
    _check(after[0] >= before[1], _("The second round opens after the first has closed."))
    rounds = []
    for phase, (opens_at, closes_at) in (
        (Survey.Phase.BEFORE, before),
        (Survey.Phase.AFTER, after),
    ):
        survey, _created = Survey.objects.update_or_create(
            lab=lab, phase=phase, defaults={"opens_at": opens_at, "closes_at": closes_at}
        )
        rounds.append(survey)
    if not Statement.objects.filter(lab=lab).exists():
        Statement.objects.bulk_create(
            Statement(lab=lab, result=result, position=position, text=text)
            for position, (result, text) in enumerate(DEFAULT_STATEMENTS, start=1)
        )
    return rounds[0], rounds[1]


def check_may_change_statements(*, actor: User, lab: Lab) -> None:
    """The lab's organisers change its statements until the first answer: both rounds ask the
    same statements, so that they compare, and every answer is to the text it was given."""
    _check_organiser(actor, lab)
    _check(
        not Response.objects.filter(survey__lab=lab).exists(),
        _(
            "The survey has answers, so its statements no longer change: both rounds ask the "
            "same statements."
        ),
    )


@transaction.atomic
def do_add_statement(
    *, actor: User, lab: Lab, result: str, text: str, position: int = 0
) -> Statement:
    """A statement more in the lab's survey, measuring one of the expected results."""
    check_may_change_statements(actor=actor, lab=lab)
    _check(result in ExpectedResult.values, _("Unknown expected result."))
    _check(bool(text.strip()), _("Write the statement."))
    return Statement.objects.create(lab=lab, result=result, text=text.strip(), position=position)


@transaction.atomic
def do_change_statement(
    *, actor: User, statement: Statement, result: str, text: str, position: int
) -> Statement:
    """Change a statement's text or expected result (until someone answers), or its place in
    the survey (at any time: the answers stay with their statement). ``statement`` is read
    again from the database, since an admin form may already have changed it."""
    stored = (
        Statement.objects.select_for_update(of=("self",)).select_related("lab").get(pk=statement.pk)
    )
    _check_organiser(actor, stored.lab)
    if (result, text.strip()) != (stored.result, stored.text):
        check_may_change_statements(actor=actor, lab=stored.lab)
        _check(result in ExpectedResult.values, _("Unknown expected result."))
        _check(bool(text.strip()), _("Write the statement."))
    stored.result, stored.text, stored.position = result, text.strip(), position
    stored.save()
    return stored


def do_remove_statement(*, actor: User, statement: Statement) -> None:
    """Take a statement out of the survey, until someone answers."""
    check_may_change_statements(actor=actor, lab=statement.lab)
    statement.delete()


def _check_values(statements: list[Statement], values: Mapping[int, int]) -> None:
    known = {statement.pk for statement in statements}
    _check(set(values) <= known, _("An answer is for a statement that is not in this survey."))
    _check(set(values) == known, _("Answer every statement."))
    _check(
        all(isinstance(value, int) and 1 <= value <= 5 for value in values.values()),
        _("Each answer is a number from 1 to 5."),
    )


def _check_ties(own: Organisation, ties: Mapping[int, int]) -> dict[int, int]:
    _check(own.pk not in ties, _("Name other organisations than your own."))
    _check(
        all(isinstance(level, int) and 1 <= level <= 3 for level in ties.values()),
        _("Choose how closely you work together."),
    )
    found = set(Organisation.objects.filter(pk__in=list(ties)).values_list("pk", flat=True))
    _check(found == set(ties), _("An organisation you named is not known."))
    return dict(ties)


@transaction.atomic
def do_answer_survey(
    *,
    actor: User,
    survey: Survey,
    values: Mapping[int, int],
    ties: Mapping[int, int],
    comment: str = "",
    open_answers: bool = False,
    now: datetime.datetime | None = None,
) -> Response:
    """Answer a round, or change one's answers while it is open: a value 1–5 for every
    statement, the organisations one's organisation works with (and how closely), free text."""
    registration = _participant(actor, survey.lab)
    _check(
        rules.is_open(
            now=now or timezone.now(), opens_at=survey.opens_at, closes_at=survey.closes_at
        ),
        _("This survey round is not open."),
    )
    statements = queries.statements_of(survey.lab)
    _check_values(statements, values)
    checked_ties = _check_ties(registration.organisation, ties)
    comment = _check_text(comment, rules.MAX_COMMENT)
    Registration.objects.select_for_update().filter(pk=registration.pk).first()
    response, _created = Response.objects.update_or_create(
        survey=survey,
        person=actor,
        defaults={
            "organisation": registration.organisation,
            "comment": comment,
            "open_answers": open_answers,
        },
    )
    response.answers.all().delete()
    Answer.objects.bulk_create(
        Answer(response=response, statement_id=pk, value=value) for pk, value in values.items()
    )
    response.ties.all().delete()
    Tie.objects.bulk_create(
        Tie(response=response, partner_id=pk, level=level) for pk, level in checked_ties.items()
    )
    return response


# --- Collaborations -------------------------------------------------------------------------


@dataclass(frozen=True)
class CollaborationDetails:
    """A follow-up collaboration as its form asks it: the concrete challenge, the organisations
    in it, what it needs, its contact person and how far it has come."""

    title: str
    organisations: Sequence[Organisation]
    contact: User
    challenge: Challenge | None = None
    challenge_text: str = ""
    description: str = ""
    needs: Sequence[str] = ()
    other_need: str = ""
    status: str = Collaboration.Status.PROPOSED
    next_meeting: datetime.date | None = None
    workshop: Workshop | None = None


def _write_collaboration(collaboration: Collaboration, details: CollaborationDetails) -> None:
    lab = collaboration.lab
    organisations, needs = list(details.organisations), list(dict.fromkeys(details.needs))
    _check(bool(details.title.strip()), _("Give the collaboration a title."))
    _check(
        details.challenge is not None or bool(details.challenge_text.strip()),
        _("Tie the collaboration to a concrete challenge: choose one or describe it."),
    )
    _check(
        details.challenge is None or details.challenge.lab_id == lab.pk,
        _("The challenge is not in this lab."),
    )
    _check(
        len({o.pk for o in organisations}) >= rules.MIN_ORGANISATIONS,
        _("A collaboration needs at least two organisations."),
    )
    _check(set(needs) <= set(Collaboration.Need.values), _("Unknown need."))
    _check(
        "other" not in needs or bool(details.other_need.strip()), _("Say what the other need is.")
    )
    _check(details.status in Collaboration.Status.values, _("Unknown status."))
    _check(
        is_member(details.contact, lab),
        _("The contact person must be a participant or organiser of the lab."),
    )
    _check(
        details.workshop is None or details.workshop.lab_id == lab.pk,
        _("The workshop is not in this lab."),
    )
    collaboration.title, collaboration.challenge = details.title.strip(), details.challenge
    collaboration.challenge_text = details.challenge_text.strip()
    collaboration.description = _check_text(details.description, rules.MAX_TEXT)
    collaboration.needs = needs
    collaboration.other_need = details.other_need.strip() if "other" in needs else ""
    collaboration.contact, collaboration.status = details.contact, details.status
    collaboration.next_meeting, collaboration.workshop = details.next_meeting, details.workshop
    collaboration.save()
    collaboration.organisations.set(organisations)


@transaction.atomic
def do_create_collaboration(
    *, actor: User, lab: Lab, details: CollaborationDetails
) -> Collaboration:
    """Any member of the lab registers a collaboration."""
    _check(
        is_member(actor, lab),
        _("Only the lab's organisers and participants can do this."),
    )
    collaboration = Collaboration(lab=lab, created_by=actor)
    _write_collaboration(collaboration, details)
    return collaboration


@transaction.atomic
def do_update_collaboration(
    *, actor: User, collaboration: Collaboration, details: CollaborationDetails
) -> Collaboration:
    """Its contact person, the people of its organisations and the lab's organisers change a
    collaboration. Who may is judged on the stored row (locked), not on ``collaboration``, which
    a model form may already have changed."""
    stored = Collaboration.objects.select_for_update().get(pk=collaboration.pk)
    _check(
        queries.can_edit_collaboration(actor, stored),
        _("Only its contact person, its organisations and the organisers change this."),
    )
    _write_collaboration(stored, details)
    return stored


# --- Dates that follow a workshop -----------------------------------------------------------


class WorkshopDates:
    """The dates of learning and outcomes that hang on a workshop, for
    :mod:`larlabb.labs.dependents` (registered in ``OutcomesConfig.ready``): the due date of
    each assignment given for the workshop, and the survey rounds that
    :func:`queries.rounds_tied_to` it. A preparation and the first round belong before the
    workshop, homework and the second round after it. An assignment's reminder is keyed on
    its due date, so a shifted due date brings its reminder along."""

    def dates_of(self, workshop: Workshop, *, now: datetime.datetime) -> Iterator[DependentDate]:
        assignments = Assignment.objects.filter(workshop=workshop, due_at__gt=now)
        for assignment in assignments.order_by("due_at", "pk"):
            label = _("%(kind)s “%(title)s”: due") % {
                "kind": assignment.get_kind_display(),
                "title": assignment.title,
            }
            place = Place.AFTER if assignment.kind == Assignment.Kind.HOMEWORK else Place.BEFORE
            yield DependentDate(f"assignment:{assignment.pk}", label, assignment.due_at, place)
        for survey in queries.rounds_tied_to(workshop):
            first = survey.phase == Survey.Phase.BEFORE
            labels = (
                (_("The survey's first round opens"), _("The survey's first round closes"))
                if first
                else (_("The survey's second round opens"), _("The survey's second round closes"))
            )
            place = Place.BEFORE if first else Place.AFTER
            for edge, label, at in zip(
                ("opens", "closes"), labels, (survey.opens_at, survey.closes_at), strict=True
            ):
                if at > now:
                    yield DependentDate(f"survey:{survey.phase}:{edge}", label, at, place)

    def shift(self, workshop: Workshop, moved: Mapping[str, datetime.datetime]) -> None:
        assignments = Assignment.objects.select_for_update().filter(workshop=workshop)
        for assignment in assignments:
            due_at = moved.get(f"assignment:{assignment.pk}")
            if due_at is not None:
                assignment.due_at = due_at
                assignment.save(update_fields=["due_at", "updated_at"])
        surveys = {s.phase: s for s in Survey.objects.select_for_update().filter(lab=workshop.lab)}
        changed = []
        for survey in surveys.values():
            opens_at = moved.get(f"survey:{survey.phase}:opens", survey.opens_at)
            closes_at = moved.get(f"survey:{survey.phase}:closes", survey.closes_at)
            if (opens_at, closes_at) != (survey.opens_at, survey.closes_at):
                survey.opens_at, survey.closes_at = opens_at, closes_at
                changed.append(survey)
        if not changed:
            return
        for survey in changed:
            _check(
                survey.closes_at > survey.opens_at,
                _(
                    "As chosen, a survey round would close before it opens: keep both of its "
                    "dates or let both move."
                ),
            )
        before, after = surveys.get(Survey.Phase.BEFORE), surveys.get(Survey.Phase.AFTER)
        _check(
            before is None or after is None or after.opens_at >= before.closes_at,
            _(
                "As chosen, the survey's second round would open before the first has closed: "
                "keep their dates or let them move."
            ),
        )
        for survey in changed:
            survey.save(update_fields=["opens_at", "closes_at"])


# --- Reports --------------------------------------------------------------------------------


@transaction.atomic
def do_request_report(*, actor: User, workshop: Workshop) -> Report:
    """Ask for a new documentation report of ``workshop``, built in the background; while one
    is being built, asking again returns that one."""
    _check(
        has_role(actor, workshop.lab, LabRole.LEADER),
        _("Only the lab's organisers and workshop leaders can do this."),
    )
    Workshop.objects.select_for_update().filter(pk=workshop.pk).first()
    working = Report.objects.filter(
        workshop=workshop, status__in=(Report.Status.QUEUED, Report.Status.RUNNING)
    ).first()
    if working is not None:
        return working
    report = Report.objects.create(
        workshop=workshop, requested_by=actor, language=translation.get_language() or "sv"
    )
    transaction.on_commit(lambda: tasks.build_report.enqueue(report.pk))
    return report
