"""/healthz and /readyz: the process answers; and the database, the channel layer, a worker's
heartbeat and the outbox are each asked."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.utils import timezone

from larlabb.core.models import OutgoingEmail
from larlabb.service import health
from larlabb.service.heartbeat import beat
from larlabb.service.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def test_healthz_answers_before_the_host_check_and_the_https_redirect(client, settings):
    settings.ALLOWED_HOSTS = ["larlabb.example.se"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="127.0.0.1:8001")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"
    # any other page on that host is refused as before
    assert client.get("/", HTTP_HOST="127.0.0.1:8001").status_code == 400


def test_readyz_is_ready_with_a_worker_that_beat_lately(client):
    beat("worker-1")
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "channel_layer", "worker", "outbox"}
    assert all(check["status"] == "ok" for check in body["checks"].values())
    assert body["checks"]["outbox"]["unsent"] == 0


def test_readyz_is_not_ready_without_a_worker_or_with_a_silent_one(client, settings):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["error"] == "no task worker has reported"

    beat("worker-1")
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(seconds=121))
    body = client.get("/readyz").json()
    assert body["status"] == "failing"
    assert body["checks"]["worker"]["status"] == "failing"
    assert body["checks"]["worker"]["last_seen_seconds"] >= 121
    assert body["checks"]["database"]["status"] == "ok"


def test_readyz_names_an_outbox_whose_oldest_email_waits_too_long(client, settings):
    beat("worker-1")
    old = OutgoingEmail.objects.create(key="a", to="a@example.org", subject="s", body="b")
    OutgoingEmail.objects.create(key="b", to="b@example.org", subject="s", body="b")
    OutgoingEmail.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=1))
    OutgoingEmail.objects.create(
        key="c", to="c@example.org", subject="s", body="b", sent_at=timezone.now()
    )
    response = client.get("/readyz")
    assert response.status_code == 503
    outbox = response.json()["checks"]["outbox"]
    assert outbox["unsent"] == 2
    assert outbox["oldest_unsent_seconds"] >= 3600
    # nothing about the emails themselves
    assert "example.org" not in response.content.decode()


def test_readyz_says_which_part_failed_and_logs_why(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise DatabaseError('connection to server at "db.internal" (10.0.0.5) refused')

    monkeypatch.setattr(health.connection, "cursor", broken)
    check = health.check_database()
    assert not check.ok
    assert check.details == {"error": "DatabaseError"}  # no host or address on the page
    assert "db.internal" in caplog.text


def test_from_outside_readyz_says_only_whether_it_is_ready(client, settings):
    beat("worker-1")
    outside = client.get("/readyz", REMOTE_ADDR="203.0.113.5")
    assert outside.status_code == 200
    assert outside.json() == {"status": "ok"}
    settings.METRICS_TOKEN = "t0ken-for-metrics"
    with_token = client.get(
        "/readyz", REMOTE_ADDR="203.0.113.5", HTTP_AUTHORIZATION="Bearer t0ken-for-metrics"
    )
    assert set(with_token.json()["checks"]) == {"database", "channel_layer", "worker", "outbox"}
    # through a proxy, the machine's own address is the proxy's, not the client's
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxied = client.get("/readyz", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert proxied.json() == {"status": "ok"}


def test_a_process_answers_readyz_from_its_last_check_for_a_second(
    client, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(health, "READINESS_CACHE_SECONDS", 60.0)
    beat("worker-1")
    assert client.get("/readyz").status_code == 200
    with django_assert_num_queries(0):
        assert client.get("/readyz").status_code == 200


def test_the_channel_layer_check_sends_a_message_round_trip():
    check = health.check_channel_layer()
    assert check.ok, check.details
    assert check.details["ms"] >= 0


@pytest.mark.django_db(transaction=True)
def test_run_worker_runs_the_queue_and_writes_its_heartbeat(settings):
    call_command("run_worker", "--batch", "--no-startup-delay", "--worker-id", "w1", verbosity=0)
    heartbeat = WorkerHeartbeat.objects.get(worker_id="w1")
    assert timezone.now() - heartbeat.seen_at < timedelta(seconds=30)
    assert heartbeat.pid > 0


def test_readyz_through_the_asgi_application(settings):
    """The page answers the same through the ASGI server's way in, where the channel layer
    check runs from the thread of the sync middleware."""
    from asgiref.sync import async_to_sync
    from django.test import AsyncClient

    beat("worker-1")
    response = async_to_sync(AsyncClient().get)("/readyz")
    assert response.status_code == 200, response.content
    assert json.loads(response.content)["checks"]["channel_layer"]["status"] == "ok"
    assert connection.vendor  # the test's own connection still works


def test_healthz_is_answered_by_the_asgi_application_before_django():
    from asgiref.sync import async_to_sync
    from asgiref.testing import ApplicationCommunicator

    from larlabb.asgi import application

    async def ask(path: str) -> tuple[int, bytes, dict]:
        scope = {
            "type": "http",
            "method": "GET",
            "path": path,
            "headers": [(b"host", b"127.0.0.1:8001")],
            "query_string": b"",
        }
        communicator = ApplicationCommunicator(application, scope)
        await communicator.send_input({"type": "http.request"})
        start = await communicator.receive_output(5)
        body = await communicator.receive_output(5)
        return start["status"], body["body"], dict(start["headers"])

    status, body, headers = async_to_sync(ask)("/healthz")
    assert status == 200
    assert json.loads(body) == {"status": "ok"}
    # Django's first middleware, which gives every response its X-Request-ID, never saw it
    assert {name.lower() for name in headers} == {
        b"content-type",
        b"content-length",
        b"cache-control",
    }
