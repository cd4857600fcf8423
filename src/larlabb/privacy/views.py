import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from larlabb.accounts.http import AuthenticatedRequest, VisitorRequest
from larlabb.core.views import submit
from larlabb.labs.access import LabRole, access_lab, is_staff
from larlabb.labs.models import Lab
from larlabb.privacy import actions, export
from larlabb.privacy.forms import ControllerForm, DeleteAccountForm, DeletePersonForm

# The day the accessibility statement was last reviewed (Digg: "Redogörelsen uppdaterades").
ACCESSIBILITY_REVIEWED = datetime.date(2026, 11, 30)


def _retention() -> dict[str, int]:
    return {
        "email_days": settings.PRIVACY_EMAIL_RETENTION_DAYS,
        "lab_months": settings.PRIVACY_LAB_RETENTION_MONTHS,
        "code_minutes": settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT // 60,
    }


@require_GET
def notice(request: VisitorRequest) -> HttpResponse:
    """The privacy notice: what Lärlabb keeps, why, for how long, who sees it, whom to ask."""
    context = {"controller": actions.get_controller(), **_retention()}
    return render(request, "privacy/notice.html", context)


@require_GET
def accessibility(request: VisitorRequest) -> HttpResponse:
    """The accessibility statement required by the DOS law, in the form Digg prescribes."""
    context = {"controller": actions.get_controller(), "reviewed": ACCESSIBILITY_REVIEWED}
    return render(request, "privacy/accessibility.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def controller(request: AuthenticatedRequest) -> HttpResponse:
    """Organisers and staff set who is responsible for personal data and how to reach them."""
    if not request.user.is_organiser:
        raise PermissionDenied
    form = ControllerForm(request.POST or None, instance=actions.get_controller())
    if submit(
        request,
        form,
        lambda: actions.do_set_controller(actor=request.user, values=form.values()),
        _("The details were saved."),
    ):
        return redirect("privacy:controller")
    labs = Lab.objects.order_by("title")
    if not is_staff(request.user):
        labs = labs.filter(organisers=request.user)
    return render(request, "privacy/controller.html", {"form": form, "labs": labs})


@never_cache
@login_required
@require_GET
def own_data(request: AuthenticatedRequest) -> HttpResponse:
    """Everything Lärlabb holds about the person asking, and the downloads of it."""
    sections = export.personal_data(request.user)
    return render(request, "privacy/own_data.html", {"sections": sections, **_retention()})


@never_cache
@login_required
@require_GET
def own_data_json(request: AuthenticatedRequest) -> HttpResponse:
    content = export.as_json(request.user, export.personal_data(request.user))
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mina-uppgifter.json"'
    return response


@never_cache
@login_required
@require_GET
def own_data_zip(request: AuthenticatedRequest) -> HttpResponse:
    response = HttpResponse(export.as_zip(request.user), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="mina-uppgifter.zip"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: AuthenticatedRequest) -> HttpResponse:
    """Delete one's own account, after a page that says what goes and what stays."""
    form = DeleteAccountForm(request.POST if request.method == "POST" else None)
    person = request.user
    if submit(request, form, lambda: actions.do_delete_account(actor=person, person=person)):
        logout(request)
        return redirect("privacy:deleted")
    return render(request, "privacy/delete.html", {"form": form})


@never_cache
@require_GET
def deleted(request: VisitorRequest) -> HttpResponse:
    return render(request, "privacy/deleted.html")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_person(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """A lab's organisers delete a participant's account on the person's request (logged)."""
    lab = access_lab(request.user, slug, need=LabRole.ORGANISER)
    form = DeletePersonForm(request.POST or None, lab=lab)

    def delete() -> object:
        return actions.do_delete_account(
            actor=request.user,
            person=form.cleaned_data["person"],
            reason=form.cleaned_data["reason"],
            lab=lab,
        )

    if submit(request, form, delete):
        messages.success(request, _("The account was deleted."))
        return redirect("privacy:delete-person", slug=lab.slug)
    return render(request, "privacy/delete_person.html", {"lab": lab, "form": form})
