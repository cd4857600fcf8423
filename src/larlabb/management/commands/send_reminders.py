from django.core.management.base import BaseCommand
from django.utils import timezone

from larlabb.reminders import schedule_tick, send_due_reminders


class Command(BaseCommand):
    help = (
        "Queue the reminders that are due (every app's: deadlines, workshops, overdue actions, "
        "assignments); safe to run any number of times. With --schedule, also keep an hourly "
        "tick in the task queue."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--schedule", action="store_true")

    def handle(self, *args, schedule: bool = False, **options) -> None:
        queued = send_due_reminders(timezone.now())
        if schedule:
            schedule_tick()
        self.stdout.write(f"{queued} reminders queued")
