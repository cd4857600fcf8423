from django.db.models import QuerySet

from larlabb.accounts.models import User
from larlabb.labs.models import Lab
from larlabb.registrations.models import Registration


def list_registered_people(lab: Lab) -> QuerySet[User]:
    """The people with a confirmed registration for ``lab``."""
    return User.objects.filter(
        registrations__lab=lab, registrations__status=Registration.Status.CONFIRMED
    ).distinct()


def is_registered(user: User, lab: Lab) -> bool:
    if not user.is_authenticated:
        return False
    return Registration.objects.filter(
        lab=lab, person=user, status=Registration.Status.CONFIRMED
    ).exists()
