from functools import partial

from allauth.account.views import RequestLoginCodeView
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from larlabb.accounts import actions
from larlabb.accounts.forms import IntroductionForm, PersonForm, ProfileForm
from larlabb.accounts.http import AuthenticatedRequest, VisitorRequest
from larlabb.accounts.limits import CodeRequestForm
from larlabb.accounts.models import User
from larlabb.accounts.queries import list_people_for, sees_everyone
from larlabb.audit.queries import may_read_log
from larlabb.core.views import submit


class CodeDoor(RequestLoginCodeView):
    """The way in for everyone: type your email address, get a code. A new address gets an
    account (a participant's, with no password), so the same door signs people up and logs them
    in; organisers and staff may use their password instead, one link away."""

    template_name = "account/request_login_code.html"
    form_class = CodeRequestForm

    def form_valid(self, form):
        if getattr(form, "_user", None) is None:
            language = translation.get_language() or settings.LANGUAGE_CODE
            form._user = actions.do_open_account(
                email=form.cleaned_data["email"], language=language[:2]
            )
        return super().form_valid(form)


code_door = CodeDoor.as_view()


def signup(request: VisitorRequest) -> HttpResponse:
    """Nobody signs up with a password: the sign-up address leads to the code door."""
    door = reverse("account_request_login_code")
    if next_url := _safe_next(request, ""):
        door = f"{door}?{urlencode({'next': next_url})}"
    return redirect(door)


def _safe_next(request: HttpRequest, default: str) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return default


@login_required
@require_http_methods(["GET", "POST"])
def welcome(request: AuthenticatedRequest) -> HttpResponse:
    """Asked once, after a new person's first code: their name and organisation."""
    next_url = _safe_next(request, reverse("landing"))
    if request.user.name and request.method == "GET":
        return redirect(next_url)
    form = IntroductionForm(request.POST or None, instance=request.user)
    introduce = partial(actions.do_introduce, actor=request.user)
    if submit(request, form, lambda: introduce(values=form.values())):
        return redirect(next_url)
    return render(request, "accounts/welcome.html", {"form": form, "next": next_url})


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
    """People with another role than participant, and participants found by a search; an
    organiser sees the people of the labs they organise (``queries.list_people_for``)."""
    if not request.user.is_organiser:
        raise PermissionDenied
    q = request.GET.get("q", "").strip()[:100]
    people = list_people_for(request.user).select_related("organisation").order_by("name")
    if q:
        people = people.filter(name__icontains=q) | people.filter(email__icontains=q)
    else:
        people = people.exclude(role=User.Role.PARTICIPANT)
    context = {"people": people[:200], "q": q, "may_read_log": may_read_log(request.user)}
    return render(request, "accounts/person_list.html", context)


@login_required
def person_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    """Add a person, or edit one of the people of the labs one organises (404 for anyone
    else); only staff change roles."""
    if not request.user.is_organiser:
        raise PermissionDenied
    person = get_object_or_404(list_people_for(request.user), pk=pk) if pk else None
    may_give_roles = sees_everyone(request.user)
    form = PersonForm(request.POST or None, instance=person, may_give_roles=may_give_roles)

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
