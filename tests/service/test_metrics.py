"""/metrics: Prometheus text for configured addresses or a token only, with requests by view and
status, the live room's sockets and events, logins that failed, the task queue and the
outbox."""

import pytest
from django.urls import reverse
from prometheus_client.parser import text_string_to_metric_families

from larlabb.core.models import OutgoingEmail
from larlabb.service import metrics
from larlabb.service.heartbeat import beat
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TOKEN = "metrics-token-0123456789"


def samples(content: bytes) -> dict[tuple[str, tuple], float]:
    found = {}
    for family in text_string_to_metric_families(content.decode()):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(found: dict, name: str, **labels: str) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture
def read(client, settings):
    settings.METRICS_TOKEN = TOKEN

    def read() -> dict:
        response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        return samples(response.content)

    return read


def test_metrics_are_closed_to_anyone_without_the_token_or_an_allowed_address(client, settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_IPS = []
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403


def test_an_allowed_network_is_the_client_behind_the_proxy_not_the_proxy(client, settings):
    import ipaddress

    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = [ipaddress.ip_network("10.1.0.0/16")]
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    ok = client.get("/metrics", REMOTE_ADDR="10.1.2.3")
    assert ok.status_code == 200
    # through the proxy on 10.1.0.1, a client from outside is still outside, whatever it writes
    proxied = client.get(
        "/metrics", REMOTE_ADDR="10.1.0.1", HTTP_X_FORWARDED_FOR="10.1.9.9, 203.0.113.7"
    )
    assert proxied.status_code == 403
    inside = client.get("/metrics", REMOTE_ADDR="10.1.0.1", HTTP_X_FORWARDED_FOR="10.1.9.9")
    assert inside.status_code == 200


def test_requests_are_counted_by_view_and_status_with_latency(client, read, lab):
    before = read()
    assert client.get(f"/labb/{lab.slug}/").status_code == 200
    assert client.get("/labb/finns-inte/").status_code == 404
    after = read()
    view = "labs:lab-detail"
    name = "django_http_responses_total_by_status_view_method_total"
    assert value(after, name, status="200", view=view, method="GET") == (
        value(before, name, status="200", view=view, method="GET") + 1
    )
    assert value(after, name, status="404", view=view, method="GET") >= 1
    latency = "django_http_requests_latency_seconds_by_view_method_count"
    assert value(after, latency, view=view, method="GET") >= 2


def test_login_failures_are_counted(client, read):
    staff = UserFactory(email="staff@example.org", is_staff=True)
    staff.set_password("right-password-123")
    staff.save()
    before = read()
    client.post("/admin/login/", {"username": "staff@example.org", "password": "wrong"})
    after = read()
    name = "larlabb_login_failures_total"
    assert value(after, name, reason="password") == value(before, name, reason="password") + 1

    UserFactory(email="sanna@example.org")
    client.post(reverse("account_request_login_code"), {"email": "sanna@example.org"})
    client.post(reverse("account_confirm_login_code"), {"code": "BBBB-BBBB"})
    assert value(read(), name, reason="code") == value(after, name, reason="code") + 1


def test_the_queue_outbox_and_worker_are_read_from_the_database(read):
    OutgoingEmail.objects.create(key="a", to="a@example.org", subject="s", body="b")
    found = read()
    assert value(found, "larlabb_outbox_unsent") == 1
    assert value(found, "larlabb_outbox_oldest_unsent_seconds") >= 0
    assert value(found, "larlabb_task_queue_depth", status="ready") >= 0
    beat("w")
    assert value(read(), "larlabb_worker_heartbeat_age_seconds") < 60


def test_live_sockets_and_events_are_counted(read):
    before = read()
    metrics.live_socket_opened()
    metrics.live_socket_opened()
    metrics.live_socket_closed()
    metrics.live_events_sent(3)
    metrics.live_events_sent(2, how="replay")
    found = read()

    def more(name: str, **labels: str) -> float:
        return value(found, name, **labels) - value(before, name, **labels)

    assert more("larlabb_live_sockets_open") == 1
    assert more("larlabb_live_events_sent_total", how="live") == 3
    assert more("larlabb_live_events_sent_total", how="replay") == 2


def test_several_processes_add_up_through_the_shared_folder(tmp_path):
    """Two processes count into PROMETHEUS_MULTIPROC_DIR (one still running, one gone); a
    third answers /metrics with the sum, and the one gone no longer holds a socket open."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    folder = tmp_path / "metrics"  # not there yet: the settings make it
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "larlabb.settings",
        "PROMETHEUS_MULTIPROC_DIR": str(folder),
        "PYTHONPATH": str(root / "src"),
    }

    def run(script: str) -> str:
        result = subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", "import django; django.setup(); " + script],
            env=environment,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return result.stdout

    count = (
        "from larlabb.service import metrics; metrics.live_socket_opened(); "
        "metrics.live_events_sent(5); metrics.login_failed('code')"
    )
    run(count)
    run(count)
    page = run(
        "from larlabb.service.exports import metrics_page; "
        "print(metrics_page(with_database=False)[0].decode())"
    )
    found = samples(page.encode())
    assert value(found, "larlabb_live_events_sent_total", how="live") == 10
    assert value(found, "larlabb_login_failures_total", reason="code") == 2
    # both counting processes have ended: their open sockets are out of the sum
    assert value(found, "larlabb_live_sockets_open") == 0
    assert folder.is_dir()
