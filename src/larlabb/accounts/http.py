"""Who a request comes from, for the type checker and the reader of a view's signature."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from larlabb.accounts.models import User

Visitor = User | AnonymousUser
"""Whoever asks: a logged-in person or an anonymous visitor."""


class AuthenticatedRequest(HttpRequest):
    """A request of a logged-in person: the type of a view behind ``login_required``."""

    user: User


class VisitorRequest(HttpRequest):
    """A request of anyone: the type of a public view."""

    user: Visitor


def person_of(request: HttpRequest) -> User:
    """The logged-in person of ``request`` (the admin's and login_required views' requests);
    anyone else is refused."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    return user


def welcome_url(next_url: str) -> str:
    """The welcome page that asks a new person's name, then sends them on to ``next_url``."""
    return f"{reverse('accounts:welcome')}?{urlencode({'next': next_url})}"


def introduced_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view for logged-in people who have told their name (``login_required`` first): anyone
    else is asked it on the welcome page, then comes back. Registrations and the emails they
    send greet people by name."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if isinstance(user, User) and user.is_authenticated and not user.name:
            return redirect(welcome_url(request.get_full_path()))
        return view(request, *args, **kwargs)

    return wrapped
