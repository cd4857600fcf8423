"""The registrations' part of the demo (:mod:`larlabb.demo` puts the whole together): the demo
participants registered for the whole series, confirmed."""

from django.utils import timezone

from larlabb.accounts.models import User
from larlabb.labs.models import Lab
from larlabb.registrations.models import Registration


def register_demo_participants(lab: Lab, participants: list[User]) -> None:
    for person in participants:
        if person.organisation is None:
            raise ValueError(f"The demo participant {person.email} has no organisation.")
        Registration.objects.create(
            lab=lab,
            person=person,
            organisation=person.organisation,
            title=person.title,
            knowledge=Registration.Knowledge.BOTH,
            travel_acknowledged=True,
            confirmed_at=timezone.now(),
        )
