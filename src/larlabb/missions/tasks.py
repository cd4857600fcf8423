"""Reminders of the action plan: the person responsible for an overdue action is reminded by
email through the outbox, once for each due date (a new due date brings a new reminder). The
hourly reminder tick (:mod:`larlabb.reminders`) runs this: it is listed in
``MissionsConfig.reminders``."""

import datetime

from django.utils import timezone

from larlabb.accounts.actions import queue_reminder
from larlabb.missions import rules
from larlabb.missions.models import Action


def overdue_action_reminders(now: datetime.datetime) -> int:
    """Queue a reminder for each overdue open action; returns how many were queued now."""
    today = timezone.localdate(now)
    overdue = Action.objects.filter(
        due_on__lt=today,
        status__in=rules.OPEN_ACTION_STATUSES,
        responsible__is_active=True,
        responsible__wants_reminders=True,
    ).select_related("lab", "owner", "responsible", "mission", "challenge")
    queued = 0
    for action in overdue:
        key = f"action-overdue:{action.pk}:{action.due_on}:{action.responsible_id}"
        context = {"action": action, "lab": action.lab, "days": (today - action.due_on).days}
        queued += queue_reminder(action.responsible, key, "action_overdue", context)
    return queued
