"""Which people an organiser sees and edits: those of the labs they organise.

Lärlabb's staff see everyone. An organiser sees the people of the labs they organise: the
lab's organisers, workshop leaders and contact persons, and everyone registered for it (in any
state), and themselves. Labs and registrations sit above accounts, so the people are found
through the relations those apps give a person (``organised_labs``, ``registrations`` …),
without importing them.
"""

from typing import Any

from django.db.models import Q, QuerySet

from larlabb.accounts.models import User

# A registration someone else made that its person has not confirmed yet (Registration.Status)
UNCONFIRMED = "pending"


def sees_everyone(user: User) -> bool:
    """Lärlabb's staff (role staff), who see and edit every person."""
    return user.is_active and user.role == User.Role.STAFF


def list_people_for(user: User) -> QuerySet[User]:
    """The people ``user`` may see and edit; nobody for a person who organises nothing."""
    if sees_everyone(user):
        return User.objects.all()
    if not user.is_organiser:
        return User.objects.none()
    labs = user.organised_labs.values("pk")
    in_labs = Q(pk=user.pk)
    for relation in ["organised_labs", "led_labs", "contact_for_labs"]:
        in_labs |= Q(pk__in=User.objects.filter(**{f"{relation}__in": labs}).values("pk"))
    # registered in one of the labs, but not by someone else without the person's confirmation:
    # an organiser cannot bring another lab's person into reach by registering them by hand
    registration: Any = User._meta.get_field("registrations").related_model
    own = registration.objects.filter(lab__in=labs).exclude(status=UNCONFIRMED)
    in_labs |= Q(pk__in=own.values("person"))
    return User.objects.filter(in_labs)


def may_see_person(user: User, person: User) -> bool:
    return list_people_for(user).filter(pk=person.pk).exists()
