"""Errors reach someone: with SENTRY_DSN set, an unhandled error of a request and a failed
background task arrive at a Sentry-compatible server (a real HTTP server here, which reads the
envelopes sentry-sdk sends), with no email address in them."""

import gzip
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import brotli
import pytest
import sentry_sdk
from django.test import override_settings
from django.urls import include, path
from django_tasks import task

from larlabb.service import errors

ADDRESS = "anna.svensson@region-example.se"


def broken_view(request):
    raise RuntimeError(f"could not place {ADDRESS} in an organisation")


urlpatterns = [path("trasig/", broken_view), path("", include("larlabb.urls"))]


@task()
def broken_task(address: str) -> None:
    raise ValueError(f"no registration for {address}")


class Collector(BaseHTTPRequestHandler):
    received: list[dict]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            body = brotli.decompress(body)
        for line in body.decode().splitlines():
            item = json.loads(line)
            if "exception" in item or "logentry" in item or "message" in item:
                self.server.received.append(item)  # type: ignore[attr-defined]
        self.server.raw.append(body.decode())  # type: ignore[attr-defined]
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def sentry_server() -> Iterator[ThreadingHTTPServer]:
    """One server and one started sentry-sdk for this module (sentry-sdk is started once in a
    process, as in production)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    server.received, server.raw = [], []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with override_settings(SENTRY_DSN=f"http://public-key@127.0.0.1:{server.server_port}/42"):
        errors.start_reporting()
    assert sentry_sdk.get_client().is_active()
    try:
        yield server
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.init()  # no DSN: nothing is sent by later tests
        server.shutdown()
        server.server_close()


@pytest.fixture
def sentry(sentry_server: ThreadingHTTPServer) -> ThreadingHTTPServer:
    sentry_sdk.flush(timeout=10)
    sentry_server.received.clear()  # type: ignore[attr-defined]
    sentry_server.raw.clear()  # type: ignore[attr-defined]
    return sentry_server


def events_of(server: ThreadingHTTPServer) -> list[dict]:
    sentry_sdk.flush(timeout=10)
    return server.received  # type: ignore[attr-defined,no-any-return]


def no_address_in(server: ThreadingHTTPServer) -> None:
    everything = "\n".join(server.raw)  # type: ignore[attr-defined]
    assert ADDRESS not in everything
    assert "region-example.se" not in everything


# Both tests are transactional, so that pytest-django runs them one after the other: sentry-sdk
# is started once for the module (a second start in one process sent nothing here).
@pytest.mark.django_db(transaction=True)
@override_settings(ROOT_URLCONF=__name__)
def test_an_unhandled_error_arrives_without_the_email_address(client, sentry):
    client.raise_request_exception = False
    client.cookies["sessionid"] = "a-session"
    assert client.get("/trasig/?email=" + ADDRESS).status_code == 500
    [event] = events_of(sentry)
    [exception] = event["exception"]["values"]
    assert exception["type"] == "RuntimeError"
    assert exception["value"] == f"could not place {errors.HIDDEN} in an organisation"
    assert "user" not in event
    assert "cookies" not in event.get("request", {})
    no_address_in(sentry)


@pytest.mark.django_db(transaction=True)
def test_a_failed_task_arrives_without_the_email_address(sentry, run_tasks):
    broken_task.enqueue(ADDRESS)
    run_tasks()
    found = events_of(sentry)
    assert found, "the failed task did not arrive"
    values = [value for event in found for value in event.get("exception", {}).get("values", [])]
    assert any(
        value["type"] == "ValueError" and value["value"] == f"no registration for {errors.HIDDEN}"
        for value in values
    ), values
    no_address_in(sentry)


def test_scrub_finds_an_address_in_a_url():
    assert errors.scrub("/?next=/x&email=anna.svensson%40region-example.se&a=1") == (
        f"/?next=/x&email={errors.HIDDEN}&a=1"
    )


def test_scrub_reaches_keys_and_nested_values():
    event = {"a": [f"to {ADDRESS}", {ADDRESS: ("x", f"<{ADDRESS}>")}], "n": 3}
    assert errors.scrub(event) == {
        "a": [f"to {errors.HIDDEN}", {errors.HIDDEN: ("x", f"<{errors.HIDDEN}>")}],
        "n": 3,
    }
