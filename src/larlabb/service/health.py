"""Is the service alive, and is it ready to serve? (issue "Running Lärlabb in production", 2)

``/healthz`` answers as long as the process does; ``/readyz`` asks each part a request or a
live room needs: the database, the channel layer (a message sent to a channel of this process
and received back), a task worker's heartbeat, and the outbox (how many emails wait, and how
long the oldest has). Each check returns a :class:`Check`; the page is ready only when all are.
"""

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection
from django.db.models import Min
from django.utils import timezone

from larlabb.core.models import OutgoingEmail
from larlabb.service.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


@dataclass
class Check:
    ok: bool
    details: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"status": "ok" if self.ok else "failing", **self.details}


def failing(error: BaseException) -> Check:
    """A failed check names the kind of error only; its text (which may hold a host, a user
    or a database's name) goes to the log."""
    logger.warning("Readiness check failed: %s: %s", type(error).__name__, error)
    return Check(False, {"error": type(error).__name__})


def check_database() -> Check:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return failing(error)
    return Check(True, {"ms": round((time.perf_counter() - started) * 1000, 1)})


async def round_trip(timeout: float) -> float:
    """Send a message to a new channel of this process and wait for it to come back."""
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer is configured")
    started = time.perf_counter()
    channel = await layer.new_channel()
    await layer.send(channel, {"type": "readiness.ping"})
    await asyncio.wait_for(layer.receive(channel), timeout)
    elapsed = time.perf_counter() - started
    # A receive that is cancelled lets the layer forget the channel (unsubscribes it in Redis).
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(layer.receive(channel), 0.001)
    return elapsed


def check_channel_layer(timeout: float = 2.0) -> Check:
    try:
        elapsed = async_to_sync(round_trip)(timeout)
    except Exception as error:
        return failing(error)
    layer = get_channel_layer()
    return Check(True, {"backend": type(layer).__name__, "ms": round(elapsed * 1000, 1)})


def check_worker() -> Check:
    max_age = settings.WORKER_HEARTBEAT_MAX_AGE
    try:
        seen = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True)
        last = seen.first()
    except Exception as error:
        return failing(error)
    if last is None:
        return Check(False, {"error": "no task worker has reported"})
    age = (timezone.now() - last).total_seconds()
    return Check(age <= max_age, {"last_seen_seconds": round(age, 1), "max_seconds": max_age})


def check_outbox() -> Check:
    max_age = settings.OUTBOX_MAX_AGE
    try:
        unsent = OutgoingEmail.objects.filter(sent_at__isnull=True).exclude(to="")
        found = unsent.aggregate(oldest=Min("created_at"))
        count = unsent.count()
    except Exception as error:
        return failing(error)
    oldest = found["oldest"]
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    details = {"unsent": count, "oldest_unsent_seconds": round(age, 1), "max_seconds": max_age}
    return Check(age <= max_age, details)


# The last answer and when it was found: asked again within READINESS_CACHE_SECONDS, a process
# answers the same rather than ask the database and the channel layer once more.
_last: tuple[float, bool, dict[str, Any]] | None = None
READINESS_CACHE_SECONDS = 1.0


def readiness() -> tuple[bool, dict[str, Any]]:
    global _last
    now = time.monotonic()
    if _last is not None and now - _last[0] < READINESS_CACHE_SECONDS:
        return _last[1], _last[2]
    ready, body = find_readiness()
    _last = (now, ready, body)
    return ready, body


def find_readiness() -> tuple[bool, dict[str, Any]]:
    checks = {
        "database": check_database(),
        "channel_layer": check_channel_layer(),
        "worker": check_worker(),
        "outbox": check_outbox(),
    }
    ready = all(check.ok for check in checks.values())
    body: dict[str, Any] = {"status": "ok" if ready else "failing"}
    body["checks"] = {name: check.as_json() for name, check in checks.items()}
    body["time"] = timezone.now().isoformat(timespec="seconds")
    return ready, body


class AnswerHealthz:
    """ASGI: ``/healthz`` answered in the event loop, before Django. The process is alive
    when its loop turns, even while its one thread for synchronous work is busy (under load a
    health check queued behind that work would take a busy process out of the balancer)."""

    BODY = b'{"status": "ok"}'

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"].rstrip("/") != "/healthz":
            await self.app(scope, receive, send)
            return
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(self.BODY)).encode()),
            (b"cache-control", b"no-store"),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": self.BODY})
