from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from larlabb.accounts.http import AuthenticatedRequest, VisitorRequest
from larlabb.core.pdf import render_pdf
from larlabb.core.views import submit
from larlabb.labs import actions, dependents, participants, queries
from larlabb.labs.access import LabRole, access_lab, access_workshop, is_organiser
from larlabb.labs.calendar import build_calendar, calendar_filename, workshop_calendar
from larlabb.labs.forms import (
    CancelForm,
    DocumentFormSet,
    ExpectedResultFormSet,
    LabForm,
    MoveForm,
    ProgramFormSet,
    WorkshopCreateForm,
    WorkshopEditForm,
)
from larlabb.labs.models import Lab, Workshop, WorkshopChange


def home(request: VisitorRequest) -> HttpResponse:
    """The public start page: the labs."""
    labs = queries.list_labs(request.user)
    return render(request, "labs/home.html", {"labs": labs})


def _lab_context(request: HttpRequest, lab: Lab) -> dict:
    return {
        "lab": lab,
        "workshops": list(lab.workshops.all()),
        "next_workshop": queries.next_workshop(lab),
        "highlights": queries.program_highlights(lab),
        "can_edit": is_organiser(request.user, lab),
        "is_registered": participants.takes_part(request.user, lab),
    }


def lab_detail(request: VisitorRequest, slug: str) -> HttpResponse:
    """The public invitation page of a lab, in the order of the seed invitation."""
    lab = queries.get_lab_for_page(request.user, slug)
    return render(request, "labs/lab_detail.html", _lab_context(request, lab))


def invitation_pdf(request: VisitorRequest, slug: str) -> HttpResponse:
    lab = queries.get_lab_for_page(request.user, slug)
    pdf = render_pdf("labs/pdf/invitation.html", _lab_context(request, lab), request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{lab.slug}-inbjudan.pdf"'
    return response


def workshop_detail(request: VisitorRequest, slug: str, number: int) -> HttpResponse:
    """Program for the day of one workshop."""
    lab = queries.get_lab_for_page(request.user, slug)
    workshop = queries.get_workshop(lab, number)
    context = {**_lab_context(request, lab), "workshop": workshop}
    return render(request, "labs/workshop_detail.html", context)


def program_pdf(request: VisitorRequest, slug: str, number: int | None = None) -> HttpResponse:
    """The program for the day as PDF; without a number, of the next workshop."""
    lab = queries.get_lab_for_page(request.user, slug)
    workshop = (
        queries.get_workshop(lab, number) if number is not None else queries.next_workshop(lab)
    )
    if workshop is None:
        workshops = list(lab.workshops.all())
        if not workshops:
            messages.info(request, _("The lab has no workshops yet."))
            return redirect(lab)
        workshop = workshops[-1]
    context = {**_lab_context(request, lab), "workshop": workshop}
    pdf = render_pdf("labs/pdf/program.html", context, request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{lab.slug}-{workshop.number}-program.pdf"'
    return response


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def lab_calendar(request: VisitorRequest, slug: str) -> HttpResponse:
    lab = queries.get_lab_for_page(request.user, slug)
    return _ics_response(build_calendar(lab, lab.workshops.all()), calendar_filename(lab))


def workshop_ics(request: VisitorRequest, slug: str, number: int) -> HttpResponse:
    lab = queries.get_lab_for_page(request.user, slug)
    workshop = queries.get_workshop(lab, number)
    return _ics_response(workshop_calendar(workshop), calendar_filename(lab, workshop))


# --- Organisers' pages -------------------------------------------------------------------


def _lab_form(request: HttpRequest, lab: Lab | None, do: Callable[..., Lab], success: str):
    """The lab form; a saved lab's with its expected results and documents. On a valid post,
    ``do`` gets their typed values. Returns the page, or the redirect after saving."""
    data = request.POST or None
    if lab is None:
        form = LabForm(data, initial={"organisers": [request.user]})
        results = documents = None
    else:
        form = LabForm(data, instance=lab)
        results = ExpectedResultFormSet(data, instance=lab, prefix="results")
        documents = DocumentFormSet(data, instance=lab, prefix="documents")

    def save() -> Lab:
        return do(
            values=form.values(),
            results=results.rows() if results else (),
            documents=documents.rows() if documents else (),
        )

    rows_valid = all(rows.is_valid() for rows in (results, documents) if rows is not None)
    if rows_valid and (done := submit(request, form, save, success)):
        return redirect("labs:lab-manage", slug=done.value.slug)
    context = {"form": form, "lab": lab, "results": results, "documents": documents}
    return render(request, "labs/lab_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def lab_create(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.is_organiser:
        raise PermissionDenied
    do = partial(actions.do_create_lab, actor=request.user)
    return _lab_form(request, None, do, _("The lab was created."))


@login_required
@require_http_methods(["GET", "POST"])
def lab_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    lab = access_lab(request.user, slug, need=LabRole.ORGANISER)
    do = partial(actions.do_update_lab, actor=request.user, lab=lab)
    return _lab_form(request, lab, do, _("The lab was saved."))


@login_required
def lab_manage(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The organisers' page of a lab: its workshops, their history and the links to edit."""
    lab = queries.get_lab_for_page(request.user, slug, need=LabRole.ORGANISER)
    return render(request, "labs/lab_manage.html", _lab_context(request, lab))


@login_required
@require_http_methods(["GET", "POST"])
def workshop_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    lab = access_lab(request.user, slug, need=LabRole.ORGANISER)
    next_number = max((w.number for w in lab.workshops.all()), default=0) + 1
    form = WorkshopCreateForm(request.POST or None, lab=lab, initial={"number": next_number})

    def create() -> Workshop:
        data = form.cleaned_data
        return actions.do_create_workshop(
            actor=request.user,
            lab=lab,
            number=data["number"],
            title=data["title"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            venue=data["venue"],
            address=data["address"],
            city=data["city"],
            format=data["format"],
            meeting_link=data["meeting_link"],
        )

    if done := submit(request, form, create, _("The workshop was added.")):
        return redirect("labs:workshop-edit", slug=lab.slug, number=done.value.number)
    return render(request, "labs/workshop_create.html", {"form": form, "lab": lab})


@login_required
@require_http_methods(["GET", "POST"])
def workshop_edit(request: AuthenticatedRequest, slug: str, number: int) -> HttpResponse:
    """Title, meeting link and program of a workshop (its time and place change by a move)."""
    workshop = access_workshop(request.user, slug, number, need=LabRole.ORGANISER)
    data = request.POST or None
    form = WorkshopEditForm(data, instance=workshop)
    program = ProgramFormSet(data, instance=workshop, prefix="program")

    def update() -> Workshop:
        return actions.do_update_workshop(
            actor=request.user,
            workshop=workshop,
            title=form.cleaned_data["title"],
            meeting_link=form.cleaned_data["meeting_link"],
            program=program.rows(),
        )

    if program.is_valid() and submit(request, form, update, _("The workshop was saved.")):
        return redirect("labs:lab-manage", slug=workshop.lab.slug)
    context = {"form": form, "program": program, "workshop": workshop, "lab": workshop.lab}
    return render(request, "labs/workshop_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def workshop_move(request: AuthenticatedRequest, slug: str, number: int) -> HttpResponse:
    """Move a workshop. When dates depend on it (assignments due, survey rounds), a first post
    shows where each goes and what would no longer fit, with the choice to keep it; the move
    happens when the organiser confirms that same new time."""
    workshop = access_workshop(request.user, slug, number, need=LabRole.ORGANISER)
    form = MoveForm.for_workshop(workshop, request.POST or None)
    keep = set(request.POST.getlist("keep"))
    follows: list[dependents.Follow] = []
    if form.is_valid():
        follows = dependents.follows(
            workshop,
            starts_at=form.cleaned_data["starts_at"],
            ends_at=form.cleaned_data["ends_at"],
            now=timezone.now(),
        )
    reviewed = request.POST.get("reviewed") == form.moved_to()

    def move() -> WorkshopChange | None:
        data = form.cleaned_data
        return actions.do_move_workshop(
            actor=request.user,
            workshop=workshop,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            venue=data["venue"],
            address=data["address"],
            city=data["city"],
            format=data["format"],
            reason=data["reason"],
            keep=keep,
        )

    if (reviewed or not follows) and (done := submit(request, form, move)):
        if done.value is None:
            messages.info(request, _("Nothing changed, so nobody was notified."))
        else:
            messages.success(
                request, _("The workshop was moved and the registered are being notified.")
            )
        return redirect("labs:lab-manage", slug=workshop.lab.slug)
    context = {
        "form": form,
        "workshop": workshop,
        "lab": workshop.lab,
        "follows": follows,
        "keep": keep,
        "moved_to": form.moved_to(),
    }
    return render(request, "labs/workshop_move.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def workshop_cancel(request: AuthenticatedRequest, slug: str, number: int) -> HttpResponse:
    workshop = access_workshop(request.user, slug, number, need=LabRole.ORGANISER)
    form = CancelForm(request.POST or None)

    def cancel() -> WorkshopChange | None:
        reason = form.cleaned_data["reason"]
        return actions.do_cancel_workshop(actor=request.user, workshop=workshop, reason=reason)

    success = _("The workshop was cancelled and the registered are being notified.")
    if submit(request, form, cancel, success):
        return redirect("labs:lab-manage", slug=workshop.lab.slug)
    return render(
        request,
        "labs/workshop_cancel.html",
        {"form": form, "workshop": workshop, "lab": workshop.lab},
    )
