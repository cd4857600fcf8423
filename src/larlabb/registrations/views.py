from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from larlabb.accounts.http import AuthenticatedRequest, introduced_required
from larlabb.audit.log import record_export
from larlabb.core.pdf import render_pdf
from larlabb.core.views import post_action, posted_id, spreadsheet_download, submit
from larlabb.labs.access import LabRole, access_lab, access_workshop, is_organiser
from larlabb.registrations import actions, exports, queries
from larlabb.registrations.forms import (
    ByHandForm,
    ColleagueForm,
    ExceptionForm,
    RegistrationForm,
    SelfCheckInForm,
)
from larlabb.registrations.models import Registration


@login_required
@introduced_required
@require_http_methods(["GET", "POST"])
def register(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Register oneself for a lab, or see and cancel one's registration."""
    lab = access_lab(request.user, slug)
    current = queries.get_active_registration(request.user, lab)
    initial = {
        "organisation": request.user.organisation_id,
        "title": request.user.title,
    }
    form = RegistrationForm(request.POST or None, lab=lab, initial=initial)

    def register() -> Registration:
        return actions.do_register(
            actor=request.user,
            lab=lab,
            organisation=form.cleaned_data["organisation"],
            answers=form.answers(),
            workshops=list(form.cleaned_data.get("workshops") or []),
        )

    if current is None and (done := submit(request, form, register)):
        if done.value.status == Registration.Status.WAITING:
            messages.info(
                request, _("Your organisation's places are taken: you are on the waiting list.")
            )
        elif done.value.status == Registration.Status.UNAPPROVED:
            messages.info(
                request,
                _("We have your registration. The organisers check your organisation first."),
            )
        else:
            messages.success(request, _("You are registered. A confirmation is on its way."))
        return redirect("registrations:register", slug=lab.slug)
    context = {"lab": lab, "form": form, "current": current}
    if current is not None:
        # the workshops the person is registered for: the ones they chose, or all of the lab's
        context["workshops"] = list(current.workshops.all()) or list(lab.workshops.all())
    return render(request, "registrations/register.html", context)


@login_required
@introduced_required
@require_http_methods(["GET", "POST"])
def register_colleague(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Register a colleague of one's own organisation; they confirm by email."""
    lab = access_lab(request.user, slug)
    form = ColleagueForm(request.POST or None, lab=lab)
    if request.user.organisation_id is None:
        messages.info(request, _("Choose your organisation in your profile first."))
        return redirect("accounts:profile")

    def register() -> Registration:
        return actions.do_register_colleague(
            actor=request.user,
            lab=lab,
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            answers=form.answers(),
        )

    if done := submit(request, form, register):
        if done.value.status == Registration.Status.WAITING:
            messages.info(
                request,
                _(
                    "Your organisation's places are taken, so your colleague is on the waiting "
                    "list. They get an email that says so."
                ),
            )
        else:
            messages.success(
                request, _("Your colleague was registered and has been asked to confirm.")
            )
        return redirect("registrations:register", slug=lab.slug)
    return render(request, "registrations/colleague.html", {"lab": lab, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def confirm_colleague(request: AuthenticatedRequest, token: str) -> HttpResponse:
    error = ""
    if request.method == "POST":
        try:
            registration = actions.do_confirm_colleague(actor=request.user, token=token)
        except actions.RegistrationError as problem:
            error = problem.message
        else:
            messages.success(request, _("Thank you: your registration is confirmed."))
            return redirect("registrations:register", slug=registration.lab.slug)
    return render(request, "registrations/confirm_colleague.html", {"error": error})


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Cancel a registration: a page that asks first (GET), the cancellation itself (POST,
    from that page or from the organisers' overview)."""
    registration = queries.access_registration(request.user, pk)
    own = registration.person_id == request.user.pk
    if request.method == "GET":
        context = {"registration": registration, "lab": registration.lab, "own": own}
        return render(request, "registrations/cancel.html", context)
    if own:
        success = _("You are no longer registered for %(lab)s.") % {"lab": registration.lab}
    else:
        success = _("%(name)s is no longer registered.") % {"name": registration.person}
    post_action(
        request,
        lambda: actions.do_cancel(actor=request.user, registration=registration),
        success,
    )
    if own:
        return redirect("registrations:register", slug=registration.lab.slug)
    return redirect("registrations:overview", slug=registration.lab.slug)


@login_required
def participant_list(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The participants who agreed to be listed, for the lab's registered participants."""
    lab = access_lab(request.user, slug, need=LabRole.PARTICIPANT)
    if not lab.show_participant_list:
        raise PermissionDenied
    people = queries.public_participant_list(lab)
    return render(request, "registrations/participants.html", {"lab": lab, "people": people})


# --- Organisers ------------------------------------------------------------------------


@login_required
def overview(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    lab = access_lab(request.user, slug, need=LabRole.ORGANISER)
    q = request.GET.get("q", "").strip()[:100]
    status = request.GET.get("status", "")
    status = status if status in Registration.Status.values else ""
    data = queries.registration_overview(lab, q=q, status=status)
    context = {
        "lab": lab,
        "overview": data,
        "q": q,
        "status": status,
        "statuses": Registration.Status.choices,
        "exception_form": ExceptionForm(),
        "unapproved": queries.awaiting_approval(lab),
    }
    return render(request, "registrations/overview.html", context)


@login_required
def overview_export(request: AuthenticatedRequest, slug: str, fmt: str) -> HttpResponse:
    """The registrations as a spreadsheet; with dietary needs only when asked (``?kost=1``)."""
    lab = access_lab(request.user, slug, need=LabRole.ORGANISER)
    rows = exports.registration_rows(
        queries.registration_overview(lab).registrations,
        dietary_needs=request.GET.get("kost") == "1",
    )
    record_export(actor=request.user, export="registrations", fmt=fmt, rows=len(rows) - 1, lab=lab)
    return spreadsheet_download(rows, fmt=fmt, filename=f"{lab.slug}-anmalningar")


@login_required
@require_http_methods(["GET", "POST"])
def add_by_hand(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    lab = access_lab(request.user, slug, need=LabRole.ORGANISER)
    form = ByHandForm(request.POST or None, lab=lab)

    def register() -> Registration:
        return actions.do_register_by_hand(
            actor=request.user,
            lab=lab,
            email=form.cleaned_data["email"],
            name=form.cleaned_data["name"],
            organisation=form.cleaned_data["organisation"],
            answers=form.answers(),
        )

    if done := submit(request, form, register):
        messages.success(request, _("%(name)s was registered.") % {"name": done.value.person})
        return redirect("registrations:overview", slug=lab.slug)
    return render(request, "registrations/by_hand.html", {"lab": lab, "form": form})


@login_required
@require_POST
def decide_organisation(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The organisers approve or refuse a person's claim to their organisation."""
    registration = queries.access_registration(request.user, pk)
    approve = request.POST.get("decision") == "approve"
    if approve:
        success = _("%(name)s belongs to %(organisation)s now.")
    else:
        success = _("The registration of %(name)s is cancelled.")
    post_action(
        request,
        lambda: actions.do_decide_organisation(
            actor=request.user, registration=registration, approve=approve
        ),
        success
        % {"name": registration.person, "organisation": registration.organisation.display_name},
    )
    return redirect("registrations:overview", slug=registration.lab.slug)


@login_required
@require_POST
def grant_exception(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    lab = access_lab(request.user, slug, need=LabRole.ORGANISER)
    form = ExceptionForm(request.POST)
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
        actions.do_grant_exception(actor=request.user, lab=lab, organisation=organisation)
        messages.success(
            request,
            _("%(organisation)s may now register.") % {"organisation": organisation.display_name},
        )
    else:
        messages.error(request, _("Choose an organisation."))
    return redirect("registrations:overview", slug=lab.slug)


def _day_context(request: AuthenticatedRequest, slug: str, number: int) -> dict:
    workshop = access_workshop(request.user, slug, number, need=LabRole.LEADER)
    lab = workshop.lab
    registrations = queries.participants_for_day(workshop)
    # dietary needs go to the organisers only, not to the workshop leaders
    show_diet = is_organiser(request.user, lab)
    return {
        "lab": lab,
        "workshop": workshop,
        "registrations": registrations,
        "show_diet": show_diet,
    }


@login_required
def day_list(request: AuthenticatedRequest, slug: str, number: int) -> HttpResponse:
    """The participant list for the day: name, organisation, title, dietary needs."""
    return render(request, "registrations/day_list.html", _day_context(request, slug, number))


@login_required
def day_list_pdf(request: AuthenticatedRequest, slug: str, number: int) -> HttpResponse:
    context = _day_context(request, slug, number)
    people = len(context["registrations"])
    record_export(actor=request.user, export="day list", fmt="pdf", rows=people, lab=context["lab"])
    pdf = render_pdf("registrations/pdf/day_list.html", context, request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{slug}-{number}-deltagare.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request: AuthenticatedRequest, slug: str, number: int) -> HttpResponse:
    """Facilitators search a name and mark attendance, from a phone."""
    context = _day_context(request, slug, number)
    workshop = context["workshop"]
    if request.method == "POST":
        registration = get_object_or_404(
            Registration, pk=posted_id(request.POST.get("registration")), lab=context["lab"]
        )
        post_action(
            request,
            lambda: actions.do_check_in(
                actor=request.user, workshop=workshop, registration=registration
            ),
            _("%(name)s is checked in.") % {"name": registration.person},
        )
        return redirect(request.get_full_path())
    q = request.GET.get("q", "").strip().lower()[:100]
    everyone = context["registrations"]
    context["present"] = sum(1 for r in everyone if r.attended)
    context["total"] = len(everyone)
    if q:
        context["registrations"] = [
            r for r in everyone if q in r.person.name.lower() or q in r.organisation.name.lower()
        ]
    context["q"] = q
    return render(request, "registrations/check_in.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def self_check_in(request: AuthenticatedRequest, slug: str, number: int) -> HttpResponse:
    """A participant checks in with the workshop's code."""
    workshop = access_workshop(request.user, slug, number)
    lab = workshop.lab
    form = SelfCheckInForm(request.POST or None)
    done = False
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_self_check_in(
                actor=request.user, workshop=workshop, code=form.cleaned_data["code"]
            )
        except actions.RegistrationError as error:
            form.add_error("code", error.message)
        else:
            done = True
    context = {"lab": lab, "workshop": workshop, "form": form, "done": done}
    return render(request, "registrations/self_check_in.html", context)
