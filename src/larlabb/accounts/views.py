from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from larlabb.accounts import actions
from larlabb.accounts.forms import PersonForm, ProfileForm
from larlabb.accounts.http import AuthenticatedRequest, VisitorRequest
from larlabb.accounts.models import User
from larlabb.core.views import submit


@login_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    """The logged-in user's own profile: name, organisation, title and language."""
    form = ProfileForm(request.POST or None, instance=request.user)
    update = partial(actions.do_update_profile, actor=request.user)
    if done := submit(request, form, lambda: update(values=form.values())):
        user = done.value
        translation.activate(user.language)
        messages.success(request, _("Your profile was saved."))
        response = redirect("accounts:profile")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
        return response
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def person_list(request: AuthenticatedRequest) -> HttpResponse:
    """People with another role than participant, and participants found by a search."""
    if not request.user.is_organiser:
        raise PermissionDenied
    q = request.GET.get("q", "").strip()[:100]
    people = User.objects.select_related("organisation").order_by("name")
    if q:
        people = people.filter(name__icontains=q) | people.filter(email__icontains=q)
    else:
        people = people.exclude(role=User.Role.PARTICIPANT)
    return render(request, "accounts/person_list.html", {"people": people[:200], "q": q})


@login_required
def person_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    """Add a person, or edit one, for organisers."""
    if not request.user.is_organiser:
        raise PermissionDenied
    person = get_object_or_404(User, pk=pk) if pk else None
    form = PersonForm(request.POST or None, instance=person)

    def save() -> User:
        return actions.do_save_person(actor=request.user, person=person, values=form.values())

    if done := submit(request, form, save):
        messages.success(request, _("%(name)s was saved.") % {"name": done.value})
        return redirect("accounts:person-list")
    return render(request, "accounts/person_form.html", {"form": form, "person": person})


@require_POST
def set_language(request: VisitorRequest) -> HttpResponse:
    """Switch the interface language; a logged-in person's choice is kept in their profile."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        actions.do_choose_language(actor=request.user, language=language)
    return response


@require_http_methods(["GET", "POST"])
def reminders_off(request: VisitorRequest, token: str) -> HttpResponse:
    """The unsubscribe-from-reminders link of every email: one button, no login needed."""
    done, error = False, ""
    if request.method == "POST":
        try:
            actions.do_turn_reminders_off(token=token)
        except actions.AccountError as problem:
            error = problem.message
        else:
            done = True
    return render(request, "accounts/reminders_off.html", {"done": done, "error": error})
