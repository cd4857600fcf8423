"""Reminders of registrations, sent through the outbox: the registration deadline to invited
organisations with nobody registered, and the day before a workshop to those registered for it.
The hourly tick (:mod:`larlabb.reminders`) runs them: they are listed in
``RegistrationsConfig.reminders``."""

import datetime

from django.db.models import Q

from larlabb.accounts.actions import queue_reminder
from larlabb.accounts.models import User
from larlabb.labs.models import Lab, Workshop
from larlabb.registrations.models import Registration
from larlabb.registrations.queries import invited_organisation_ids

WORKSHOP_REMINDER_BEFORE = datetime.timedelta(days=1)


def deadline_reminders(now: datetime.datetime) -> int:
    """Invited organisations with nobody registered, a set number of days before the deadline:
    to the people of the organisation that Lärlabb knows (its contact people)."""
    queued = 0
    for lab in Lab.objects.filter(is_published=True, registration_deadline__isnull=False):
        reminder_at, closes_at = lab.deadline_reminder_at, lab.registration_closes_at
        if reminder_at is None or closes_at is None or not (reminder_at <= now < closes_at):
            continue
        registered = set(
            Registration.objects.filter(lab=lab, status__in=Registration.HOLDS_A_PLACE).values_list(
                "organisation_id", flat=True
            )
        )
        missing = invited_organisation_ids(lab) - registered
        people = User.objects.filter(
            organisation_id__in=missing, is_active=True, wants_reminders=True
        ).select_related("organisation")
        for person in people:
            key = f"deadline-reminder:{lab.pk}:{lab.registration_deadline}:{person.pk}"
            queued += queue_reminder(person, key, "reminder_deadline", {"lab": lab})
    return queued


def workshop_reminders(now: datetime.datetime) -> int:
    """The day before each workshop, with the programme and practical information."""
    queued = 0
    workshops = (
        Workshop.objects.filter(
            starts_at__gt=now, starts_at__lte=now + WORKSHOP_REMINDER_BEFORE, lab__is_published=True
        )
        .exclude(status=Workshop.Status.CANCELLED)
        .select_related("lab")
        .prefetch_related("program__leaders")
    )
    for workshop in workshops:
        registrations = (
            Registration.objects.filter(lab=workshop.lab, status=Registration.Status.CONFIRMED)
            .filter(Q(workshops=None) | Q(workshops=workshop))
            .filter(person__wants_reminders=True, person__is_active=True)
            .select_related("person")
            .distinct()
        )
        for registration in registrations:
            person = registration.person
            key = f"workshop-reminder:{workshop.pk}:{workshop.sequence}:{person.pk}"
            context = {"lab": workshop.lab, "workshop": workshop, "registration": registration}
            queued += queue_reminder(person, key, "reminder_workshop", context)
    return queued
