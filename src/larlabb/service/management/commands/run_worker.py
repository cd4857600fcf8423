"""``manage.py run_worker``: django-tasks-db's ``db_worker`` (same arguments), which also
writes a heartbeat that ``/readyz`` reads."""

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from larlabb.service.heartbeat import Heartbeat


class Command(DBWorkerCommand):
    help = "Run the task worker, and write its heartbeat for the readiness check."

    def handle(self, *args: Any, **options: Any) -> None:
        heartbeat = Heartbeat(options["worker_id"])
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
            heartbeat.join(timeout=5)
