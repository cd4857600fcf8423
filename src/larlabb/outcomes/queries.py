"""Reads of learning and outcomes, with their permission checks in one place."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from larlabb.accounts.models import User
from larlabb.actors.models import Organisation
from larlabb.labs.access import LabRole, has_role, is_member, is_organiser
from larlabb.labs.models import Lab, Workshop
from larlabb.outcomes.models import (
    Assignment,
    Collaboration,
    Reflection,
    Report,
    Response,
    Statement,
    Submission,
    Survey,
)
from larlabb.registrations.models import Registration
from larlabb.registrations.queries import (
    eligible_organisations,
    people_to_choose,
)


def registration_of(user: User, lab: Lab) -> Registration | None:
    """The person's confirmed registration in the lab, which makes them a participant."""
    if not user.is_authenticated or not user.is_active:
        return None
    return (
        Registration.objects.filter(lab=lab, person=user, status=Registration.Status.CONFIRMED)
        .select_related("organisation")
        .first()
    )


def registered_organisations(lab: Lab) -> list[Organisation]:
    """The organisations with at least one confirmed registration in the lab, by name."""
    return list(
        Organisation.objects.filter(
            registrations__lab=lab, registrations__status=Registration.Status.CONFIRMED
        )
        .distinct()
        .order_by("name")
    )


# --- Assignments ----------------------------------------------------------------------------


def assignments_for(registration: Registration) -> QuerySet[Assignment]:
    """The assignments a participant is given: the whole lab's and their organisation's."""
    return (
        Assignment.objects.filter(lab_id=registration.lab_id)
        .filter(Q(organisations=None) | Q(organisations=registration.organisation_id))
        .distinct()
        .select_related("workshop")
    )


def is_given_to(assignment: Assignment, registration: Registration) -> bool:
    return assignments_for(registration).filter(pk=assignment.pk).exists()


def access_assignment(user: User, pk: int) -> Assignment:
    """The assignment, for the lab's organisers and facilitators and the participants it is
    given to."""
    assignment = Assignment.objects.select_related("lab", "workshop").filter(pk=pk).first()
    if assignment is None:
        raise Http404
    if has_role(user, assignment.lab, LabRole.LEADER):
        return assignment
    registration = registration_of(user, assignment.lab)
    if registration is None or not is_given_to(assignment, registration):
        raise PermissionDenied
    return assignment


def access_submission_file(user: User, pk: int) -> Submission:
    """A submission's file: only for the person who submitted it and the lab's organisers."""
    submission = (
        Submission.objects.select_related("assignment__lab").filter(pk=pk).exclude(file="").first()
    )
    if submission is None:
        raise Http404
    if submission.person_id != user.pk and not is_organiser(user, submission.assignment.lab):
        raise PermissionDenied
    return submission


def lab_assignments(lab: Lab) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(lab=lab)
        .select_related("workshop")
        .prefetch_related("organisations")
    )


def own_submissions(user: User, lab: Lab) -> dict[int, Submission]:
    return {
        submission.assignment_id: submission
        for submission in Submission.objects.filter(person=user, assignment__lab=lab)
    }


def submission_table(assignment: Assignment) -> list[tuple[Registration, Submission | None]]:
    """For the organisers: each participant the assignment is given to, with their submission
    (or None), by organisation."""
    registrations = Registration.objects.filter(
        lab_id=assignment.lab_id, status=Registration.Status.CONFIRMED
    ).select_related("person", "organisation")
    targets = set(assignment.organisations.values_list("pk", flat=True))
    if targets:
        registrations = registrations.filter(organisation_id__in=targets)
    submissions = {
        submission.person_id: submission
        for submission in Submission.objects.filter(assignment=assignment)
    }
    rows = [(r, submissions.get(r.person_id)) for r in registrations]
    rows.sort(key=lambda row: (row[0].organisation.name, row[0].person.name or row[0].person.email))
    return rows


# --- Reflections ----------------------------------------------------------------------------


def own_reflection(user: User, workshop: Workshop) -> Reflection | None:
    return Reflection.objects.filter(workshop=workshop, person=user).first()


def shared_reflections(workshop: Workshop) -> QuerySet[Reflection]:
    return Reflection.objects.filter(workshop=workshop, shared=True).select_related(
        "person", "organisation"
    )


# --- Surveys --------------------------------------------------------------------------------


def surveys_of(lab: Lab) -> dict[str, Survey]:
    return {survey.phase: survey for survey in Survey.objects.filter(lab=lab)}


def rounds_tied_to(workshop: Workshop) -> list[Survey]:
    """The survey rounds that hang on ``workshop``: the first round on the lab's first
    workshop, the second on its last (in time, cancelled workshops left out)."""
    series = list(
        Workshop.objects.filter(lab_id=workshop.lab_id)
        .exclude(status=Workshop.Status.CANCELLED)
        .order_by("starts_at", "number")
        .values_list("pk", flat=True)
    )
    phases = [
        phase
        for phase, end in ((Survey.Phase.BEFORE, series[:1]), (Survey.Phase.AFTER, series[-1:]))
        if end == [workshop.pk]
    ]
    if not phases:
        return []
    return list(Survey.objects.filter(lab_id=workshop.lab_id, phase__in=phases))


def statements_of(lab: Lab) -> list[Statement]:
    return list(Statement.objects.filter(lab=lab))


def partner_organisations(lab: Lab) -> QuerySet[Organisation]:
    """The organisations a participant can name as partners: those invited to the lab and
    those with people registered in it."""
    registered = Registration.objects.filter(lab=lab).values("organisation_id")
    return (
        Organisation.objects.filter(Q(pk__in=eligible_organisations(lab)) | Q(pk__in=registered))
        .distinct()
        .order_by("kind", "name")
    )


def own_response(user: User, survey: Survey) -> Response | None:
    return (
        Response.objects.filter(survey=survey, person=user)
        .prefetch_related("answers", "ties__partner")
        .first()
    )


def access_survey(user: User, slug: str, phase: str) -> Survey:
    survey = Survey.objects.select_related("lab").filter(lab__slug=slug, phase=phase).first()
    if survey is None:
        raise Http404
    if not is_member(user, survey.lab):
        raise PermissionDenied
    return survey


# --- Collaborations -------------------------------------------------------------------------


def collaborations_of(lab: Lab) -> QuerySet[Collaboration]:
    return (
        Collaboration.objects.filter(lab=lab)
        .select_related("challenge", "contact", "workshop")
        .prefetch_related(Prefetch("organisations"))
    )


def access_collaboration(user: User, pk: int) -> Collaboration:
    collaboration = (
        Collaboration.objects.select_related("lab", "challenge", "contact", "workshop")
        .filter(pk=pk)
        .first()
    )
    if collaboration is None:
        raise Http404
    if not is_member(user, collaboration.lab):
        raise PermissionDenied
    return collaboration


def contact_choices(lab: Lab, viewer: User, current: User | None = None) -> QuerySet[User]:
    """The people ``viewer`` may choose as a collaboration's contact person, and so sees in the
    list (``registrations.queries.people_to_choose``: the listed ones, for a participant)."""
    return people_to_choose(lab, viewer, keep=[current.pk] if current is not None else [])


def can_edit_collaboration(user: User, collaboration: Collaboration) -> bool:
    """Its contact person and creator, the lab's organisers, and participants of the
    organisations in it."""
    if not user.is_authenticated:
        return False
    if user.pk in (collaboration.contact_id, collaboration.created_by_id):
        return True
    if is_organiser(user, collaboration.lab):
        return True
    registration = registration_of(user, collaboration.lab)
    return (
        registration is not None
        and collaboration.organisations.filter(pk=registration.organisation_id).exists()
    )


# --- Reports --------------------------------------------------------------------------------


def latest_report(workshop: Workshop) -> Report | None:
    return Report.objects.filter(workshop=workshop).first()


def access_report(user: User, pk: int) -> Report:
    report = Report.objects.select_related("workshop__lab").filter(pk=pk).first()
    if report is None:
        raise Http404
    if not is_member(user, report.workshop.lab):
        raise PermissionDenied
    return report
