"""The hourly reminder tick. It knows no app by name: each app lists its reminders in its
``AppConfig.reminders`` (dotted paths of functions ``f(now) -> int`` that queue what is due at
``now`` and return how many they queued).

Every reminder can run any number of times: each email is keyed on its event (the lab's
deadline, the workshop's date, an action's due date) and its recipient, so nobody gets the same
reminder twice, even when a worker stops halfway through a batch and runs it again.
``reminders_tick`` runs them every hour from the task queue; cron may call
``manage.py send_reminders`` instead.
"""

import datetime
from collections.abc import Callable

from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks_db.models import DBTaskResult

TICK = datetime.timedelta(hours=1)

Reminder = Callable[[datetime.datetime], int]


def registered_reminders() -> list[Reminder]:
    """The reminders of every installed app, in the order of ``INSTALLED_APPS``."""
    return [
        import_string(path)
        for config in apps.get_app_configs()
        for path in getattr(config, "reminders", ())
    ]


def send_due_reminders(now: datetime.datetime) -> int:
    """Queue the reminders that are due at ``now``; returns how many were queued now."""
    return sum(reminder(now) for reminder in registered_reminders())


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
