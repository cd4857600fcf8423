"""Prometheus metrics (issue "Running Lärlabb in production", 3), through prometheus-client
and django-prometheus.

django-prometheus's middleware counts requests by view, method and status, with latency
histograms (``django_http_requests_latency_seconds_by_view_method``,
``django_http_responses_total_by_status_view_method``). Lärlabb adds its own below. Several
server processes add up when ``PROMETHEUS_MULTIPROC_DIR`` names a folder they share (emptied
when the service starts): any process then answers ``/metrics`` for all of them.

What the database knows (the task queue, the outbox, the worker's heartbeat) is read when
``/metrics`` is asked, by :class:`DatabaseCollector`, not counted in a process.
"""

import atexit
import os
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.signals import user_login_failed
from django.db.models import Min
from django.utils import timezone
from prometheus_client import Counter, Gauge, multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

LIVE_SOCKETS = Gauge(
    "larlabb_live_sockets_open",
    "WebSocket connections of live rooms open now.",
    multiprocess_mode="livesum",
)
LIVE_EVENTS = Counter(
    "larlabb_live_events_sent",
    "Live-room events sent to screens (as they happen, or replayed to a screen catching up).",
    ["how"],
)
LIVE_BEHIND = Counter(
    "larlabb_live_screens_behind",
    "Live-room screens closed because they fell too far behind (they reconnect and catch up).",
)
LOGIN_FAILURES = Counter(
    "larlabb_login_failures",
    "Failed logins: a wrong password or code, or a login refused by the limits.",
    ["reason"],
)


def live_socket_opened() -> None:
    LIVE_SOCKETS.inc()


def live_socket_closed() -> None:
    LIVE_SOCKETS.dec()


_SENT = {how: LIVE_EVENTS.labels(how=how) for how in ("live", "replay")}


def live_events_sent(count: int, how: str = "live") -> None:
    if count:
        _SENT[how].inc(count)


def live_screen_behind() -> None:
    LIVE_BEHIND.inc()


def login_failed(reason: str) -> None:
    LOGIN_FAILURES.labels(reason=reason).inc()


def password_login_failed(sender: Any, **kwargs: Any) -> None:
    login_failed("password")


def forget_at_exit() -> None:
    """With several processes, a process that stops takes its live figures (the open sockets)
    out of the sum; one that is killed leaves them until the service's units start again
    (``larlabb-runtime.service`` empties the folder)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        atexit.register(multiprocess.mark_process_dead, os.getpid())


def connect() -> None:
    user_login_failed.connect(password_login_failed, dispatch_uid="larlabb.service.metrics")


class DatabaseCollector(Collector):
    """The task queue's depth, the outbox's backlog and the workers' heartbeat, read from the
    database at each scrape."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        from larlabb.core.models import OutgoingEmail
        from larlabb.service.models import WorkerHeartbeat

        now = timezone.now()
        queue = GaugeMetricFamily(
            "larlabb_task_queue_depth", "Background tasks waiting or running.", labels=["status"]
        )
        for status in (TaskResultStatus.READY, TaskResultStatus.RUNNING):
            count = DBTaskResult.objects.filter(status=status).count()
            queue.add_metric([str(status).lower()], count)
        yield queue

        unsent = OutgoingEmail.objects.filter(sent_at__isnull=True).exclude(to="")
        found = unsent.aggregate(oldest=Min("created_at"))
        yield GaugeMetricFamily(
            "larlabb_outbox_unsent", "Emails in the outbox not yet sent.", value=unsent.count()
        )
        oldest = found["oldest"]
        yield GaugeMetricFamily(
            "larlabb_outbox_oldest_unsent_seconds",
            "Age of the oldest unsent email (0 when none waits).",
            value=(now - oldest).total_seconds() if oldest else 0.0,
        )
        newest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True)
        seen = newest.first()
        yield GaugeMetricFamily(
            "larlabb_worker_heartbeat_age_seconds",
            "Seconds since a task worker last reported (NaN when none ever did).",
            value=(now - seen).total_seconds() if seen else float("nan"),
        )
