import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from larlabb.accounts.http import AuthenticatedRequest
from larlabb.core.views import submit
from larlabb.labs.access import LabRole, access_lab
from larlabb.labs.models import Lab
from larlabb.transfer import actions
from larlabb.transfer.forms import CopyForm


@login_required
@require_http_methods(["GET", "POST"])
def lab_copy(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """An organiser copies a lab as the start of the next one."""
    lab = access_lab(request.user, slug, need=LabRole.ORGANISER)
    first_day = actions.first_day(lab)
    # a year on, on the same weekday
    initial = {"title": lab.title, "starts_on": first_day + datetime.timedelta(weeks=52)}
    form = CopyForm(request.POST or None, initial=initial)

    def copy() -> Lab:
        return actions.do_copy_lab(
            actor=request.user,
            lab=lab,
            title=form.cleaned_data["title"],
            slug=form.cleaned_data["slug"],
            starts_on=form.cleaned_data["starts_on"],
        )

    done = submit(request, form, copy, _("The lab was copied. It is not published."))
    if done:
        return redirect("labs:lab-manage", slug=done.value.slug)
    context = {"lab": lab, "form": form, "first_day": first_day}
    return render(request, "transfer/lab_copy.html", context)
