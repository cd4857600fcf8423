"""The service's own doors, answered before anything else: ``/healthz``, ``/readyz`` and
``/metrics`` are asked by Caddy, an orchestrator or Prometheus straight at a server process,
by its loopback address and over plain HTTP, so they come before the host check and the
redirect to HTTPS. And the request id every log line of a request carries."""

import hmac
import ipaddress
import json
from collections.abc import Callable

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse

from larlabb.service import health
from larlabb.service.logs import REQUEST_ID, request_id_from

Handler = Callable[[HttpRequest], HttpResponse]


def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> HttpResponse:
    """200 or 503 for anyone; what each check found only for those who may read the metrics
    and for a request from the machine itself (an orchestrator asking a process directly)."""
    ready, body = health.readiness()
    if not (may_read_metrics(request) or from_this_machine(request)):
        body = {"status": body["status"]}
    return HttpResponse(
        json.dumps(body), content_type="application/json", status=200 if ready else 503
    )


def client_address(request: HttpRequest) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The client's address behind the proxies the settings trust."""
    try:
        return ipaddress.ip_address(get_adapter().get_client_ip(request))
    except (ValueError, PermissionDenied):
        return None


def from_this_machine(request: HttpRequest) -> bool:
    address = client_address(request)
    return address is not None and address.is_loopback


def may_read_metrics(request: HttpRequest) -> bool:
    """With ``METRICS_TOKEN``, a request bearing it; from ``METRICS_ALLOWED_IPS``, a request
    whose client address (behind the trusted proxies) is in one of those networks."""
    token = settings.METRICS_TOKEN
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    address = client_address(request)
    if address is None:
        return False
    return any(address in network for network in settings.METRICS_ALLOWED_IPS)


def metrics(request: HttpRequest) -> HttpResponse:
    from larlabb.service.exports import metrics_page

    if not may_read_metrics(request):
        return HttpResponse(status=403)
    content, content_type = metrics_page()
    return HttpResponse(content, content_type=content_type)


DOORS: dict[str, Handler] = {"/healthz": healthz, "/readyz": readyz, "/metrics": metrics}


class ServiceMiddleware:
    """First in the chain: gives the request its id, and answers the service's doors."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get("X-Request-ID"))
        # kept until the request is finished (logs.forget_request_id), so that Django's own
        # line about the response, written after the middleware, carries it too
        REQUEST_ID.set(request_id)
        door = DOORS.get(request.path_info.rstrip("/") or "/")
        if door is not None and request.method in ("GET", "HEAD"):
            response = door(request)
            response["Cache-Control"] = "no-store"
        else:
            response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
