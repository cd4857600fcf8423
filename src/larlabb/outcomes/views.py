"""Pages of learning and outcomes. Views stay thin: reads and permissions in queries and
dashboard, writes and their rules in actions, pictures in charts."""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from larlabb.accounts.http import AuthenticatedRequest
from larlabb.actors.models import Organisation
from larlabb.core.charts import FORMATS
from larlabb.core.pdf import render_pdf
from larlabb.core.views import post_action, submit
from larlabb.labs.access import LabRole, access_lab, access_workshop, has_role, is_organiser
from larlabb.outcomes import actions, analysis, brief, dashboard, queries, rules
from larlabb.outcomes.files import KINDS
from larlabb.outcomes.forms import (
    AssignmentForm,
    CollaborationForm,
    ReflectionForm,
    SubmissionForm,
    SurveyForm,
    SurveySetupForm,
)

# Matplotlib styles the SVG text with a <style> element; only the chart files need it. (The
# decorator's types know views of the request alone, hence its "type: ignore".)
CHART_CSP = {"default-src": [SELF], "style-src": [SELF, UNSAFE_INLINE]}


class HtmxRequest(AuthenticatedRequest):
    """A logged-in person's request, with what django-htmx's middleware says of htmx."""

    htmx: HtmxDetails


# --- The lab's learning ---------------------------------------------------------------------


@login_required
def learning(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """A participant's preparation, homework, reflections, briefs and survey; the organisers'
    overview of the same."""
    lab = access_lab(request.user, slug, need=LabRole.PARTICIPANT)
    registration = queries.registration_of(request.user, lab)
    organiser = is_organiser(request.user, lab)
    if registration is not None:
        assignments = list(queries.assignments_for(registration).prefetch_related("organisations"))
    else:
        assignments = list(queries.lab_assignments(lab))
    submissions = queries.own_submissions(request.user, lab)
    now = timezone.now()
    workshops = list(lab.workshops.order_by("number"))
    reflected = set(
        lab.workshops.filter(reflections__person=request.user).values_list("pk", flat=True)
    )
    return render(
        request,
        "outcomes/learning.html",
        {
            "lab": lab,
            "registration": registration,
            "organiser": organiser,
            "rows": [
                (assignment, submissions.get(assignment.pk), assignment.due_at < now)
                for assignment in assignments
            ],
            "workshops": [(w, w.pk in reflected, w.starts_at <= now) for w in workshops],
            "surveys": queries.surveys_of(lab),
            "now": now,
        },
    )


# --- Assignments ----------------------------------------------------------------------------


@login_required
def assignment_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    lab = access_lab(request.user, slug, need=LabRole.ORGANISER)
    form = AssignmentForm(request.POST or None, lab=lab)
    done = submit(
        request,
        form,
        lambda: actions.do_create_assignment(actor=request.user, lab=lab, details=form.details()),
        _("The assignment is published to its participants."),
    )
    if done:
        return redirect(done.value)
    return render(
        request, "outcomes/assignment_form.html", {"lab": lab, "form": form, "assignment": None}
    )


@login_required
def assignment_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assignment = queries.access_assignment(request.user, pk)
    lab = assignment.lab
    if not is_organiser(request.user, lab):
        raise PermissionDenied
    form = AssignmentForm(request.POST or None, instance=assignment, lab=lab)
    done = submit(
        request,
        form,
        lambda: actions.do_update_assignment(
            actor=request.user, assignment=assignment, details=form.details()
        ),
        _("The assignment is saved."),
    )
    if done:
        return redirect(done.value)
    return render(
        request,
        "outcomes/assignment_form.html",
        {"lab": lab, "form": form, "assignment": assignment},
    )


@login_required
def assignment(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The instructions; a participant's own submission (text and/or file); for the
    organisers, who has submitted."""
    task = queries.access_assignment(request.user, pk)
    lab = task.lab
    registration = queries.registration_of(request.user, lab)
    submission = task.submissions.filter(person=request.user).first()
    form = None
    if registration is not None and queries.is_given_to(task, registration):
        form = SubmissionForm(
            request.POST or None,
            request.FILES or None,
            initial={"text": submission.text if submission else ""},
            accepts_file=task.accepts_file,
            has_file=bool(submission and submission.file),
        )

        def do() -> None:
            upload = form.cleaned_data.get("file")
            actions.do_submit(
                actor=request.user,
                assignment=task,
                text=form.cleaned_data["text"],
                upload=upload,
                upload_name=upload.name if upload else "",
                remove_file=form.cleaned_data.get("remove_file", False),
            )

        if submit(request, form, do, _("Your submission is saved.")):
            return redirect(task)
    organiser = is_organiser(request.user, lab)
    now = timezone.now()
    return render(
        request,
        "outcomes/assignment.html",
        {
            "lab": lab,
            "assignment": task,
            "submission": submission,
            "form": form,
            "organiser": organiser,
            "table": queries.submission_table(task) if organiser else None,
            "open": rules.takes_submissions(
                now=now, due_at=task.due_at, allow_late=task.allow_late
            ),
            "late": submission is not None
            and rules.is_late(submitted_at=submission.updated_at, due_at=task.due_at),
        },
    )


@login_required
def submission_file(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """A submitted file, to the person who submitted it and the lab's organisers only; sent
    as an attachment with its checked type, never shown inline."""
    submission = queries.access_submission_file(request.user, pk)
    response = FileResponse(
        submission.file.storage.open(submission.file.name, "rb"),
        as_attachment=True,
        filename=submission.file_name or f"submission.{submission.file_kind}",
        content_type=KINDS.get(submission.file_kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Reflections ----------------------------------------------------------------------------


@login_required
def reflection(request: AuthenticatedRequest, slug: str, number: int) -> HttpResponse:
    workshop = access_workshop(request.user, slug, number, need=LabRole.PARTICIPANT)
    registration = queries.registration_of(request.user, workshop.lab)
    own = queries.own_reflection(request.user, workshop)
    form = None
    if registration is not None:
        form = ReflectionForm(request.POST or None, instance=own)

        def do() -> None:
            data = form.cleaned_data
            actions.do_save_reflection(
                actor=request.user,
                workshop=workshop,
                learned=data["learned"],
                bring_home=data["bring_home"],
                next_steps=data["next_steps"],
                shared=data["shared"],
            )

        if submit(request, form, do, _("Your reflection is saved.")):
            return redirect("outcomes:reflection", slug=slug, number=number)
    return render(
        request,
        "outcomes/reflection.html",
        {
            "lab": workshop.lab,
            "workshop": workshop,
            "form": form,
            "begun": workshop.starts_at <= timezone.now(),
            "shared": queries.shared_reflections(workshop).exclude(person=request.user),
        },
    )


# --- Survey ---------------------------------------------------------------------------------


@login_required
def survey(request: AuthenticatedRequest, slug: str, phase: str) -> HttpResponse:
    """A participant's answers in one round: statements 1–5, relations, free text; they change
    them until the round closes."""
    round_ = queries.access_survey(request.user, slug, phase)
    lab = round_.lab
    registration = queries.registration_of(request.user, lab)
    now = timezone.now()
    is_open = rules.is_open(now=now, opens_at=round_.opens_at, closes_at=round_.closes_at)
    own = queries.own_response(request.user, round_)
    form = None
    if registration is not None:
        partners = list(queries.partner_organisations(lab).exclude(pk=registration.organisation_id))
        initial: dict[str, object] = {}
        if own is not None:
            initial |= {f"s{a.statement_id}": a.value for a in own.answers.all()}
            initial |= {f"o{t.partner_id}": t.level for t in own.ties.all()}
            initial |= {"comment": own.comment, "open_answers": own.open_answers}
        form = SurveyForm(
            request.POST if is_open and request.method == "POST" else None,
            initial=initial,
            statements=queries.statements_of(lab),
            partners=partners,
        )

        def do() -> None:
            actions.do_answer_survey(
                actor=request.user,
                survey=round_,
                values=form.values(),
                ties=form.ties(),
                comment=form.cleaned_data["comment"],
                open_answers=form.cleaned_data["open_answers"],
            )

        if form.is_bound and submit(request, form, do, _("Thank you! Your answers are saved.")):
            return redirect(round_)
    return render(
        request,
        "outcomes/survey.html",
        {"lab": lab, "survey": round_, "form": form, "open": is_open, "own": own, "now": now},
    )


@login_required
def survey_setup(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    lab = access_lab(request.user, slug, need=LabRole.ORGANISER)
    rounds = queries.surveys_of(lab)
    initial: dict[str, object] = {}
    if rounds:
        before, after = rounds.get("before"), rounds.get("after")
        if before:
            initial |= {"before_opens": before.opens_at, "before_closes": before.closes_at}
        if after:
            initial |= {"after_opens": after.opens_at, "after_closes": after.closes_at}
    form = SurveySetupForm(request.POST or None, initial=initial)

    def do() -> None:
        data = form.cleaned_data
        actions.do_set_up_survey(
            actor=request.user,
            lab=lab,
            before=(data["before_opens"], data["before_closes"]),
            after=(data["after_opens"], data["after_closes"]),
        )

    if submit(request, form, do, _("The survey's rounds are saved.")):
        return redirect("outcomes:dashboard", slug=slug)
    return render(
        request,
        "outcomes/survey_setup.html",
        {"lab": lab, "form": form, "statements": queries.statements_of(lab)},
    )


# --- Collaborations -------------------------------------------------------------------------


@login_required
def collaborations(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    lab = access_lab(request.user, slug, need=LabRole.PARTICIPANT)
    form = CollaborationForm(
        request.POST or None, lab=lab, viewer=request.user, initial={"contact": request.user}
    )
    done = submit(
        request,
        form,
        lambda: actions.do_create_collaboration(
            actor=request.user, lab=lab, details=form.details()
        ),
        _("The collaboration is in the register."),
    )
    if done:
        return redirect(done.value)
    return render(
        request,
        "outcomes/collaborations.html",
        {"lab": lab, "form": form, "evidence": dashboard.collaboration_evidence(lab)},
    )


@login_required
def collaboration(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = queries.access_collaboration(request.user, pk)
    may_edit = queries.can_edit_collaboration(request.user, item)
    form = None
    if may_edit:
        form = CollaborationForm(
            request.POST or None,
            instance=item,
            lab=item.lab,
            viewer=request.user,
            initial={"needs": item.needs},
        )
        done = submit(
            request,
            form,
            lambda: actions.do_update_collaboration(
                actor=request.user, collaboration=item, details=form.details()
            ),
            _("The collaboration is saved."),
        )
        if done:
            return redirect(done.value)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "outcomes/collaboration.html",
        {"lab": item.lab, "collaboration": item, "form": form},
    )


# --- Did we reach the goals? ----------------------------------------------------------------


@login_required
def goals(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    lab = access_lab(request.user, slug, need=LabRole.PARTICIPANT)
    return render(
        request,
        "outcomes/dashboard.html",
        {
            "lab": lab,
            "organiser": is_organiser(request.user, lab),
            "survey": dashboard.survey_evidence(lab),
            "network": dashboard.network_evidence(lab),
            "interests": dashboard.interest_evidence(lab),
            "collaboration": dashboard.collaboration_evidence(lab),
            "min_shown": analysis.MIN_SHOWN,
            "min_reliable": analysis.MIN_RELIABLE,
        },
    )


@login_required
@csp_replace(CHART_CSP)  # type: ignore[arg-type]
def network_chart(request: AuthenticatedRequest, slug: str, fmt: str) -> HttpResponse:
    """Both networks side by side, with the ties whose respondents agreed to show them."""
    lab = access_lab(request.user, slug, need=LabRole.PARTICIPANT)
    return HttpResponse(dashboard.network_chart(lab, fmt), content_type=FORMATS[fmt])


@login_required
@csp_replace(CHART_CSP)  # type: ignore[arg-type]
def survey_chart(request: AuthenticatedRequest, slug: str, fmt: str) -> HttpResponse:
    lab = access_lab(request.user, slug, need=LabRole.PARTICIPANT)
    return HttpResponse(dashboard.survey_chart(lab, fmt), content_type=FORMATS[fmt])


# --- The workshop's documentation report and take-home briefs -------------------------------


@login_required
def report(request: HtmxRequest, slug: str, number: int) -> HttpResponse:
    """The latest documentation report of a workshop: its progress while it is built (the
    page asks again every second), then the report itself."""
    workshop = access_workshop(request.user, slug, number, need=LabRole.PARTICIPANT)
    latest = queries.latest_report(workshop)
    context = {
        "lab": workshop.lab,
        "workshop": workshop,
        "report": latest,
        "may_build": has_role(request.user, workshop.lab, LabRole.LEADER),
    }
    if request.htmx:
        response = render(request, "outcomes/report.html#progress", context)
        if latest is None or not latest.is_working:
            response["HX-Refresh"] = "true"  # built: the whole page shows the report
        return response
    return render(request, "outcomes/report.html", context)


@login_required
@require_POST
def report_build(request: AuthenticatedRequest, slug: str, number: int) -> HttpResponse:
    workshop = access_workshop(request.user, slug, number, need=LabRole.PARTICIPANT)
    post_action(request, lambda: actions.do_request_report(actor=request.user, workshop=workshop))
    return redirect("outcomes:report", slug=slug, number=number)


@login_required
def report_pdf(request: AuthenticatedRequest, pk: int) -> FileResponse:
    done = queries.access_report(request.user, pk)
    if not done.pdf:
        raise PermissionDenied
    workshop = done.workshop
    name = f"dokumentation-{workshop.lab.slug}-{workshop.number}.pdf"
    return FileResponse(
        done.pdf.open("rb"), as_attachment=False, filename=name, content_type="application/pdf"
    )


def _brief(
    request: AuthenticatedRequest, slug: str, number: int, *, whole_organisation: bool, pdf: bool
) -> HttpResponse:
    """A participant's brief, or their organisation's. The lab's organisers, who have no
    registration, preview the brief of an organisation they choose (``?organisation=``)."""
    workshop = access_workshop(request.user, slug, number, need=LabRole.PARTICIPANT)
    registration = queries.registration_of(request.user, workshop.lab)
    preview: list[Organisation] | None = None
    organisation: Organisation | None
    if registration is not None:
        organisation = registration.organisation
        person = None if whole_organisation else request.user
    elif is_organiser(request.user, workshop.lab):
        preview = queries.registered_organisations(workshop.lab)
        chosen = request.GET.get("organisation", "")
        organisation = next((o for o in preview if str(o.pk) == chosen), None) or (
            preview[0] if preview else None
        )
        person = None
        if organisation is None:
            if pdf:
                raise Http404
            context = {"lab": workshop.lab, "workshop": workshop, "preview_organisations": []}
            return render(request, "outcomes/brief.html", context)
    else:
        raise PermissionDenied
    context = brief.gather(workshop, organisation=organisation, person=person)
    context |= {"whole_organisation": person is None, "preview_organisations": preview}
    if pdf:
        content = render_pdf("outcomes/pdf/brief.html", context, request=request)
        name = f"med-hem-{workshop.lab.slug}-{workshop.number}.pdf"
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}"'
        return response
    return render(request, "outcomes/brief.html", context)


@login_required
def brief_page(request: AuthenticatedRequest, slug: str, number: int) -> HttpResponse:
    return _brief(request, slug, number, whole_organisation=False, pdf=False)


@login_required
def brief_pdf(request: AuthenticatedRequest, slug: str, number: int) -> HttpResponse:
    return _brief(request, slug, number, whole_organisation=False, pdf=True)


@login_required
def brief_organisation(request: AuthenticatedRequest, slug: str, number: int) -> HttpResponse:
    return _brief(request, slug, number, whole_organisation=True, pdf=False)


@login_required
def brief_organisation_pdf(request: AuthenticatedRequest, slug: str, number: int) -> HttpResponse:
    return _brief(request, slug, number, whole_organisation=True, pdf=True)
