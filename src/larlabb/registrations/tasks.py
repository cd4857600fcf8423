"""Reminders, sent through the outbox by the task queue: the registration deadline, the day
before a workshop, overdue actions of a lab's action plan (``missions.tasks``) and assignments
due soon that someone has not submitted (``outcomes.tasks``).

``send_due_reminders`` does whatever is due now and can run any number of times: each email is
keyed on its event (the lab's deadline, the workshop's date) and its recipient, so nobody gets
the same reminder twice, even when a worker stops halfway through a batch and runs it again.
``reminders_tick`` runs it every hour from the task queue; cron may call
``manage.py send_reminders`` instead.
"""

import datetime
import logging

from django.db.models import Q
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from larlabb.accounts.actions import queue_reminder
from larlabb.accounts.models import User
from larlabb.labs.models import Lab, Workshop
from larlabb.missions.tasks import overdue_action_reminders
from larlabb.outcomes.tasks import assignment_reminders
from larlabb.registrations.models import Registration
from larlabb.registrations.queries import invited_organisation_ids

logger = logging.getLogger(__name__)
TICK = datetime.timedelta(hours=1)
WORKSHOP_REMINDER_BEFORE = datetime.timedelta(days=1)


def send_due_reminders(now: datetime.datetime) -> int:
    """Queue the reminders that are due at ``now``; returns how many were queued now."""
    return (
        _deadline_reminders(now)
        + _workshop_reminders(now)
        + overdue_action_reminders(now)
        + assignment_reminders(now)
    )


def _deadline_reminders(now: datetime.datetime) -> int:
    """Invited organisations with nobody registered, a set number of days before the deadline:
    to the people of the organisation that Lärlabb knows (its contact people)."""
    queued = 0
    for lab in Lab.objects.filter(is_published=True, registration_deadline__isnull=False):
        if not (lab.deadline_reminder_at <= now < lab.registration_closes_at):
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


def _workshop_reminders(now: datetime.datetime) -> int:
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


@task()
def reminders_tick() -> int:
    """Send what is due, then come back in an hour."""
    queued = send_due_reminders(timezone.now())
    schedule_tick()
    return queued


def schedule_tick() -> None:
    """Put the next tick in the queue unless one is already waiting there."""
    waiting = DBTaskResult.objects.filter(
        task_path=reminders_tick.module_path, status="READY"
    ).exists()
    if not waiting:
        reminders_tick.using(run_after=timezone.now() + TICK).enqueue()
