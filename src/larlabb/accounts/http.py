"""Who a request comes from, for the type checker and the reader of a view's signature."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

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
