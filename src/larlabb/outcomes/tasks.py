"""Background work of learning and outcomes: building a workshop's documentation report, and
reminding people of assignments they have not submitted (run by the hourly reminder tick,
:mod:`larlabb.reminders`, which finds it in ``OutcomesConfig.reminders``)."""

import datetime
import logging

from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from larlabb.accounts.actions import queue_reminder
from larlabb.outcomes import rules
from larlabb.outcomes.models import Assignment, Report, Submission
from larlabb.registrations.models import Registration

logger = logging.getLogger(__name__)
LOOKAHEAD = datetime.timedelta(days=31)  # the longest reminder_days an organiser would use


@task()
def build_report(report_id: int) -> None:
    """Build the documentation report ``report_id``, saving its progress as it goes."""
    target = Report.objects.filter(pk=report_id).select_related("workshop__lab").first()
    if target is None:
        logger.warning("Report %s no longer exists", report_id)
        return
    if target.status == Report.Status.DONE:
        return
    # Imported here: the report draws with Matplotlib and prints with WeasyPrint, which the
    # worker needs and the web processes (which only queue this task) should not load.
    from larlabb.outcomes import report

    report.build(target)


def assignment_reminders(now: datetime.datetime) -> int:
    """Queue a reminder for each participant who has not submitted an assignment that is due
    soon (``Assignment.reminder_days`` before); once per assignment, due date and person."""
    queued = 0
    assignments = (
        Assignment.objects.filter(due_at__gt=now, due_at__lte=now + LOOKAHEAD, reminder_days__gt=0)
        .select_related("lab", "workshop")
        .prefetch_related("organisations")
    )
    for assignment in assignments:
        if not rules.reminder_due(
            now=now, due_at=assignment.due_at, days_before=assignment.reminder_days
        ):
            continue
        registrations = Registration.objects.filter(
            lab_id=assignment.lab_id,
            status=Registration.Status.CONFIRMED,
            person__is_active=True,
            person__wants_reminders=True,
        ).select_related("person")
        targets = [organisation.pk for organisation in assignment.organisations.all()]
        if targets:
            registrations = registrations.filter(organisation_id__in=targets)
        submitted = Submission.objects.filter(assignment=assignment).values("person_id")
        registrations = registrations.exclude(Q(person_id__in=submitted))
        for registration in registrations:
            person = registration.person
            key = f"assignment-reminder:{assignment.pk}:{assignment.due_at.isoformat()}:{person.pk}"
            context = {
                "assignment": assignment,
                "lab": assignment.lab,
                "due": timezone.localtime(assignment.due_at),
            }
            queued += queue_reminder(person, key, "assignment_due", context)
    return queued
