"""Pages of the site as a whole, above the apps."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect

from larlabb.accounts.http import AuthenticatedRequest
from larlabb.registrations import queries


@login_required
def landing(request: AuthenticatedRequest) -> HttpResponse:
    """Where a login with no other destination leads: a participant to the lab of their latest
    registration (with a place or on the waiting list), everyone else to the labs."""
    user = request.user
    if user.role == user.Role.PARTICIPANT:
        latest = queries.latest_registration(user)
        if latest is not None:
            return redirect(latest.lab.get_absolute_url())
    return redirect("labs:home")
