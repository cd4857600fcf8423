"""A task worker's sign of life, written from a thread of its own while the worker runs."""

import logging
import os
import socket
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from larlabb.service.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def beat(worker_id: str, started_at: datetime | None = None) -> None:
    """Write that ``worker_id`` is alive now (and forget workers silent for a day)."""
    now = timezone.now()
    WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "seen_at": now},
        create_defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "seen_at": now,
            "started_at": started_at or now,
        },
    )


class Heartbeat(threading.Thread):
    """Beats every ``WORKER_HEARTBEAT_SECONDS`` until stopped; a failed beat (the database
    away for a moment) is logged and tried again at the next one."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"heartbeat {worker_id}", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()
        self.started_at = timezone.now()

    def start(self) -> None:
        """Beat once now, in the caller's thread (a worker that cannot reach its database
        fails at once), then every ``WORKER_HEARTBEAT_SECONDS`` from this thread."""
        beat(self.worker_id, self.started_at)
        super().start()

    def run(self) -> None:
        try:
            while not self.stopped.wait(settings.WORKER_HEARTBEAT_SECONDS):
                close_old_connections()
                try:
                    beat(self.worker_id, self.started_at)
                except Exception:
                    logger.exception("The worker's heartbeat could not be written")
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopped.set()
