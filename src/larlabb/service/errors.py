"""Errors reach someone (issue "Running Lärlabb in production", 4): with ``SENTRY_DSN`` set,
unhandled errors of requests and sockets, and failed background tasks, go to Sentry or any
server that speaks its protocol (GlitchTip, for one), through sentry-sdk.

No personal data leaves: sentry-sdk sends none by default (no user, cookies or request
bodies), local variables are turned off, and :func:`scrub` takes every email address out of
what is left (an error's message can hold one). A failed task is sent from django-tasks'
``task_finished`` signal (:func:`task_failed`), whatever the worker's log level; sentry-sdk's
logging integration would send the same exception once more, and sends it only once.
"""

import re
import sys
from typing import Any

from django.conf import settings

# an address as written, or percent-encoded in a URL (anna%40region.se)
EMAIL = re.compile(r"[\w.+'-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
HIDDEN = "[email]"


def scrub(value: Any) -> Any:
    """``value`` with every email address in its strings, keys included, replaced."""
    if isinstance(value, str):
        return EMAIL.sub(HIDDEN, value)
    if isinstance(value, dict):
        return {scrub(key): scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(scrub(item) for item in value)
    return value


def before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    event.pop("user", None)
    request = event.get("request")
    if isinstance(request, dict):
        for part in ("cookies", "data", "query_string"):
            request.pop(part, None)
    return scrub(event)


def task_failed(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """django-tasks' ``task_finished``, sent while the failed task's exception is handled."""
    import sentry_sdk
    from django_tasks.base import TaskResultStatus

    if task_result.status == TaskResultStatus.FAILED and sys.exc_info()[1] is not None:
        sentry_sdk.capture_exception()


def start_reporting() -> None:
    """Start sentry-sdk once, when ``SENTRY_DSN`` is set."""
    dsn = getattr(settings, "SENTRY_DSN", "")
    if not dsn:
        return
    import sentry_sdk
    from django_tasks.signals import task_finished
    from sentry_sdk.integrations.django import DjangoIntegration

    if sentry_sdk.get_client().is_active():
        return
    task_finished.connect(task_failed, dispatch_uid="larlabb.service.errors")
    sentry_sdk.init(
        dsn=dsn,
        environment=settings.SENTRY_ENVIRONMENT,
        release=settings.SENTRY_RELEASE or None,
        integrations=[DjangoIntegration()],
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=0.0,
        before_send=before_send,  # type: ignore[arg-type]
    )
